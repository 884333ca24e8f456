/**
 * Filing a division (网格划分备案) on a real relay with real sockets: the admin files, every workstation
 * receives the new division live, a division with a problem changes nothing, and only the admin may file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { FileDivisionResponse, LogEntry } from '../shared/protocol.js';
import type { Division } from '../shared/geo/index.js';
import { createDemoDivision } from '../shared/demo/geometry.js';
import { createDemoRefData } from '../shared/demo/refData.js';
import { startRelay, type RelayHandle } from './server.js';
import { collectChanges, connect, login, removeTempDirs, request, requestOk, tempDir, uid, waitFor, testRelayOptions } from './testing/testkit.js';
import { dayBefore, planFiling } from './divisionFiling.js';

let relay: RelayHandle;
let dataDir: string;
const sockets: Socket[] = [];

async function session(username: string): Promise<Socket> {
  const clientId = uid(username);
  const socket = await connect(relay.url, { token: await login(relay.url, username, clientId), clientId });
  sockets.push(socket);
  return socket;
}

/** The demo division as a new draft from 2027-01-01, with grid 001001 renumbered to a new code. */
function nextDivision(): Division {
  const d = createDemoDivision();
  const grids = d.grids.map((g) => (g.code === '440111010001001' ? { ...g, gridId: undefined, code: '440111010001101', name: '黄石东新建网格' } : g));
  return { ...d, id: 'div-2027', version: 1, effectiveFrom: '2027-01-01', grids: grids.map(({ gridId, ...g }) => (gridId ? { ...g, gridId } : g)), demo: undefined, filedBy: undefined, filedAt: undefined };
}

beforeAll(async () => {
  dataDir = tempDir();
  relay = await startRelay(testRelayOptions(dataDir));
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await relay.close();
  removeTempDirs();
});

