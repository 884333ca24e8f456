/**
 * 会议模式 against the real stack with the demo street: the agenda built from the data, presenter keys
 * (PageDown/PageUp/arrows, Home/End, D), recording a meeting decision that becomes a tracked case
 * (report → accept → dispatch with the meeting's deadline, confirmed by the relay), opening a case, and
 * the printable minutes (print media + PDF).
 */
import { test, expect } from '../fixtures.js';
import { shotPath } from './support.js';

test('agenda, presenter keys, a recorded decision becomes a tracked case, minutes print', async ({ app, page, station }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open('#/meeting');
  await app.login('dispatcher');
  await page.goto(`${station.url}/#/meeting`);
  const slide = page.getByTestId('meeting-slide');
  await expect(slide).toHaveAttribute('data-section', 'overview');
  await expect(page.getByTestId('meeting-figure-reported')).toBeVisible();
  await page.screenshot({ path: shotPath('meeting-overview-1920x1080') });

  // Presenter clicker keys.
  await page.keyboard.press('PageDown');
  await expect(slide).toHaveAttribute('data-section', 'overdue');
  await page.keyboard.press('PageUp');
  await expect(slide).toHaveAttribute('data-section', 'overview');
  await page.keyboard.press('ArrowRight');
  await expect(slide).toHaveAttribute('data-section', 'overdue');
  await page.keyboard.press('End');
  await expect(slide).toHaveAttribute('data-section', 'decisions');
  await page.keyboard.press('Home');
  await expect(slide).toHaveAttribute('data-section', 'overview');
  await page.getByTestId('agenda-precedents').click();
  await expect(slide).toHaveAttribute('data-section', 'precedents');
  await expect(page.getByTestId('slide-title')).toContainText('托底裁定与案例沿袭待确认');
  await page.getByTestId('agenda-assessment').click();
  await expect(page.getByTestId('slide-score').first()).toBeVisible();
  await page.screenshot({ path: shotPath('meeting-assessment-1920x1080') });

  // Record a decision with the keyboard (D), responsible unit and deadline.
  await page.keyboard.press('d');
  await page.getByTestId('decision-content').fill('城管科牵头，两周内完成江夏北路占道经营专项整治');
  // By keyboard (type to filter, Enter takes the active option): a pointer click on an option can land
  // while the live agenda re-renders the list under it. The choice is checked before submitting.
  await page.getByTestId('decision-dept').click();
  await page.keyboard.type('城管科');
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option-active')).toHaveText('城管科');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('decision-dept')).toContainText('城管科');
  await page.getByTestId('decision-submit').click();
  await expect(page.getByText(/议定事项已登记并交办给 城管科/)).toBeVisible();

  // It is a case with source 'meeting', accepted and dispatched to 城管科 with its own clock, confirmed by the relay.
  let caseId = '';
  await expect
    .poll(
      async () => {
        const r = await station.core.call('queue.list', { tab: 'all', source: 'meeting', limit: 10 }, {});
        if (!r.ok) return 'error';
        const row = r.value.rows.find((x) => x.title.includes('江夏北路占道经营专项整治'));
        if (!row) return 'missing';
        caseId = row.id;
        const handling = row.clocks.find((k) => k.kind === 'handling');
        return `${row.status}|${row.leadDepartmentId}|${row.pendingCount}|${handling ? 'clock' : 'no clock'}`;
      },
      { timeout: 30_000 },
    )
    .toBe('dispatched|cgk|0|clock');
  const detail = await station.core.call('case.get', { id: caseId }, {});
  expect(detail.ok && detail.value.case.source).toBe('meeting');
  const deadline = detail.ok ? detail.value.case.clocks.find((k) => k.kind === 'handling')!.deadline : 0;
  // The default deadline is two weeks ahead at 18:00 (browser time zone Asia/Shanghai).
  expect(deadline - Date.now()).toBeGreaterThan(13 * 24 * 3600_000);
  expect(deadline - Date.now()).toBeLessThan(15 * 24 * 3600_000);

  await page.getByTestId('agenda-decisions').click();
  const decisionRow = page.getByTestId('decision-row').filter({ hasText: '江夏北路占道经营专项整治' });
  await expect(decisionRow).toContainText('本次会议');
  await page.screenshot({ path: shotPath('meeting-decisions-1920x1080') });

  // Open the case from the agenda; Esc closes it.
  await decisionRow.click();
  await expect(page.getByTestId('meeting-case')).toContainText('城管科');
  // Its record reads in Chinese: event names, never codes such as accepted or dispatched.
  await expect(page.getByTestId('meeting-case')).toContainText('受理立案');
  await expect(page.getByTestId('meeting-case')).not.toContainText(/\b(reported|accepted|dispatched|urged|urge_replied)\b/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('meeting-case')).toBeHidden();

  // The minutes: only they print, with the decision, its unit, deadline and case code.
  await page.emulateMedia({ media: 'print' });
  const minutes = page.getByTestId('minutes');
  await expect(minutes).toBeVisible();
  await expect(minutes).toContainText('会议纪要');
  await expect(page.getByTestId('minutes-decisions')).toContainText('城管科');
  await expect(page.getByTestId('minutes-decisions')).toContainText(detail.ok ? detail.value.case.code : 'x');
  await expect(page.getByTestId('meeting-next')).toBeHidden();
  await page.screenshot({ path: shotPath('meeting-minutes-print-view'), fullPage: true });
  await page.pdf({ path: shotPath('meeting-minutes').replace(/\.png$/, '.pdf'), printBackground: true });
});
