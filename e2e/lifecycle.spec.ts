/**
 * One whole life cycle through the UI against the real relay, simulator and core: a report arrives live
 * from the district platform, the dispatcher accepts and dispatches it, the department bounces it, the
 * mandatory re-dispatch (强制派遣) goes to another department, the result comes back, the dispatcher
 * verifies and closes it with the resident's satisfaction.
 */
import { test, expect } from './fixtures.js';
import { createDemoRefData } from '../shared/demo/refData.js';

const ref = createDemoRefData();

test('a case goes from report to closure, through one bounce and a mandatory re-dispatch', async ({ app, street, page, shot }) => {
  const item = ref.catalog.find((c) => c.code === 'GS01') ?? ref.catalog[0]!;
  const first = ref.departments.find((d) => d.id === item.defaultDepartmentId)!;
  const second = ref.departments.find((d) => d.id !== first.id)!;
  const grid = ref.grids[3]!;
  const caseId = `e2e-life-${Date.now()}`;
  const title = `井盖缺失生命周期${Date.now() % 100000}`;

  await app.open();
  await shot('01-login');
  await app.login('dispatcher');
  await app.expectConnection('online');
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  await shot('02-queue');

  // The report arrives live from the district platform (12345 hotline) while the queue is open.
  await street.district(
    { kind: 'hotline', id: 'hotline', name: '12345热线' },
    {
      type: 'report',
      caseId,
      source: 'hotline',
      title,
      description: '人行道井盖缺失，存在安全隐患，请尽快处理。',
      address: `${grid.name}建设路12号旁`,
      communityId: grid.communityId,
      gridId: grid.id,
      attachments: [{ name: '现场照片.jpg', kind: 'photo' }],
    },
  );
  await expect(app.queue.row(caseId)).toBeVisible({ timeout: 30_000 });
  await expect(app.queue.row(caseId)).toHaveClass(/q-row-flash/);
  await shot('03-queue-new-case');

  await app.queue.openCase(caseId);
  const wb = app.workbench;
  await wb.expectStatus('reported');

  // Accept with catalogue item and grade.
  await wb.action('accept').click();
  await wb.choose('f-catalogItemId', item.code);
  await wb.pick('f-grade', '一般');
  await wb.submit('accept');
  await wb.expectStatus('accepted');
  await wb.expectConfirmed();

  // Dispatch to the catalogue's default department.
  await wb.action('dispatch').click();
  await expect(wb.form('dispatch').getByTestId('precedent-suggestions')).toBeVisible();
  await shot('04-dispatch-form');
  await wb.submit('dispatch');
  await wb.expectStatus('dispatched');
  await wb.expectConfirmed();
  await expect(page.getByTestId('case-lead')).toHaveText(first.shortName);

  // The department bounces it once (a signed webhook from the district platform).
  await street.district(
    { kind: 'department', id: first.id, name: first.name },
    { type: 'bounce', caseId, reasonCode: 'not_our_duty', text: '该井盖产权不属于本单位' },
  );
  await wb.expectStatus('bounced');
  await expect(page.getByTestId('bounced-banner')).toBeVisible();

  // The re-dispatch is mandatory, clearly marked.
  await expect(wb.action('dispatch')).toHaveText('强制派遣');
  await wb.action('dispatch').click();
  await expect(page.getByTestId('mandatory-banner')).toBeVisible();
  await wb.choose('f-leadDepartmentId', second.name);
  await shot('05-mandatory-dispatch');
  await wb.submit('dispatch');
  await wb.expectStatus('dispatched');
  await wb.expectConfirmed();
  await expect(page.getByTestId('case-mandatory')).toBeVisible();
  await expect(page.getByTestId('case-lead')).toHaveText(second.shortName);

  // A second bounce is refused by the engine at the relay: the district change is rejected.
  await expect(
    street.district(
      { kind: 'department', id: second.id, name: second.name },
      { type: 'bounce', caseId, reasonCode: 'other', text: '再次回弹' },
    ),
  ).rejects.toThrow(/MANDATORY_NO_BOUNCE|422/);

  // The department signs and reports its result.
  await street.district({ kind: 'department', id: second.id, name: second.name }, { type: 'sign', caseId });
  await street.district(
    { kind: 'department', id: second.id, name: second.name },
    { type: 'reportResult', caseId, text: '已补装井盖并设置警示标识。', attachments: [{ name: '处置后照片.jpg', kind: 'photo' }] },
  );
  await wb.expectStatus('handled');

  // Verification and closure at the centre.
  await wb.action('verify').click();
  await wb.pick('f-passed', '通过');
  await wb.fill('f-note', '电话回访居民并调取现场照片，井盖已补装到位。');
  await wb.submit('verify');
  await wb.expectStatus('verified');
  await wb.action('close').click();
  await wb.pick('f-satisfaction', '满意');
  await wb.submit('close');
  await wb.expectStatus('closed');
  await wb.expectConfirmed();

  const types = await wb.timelineTypes().evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
  expect(types).toEqual(['reported', 'accepted', 'dispatched', 'bounced', 'dispatched', 'signed', 'result_reported', 'verified', 'closed']);
  await shot('06-case-closed');
});
