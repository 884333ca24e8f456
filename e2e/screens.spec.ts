/**
 * The remaining main screens against the real stack: supervision boards, reference data (with the
 * holiday-year import validation), admin-only users, the colleagues' statistics screen reached through the
 * navigation, and the wall display route without the workstation frame. Each is screenshotted.
 */
import { test, expect } from './fixtures.js';

test('supervision boards and reference data', async ({ app, page, shot }) => {
  await app.open();
  await app.login('supervisor');
  await app.nav('supervision');
  await expect(page.getByTestId('supervision-page')).toBeVisible();
  await page.getByTestId('board-overdue').click();
  await expect(page.getByTestId('batch-urge')).toBeDisabled();
  await shot('14-supervision-overdue');
  await page.getByTestId('board-nearDue').click();
  await shot('15-supervision-near-due');

  await app.nav('reference');
  await expect(page.getByTestId('reference-page')).toBeVisible();
  await expect(page.getByTestId('ref-tab-users')).toHaveCount(0);
  await shot('16-reference-catalog');
  await page.getByTestId('ref-tab-calendar').click();
  // A bad notice is refused with every problem named; a good one passes validation.
  await page
    .getByTestId('holiday-json')
    .fill(JSON.stringify({ year: 2027, source: '国办发明电', holidays: [{ date: '2027-02-30', name: '春节' }], makeupWorkdays: [] }));
  await page.getByTestId('holiday-validate').click();
  await expect(page.getByTestId('holiday-invalid')).toBeVisible();
  await page.getByTestId('holiday-json').fill(
    JSON.stringify({
      year: 2027,
      source: '国办发明电〔2026〕1号',
      holidays: [{ date: '2027-10-01', name: '国庆节' }],
      makeupWorkdays: [{ date: '2027-09-26', name: '国庆节' }],
    }),
  );
  await page.getByTestId('holiday-validate').click();
  await expect(page.getByTestId('holiday-valid')).toContainText('2027 年');
  await shot('17-reference-calendar');
});

test('admin sees users and roles; statistics and the wall display are reachable', async ({ app, page, shot }) => {
  await app.open();
  await app.login('admin');
  await app.nav('reference');
  await page.getByTestId('ref-tab-users').click();
  await expect(page.getByTestId('users-table')).toContainText('dispatcher');
  await shot('18-reference-users');
  await app.nav('stats');
  await expect(page.getByTestId('stats-page')).toBeVisible();
  await shot('19-stats');
  await app.nav('meeting');
  await expect(page.getByTestId('slide-title')).toBeVisible();
  await shot('20-meeting');
  await app.open('#/wall');
  await expect(page.getByTestId('wall-clock')).toBeVisible();
  await expect(page.getByTestId('app-frame')).toHaveCount(0);
  await shot('21-wall');
});

test('admin edits office hours: a mistake is named, a confirmed save reaches the relay and shows; then restored', async ({
  app,
  page,
  shot,
}) => {
  await app.open();
  await app.login('admin');
  await app.nav('reference');
  await page.getByTestId('ref-tab-calendar').click();
  const hours = page.getByTestId('office-hours');
  await expect(hours).toContainText('星期六');
  await expect(hours.getByText('星期六').locator('..')).toContainText('休息');

  await page.getByTestId('hours-edit').click();
  await page.getByTestId('hours-6').fill('09:00-12:00，11:30-13:00');
  await page.getByTestId('hours-save').click();
  await expect(page.getByTestId('hours-error-6')).toHaveText('09:00-12:00 与 11:30-13:00 重叠');
  await shot('36-office-hours-invalid');

  await page.getByTestId('hours-6').fill('09:00-12:00');
  await page.getByTestId('hours-save').click();
  const confirm = page.getByRole('dialog', { name: '保存新的办公时间？' });
  await expect(confirm).toContainText('重新计算所有在办案件的时限');
  await shot('37-office-hours-confirm');
  await confirm.getByRole('button', { name: /^保\s?存$/ }).click();
  await expect(page.getByText(/已保存到日历（日志序号 \d+）/)).toBeVisible();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('hours-form')).toHaveCount(0);
  await expect(hours).toContainText('09:00-12:00');
  await shot('38-office-hours-saved');

  // Other tests share this street: Saturday off again.
  await page.getByTestId('hours-edit').click();
  await page.getByTestId('hours-6').fill('休息');
  await page.getByTestId('hours-save').click();
  await page
    .getByRole('dialog', { name: '保存新的办公时间？' })
    .getByRole('button', { name: /^保\s?存$/ })
    .click();
  await expect(page.getByTestId('hours-form')).toHaveCount(0);
  await expect(hours.getByText('星期六').locator('..')).toContainText('休息');
});
