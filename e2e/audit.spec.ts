/**
 * 操作日志 (real relay, core, Chromium): a supervisor sees who did what across cases, filters by entry type,
 * opens a case from an entry and exports the filtered log to Excel (read back with exceljs); a dispatcher
 * has no such page. Reference-data entries (issue 15.7): the admin edits a department's contact and resets a
 * user's password; the supervisor's log lists both under 类别 基础数据 with who, the section and what changed
 * in Chinese (never the mobile number), the 类别 and section filters narrow it, and the export holds them.
 */
import ExcelJS from 'exceljs';
import { test, expect, SLOW } from './fixtures.js';
import { startStreet, startWorkstation } from './harness/stack.js';
import { AppPage } from './pages/app.js';
import { chooseOption } from './pages/select.js';
import { logout } from './steps.js';

const HEADER = [undefined, '时间', '操作人', '角色', '单位', '类别', '操作', '事件编号', '说明'];

async function exportLog(page: import('@playwright/test').Page): Promise<ExcelJS.Worksheet> {
  const download = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  const file = await (await download).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets[0]!;
}

test('the operation log: filter, open a case, export to Excel; not for dispatchers', async ({ app, page, shot }) => {
  await app.open();
  await app.login('supervisor');
  await app.expectConnection('online');
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-page')).toBeVisible();
  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });

  await chooseOption(page, 'audit-type', '派遣', { type: true });
  await expect(rows.first()).toHaveAttribute('data-type', 'dispatched');
  const types = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
  expect(new Set(types)).toEqual(new Set(['dispatched']));
  await shot('audit-log');

  const ws = await exportLog(page);
  expect(ws.getRow(1).values).toEqual(HEADER);
  expect(ws.rowCount - 1).toBeGreaterThanOrEqual(types.length);
  for (let i = 2; i <= ws.rowCount; i++) {
    expect(ws.getRow(i).getCell(5).value).toBe('案件');
    expect(ws.getRow(i).getCell(6).value).toBe('派遣');
  }

  await rows.first().click();
  await expect(page.getByTestId('case-workbench')).toBeVisible();
});

test('a dispatcher has no operation log', async ({ app, page }) => {
  await app.open();
  await app.login('dispatcher');
  await expect(page.getByTestId('nav-queue')).toBeVisible();
  await expect(page.getByTestId('nav-audit')).toHaveCount(0);
});

test('reference-data changes in the operation log: who, which section, what changed, never the values', async ({ page, shot }) => {
  test.setTimeout(240_000 * SLOW);
  // A street of its own: a department's contact and a user's password change.
  const street = await startStreet({ label: 'e2eauditref' });
  const station = await startWorkstation(street.relayUrl);
  const app = new AppPage(page, station.url);
  const OLD_MOBILE = '13907141001';
  const NEW_MOBILE = '13907149876';
  try {
    // ---- the admin edits 党政办's contact and resets dispatcher2's password (基础数据 screen)
    await app.open('#/reference');
    await app.login('admin');
    await expect.poll(async () => (await station.core.call('ref.get', {}, {})).ok, { timeout: 60_000 * SLOW }).toBe(true);
    await page.goto(`${station.url}/#/reference`);
    await page.getByTestId('ref-tab-departments').click();
    await page.getByTestId('dept-edit-dzb').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByPlaceholder('手机号')).toHaveValue(OLD_MOBILE);
    await dialog.getByPlaceholder('手机号').fill(NEW_MOBILE);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('departments-table')).toContainText(`党政办联络员 ${NEW_MOBILE}`);

    await page.getByTestId('ref-tab-users').click();
    await page.getByTestId('user-reset-dispatcher2').click();
    await page.getByTestId('reset-password').fill('Wang2026reset');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByText('密码已设置')).toBeVisible();

    // ---- a supervisor reads the log
    await logout(app);
    await app.login('supervisor');
    await app.expectConnection('online');
    await page.getByTestId('nav-audit').click();
    await expect(page.getByTestId('audit-page')).toBeVisible();
    const rows = page.getByTestId('audit-row');
    const dept = rows.filter({ hasText: '修改部门“党政办”联络员' });
    const pw = rows.filter({ hasText: '重置用户“dispatcher2”密码' });
    // Newest first: both entries on the first page, beside the demo's case entries.
    await expect(dept).toHaveCount(1, { timeout: 30_000 * SLOW });
    await expect(pw).toHaveCount(1);
    await expect(rows.and(page.locator('[data-kind="case"]')).first()).toBeVisible();
    for (const [row, section] of [
      [dept, '部门'],
      [pw, '用户'],
    ] as const) {
      await expect(row).toHaveAttribute('data-kind', 'ref');
      await expect(row.locator('td').nth(1)).toHaveText('系统管理员');
      await expect(row.locator('td').nth(2)).toHaveText('系统管理员');
      await expect(row.locator('td').nth(4)).toHaveText('基础数据');
      await expect(row.locator('td').nth(5)).toHaveText(section);
    }
    await expect(page.getByTestId('audit-table')).not.toContainText(NEW_MOBILE);
    await expect(page.getByTestId('audit-table')).not.toContainText(OLD_MOBILE);
    await expect(page.getByTestId('audit-table')).not.toContainText('Wang2026reset');

    // 类别 基础数据: only reference-data entries.
    await chooseOption(page, 'audit-kind', '基础数据');
    await expect(rows.and(page.locator('[data-kind="case"]'))).toHaveCount(0);
    await expect(dept).toHaveCount(1);
    await expect(pw).toHaveCount(1);
    const kinds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(new Set(kinds)).toEqual(new Set(['ref']));
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
    await shot('audit-log-ref');

    const ws = await exportLog(page);
    expect(ws.getRow(1).values).toEqual(HEADER);
    // Columns: 时间, 操作人, 角色, 单位, 类别, 操作, 事件编号, 说明.
    const lines = ws.getRows(2, ws.rowCount - 1)!.map((r) => [1, 2, 3, 4, 5, 6, 7, 8].map((c) => String(r.getCell(c).value ?? '')));
    expect(lines.length).toBe(kinds.length);
    for (const l of lines) expect(l[4]).toBe('基础数据');
    const line = (note: string) => lines.filter((l) => l[7] === note);
    expect(line('修改部门“党政办”联络员')).toHaveLength(1);
    expect(line('重置用户“dispatcher2”密码')).toHaveLength(1);
    expect(line('修改部门“党政办”联络员')[0]).toEqual([
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      '系统管理员',
      '系统管理员',
      '指挥中心',
      '基础数据',
      '部门',
      '',
      '修改部门“党政办”联络员',
    ]);
    expect(line('重置用户“dispatcher2”密码')[0]!.slice(1)).toEqual([
      '系统管理员',
      '系统管理员',
      '指挥中心',
      '基础数据',
      '用户',
      '',
      '重置用户“dispatcher2”密码',
    ]);
    expect(JSON.stringify(lines)).not.toContain(NEW_MOBILE);

    // The section filter: 用户 only.
    await chooseOption(page, 'audit-type', '用户', { type: true });
    await expect(dept).toHaveCount(0);
    await expect(pw).toHaveCount(1);
    const types = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(new Set(types)).toEqual(new Set(['ref:users']));
  } finally {
    await station.close();
    await street.close();
  }
});
