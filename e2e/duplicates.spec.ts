/**
 * Duplicate reports on the map, end to end (real relay, simulator, core, Chromium): a grid worker reports
 * a broken manhole cover, a 12345 caller reports the same one 15 m away; the workbench of the call shows
 * the first as 疑似重复 with the reasons, the dispatcher merges it from there, and when the original is
 * verified and closed the duplicate closes with it. The queue's map shows the cases of the filtered view.
 * A call whose position lies in another grid than the one stated is accepted with the position corrected
 * on the acceptance form's map, and the case moves to the grid of the picked position.
 */
import { test, expect } from './fixtures.js';
import { createDemoRefData } from '../shared/demo/refData.js';
import centroid from '@turf/centroid';
import { createDemoDivision, randomPointInGrid } from '../shared/demo/geometry.js';
import { GridLocator } from '../shared/geo/locator.js';
import { createRng } from '../shared/demo/prng.js';
import type { Street } from './harness/stack.js';
import { openByTitle } from './steps.js';

const ref = createDemoRefData();

async function report(
  street: Street,
  o: { caseId: string; title: string; source: 'grid_worker' | 'hotline'; lon: number; lat: number; gridIndex: number },
) {
  const grid = ref.grids[o.gridIndex]!;
  const actor =
    o.source === 'hotline'
      ? { kind: 'hotline' as const, id: 'hotline', name: '12345热线' }
      : { kind: 'gridWorker' as const, id: 'w-e2e', name: '网格员' };
  await street.district(actor, {
    type: 'report',
    caseId: o.caseId,
    source: o.source,
    title: o.title,
    description: `${o.title}，存在安全隐患，请尽快处理。`,
    address: `${grid.name}中山路8号`,
    communityId: grid.communityId,
    gridId: grid.id,
    attachments: [],
    location: { lon: o.lon, lat: o.lat },
  });
}

test('a report near an open case is suggested as its duplicate, merged, and closes with the original', async ({
  app,
  street,
  page,
  shot,
}) => {
  const gridIndex = 40;
  const grid = ref.grids[gridIndex]!;
  const item = ref.catalog.find((c) => c.code === 'GS01') ?? ref.catalog[0]!;
  const lead = ref.departments.find((d) => d.id === item.defaultDepartmentId)!;
  const stamp = Date.now() % 1_000_000;
  const p = randomPointInGrid(grid.id, createRng(stamp));
  const original = { caseId: `e2e-orig-${stamp}`, title: `人行道井盖破损${stamp}` };
  const duplicate = { caseId: `e2e-dup-${stamp}`, title: `人行道井盖破损${stamp}（市民来电）` };
  await report(street, { ...original, source: 'grid_worker', lon: p.lon, lat: p.lat, gridIndex });
  // 15 m north: the same cover, as a caller describes it.
  await report(street, { ...duplicate, source: 'hotline', lon: p.lon, lat: p.lat + 15 / 111_320, gridIndex });

  await app.open();
  await app.login('dispatcher');
  await app.expectConnection('online');

  // The call's workbench: the original is nearby, suggested with its reasons; merge from there.
  await openByTitle(app, duplicate.caseId, duplicate.title);
  const row = page.locator(`[data-testid="nearby-row"][data-case-id="${original.caseId}"]`);
  await expect(row).toHaveAttribute('data-suggested', 'true');
  await expect(row).toContainText('相距 15 米');
  await expect(page.getByTestId('case-map')).toBeVisible();
  await shot('dup-suggested');
  await row.getByTestId('merge-into').click();
  const form = app.workbench.form('merge');
  await expect(form.getByTestId('f-targetCaseId')).toHaveValue(original.caseId);
  await app.workbench.submit('merge');
  await expect(page.getByTestId('case-status-tag')).toHaveText('已合并（随原事件办理）', { timeout: 30_000 });
  await app.workbench.expectConfirmed();

  // The original: accept, dispatch, the department's result, verification and closure.
  await openByTitle(app, original.caseId, original.title);
  const wb = app.workbench;
  await wb.action('accept').click();
  await wb.choose('f-catalogItemId', item.code);
  await wb.pick('f-grade', '一般');
  await wb.submit('accept');
  await wb.expectStatus('accepted');
  await wb.action('dispatch').click();
  await wb.choose('f-leadDepartmentId', lead.name);
  await wb.submit('dispatch');
  await wb.expectStatus('dispatched');
  await wb.expectConfirmed();
  const asLead = { kind: 'department' as const, id: lead.id, name: lead.name };
  await street.district(asLead, { type: 'sign', caseId: original.caseId });
  await street.district(asLead, { type: 'reportResult', caseId: original.caseId, text: '已更换井盖。', attachments: [] });
  await wb.expectStatus('handled');
  await wb.action('verify').click();
  await wb.pick('f-passed', '通过');
  await wb.fill('f-note', '现场核查，井盖已更换。');
  await wb.submit('verify');
  await wb.expectStatus('verified');
  await wb.action('close').click();
  await wb.pick('f-satisfaction', '满意');
  await wb.submit('close');
  await wb.expectStatus('closed');
  await wb.expectConfirmed();

  // The duplicate closed with it.
  await openByTitle(app, duplicate.caseId, duplicate.title);
  await expect(page.getByTestId('case-status-tag')).toHaveText('已随原事件结案', { timeout: 30_000 });
  await shot('dup-closed-with-original');

  // The queue's map shows the filtered view: the search matches both cases, both have a position.
  await app.nav('queue');
  await page.getByTestId('queue-show-map').click();
  await app.queue.search(`人行道井盖破损${stamp}`);
  await page.getByTestId('tab-all').click();
  await expect(page.getByTestId('queue-map')).toHaveAttribute('data-points', '2', { timeout: 30_000 });
  await shot('dup-queue-map');
});