describe('filing a division at the relay', () => {
  it('seeds the embedded street with its demo division in force', () => {
    const divisions = relay.hub.ref.divisions ?? [];
    expect(divisions).toHaveLength(1);
    expect(divisions[0]).toMatchObject({ version: 1, demo: true });
    expect(divisions[0]!.grids).toHaveLength(150);
  });

  it('refuses a division with a gap, naming the grid, and changes nothing', async () => {
    const admin = await session('admin');
    const before = relay.hub.ref;
    const draft = nextDivision();
    const gapped = { ...draft, grids: draft.grids.filter((g) => g.code !== '440111010002003') };
    const out = await request(admin, 'ref:fileDivision', { division: gapped });
    expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_DIVISION' } });
    const message = (out as { error: { message: string } }).error.message;
    expect(message).toContain('未备案');
    expect(message).toContain('未划入任何网格');
    expect(message).toContain('440111010002003'.slice(0, 12));
    expect(relay.hub.ref).toBe(before);
  });

  it('refuses a non-admin and a malformed division', async () => {
    const disp = await session('dispatcher');
    expect(await request(disp, 'ref:fileDivision', { division: nextDivision() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const admin = await session('admin');
    const bad = await request(admin, 'ref:fileDivision', { division: { ...nextDivision(), streetOutline: { type: 'Point', coordinates: [113.3, 23.2] } } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await request(admin, 'ref:fileDivision', { division: { ...nextDivision(), effectiveFrom: '2015-01-01' } })).toMatchObject({ ok: false, error: { code: 'INVALID_DATE' } });
    // The plain section update cannot slip a division (or an inconsistent grid list) past the checks.
    const sneaked = await request(admin, 'ref:update', { section: 'division', value: nextDivision() });
    expect(sneaked).toMatchObject({ ok: false, error: { code: 'INVALID_REFERENCE', message: expect.stringContaining('备案') } });
    const grids = relay.hub.ref.grids;
    const orphan = await request(admin, 'ref:update', { section: 'grids', value: [...grids, { ...grids[0]!, id: 'g-x', code: '440111010099001', communityId: 'c999' }] });
    expect(orphan).toMatchObject({ ok: false, error: { code: 'INVALID_REFERENCE', message: expect.stringContaining('不在社区名录中') } });
    const dropped = await request(admin, 'ref:update', { section: 'grids', value: grids.slice(1) });
    expect(dropped).toMatchObject({ ok: false, error: { code: 'INVALID_REFERENCE', message: expect.stringContaining('不能删除') } });
    const badCode = await request(admin, 'ref:update', { section: 'grids', value: [...grids, { ...grids[0]!, id: 'g-y', code: 'X1' }] });
    expect(badCode).toMatchObject({ ok: false, error: { code: 'INVALID_REFERENCE', message: expect.stringContaining('编码规则') } });
    expect(relay.hub.ref.grids).toBe(grids);
  });

  it('files a valid division: numbered, stamped, the old one closed, the grid list updated, and every workstation gets it live', async () => {
    const admin = await session('admin');
    const watcher = await session('dispatcher');
    const seen = collectChanges(watcher);
    const res = await requestOk<FileDivisionResponse>(admin, 'ref:fileDivision', { division: nextDivision() });
    expect(res).toMatchObject({ divisionId: 'div-2027', version: 2, gridsAdded: 1, gridsRetired: 1 });
    await waitFor(watcher, () => seen.some((e) => e.seq === res.seq), 10_000, 'the filing entries');
    const refs = seen.filter((e): e is Extract<LogEntry, { kind: 'ref' }> => e.kind === 'ref');
    expect(refs.map((e) => e.ref.section)).toEqual(['division', 'division', 'grids', 'gridWorkers']);
    const [closed, filed] = refs.map((e) => e.ref.value) as [Division, Division];
    expect(closed).toMatchObject({ version: 1, effectiveTo: '2026-12-31' });
    expect(filed).toMatchObject({ version: 2, effectiveFrom: '2027-01-01', filedBy: expect.stringContaining('u-admin') });
    expect(filed.filedAt).toBeGreaterThan(0);
    const ref = relay.hub.ref;
    expect(ref.divisions!.map((d) => [d.version, d.effectiveTo ?? null])).toEqual([
      [1, '2026-12-31'],
      [2, null],
    ]);
    // The renumbered grid: the old one is retired the day before (its cases keep it), the new one starts.
    expect(ref.grids.find((g) => g.code === '440111010001001')).toMatchObject({ validTo: '2026-12-31' });
    expect(ref.grids.find((g) => g.code === '440111010001101')).toMatchObject({ validFrom: '2027-01-01', communityId: 'c001' });
    expect(filed.grids.every((g) => typeof g.gridId === 'string')).toBe(true);
    // The grid worker the division names for the new grid moves to it.
    const newGrid = ref.grids.find((g) => g.code === '440111010001101')!;
    const worker = filed.grids.find((g) => g.code === '440111010001101')!.gridWorkerId!;
    expect(ref.gridWorkers.find((w) => w.id === worker)?.gridId).toBe(newGrid.id);
  });

  it('keeps the filed divisions across a relay restart', async () => {
    for (const s of sockets.splice(0)) s.close();
    await relay.close();
    relay = await startRelay(testRelayOptions(dataDir));
    expect(relay.hub.ref.divisions!.map((d) => d.version)).toEqual([1, 2]);
    expect(relay.hub.ref.grids.some((g) => g.code === '440111010001101')).toBe(true);
  });
});

describe('planFiling (pure)', () => {
  const ref = { ...createDemoRefData(), divisions: [createDemoDivision()] };
  const actor = { kind: 'user' as const, id: 'u-admin', name: '管理员', role: 'admin' as const };

  it('keeps every grid of an unchanged division and adds or retires none', () => {
    const plan = planFiling(ref, { ...createDemoDivision(), id: 'same', effectiveFrom: '2027-01-01' }, actor as never, 1);
    expect(plan).toMatchObject({ ok: true, added: 0, retired: 0, gridsChanged: false });
  });

  it('counts calendar days across month and year ends', () => {
    expect(dayBefore('2027-01-01')).toBe('2026-12-31');
    expect(dayBefore('2028-03-01')).toBe('2028-02-29');
  });
});
