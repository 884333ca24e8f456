/**
 * Link health, end to end (real relay, district simulator, core, Chromium). When the district platform
 * fails, the dispatcher sees it: the status bar names the forwards waiting at the relay, the case reads
 * 未送达区级平台, and both clear once the platform answers and the forwards are delivered. When the
 * workstation loses the relay, the wall says so in its corner with the time of the last sync.
 */
import { test, expect } from './fixtures.js';
import { openByTitle, reportCase } from './steps.js';

test('a dispatch the district platform has not received reads 未送达区级平台 until it is delivered', async ({
  app,
  street,
  page,
  shot,
}) => {
  const { caseId, title } = await reportCase(street, '区平台');
  await app.open();
  await app.login('dispatcher');
  await app.expectConnection('online');
  await openByTitle(app, caseId, title);
  const wb = app.workbench;
  await expect(page.getByTestId('district-tag')).toHaveCount(0);

  street.sim.failCommands(1_000_000, 503);
  try {
    await wb.action('accept').click();
    await wb.choose('f-catalogItemId', 'SR01');
    await wb.pick('f-grade', '一般');
    await wb.submit('accept');
    await wb.expectStatus('accepted');
    await wb.expectConfirmed();
    // Confirmed by the relay, not delivered to the district: said on the case and in the status bar.
    await expect(page.getByTestId('case-district-tag')).toHaveAttribute('data-state', 'failing', { timeout: 30_000 });
    await expect(page.getByTestId('case-district-tag')).toHaveText('未送达区级平台');
    await expect(page.getByTestId('district-tag')).toContainText('区级平台未送达');
    await page.getByTestId('connection-indicator').hover();
    await expect(page.getByTestId('district-details')).toContainText('无法送达');
    await shot('district-undelivered');
  } finally {
    street.sim.failCommands(0);
  }
  await expect(page.getByTestId('case-district-tag')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('district-tag')).toHaveCount(0);
  expect(street.sim.received.some((f) => f.event.caseId === caseId && f.event.type === 'accepted')).toBe(true);
});

test('the wall marks its figures as old when the workstation loses the relay', async ({ app, street, page, shot }) => {
  await app.open();
  await app.login('dispatcher');
  await app.expectConnection('online');
  await app.open('#/wall?panel=figures');
  await expect(page.getByTestId('wall-panel-figures')).toBeVisible();
  await expect(page.getByTestId('wall-link-lost')).toHaveCount(0);
  await street.stopRelay();
  try {
    const marker = page.getByTestId('wall-link-lost');
    await expect(marker).toHaveAttribute('data-reason', 'relay', { timeout: 30_000 });
    await expect(marker).toContainText('与中继服务器断开 · 数据截至');
    await expect(marker).not.toContainText('—');
    await shot('wall-relay-lost');
  } finally {
    await street.startRelay();
  }
  await expect(page.getByTestId('wall-link-lost')).toHaveCount(0, { timeout: 30_000 });
});
