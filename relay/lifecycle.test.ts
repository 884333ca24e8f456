/**
 * Start-up and long-run behaviour against real relays: first-start seeding (demo or empty street),
 * restarts, log retention with 'reset', and the district simulator's determinism.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../shared/demo/refData.js';
import type { PullResponse, PushResponse, SnapshotResponse } from '../shared/protocol.js';
import { startDistrictSim, type DistrictSim } from './district-sim/sim.js';
import { startRelay, type RelayHandle } from './server.js';
import {
  connect,
  login,
  readLogFile,
  removeTempDirs,
  reportCmd,
  requestOk,
  tempDir,
  TEST_WEBHOOK_SECRET,
  uid,
  waitUntil,
} from './testing/testkit.js';

const open: Array<RelayHandle | DistrictSim> = [];
afterEach(async () => {
  for (const h of open.splice(0).reverse()) await h.close();
});
async function relayAt(dataDir: string, extra: Parameters<typeof startRelay>[0] = {}): Promise<RelayHandle> {
  const r = await startRelay({ port: 0, dataDir, webhookSecret: TEST_WEBHOOK_SECRET, districtUrl: 'none', quiet: true, ...extra });
  open.push(r);
  return r;
}

describe('first start', () => {
  it('seeds ref data, demo users and the demo history as system entries, once', async () => {
    const dir = tempDir();
    const relay = await relayAt(dir, { demoDays: 3, demoCasesPerDay: 12 });
    const { entries, problems } = readLogFile(dir);
    expect(problems).toEqual([]);
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.every((e) => e.origin === 'system')).toBe(true);
    expect(await relay.store.caseCount()).toBeGreaterThan(5);
    for (const username of ['dispatcher', 'dispatcher2', 'supervisor', 'leader', 'wall', 'admin'])
      await login(relay.url, username, uid('ws'), DEMO_PASSWORD);
    const clientId = uid('ws');
    const s = await connect(relay.url, { token: await login(relay.url, 'wall', clientId), clientId });
    const snap = await requestOk<SnapshotResponse>(s, 'snapshot', { limit: 2000 });
    s.close();
    expect(snap.asOfSeq).toBe(entries.at(-1)!.seq);
    expect(snap.cases.length).toBe(await relay.store.caseCount());
    const head = relay.hub.head;
    await relay.close();
    const again = await relayAt(dir, { demoDays: 3, demoCasesPerDay: 12 });
    expect(again.hub.head).toBe(head);
  });

  it('starts an empty street with --no-demo (users and ref data still there)', async () => {
    const dir = tempDir();
    const relay = await relayAt(dir, { demo: false });
    expect(relay.hub.head).toBe(0);
    expect(relay.hub.ref.catalog.length).toBeGreaterThan(10);
    await login(relay.url, 'dispatcher', uid('ws'));
  });
});

describe('retention', () => {
  it('answers reset for a cursor older than the log keeps, and pages for newer ones, across restarts', async () => {
    const dir = tempDir();
    const relay = await relayAt(dir, { demo: false, retainEntries: 5 });
    const clientId = uid('ws');
    const s = await connect(relay.url, { token: await login(relay.url, 'dispatcher', clientId), clientId });
    const res = await requestOk<PushResponse>(s, 'push', {
      mutations: Array.from({ length: 12 }, (_, i) => ({ id: uid('m'), n: i + 1, command: reportCmd(uid('case')) })),
    });
    expect(res.results.every((r) => r.status === 'applied')).toBe(true);
    expect(relay.hub.head).toBe(12);
    const old = await requestOk<PullResponse>(s, 'pull', { cursor: 2 });
    expect(old).toMatchObject({ type: 'reset', head: 12 });
    const recent = await requestOk<PullResponse>(s, 'pull', { cursor: 9 });
    expect(recent.type === 'changes' && recent.entries.map((e) => e.seq)).toEqual([10, 11, 12]);
    // A client that was reset re-reads the cases and continues from the snapshot's position.
    const snap = await requestOk<SnapshotResponse>(s, 'snapshot', {});
    expect(snap.cases).toHaveLength(12);
    const after = await requestOk<PullResponse>(s, 'pull', { cursor: snap.asOfSeq });
    expect(after).toMatchObject({ type: 'changes', entries: [] });
    s.close();
    await relay.close();
    const again = await relayAt(dir, { demo: false, retainEntries: 5 });
    const s2 = await connect(again.url, { token: await login(again.url, 'dispatcher', clientId), clientId });
    expect(await requestOk<PullResponse>(s2, 'pull', { cursor: 0 })).toMatchObject({ type: 'reset' });
    s2.close();
  });
});

describe('district simulator', () => {
  async function run(seed: number, runId: string): Promise<string[]> {
    const dir = tempDir();
    const relay = await relayAt(dir, { demo: false });
    // No ref given: the simulator fetches it from the relay with a service signature.
    const sim = await startDistrictSim({
      port: 0,
      relayUrl: relay.url,
      webhookSecret: TEST_WEBHOOK_SECRET,
      seed,
      runId,
      rate: 500,
      maxChanges: 15,
      speed: 1,
      log: () => {},
    });
    open.push(sim);
    await waitUntil(() => sim.stats().applied + sim.stats().rejected + sim.stats().errors >= 15, '15 answered changes');
    expect(sim.stats()).toMatchObject({ applied: 15, rejected: 0, errors: 0 });
    return readLogFile(dir)
      .entries.flatMap((e) =>
        e.kind === 'case' && e.event.type === 'reported'
          ? [JSON.stringify([e.event.caseId, e.event.actor, e.event.data.title, e.event.data.address, e.event.data.source])]
          : [],
      )
      .sort();
  }

  it('produces the same cases for the same seed and run id, and different ones for another seed', async () => {
    const a = await run(7, 'det');
    const b = await run(7, 'det');
    const c = await run(8, 'det');
    expect(a).toHaveLength(15);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});

afterAll(() => removeTempDirs());
