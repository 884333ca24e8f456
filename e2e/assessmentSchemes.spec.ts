/**
 * Scoring schemes kept by the relay, end to end: an admin saves the department scheme (the on-time rule
 * worth 60 instead of 50) on one workstation; a dispatcher's workstation, open on the same page in another
 * browser context, ranks with version 1 at once, without a reload, and shows who saved it; the dispatcher
 * sees no rule editor and their own workstation API refuses the save. A street of its own: the scheme it
 * saves would change the other tests' rankings.
 */
import { test, expect, applyCpuThrottle, SLOW } from './fixtures.js';
import { grantAccess, startStreet, startWorkstation } from './harness/stack.js';
import { AppPage } from './pages/app.js';
import { createDemoRefData } from '../shared/demo/refData.js';
import { DEFAULT_SCHEMES } from '../shared/assessment/defaults.js';

const ref = createDemoRefData();
const ADMIN = ref.users.find((u) => u.username === 'admin')!;

test('an admin saves a scoring scheme; a second workstation ranks with it live; a dispatcher has no editor', async ({ page, browser }) => {
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
    await app2.open('#/assessment');
    await app2.login('dispatcher');
    // A fresh cache: let the first snapshot bring the reference data before the page loads it.
    await expect.poll(async () => (await other.core.call('ref.get', {}, {})).ok, { timeout: 60_000 * SLOW }).toBe(true);
    await page2.goto(`${other.url}/#/assessment`);
    const rows2 = page2.getByTestId('ranking-table').locator('.ant-table-row');
    await expect(rows2.first()).toBeVisible({ timeout: 60_000 * SLOW });
    await expect(page2.getByTestId('scheme-line')).toContainText('内置默认规则');
    await expect(page2.getByTestId('no-data-rule')).toContainText('不参与排名');
    await expect(page2.getByTestId('ranking-table')).toContainText('/ 100');
    // No editor for a dispatcher, and their workstation API refuses a save made without the screen.
    await expect(page2.getByTestId('edit-scheme')).toHaveCount(0);
    const refused = await other.core.call(
      'ref.update',
      { change: { section: 'assessmentScheme', value: { scheme: DEFAULT_SCHEMES.department, basedOn: 0 } } },
      {},
    );
    expect(refused.ok === false && refused.error.code).toBe('FORBIDDEN');

    await app.open('#/assessment');
    await app.login('admin');
    await expect.poll(async () => (await station.core.call('ref.get', {}, {})).ok, { timeout: 60_000 * SLOW }).toBe(true);
    await page.goto(`${station.url}/#/assessment`);
    await expect(page.getByTestId('ranking-table').locator('.ant-table-row').first()).toBeVisible({ timeout: 60_000 * SLOW });
    await page.getByTestId('edit-scheme').click();
    await expect(page.getByTestId('scheme-based-on')).toContainText('内置默认规则');
    await page.locator('[data-testid="rule-onTime-points"] input, input[data-testid="rule-onTime-points"]').fill('60');
    await page.getByTestId('save-scheme').click();
    await expect(page.getByText('评分规则已保存为第 1 版')).toBeVisible();
    await expect(page.getByTestId('scheme-line')).toContainText(`第 1 版（${ADMIN.name} 于`);
    await expect(page.getByTestId('ranking-table')).toContainText('/ 110');

    // The second workstation follows without a reload: the same version, the new maximum.
    await expect(page2.getByTestId('scheme-line')).toContainText(`第 1 版（${ADMIN.name} 于`, { timeout: 30_000 * SLOW });
    await expect(page2.getByTestId('ranking-table')).toContainText('/ 110');
    await expect(page2.getByTestId('ranking-table')).not.toContainText('/ 100');
    await expect(page2.getByTestId('edit-scheme')).toHaveCount(0);
  } finally {
    await ctx.close();
    await other.close();
    await station.close();
    await street.close();
  }
});
