/**
 * SMS notices (issue 15.4, docs/sms.md) in the browser against the real relay and the SMS gateway
 * simulator: a dispatcher dispatches a case in the UI while the gateway fails its first requests; once it
 * recovers the simulator holds exactly one message for the department's contact, in Chinese, with the case
 * code. A street of its own (the notices of other tests would mix in). Then a supervisor's 短信记录 screen shows
 * the message as delivered (已送达), the mobile masked, the failed attempts counted; its case number opens the case.
 */
import { test, expect, SLOW } from './fixtures.js';
import { startStreet, startWorkstation } from './harness/stack.js';
import { AppPage } from './pages/app.js';
import { acceptAndDispatch, logout, openByTitle, reportCase } from './steps.js';

test('dispatching a case sends the lead department one SMS, through a gateway that fails and recovers', async ({ page, shot }) => {
  test.setTimeout(240_000 * SLOW);
  const street = await startStreet({ sms: true, label: 'e2esms' });
  const station = await startWorkstation(street.relayUrl);
  const sms = street.smsSim!;
  try {
    sms.fail(3);
    const app = new AppPage(page, station.url);
    const { caseId, title } = await reportCase(street, '短信');
    await app.open();
    await app.login('dispatcher');
    await expect(page.getByTestId('nav-queue')).toBeVisible();
    await expect(page.getByTestId('nav-sms')).toHaveCount(0); // the log is not a dispatcher's
    await openByTitle(app, caseId, title);
    await acceptAndDispatch(app);

    await expect.poll(() => sms.messages().filter((m) => m.text.includes(title)).length, { timeout: 60_000 * SLOW }).toBe(1);
    const [m] = sms.messages().filter((x) => x.text.includes(title));
    expect(m!.text).toMatch(/^【街道网格中心】事件\S+“短信测试事件\d+”已派遣至\S+，请于\d{4}-\d{2}-\d{2} \d{2}:\d{2}前办结。$/);
    expect(m!.mobile).toMatch(/^1390714\d{4}$/);
    expect(sms.counts.failed).toBe(3);
    expect(sms.counts.duplicates).toBe(0);

    // The simulator's page, as the demo banner links it.
    const simPage = await page.context().newPage();
    await simPage.goto(sms.url);
    await expect(simPage.getByRole('heading')).toContainText('已收到 1 条');
    await expect(simPage.locator('table')).toContainText(title);
    await shot('sms-simulator-received', simPage);
    await simPage.close();

    // The log screen, as a supervisor: the message delivered, the mobile masked, the case number opens the case.
    await logout(app);
    await app.login('supervisor');
    await page.getByTestId('nav-sms').click();
    await expect(page.getByTestId('sms-page')).toBeVisible();
    const row = page.getByTestId('sms-row').filter({ hasText: title });
    await expect(row).toHaveCount(1, { timeout: 30_000 * SLOW });
    await expect(row).toHaveAttribute('data-status', 'delivered');
    await expect(row.getByTestId('sms-status-tag')).toHaveText('已送达');
    await expect(row).toContainText('派遣通知');
    await expect(row.getByTestId('sms-recipient')).toContainText(m!.mobile.slice(0, 3) + '****' + m!.mobile.slice(-4));
    await expect(row).not.toContainText(m!.mobile);
    await expect(page.getByTestId('sms-page')).toContainText('手机号已按权限隐去中间四位');
    await shot('sms-log-supervisor');
    await row.getByTestId('sms-case').click();
    await expect(page.getByTestId('case-workbench')).toBeVisible();
  } finally {
    await station.close();
    await street.close();
  }
});
