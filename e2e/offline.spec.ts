/**
 * Offline operation: the relay goes away, the dispatcher keeps working, the actions show as pending
 * (待同步), and when the relay is back they are confirmed through the log.
 */
import { test, expect } from './fixtures.js';
import { logout, openByTitle, reportCase } from './steps.js';

test('work continues offline and is confirmed when the relay returns', async ({ app, street, page, shot }) => {
  const { caseId, title } = await reportCase(street, '离线');
  await app.open();
  await app.login('dispatcher');
  await openByTitle(app, caseId, title);
  const wb = app.workbench;
  await wb.expectStatus('reported');

  await street.stopRelay();
  try {
    await app.expectConnection('offline');
    await expect(page.getByTestId('offline-banner')).toBeVisible();

    // Signing in again without the relay works from the cached credentials, and says so.
    await logout(app);
    await app.login('dispatcher');
    await expect(page.getByTestId('offline-login')).toContainText('离线登录');
    await shot('10a-offline-login');
    await openByTitle(app, caseId, title);

    // Work goes on: accept the case while offline.
    await wb.action('accept').click();
    await wb.choose('f-catalogItemId', 'SR01');
    await wb.pick('f-grade', '重要');
    await wb.submit('accept');
    await wb.expectStatus('accepted');
    await expect(page.getByTestId('pending-item')).toHaveCount(1);
    await expect(page.getByTestId('pending-item')).toHaveAttribute('data-type', 'accept');
    await expect(page.getByTestId('pending-item')).toContainText('待同步');
    await expect(app.pendingCount()).toHaveAttribute('data-count', '1');
    await shot('10-offline-pending');

    // The queue shows the row as pending too.
    await page.getByTestId('case-back').click();
    await expect(app.queue.row(caseId).getByTestId('row-pending')).toBeVisible();
  } finally {
    await street.startRelay();
  }

  await app.expectConnection('online', 60_000);
  await expect(app.pendingCount()).toHaveAttribute('data-count', '0', { timeout: 60_000 });
  await expect(page.getByTestId('offline-banner')).toBeHidden();
  await expect(app.queue.row(caseId).getByTestId('row-pending')).toHaveCount(0);
  await app.queue.openCase(caseId);
  await wb.expectStatus('accepted');
  await wb.expectConfirmed();
  await expect(wb.timelineTypes().last()).toHaveAttribute('data-type', 'accepted');
  await shot('11-back-online');
});
