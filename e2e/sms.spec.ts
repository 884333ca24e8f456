/**
 * SMS notices (issue 15.4, docs/sms.md) in the browser against the real relay and the SMS gateway
 * simulator: a dispatcher dispatches a case in the UI while the gateway fails its first requests; once it
 * recovers the simulator holds exactly one message for the department's contact, in Chinese, with the case
 * code. A street of its own (the notices of other tests would mix in).
 */
import { test, expect, SLOW } from './fixtures.js';
import { startStreet, startWorkstation } from './harness/stack.js';
import { AppPage } from './pages/app.js';
import { acceptAndDispatch, openByTitle, reportCase } from './steps.js';

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
  } finally {
    await station.close();
    await street.close();
  }
});
