/**
 * Workbench forms for requests and decisions, against the real relay, simulator and core:
 * - 挂账 (park): the dispatcher requests it (a bad submit first shows the validation error), the supervisor
 *   approves it, every clock pauses; the dispatcher resumes and the clocks run again with the pause on record.
 * - 延期 (extension): the lead department asks through the district platform; the supervisor declines a first
 *   request and approves a second one with a different length; the handling deadline moves by that much.
 * Roles follow shared/engine/permissions.ts: requestPark/resume by the dispatcher, decisions by the supervisor,
 * requestExtension by the lead department only.
 */
import { test, expect } from './fixtures.js';
import { acceptAndDispatch, logout, openByTitle, ref, reportCase } from './steps.js';
import type { AppPage } from './pages/app.js';

const item = ref.catalog.find((c) => c.code === 'GS01')!;
const lead = ref.departments.find((d) => d.id === item.defaultDepartmentId)!;
const asLead = { kind: 'department' as const, id: lead.id, name: lead.name };

/** Timeline entry types of the open case, in order. */
const timeline = (app: AppPage) => app.workbench.timelineTypes().evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));

/** The handling clock's deadline as the case data has it (from the API over the page's own socket). */
async function handlingDeadline(app: AppPage, caseId: string): Promise<number> {
  return app.page.evaluate(async (id) => {
    const ws = new WebSocket(`ws://${location.host}/api`);
    await new Promise((r) => (ws.onopen = r));
    const reply = new Promise<string>((r) => {
      ws.onmessage = (e) => {
        const m = JSON.parse(String(e.data)) as { t: string };
        if (m.t === 'result') r(String(e.data));
      };
    });
    ws.send(JSON.stringify({ t: 'call', id: 'd1', method: 'case.get', input: { id } }));
    const res = JSON.parse(await reply) as {
      result: { ok: boolean; value: { case: { clocks: { kind: string; deadline: number; stoppedAt?: number }[] } } };
    };
    ws.close();
    const clock = res.result.value.case.clocks.find((k) => k.kind === 'handling' && k.stoppedAt === undefined);
    return clock?.deadline ?? NaN;
  }, caseId);
}

test('a park request is approved by the supervisor and the dispatcher resumes the case', async ({ app, street, page, shot }) => {
  const { caseId, title } = await reportCase(street, '挂账');
  await app.open();
  await app.login('dispatcher');
  await openByTitle(app, caseId, title);
  await acceptAndDispatch(app);
  const wb = app.workbench;

  // 申请挂账: an empty reason is refused in the form, in Chinese, before anything is sent.
  await wb.action('requestPark').click();
  await wb.form('requestPark').getByTestId('form-submit').click();
  await expect(wb.form('requestPark').getByTestId('form-error')).toHaveText('请检查表单中标红的内容');
  await expect(wb.form('requestPark').locator('.ant-form-item-explain-error')).toHaveText('此项为必填项');
  await expect(page.getByTestId('pending-item')).toHaveCount(0);
  await shot('30-park-request-invalid');
  await wb.fill('f-reason', '涉及产权纠纷，需等待法院判决后再处置。');
  await wb.submit('requestPark');
  await wb.expectConfirmed();
  await expect.poll(() => timeline(app)).toContain('park_requested');
  // The dispatcher may request but not decide a park.
  await expect(wb.action('decidePark')).toHaveCount(0);
  await logout(app);

  // 挂账审批 by the supervisor: the form shows the request; approval pauses every running clock.
  await app.login('supervisor');
  await openByTitle(app, caseId, title);
  await wb.action('decidePark').click();
  await expect(wb.form('decidePark').getByTestId('pending-park')).toContainText('涉及产权纠纷');
  await wb.pick('f-approve', '同意');
  await wb.form('decidePark').getByTestId('f-note').fill('同意挂账，判决后恢复办理。');
  await shot('31-park-decision-form');
  await wb.submit('decidePark');
  await wb.expectStatus('parked');
  await wb.expectConfirmed();
  const clocks = page.getByTestId('case-clocks');
  await expect(clocks.getByTestId('clock-badge').first()).toBeVisible();
  const running = clocks
    .locator('[data-testid="clock-item"]')
    .filter({ hasNot: page.locator('[data-testid="clock-badge"][data-state="met"], [data-testid="clock-badge"][data-state="late"]') });
  await expect(running.getByTestId('clock-badge')).not.toHaveCount(0);
  for (const badge of await running.getByTestId('clock-badge').all()) await expect(badge).toHaveAttribute('data-state', 'paused');
  await expect(clocks.getByTestId('clock-pauses').first()).toContainText('起（暂停中）');
  await clocks.locator('[data-testid="clock-item"][data-kind="handling"]').scrollIntoViewIfNeeded();
  await shot('32-case-parked');
  await logout(app);

  // 恢复办理 by the dispatcher: back to the status before the park, clocks running, the pause on record.
  await app.login('dispatcher');
  await openByTitle(app, caseId, title);
  await expect(wb.action('requestPark')).toHaveCount(0);
  await wb.action('resume').click();
  await wb.form('resume').getByTestId('f-note').fill('法院已判决，恢复办理。');
  await wb.submit('resume');
  await wb.expectStatus('dispatched');
  await wb.expectConfirmed();
  const handling = clocks.locator('[data-testid="clock-item"][data-kind="handling"]');
  await expect(handling.getByTestId('clock-badge')).toHaveAttribute('data-state', /normal|warning|overdue/);
  await expect(handling.getByTestId('clock-pauses')).toContainText('至');
  expect(await timeline(app)).toEqual(['reported', 'accepted', 'dispatched', 'park_requested', 'park_decided', 'resumed']);
  await handling.scrollIntoViewIfNeeded();
  await shot('33-case-resumed');
});

