/**
 * Reference-data maintenance end to end (real relay, real workstation cores, Debian Chromium): the admin
 * imports a departments file with one bad contact row — every error is named by sheet and row in Chinese
 * and nothing is applied — fixes it, sees the preview and applies it; a dispatcher drafts a 指导目录
 * revision by Excel import and submits it; a leader on another workstation approves it and version 2 is in
 * force on both. A street of its own: its catalogue and departments change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { test, expect, applyCpuThrottle, SLOW } from './fixtures.js';
import { grantAccess, startStreet, startWorkstation } from './harness/stack.js';
import { AppPage } from './pages/app.js';
import { logout } from './steps.js';
import { createDemoRefData } from '../shared/demo/refData.js';

const ref = createDemoRefData();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ref-admin-'));

/** Clicks an export button and reads the downloaded workbook (what the screen exports is what it imports). */
async function exported(p: import('@playwright/test').Page, testId: string): Promise<ExcelJS.Workbook> {
  const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId(testId).click()]);
  const file = path.join(dir, `export-${testId}.xlsx`);
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

async function writeFile(name: string, wb: ExcelJS.Workbook): Promise<string> {
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

test('admin imports departments (a bad row, then fixed); a dispatcher proposes a catalogue revision and a leader publishes it', async ({
  page,
  browser,
  shot,
}) => {
  test.setTimeout(300_000 * SLOW);
  const street = await startStreet();
  const station = await startWorkstation(street.relayUrl);
  const other = await startWorkstation(street.relayUrl);
  const app = new AppPage(page, station.url);
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await grantAccess(ctx);
  const page2 = await ctx.newPage();
  await applyCpuThrottle(page2);
  const app2 = new AppPage(page2, other.url);
  try {
    // ---- admin: departments with one bad contact row
    await app.open('#/reference');
    await app.login('admin');
    await expect.poll(async () => (await station.core.call('ref.get', {}, {})).ok, { timeout: 60_000 * SLOW }).toBe(true);
    await page.goto(`${station.url}/#/reference`);
    await page.getByTestId('ref-tab-departments').click();
    await expect(page.getByTestId('departments-admin')).toBeVisible();
    const wb = await exported(page, 'departments-export');
    const contacts = wb.getWorksheet('联络员')!;
    const dept = ref.departments[0]!;
    // Columns as in the template: 部门标识, 姓名, 手机号, 职务, 接收短信.
    contacts.addRow([dept.id, '赵联络', '1390000', '科员', '是']);
    const row = contacts.lastRow!.number;
    await page.getByTestId('departments-import').setInputFiles(await writeFile('bad.xlsx', wb));
    const errors = page.getByTestId('import-errors');
    await expect(errors).toContainText(`“联络员”第 ${row} 行：手机号应为 11 位数字，以 1 开头`);
    await expect(errors).toContainText('未应用任何修改');
    await expect(page.getByTestId('import-apply')).toHaveCount(0);
    await shot('reference-admin-import-errors');
    contacts.getRow(row).getCell(3).value = '13900000000';
    await page.getByTestId('departments-import').setInputFiles(await writeFile('fixed.xlsx', wb));
    await expect(page.getByTestId('import-summary')).toContainText(`修改 1 项${dept.name}`);
    await shot('reference-admin-import-preview');
    await page.getByTestId('import-apply').click();
    await expect(page.getByTestId('import-preview')).toHaveCount(0);
    await expect(page.getByTestId('departments-table')).toContainText('赵联络 13900000000 科员');
    const seen = await station.core.call('ref.get', {}, {});
    expect(seen.ok && seen.value.departments.find((d) => d.id === dept.id)!.contacts).toContainEqual({
      name: '赵联络',
      mobile: '13900000000',
      duty: '科员',
      sms: true,
    });
    await shot('reference-admin-departments');

    // ---- leader on the second workstation, then the dispatcher drafts on the first
    await app2.open('#/reference');
    await app2.login('leader');
    await expect.poll(async () => (await other.core.call('ref.get', {}, {})).ok, { timeout: 60_000 * SLOW }).toBe(true);

    await logout(app);
    await app.login('dispatcher');
    await page.goto(`${station.url}/#/reference`);
    await expect(page.getByTestId('catalog-version')).toContainText('现行：第1批入格事项指导目录');
    const item = ref.catalog[0]!;
    const cat = await exported(page, 'catalog-export');
    const ws = cat.getWorksheet('入格事项')!;
    // Row 2 is the first item: a longer normal limit. And a new item with an unknown department first.
    ws.getRow(2).getCell(7).value = 999;
    // 标识, 编码, 事项名称, 大类, 小类, 默认部门标识, 一般/重要/紧急时限, 紧急按自然时间, 关键词.
    ws.addRow(['', 'NEW-01', '共享单车乱停放', '市容环境', '', 'dept-nowhere', 480, '', '', '', '单车、乱停']);
    const newRow = ws.lastRow!.number;
    await page.getByTestId('catalog-import').setInputFiles(await writeFile('catalog-bad.xlsx', cat));
    await expect(page.getByTestId('import-errors')).toContainText(`第 ${newRow} 行：部门“dept-nowhere”不在部门表中`);
    ws.getRow(newRow).getCell(6).value = item.defaultDepartmentId;
    await page.getByTestId('catalog-import').setInputFiles(await writeFile('catalog.xlsx', cat));
    await expect(page.getByTestId('catalog-diff')).toContainText('NEW-01 共享单车乱停放');
    await expect(page.getByTestId('catalog-diff')).toContainText(`${item.code} ${item.name}`);
    await shot('reference-admin-catalog-preview');
    await page.getByTestId('import-apply').click();
    await expect(page.getByTestId('catalog-proposals')).toContainText('待审定');
    await expect(page.getByText('审定由中心领导（街社区建设领导小组）进行。')).toBeVisible();
    await shot('reference-admin-proposal-pending');

    // ---- the leader approves on the other workstation
    await page2.goto(`${other.url}/#/reference`);
    const approve = page2.locator('[data-testid^="proposal-approve-"]');
    await expect(approve).toBeVisible({ timeout: 30_000 * SLOW });
    await approve.click();
    await page2.getByRole('dialog').getByRole('textbox').fill('领导小组第三次会议审定');
    await shot('reference-admin-approve-dialog', page2);
    await page2
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect(page2.getByTestId('catalog-version')).toContainText('现行：第2批入格事项指导目录');
    await expect(page2.getByTestId('catalog-proposals')).toContainText('已审定发布 · 发布为第 2 批');
    await shot('reference-admin-published', page2);
    // The dispatcher's workstation follows live.
    await expect(page.getByTestId('catalog-version')).toContainText('现行：第2批入格事项指导目录', { timeout: 30_000 * SLOW });
    const after = await station.core.call('ref.get', {}, {});
    expect(after.ok && after.value.catalog.find((i) => i.code === 'NEW-01')).toBeTruthy();
    expect(after.ok && after.value.catalogVersions!.map((v) => v.version)).toEqual([1, 2]);
  } finally {
    await ctx.close();
    await other.close();
    await station.close();
    await street.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the admin creates a user with a password, who signs in; the user list shows when the password was set', async ({ page, shot }) => {
  test.setTimeout(240_000 * SLOW);
  const street = await startStreet();
  const station = await startWorkstation(street.relayUrl);
  const app = new AppPage(page, station.url);
  try {
    await app.open('#/reference');
    await app.login('admin');
    await expect.poll(async () => (await station.core.call('ref.get', {}, {})).ok, { timeout: 60_000 * SLOW }).toBe(true);
    await page.goto(`${station.url}/#/reference`);
    await page.getByTestId('ref-tab-users').click();
    await page.getByTestId('user-add').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('zhaolei');
    await dialog.getByLabel('姓名').fill('赵磊');
    await dialog.getByLabel('初始密码').fill('short');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect(dialog).toContainText('至少 8 位，须包含字母和数字');
    await dialog.getByLabel('初始密码').fill('Zhao2026ab');
    await shot('reference-admin-user-add');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect(page.getByTestId('users-table')).toContainText('赵磊');
    await expect(page.getByTestId('users-table').locator('tr', { hasText: 'zhaolei' })).toContainText('2026');
    await shot('reference-admin-users');
    await logout(app);
    await app.login('zhaolei', 'Zhao2026ab');
    await expect(page.getByTestId('user-menu')).toContainText('赵磊');
  } finally {
    await station.close();
    await street.close();
  }
});