test('the acceptance form corrects the position on the map, and the grid follows', async ({ app, street, page, shot }) => {
  const division = createDemoDivision();
  const locator = new GridLocator(division);
  const [stated, actual] = [ref.grids[10]!, ref.grids[11]!];
  const boundary = division.grids.find((g) => g.gridId === actual.id)!.boundary;
  const [lon, lat] = centroid(boundary).geometry.coordinates as [number, number];
  const stamp = Date.now() % 1_000_000;
  const call = { caseId: `e2e-loc-${stamp}`, title: `路灯不亮${stamp}` };
  await report(street, { ...call, source: 'hotline', lon, lat, gridIndex: 10 });

  await app.open();
  await app.login('dispatcher');
  await app.expectConnection('online');
  await openByTitle(app, call.caseId, call.title);
  await expect(page.getByTestId('grid-mismatch')).toContainText(actual.name);

  const wb = app.workbench;
  await wb.action('accept').click();
  const form = wb.form('accept');
  const map = form.getByTestId('locate-map');
  await expect(map).toBeVisible();
  // The report was flagged: the grid follows the position unless the dispatcher unticks it.
  await expect(form.getByTestId('f-useLocatedGrid')).toBeChecked();
  const before = await form.getByTestId('locate-picked').textContent();
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width / 2 + 24, y: box.height / 2 - 12 } });
  await expect(form.getByTestId('locate-picked')).not.toHaveText(before ?? '');
  const [, pLon, pLat] = /东经 ([\d.]+)，北纬 ([\d.]+)/.exec((await form.getByTestId('locate-picked').textContent()) ?? '')!;
  const picked = locator.locate({ lon: Number(pLon), lat: Number(pLat) });
  expect(picked?.gridId).toBe(actual.id);
  expect(Number(pLon)).toBeGreaterThan(lon);
  await shot('accept-locate');
  await wb.choose('f-catalogItemId', (ref.catalog.find((c) => c.code === 'GS01') ?? ref.catalog[0]!).code);
  await wb.pick('f-grade', '一般');
  await wb.submit('accept');
  await wb.expectStatus('accepted');
  await wb.expectConfirmed();
  const types = await wb.timelineTypes().evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
  expect(types.slice(-2)).toEqual(['located', 'accepted']);
  await expect(page.getByTestId('grid-mismatch')).toHaveCount(0);
  await expect(page.getByTestId('case-workbench')).toContainText(`${actual.name} ${actual.code}`);
  expect(stated.id).not.toBe(actual.id);
});