test('an extension request is declined, a second one approved with another length', async ({ app, street, page, shot }) => {
  const { caseId, title } = await reportCase(street, '延期');
  await app.open();
  await app.login('dispatcher');
  await openByTitle(app, caseId, title);
  await acceptAndDispatch(app);
  // Only the lead department asks for more time: the centre has no such action.
  await expect(app.workbench.action('requestExtension')).toHaveCount(0);
  await logout(app);

  await app.login('supervisor');
  await openByTitle(app, caseId, title);
  const wb = app.workbench;
  const before = await handlingDeadline(app, caseId);
  expect(before).toBeGreaterThan(0);

  // First request (2 hours) comes in from the district platform and is declined.
  await street.district(asLead, { type: 'requestExtension', caseId, minutes: 120, reason: '需协调供电部门停电施工。' });
  await expect(wb.action('decideExtension')).toBeVisible({ timeout: 30_000 });
  await wb.action('decideExtension').click();
  await expect(wb.form('decideExtension').getByTestId('pending-extension')).toContainText('2 小时');
  await expect(wb.form('decideExtension').getByTestId('pending-extension')).toContainText('需协调供电部门停电施工');
  await wb.pick('f-approve', '不同意');
  await wb.form('decideExtension').getByTestId('f-note').fill('可先行设置围挡，不予延期。');
  await wb.submit('decideExtension');
  await wb.expectConfirmed();
  await expect(wb.action('decideExtension')).toHaveCount(0);
  expect(await handlingDeadline(app, caseId)).toBe(before);

  // Second request (3 hours): approved for 4 hours instead.
  await street.district(asLead, { type: 'requestExtension', caseId, minutes: 180, reason: '材料到货延迟，需延长处置时间。' });
  await expect(wb.action('decideExtension')).toBeVisible({ timeout: 30_000 });
  await wb.action('decideExtension').click();
  const form = wb.form('decideExtension');
  await expect(form.getByTestId('pending-extension')).toContainText('3 小时');
  await expect(form.getByTestId('f-minutes')).toHaveValue('180');
  // A length below the 30-minute minimum is corrected to it when the field is left.
  await form.getByTestId('f-minutes').fill('10');
  await form.getByTestId('f-note').click();
  await expect(form.getByTestId('f-minutes')).toHaveValue('30');
  await form.getByTestId('f-minutes').fill('240');
  await wb.pick('f-approve', '同意');
  await shot('34-extension-decision-form');
  await wb.submit('decideExtension');
  await wb.expectConfirmed();
  const handling = page.getByTestId('case-clocks').locator('[data-testid="clock-item"][data-kind="handling"]');
  await expect(handling.getByTestId('clock-extensions')).toContainText('延长 4 小时');
  const after = await handlingDeadline(app, caseId);
  expect(after).toBeGreaterThan(before);
  const types = await timeline(app);
  expect(types.filter((x) => x === 'extension_requested')).toHaveLength(2);
  expect(types.filter((x) => x === 'extension_decided')).toHaveLength(2);
  await handling.scrollIntoViewIfNeeded();
  await shot('35-extension-approved');
});
