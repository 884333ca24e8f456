/**
 * 考核评价 against the real stack with the demo street: rankings under the configurable scheme, editing
 * the scheme, freezing a period (survives reload, verifies, stays unchanged after a data correction), and
 * the printable report (print media + PDF).
 */
import { test, expect } from '../fixtures.js';
import { CGK, GRID, GW, shotPath, waitStatus, centre, ref } from './support.js';

test('rankings, scheme editing, freezing that survives data corrections, printable report', async ({ app, page, station, street }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open('#/assessment');
  await app.login('dispatcher');
  await page.goto(`${station.url}/#/assessment`);
  await expect(page.getByTestId('assessment-page')).toBeVisible();
  const rows = page.getByTestId('ranking-table').locator('.ant-table-row');
  await expect(rows.first()).toBeVisible();
  // 11 departments in the demo street, ranked by total, best first, never above the maximum.
  await expect(rows).toHaveCount(ref.departments.length);
  const totals = await page.locator('[data-testid^="total-"]').evaluateAll((els) => els.map((e) => parseFloat(e.textContent ?? '')));
  expect(totals.length).toBe(ref.departments.length);
  for (let i = 1; i < totals.length; i++) expect(totals[i]!).toBeLessThanOrEqual(totals[i - 1]!);
  for (const t of totals) expect(t).toBeLessThanOrEqual(100);
  await page.screenshot({ path: shotPath('assessment-1920x1080') });

  // Configure: the on-time rule is worth 60 instead of 50; the maximum becomes 110 and it is kept locally.
  await page.getByRole('button', { name: /配置评分规则/ }).click();
  await page.locator('[data-testid="rule-onTime-points"] input, input[data-testid="rule-onTime-points"]').fill('60');
  await page.getByTestId('scheme-version').fill('2026.2-e2e');
  await page.getByTestId('save-scheme').click();
  await expect(page.getByTestId('ranking-table')).toContainText('/ 110');
  await page.reload();
  await expect(page.getByTestId('ranking-table')).toContainText('/ 110');

  // Freeze the quarter; the frozen result verifies and survives a reload.
  const cgkTotal = await page.getByTestId('total-cgk').textContent();
  await page.getByTestId('freeze').click();
  await expect(page.getByTestId('frozen-check')).toContainText('校验通过');
  await expect(page.getByTestId('frozen-check')).toContainText('当前数据与冻结时一致');
  await page.reload();
  await expect(page.getByTestId('frozen-table').locator('.ant-table-row')).toHaveCount(1);

  // A data correction after freezing: 城管科 gets (and bounces) another case this quarter.
  const id = `as-${Date.now().toString(36)}`;
  const item = ref.catalog.find((c) => c.defaultDepartmentId === 'cgk')!;
  await street.district(GW, {
    type: 'report',
    caseId: id,
    source: 'grid_worker',
    title: '考核更正测试：路面破损',
    description: '路面破损。',
    address: '黄石东路',
    communityId: GRID.communityId,
    gridId: GRID.id,
    catalogItemId: item.id,
    attachments: [],
  });
  await waitStatus(station.core, id, 'reported');
  await centre(station.core, { type: 'accept', caseId: id, catalogItemId: item.id, grade: 'normal' });
  await centre(station.core, { type: 'dispatch', caseId: id, leadDepartmentId: 'cgk', coDepartmentIds: [] });
  await waitStatus(station.core, id, 'dispatched');
  await street.district(CGK, { type: 'bounce', caseId: id, reasonCode: 'not_our_duty', text: '非本单位职责' });
  await waitStatus(station.core, id, 'bounced');

  await page.getByTestId('view-frozen').click();
  await expect(page.getByTestId('frozen-check')).toContainText('校验通过');
  await expect(page.getByTestId('frozen-check')).toContainText('冻结后数据已有更正', { timeout: 30_000 });
  await expect(page.getByTestId('total-cgk')).toHaveText(cgkTotal ?? '');
  await expect(page.getByTestId('frozen-banner')).toContainText('输入摘要');

  // The printable report: only the report prints, with title, scheme version and rules.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('assessment-report')).toBeVisible();
  await expect(page.getByTestId('assessment-report')).toContainText('考核评价报告');
  await expect(page.getByTestId('assessment-report').locator('tbody tr')).toHaveCount(ref.departments.length);
  await expect(page.getByTestId('assessment-report')).toContainText('版本 2026.2-e2e');
  await expect(page.getByTestId('freeze')).toBeHidden();
  await expect(page.getByTestId('ranking-table')).toBeHidden();
  await page.screenshot({ path: shotPath('assessment-print-view'), fullPage: true });
  await page.pdf({ path: shotPath('assessment-report').replace(/\.png$/, '.pdf'), landscape: true, printBackground: true });
});
