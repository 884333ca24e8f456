/**
 * 统计分析 on the demo street (the simulator's history): what a user sees at 1920x1080, and that every
 * key figure on screen is exactly the core's stats.query value for the same period.
 */
import { test, expect } from '../fixtures.js';
import { shotPath } from './support.js';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

test('the statistics screen on demo data shows the core values, with charts and tables', async ({ app, page, station }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open('#/stats');
  await app.login('leader');
  await page.goto(`${station.url}/#/stats`);
  await expect(page.getByTestId('key-value-reported')).toBeVisible();
  await page.getByTestId('period-kind').getByText('周').click();
  await page.getByTestId('period-kind').getByText('月').click();
  const label = await page.getByTestId('period-label').textContent();
  expect(label).toMatch(/^\d{4}年\d{1,2}月$/);
  // The same month, asked of the core directly.
  const now = Date.now();
  const local = new Date(now + 8 * 3600_000);
  const from = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - 8 * 3600_000;
  const to = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - 8 * 3600_000;
  const r = await station.core.call('stats.query', { period: { from, to }, groupBy: 'none' }, {});
  if (!r.ok) throw new Error(r.error.message);
  const m = (id: string) => r.value.metrics.find((x) => x.id === id)!;
  expect(m('reported').value).toBeGreaterThan(0);
  await expect(page.getByTestId('key-value-reported')).toHaveText(String(m('reported').value));
  await expect(page.getByTestId('key-value-closed')).toHaveText(String(m('closed').value));
  await expect(page.getByTestId('key-value-onTimeClosureRate')).toHaveText(pct(m('onTimeClosureRate').value));
  await expect(page.getByTestId('key-value-satisfactionRate')).toHaveText(pct(m('satisfactionRate').value));
  // Lines, or dots where a running period has a point or two so far (no future days are plotted).
  await expect(page.getByTestId('trend-chart').locator('.recharts-line-curve, .recharts-line-dot').filter({ visible: true }).first()).toBeVisible();
  await expect(page.getByTestId('community-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('hotspot-table').locator('.ant-table-row').first()).toBeVisible();
  await page.screenshot({ path: shotPath('stats-demo-1920x1080') });
  await page.getByTestId('dept-table').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('stats-demo-tables-1920x1080') });
  await page.getByTestId('trend-mode').getByText('按周').click();
  // Lines, or dots where a running period has a point or two so far (no future days are plotted).
  await expect(page.getByTestId('trend-chart').locator('.recharts-line-curve, .recharts-line-dot').filter({ visible: true }).first()).toBeVisible();
});
