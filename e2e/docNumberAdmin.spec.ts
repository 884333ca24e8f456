/**
 * 文号格式 end to end (issue 15.9; real relay, real workstation core, Debian Chromium): the admin adds a
 * pattern on the 基础数据 → 文号格式 tab — one without {seq}, then one that repeats the urge notice's
 * template, each refused in Chinese beside the field with nothing sent — then a good one with Enter; edits
 * it; edits the urge notice's own pattern (the notice picks it by its id) to 黄石街督〔{year}〕{seq}号 with
 * two digits; offline the relay's refusal shows in the dialog and nothing changes; a supervisor then prints
 * an urge notice numbered with the new template. A street of its own: its patterns and counters change.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, SLOW } from './fixtures.js';
import { startStreet, startWorkstation } from './harness/stack.js';
import { AppPage } from './pages/app.js';
import { acceptAndDispatch, logout, openByTitle, reportCase } from './steps.js';
import { localDay } from '../shared/calendar/localDay.js';
import { createDemoRefData } from '../shared/demo/refData.js';

const ref = createDemoRefData();
const year = Number(localDay(Date.now(), ref.calendar).slice(0, 4));

/** The error antd shows under one field of the dialog (beside it, not in a banner). */
const fieldError = (dialog: Locator, page: Page, label: string) =>
  dialog
    .locator('.ant-form-item', { has: page.getByLabel(label, { exact: true }) })
    .locator('.ant-form-item-explain-error:not(.ant-form-show-help-item-leave)');

