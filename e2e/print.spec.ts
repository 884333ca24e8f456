/**
 * Printing (issue 15.9): the case sheet (处理单) prints on one A4 page, also offline; the urge notice
 * (督办通知) carries a 文号 the relay hands out (黄石督〔year〕n号), the same number on a reprint, and is
 * not printed offline (a Chinese message says why).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, SHOTS } from './fixtures.js';
import { acceptAndDispatch, logout, openByTitle, reportCase } from './steps.js';
import { pdfPages } from './stats/pdfPages.js';

async function printToPdf(page: Page, name: string, selector: string): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('app-frame')).toBeHidden();
  await expect(page.locator(`.print-root ${selector}`)).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  fs.writeFileSync(path.join(SHOTS, '..', `${name}.pdf`), pdf);
  const pages = pdfPages(pdf);
  // One A4 page (595 × 842 pt), with text on it: no blank page, no spill onto a second one.
  expect(pages).toHaveLength(1);
  expect(Math.abs(pages[0]!.size[0] - 595)).toBeLessThan(2);
  expect(Math.abs(pages[0]!.size[1] - 842)).toBeLessThan(2);
  expect(pages[0]!.hasText).toBe(true);
  await page.emulateMedia({ media: 'screen' });
}

test('the case sheet and the numbered urge notice print on one A4 page each', async ({ app, street, page, shot }) => {
  const { caseId, title } = await reportCase(street, '打印');
  await app.open();
  await app.login('dispatcher');
  await openByTitle(app, caseId, title);
  await acceptAndDispatch(app);
  await logout(app);

  await app.login('supervisor');
  await openByTitle(app, caseId, title);
  const wb = app.workbench;
  await page.keyboard.press('u');
  await expect(wb.form('urge')).toBeVisible();
  await wb.pick('f-level', '催办');
  await wb.fill('f-replyHours', '8');
  await wb.submit('urge');
  await expect(page.getByTestId('urge-item')).toHaveCount(1);
  await page.evaluate(() => {
    window.print = () => {};
  });

  // The case sheet.
  await page.getByTestId('case-sheet-open').click();
  const sheet = page.locator('.notice-preview [data-testid="case-sheet"]');
  await expect(sheet).toContainText('网格事件处理单');
  await expect(sheet).toContainText(title);
  await expect(sheet).toContainText('承办人（签字）');
  await shot('print-01-sheet-preview');
  await printToPdf(page, 'print-02-case-sheet', '[data-testid="case-sheet"]');
  await page.locator('.ant-modal:visible').getByRole('button', { name: '关闭' }).first().click();
  await expect(sheet).toBeHidden();

  // The urge notice with its 文号.
  await page.getByTestId('urge-print').click();
  const number = page.locator('.notice-preview [data-testid="notice-doc-number"]');
  await expect(number).toHaveText(/^文号：黄石督〔20\d\d〕\d+号$/);
  const first = await number.textContent();
  await shot('print-03-notice-preview');
  await printToPdf(page, 'print-04-urge-notice', '[data-testid="notice-document"]');
  await expect(page.locator('.print-root [data-testid="notice-doc-number"]')).toHaveText(first!);
  await page.locator('.ant-modal:visible').getByRole('button', { name: '关闭' }).first().click();
  await expect(number).toBeHidden();
  // A reprint gets the same number.
  await page.getByTestId('urge-print').click();
  await expect(number).toHaveText(first!);
  await page.locator('.ant-modal:visible').getByRole('button', { name: '关闭' }).first().click();

  // Offline: the sheet still prints; the notice does not, and says why.
  await street.stopRelay();
  try {
    await app.expectConnection('offline');
    await page.getByTestId('case-sheet-open').click();
    await expect(page.locator('.notice-preview [data-testid="case-sheet"]')).toContainText(title);
    await printToPdf(page, 'print-05-case-sheet-offline', '[data-testid="case-sheet"]');
    await page.locator('.ant-modal:visible').getByRole('button', { name: '关闭' }).first().click();
    await page.getByTestId('urge-print').click();
    await expect(page.getByTestId('notice-number-failed')).toContainText('离线时不能取号');
    await expect(page.getByTestId('notice-print')).toBeDisabled();
    await expect(page.locator('.print-root [data-testid="notice-document"]')).toHaveCount(0);
    await shot('print-06-notice-offline');
  } finally {
    await street.startRelay();
  }
});
