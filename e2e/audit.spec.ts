/**
 * 操作日志 (real relay, core, Chromium): a supervisor sees who did what across cases, filters by entry type,
 * opens a case from an entry and exports the filtered log to Excel (read back with exceljs); a dispatcher
 * has no such page.
 */
import ExcelJS from 'exceljs';
import { test, expect } from './fixtures.js';
import { chooseOption } from './pages/select.js';

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

  const download = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  const file = await (await download).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(1).values).toEqual([undefined, '时间', '操作人', '角色', '单位', '操作', '事件编号', '说明']);
  expect(ws.rowCount - 1).toBeGreaterThanOrEqual(types.length);
  for (let i = 2; i <= ws.rowCount; i++) expect(ws.getRow(i).getCell(5).value).toBe('派遣');

  await rows.first().click();
  await expect(page.getByTestId('case-workbench')).toBeVisible();
});

test('a dispatcher has no operation log', async ({ app, page }) => {
  await app.open();
  await app.login('dispatcher');
  await expect(page.getByTestId('nav-queue')).toBeVisible();
  await expect(page.getByTestId('nav-audit')).toHaveCount(0);
});
