/**
 * 统计分析 against the real relay + simulator + core + browser host, on a FIXED dataset in an otherwise
 * empty street: the screen must show the hand-computed values, every number drills down to its cases,
 * rates show formula and version on hover, and the Excel export reads back with the same numbers.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { test, expect } from '../fixtures.js';
import { startWorkstation, type Street, type Workstation } from '../harness/stack.js';
import { loginCore, seedFixedDataset, shotPath, startEmptyStreet, type FixedDataset } from './support.js';

let street: Street;
let station: Workstation;
let data: FixedDataset;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  street = await startEmptyStreet();
  station = await startWorkstation(street.relayUrl);
  await loginCore(station.core, 'dispatcher');
  data = await seedFixedDataset(street, station.core, `fx${Date.now().toString(36)}`);
});

test.afterAll(async () => {
  await station?.close();
  await street?.close();
});

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

test('key figures and the department table show the hand-computed values', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${station.url}/#/stats`);
  await expect(page.getByTestId('stats-page')).toBeVisible();
  const e = data.expected;
  await expect(page.getByTestId('key-value-reported')).toHaveText(String(e.reported!.value));
  await expect(page.getByTestId('key-value-closed')).toHaveText('1');
  await expect(page.getByTestId('key-value-overdueNow')).toHaveText('0');
  await expect(page.getByTestId('key-value-onTimeClosureRate')).toHaveText(pct(1));
  await expect(page.getByTestId('key-value-onTimeClosureRateStrict')).toHaveText(pct(1));
  await expect(page.getByTestId('key-value-closureRate')).toHaveText(pct(1));
  await expect(page.getByTestId('key-value-satisfactionRate')).toHaveText(pct(1));
  // 城管科 handled two cases, one failed verification: rework rate 1/2.
  await expect(page.getByTestId('dept-cgk-reworkRate')).toHaveText(pct(0.5));
  await expect(page.getByTestId('dept-cgk-closed')).toHaveText('1');
  // Nothing happened in the previous period: no comparison base.
  await expect(page.getByTestId('key-prev-reported')).toContainText('无可比数据');
  await page.screenshot({ path: shotPath('stats-fixed-1920x1080') });
});

test('a rate shows its formula and version on hover', async ({ page }) => {
  await page.goto(`${station.url}/#/stats`);
  await page.getByTestId('dept-table').getByTestId('metric-head-onTimeClosureRate').first().hover();
  const tip = page.getByTestId('formula-tip-onTimeClosureRate');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('按期结案数 ÷ (应结案数 − 挂账数)');
  await expect(tip).toContainText('口径版本：1.0');
});

test('every number drills down to its cases', async ({ page }) => {
  await page.goto(`${station.url}/#/stats`);
  await page.getByTestId('key-value-reported').click();
  const drill = page.getByTestId('drill-table');
  await expect(drill.locator('.ant-table-row')).toHaveCount(5);
  await page.keyboard.press('Escape');
  await page.getByTestId('dept-cgk-reworkRate').click();
  await expect(page.getByTestId('drill-table').locator('.ant-table-row')).toHaveCount(1);
  await expect(page.getByTestId('drill-table')).toContainText('路面油污未清理');
});

test('the Excel export has the period, formulas and case lists on Chinese-named sheets', async ({ page }) => {
  await page.goto(`${station.url}/#/stats`);
  await expect(page.getByTestId('key-value-reported')).toHaveText('5');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^统计分析_.*\.xlsx$/);
  const file = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
  const names = wb.worksheets.map((w) => w.name);
  expect(names).toEqual(
    expect.arrayContaining([
      '统计周期',
      '指标汇总',
      '部门指标',
      '社区指标',
      '类别指标',
      '来源指标',
      '网格热点',
      '案件趋势',
      '指标口径',
      '清单-上报数',
      '清单-结案数',
    ]),
  );

  const summary = wb.getWorksheet('指标汇总')!;
  const row = (label: string) => {
    let found: ExcelJS.Row | undefined;
    summary.eachRow((r) => {
      if (r.getCell(1).value === label) found = r;
    });
    if (!found) throw new Error(`no row ${label}`);
    return found;
  };
  expect(row('上报数').getCell(2).value).toBe(5);
  expect(row('回弹率').getCell(2).value).toBeCloseTo(1 / 3, 10);
  expect(row('回弹率').getCell(3).value).toBe(1);
  expect(row('回弹率').getCell(4).value).toBe(3);
  expect(row('返工率').getCell(2).value).toBe(0.5);
  expect(String(row('按期结案率').getCell(9).value)).toContain('按期结案数 ÷ (应结案数 − 挂账数)');

  const cases = wb.getWorksheet('清单-上报数')!;
  expect(cases.rowCount).toBe(1 + 5);
  const codes: string[] = [];
  cases.eachRow((r, n) => n > 1 && codes.push(String(r.getCell(2).value)));
  expect(codes.sort()).toEqual(['人行道垃圾堆积', '共享单车乱停放', '墙面小广告', '路面油污未清理', '重复上报的噪音问题'].sort());

  const formulas = wb.getWorksheet('指标口径')!;
  let strict = '';
  formulas.eachRow((r) => {
    if (r.getCell(1).value === 'onTimeClosureRateStrict') strict = String(r.getCell(3).value);
  });
  expect(strict).toContain('按期结案数 ÷ (结案数 + 当前超期数)');
  const periodSheet = wb.getWorksheet('统计周期')!;
  expect(String(periodSheet.getCell('A3').value)).toBe('统计周期');
  expect(String(periodSheet.getCell('B3').value)).toMatch(/^\d{4}年\d{1,2}月（\d{4}-\d{2}-01 00:00 至 /);
  expect(String(periodSheet.getCell('B4').value)).toMatch(/^\d{4}-\d{2}-01 00:00$/);
});

test('period switch: quarter, with the previous period and last year named', async ({ page }) => {
  await page.goto(`${station.url}/#/stats`);
  await page.getByTestId('period-kind').getByText('季度').click();
  await expect(page.getByTestId('period-label')).toContainText('季度');
  await expect(page.getByTestId('key-value-reported')).toHaveText('5');
  await page.getByTestId('period-kind').getByText('日').click();
  await expect(page.getByTestId('period-label')).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
});
