/**
 * Supervision: a supervisor issues an urging notice (催办) from the case, prints the formal notice
 * (print stylesheet, PDF), the department's reply is tracked, and a batch 督办 is issued from the
 * tracking board's multi-selection.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, SHOTS } from './fixtures.js';
import { acceptAndDispatch, logout, openByTitle, ref, reportCase } from './steps.js';

test('an urging notice is issued, printed, answered and escalated in a batch', async ({ app, street, page, shot }) => {
  const { caseId, title } = await reportCase(street, '督办');
  await app.open();
  await app.login('dispatcher');
  await openByTitle(app, caseId, title);
  await acceptAndDispatch(app);
  await logout(app);

  await app.login('supervisor');
  await expect(page.getByTestId('user-role')).toHaveText('督办员');
  await openByTitle(app, caseId, title);
  const wb = app.workbench;
  // Keyboard: u opens the urge form (the shortcut is in the button's tooltip).
  await page.keyboard.press('u');
  await expect(wb.form('urge')).toBeVisible();
  await wb.pick('f-level', '催办');
  await wb.fill('f-replyHours', '8');
  await wb.submit('urge');
  await expect(page.getByTestId('urge-item')).toHaveCount(1);

  // The formal notice: preview, window.print, and the print stylesheet rendered to PDF.
  await page.evaluate(() => {
    (window as unknown as { __printed: number }).__printed = 0;
    window.print = () => {
      (window as unknown as { __printed: number }).__printed += 1;
    };
  });
  await page.getByTestId('urge-print').click();
  const preview = page.locator('.notice-preview [data-testid="notice-document"]');
  await expect(preview).toContainText('网格事件催办通知书');
  await expect(preview).toContainText(title);
  await expect(preview.getByTestId('notice-reply-by')).toContainText('前书面回复办理情况');
  const lead = ref.departments.find((d) => d.id === ref.catalog.find((c) => c.code === 'GS01')!.defaultDepartmentId)!;
  await expect(preview).toContainText(lead.name);
  await shot('07-notice-preview');
  await page.getByTestId('notice-print').click();
  expect(await page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('app-frame')).toBeHidden();
  await expect(page.locator('.print-root [data-testid="notice-document"]')).toBeVisible();
  await shot('08-notice-print');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  fs.writeFileSync(path.join(SHOTS, '..', 'urge-notice.pdf'), pdf);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
  await page.emulateMedia({ media: 'screen' });
  await page.locator('.ant-modal:visible').getByRole('button', { name: '关闭' }).first().click();
  await expect(preview).toBeHidden();

  // The department replies through the district platform; the tracking board shows it.
  const urgeId = (await page.getByTestId('urge-item').first().getAttribute('data-urge-id'))!;
  await street.district(
    { kind: 'department', id: lead.id, name: lead.name },
    { type: 'replyUrge', caseId, urgeId, text: '已安排人员补装，今日完成。' },
  );
  await app.nav('supervision');
  await page.getByTestId('board-tracking').click();
  const row = page.locator(`[data-testid="board-row"][data-case-id="${caseId}"]`);
  await expect(row).toBeVisible();
  await row.locator('.ant-table-row-expand-icon').click();
  await expect(page.getByTestId('urge-replied')).toContainText('已安排人员补装');

  // Batch: select the case on the board and issue a 督办 to it.
  await row.locator('.ant-checkbox-input').check();
  await page.getByTestId('batch-urge').click();
  await page.locator('.ant-modal:visible').getByText('督办', { exact: true }).click();
  await page.locator('.ant-modal:visible .ant-btn-primary').click();
  await expect(page.getByTestId('notice-success')).toBeVisible();
  await expect(page.locator('.ant-modal:visible')).toHaveCount(0);
  await expect(page.getByTestId('urge-tracking').locator('tbody tr')).toHaveCount(2);
  await shot('09-supervision-tracking');
  await openByTitle(app, caseId, title);
  await expect(page.getByTestId('urge-item')).toHaveCount(2);
  await expect(page.getByTestId('urge-item').nth(1)).toContainText('督办');
});