test('the admin adds and edits 文号格式 (bad ones refused in Chinese); the urge notice is numbered with the new template', async ({
  page,
  shot,
}) => {
  test.setTimeout(300_000 * SLOW);
  const street = await startStreet();
  const station = await startWorkstation(street.relayUrl);
  const app = new AppPage(page, station.url);
  const patterns = async () => {
    const r = await station.core.call('ref.get', {}, {});
    return r.ok ? (r.value.docNumberPatterns ?? []) : null;
  };
  try {
    await app.open('#/reference');
    await app.login('admin');
    await expect.poll(async () => (await station.core.call('ref.get', {}, {})).ok, { timeout: 60_000 * SLOW }).toBe(true);
    await page.goto(`${station.url}/#/reference`);
    await page.getByTestId('ref-tab-docNumbers').click();
    const table = page.getByTestId('doc-numbers-table');
    const urgeRow = page.getByTestId('doc-number-row-urge-notice');
    await expect(urgeRow).toContainText('督办通知');
    await expect(urgeRow).toContainText('督办通知使用此格式');
    await expect(urgeRow.getByTestId('doc-number-preview')).toHaveText(`黄石督〔${year}〕1号`);
    await expect(table).toContainText(`${year}年示例（按第 1 号）`);
    await shot('doc-numbers-01-tab');

    // ---- add: without {seq}, then a duplicate of the urge notice's template; nothing is sent
    await page.getByTestId('doc-number-add').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('新增文号格式');
    await dialog.getByLabel('文书名称', { exact: true }).fill('催办单');
    const template = dialog.getByLabel('文号格式', { exact: true });
    await template.fill('黄石催〔{year}〕号');
    await expect(fieldError(dialog, page, '文号格式')).toHaveText(
      '文号格式“黄石催〔{year}〕号”缺少序号占位符 {seq}，例如：黄石督〔{year}〕{seq}号。',
    );
    await expect(dialog.getByTestId('doc-number-form-preview')).toHaveText('示例：请先填写有效的文号格式');
    await template.press('Enter');
    await shot('doc-numbers-02-missing-seq');
    await expect(dialog).toBeVisible();
    expect((await patterns())!.map((p) => p.id)).toEqual(['urge-notice']);

    await template.fill('黄石督〔{year}〕{seq}号');
    await expect(fieldError(dialog, page, '文号格式')).toHaveText('文号格式“黄石督〔{year}〕{seq}号”重复：两种文书不能共用一个序号。');
    await dialog.getByTestId('doc-number-save').click();
    await shot('doc-numbers-03-duplicate');
    await expect(dialog).toBeVisible();
    expect((await patterns())!.map((p) => p.id)).toEqual(['urge-notice']);

    // ---- a good one, saved with Enter from the width field
    await template.fill('黄石催〔{year}〕{seq}号');
    await expect(fieldError(dialog, page, '文号格式')).toHaveCount(0);
    const width = dialog.getByLabel('序号位数', { exact: true });
    await width.fill('3');
    await expect(dialog.getByTestId('doc-number-form-preview')).toContainText(`黄石催〔${year}〕001号`);
    await width.press('Enter');
    await expect(dialog).toBeHidden();
    const added = page.locator('[data-testid^="doc-number-row-"]', { hasText: '催办单' });
    await expect(added).toContainText('黄石催〔{year}〕{seq}号');
    await expect(added).toContainText('3 位');
    await expect(added.getByTestId('doc-number-preview')).toHaveText(`黄石催〔${year}〕001号`);
    const saved = (await patterns())!;
    expect(saved.map((p) => p.template)).toEqual(['黄石督〔{year}〕{seq}号', '黄石催〔{year}〕{seq}号']);
    const addedId = saved[1]!.id;

    // ---- edit it: the name and no padding
    await page.getByTestId(`doc-number-edit-${addedId}`).click();
    await expect(dialog).toContainText('编辑文号格式：催办单');
    await dialog.getByLabel('文书名称', { exact: true }).fill('催办通知');
    await width.fill('0');
    await width.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId(`doc-number-row-${addedId}`)).toContainText('催办通知');
    await expect(page.getByTestId(`doc-number-row-${addedId}`).getByTestId('doc-number-preview')).toHaveText(`黄石催〔${year}〕1号`);

    // ---- edit the urge notice's pattern; its template may not take the other one's either
    await page.getByTestId('doc-number-edit-urge-notice').click();
    await expect(dialog).toContainText('编辑文号格式：督办通知');
    await template.fill('黄石催〔{year}〕{seq}号');
    await expect(fieldError(dialog, page, '文号格式')).toContainText('重复');
    await template.fill('黄石街督〔{year}〕{seq}号');
    await width.fill('2');
    await expect(dialog.getByTestId('doc-number-form-preview')).toContainText(`黄石街督〔${year}〕01号`);
    await shot('doc-numbers-04-edit-urge');
    await template.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(urgeRow.getByTestId('doc-number-preview')).toHaveText(`黄石街督〔${year}〕01号`);
    await expect(urgeRow).toContainText('督办通知使用此格式');
    expect((await patterns())!.find((p) => p.id === 'urge-notice')).toEqual({
      id: 'urge-notice',
      name: '督办通知',
      template: '黄石街督〔{year}〕{seq}号',
      width: 2,
    });
    await shot('doc-numbers-05-tab-after');

    // ---- offline: the save's refusal shows in the dialog, nothing changes
    await street.stopRelay();
    try {
      await app.expectConnection('offline');
      await page.getByTestId(`doc-number-edit-${addedId}`).click();
      await template.fill('黄石办〔{year}〕{seq}号');
      await template.press('Enter');
      await expect(dialog.getByTestId('save-error')).toHaveText('离线状态下不能修改基础数据，请恢复连接后重试。');
      await shot('doc-numbers-06-offline-refused');
      await dialog.getByRole('button', { name: /取\s*消/ }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId(`doc-number-row-${addedId}`)).toContainText('黄石催〔{year}〕{seq}号');
    } finally {
      await street.startRelay();
    }
    await app.expectConnection('online', 60_000 * SLOW);
    expect((await patterns())!.map((p) => p.template)).toEqual(['黄石街督〔{year}〕{seq}号', '黄石催〔{year}〕{seq}号']);

    // ---- a supervisor prints an urge notice: numbered with the edited template
    await logout(app);
    const { caseId, title } = await reportCase(street, '文号');
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
    await page.getByTestId('urge-print').click();
    const number = page.locator('.notice-preview [data-testid="notice-doc-number"]');
    await expect(number).toHaveText(`文号：黄石街督〔${year}〕01号`);
    await expect(page.locator('.print-root [data-testid="notice-doc-number"]')).toHaveText(`文号：黄石街督〔${year}〕01号`);
    await shot('doc-numbers-07-notice');
  } finally {
    await station.close();
    await street.close();
  }
});
