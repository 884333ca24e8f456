/**
 * Assessment in the core against a real relay with the demo street's history (real SQLite caches in temp
 * dirs, real sockets): assessment.inputs equals computeAssessmentInputs over every case the relay holds;
 * a leader's freeze is stored on the relay and seen by a second workstation; other roles are refused;
 * offline, freezing is refused in Chinese and the list is read from the copy kept in the cache, also after
 * a restart of the workstation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelayHandle } from '../../../relay/server.js';
import { startTestRelay } from '../testing/relayTestkit.js';
import { DEFAULT_SCHEMES } from '../../../shared/assessment/defaults.js';
import { liveMatchesFrozen, verifyFrozen } from '../../../shared/assessment/freeze.js';
import { computeAssessmentInputs } from '../../../shared/assessment/indicators.js';
import { AssessmentScheme, type AssessmentInput } from '../../../shared/assessment/types.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import { createCore, type Core } from '../core.js';
import { FREEZE_OFFLINE_MESSAGE } from './assessment.js';
import { memoryLogger } from '../log.js';
import { ok, tempDir, waitForSync, waitSettled } from '../testing/testkit.js';

const DAY = 86_400_000;
let relay: RelayHandle;
const cores: Core[] = [];
const relayDir = tempDir('relay-');

function core(dataDir = tempDir()): Core {
  const c = createCore({ dataDir, relayUrl: relay.url, log: memoryLogger(), validateOutput: true });
  cores.push(c);
  return c;
}

async function signedIn(username: string, dataDir?: string): Promise<Core> {
  const c = core(dataDir);
  ok(await c.call('session.login', { username, password: 'grid2026' }));
  await waitSettled(c, relay.hub.head, 120_000);
  return c;
}

async function allRelayCases(): Promise<GridEvent[]> {
  const out: GridEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await relay.store.listCases(after, 1000);
    out.push(...page.cases);
    if (page.cases.length < 1000) return out;
    after = page.cases.at(-1)!.id;
  }
}

const byKey = (xs: AssessmentInput[]) => [...xs].sort((a, b) => (a.kind + a.id < b.kind + b.id ? -1 : 1));

beforeAll(async () => {
  relay = await startTestRelay({ dataDir: relayDir, demo: true, demoDays: 20, demoCasesPerDay: 25 });
}, 120_000);
afterAll(async () => {
  for (const c of cores) await c.close();
  await relay.close();
});

describe('assessment.inputs', () => {
  it('equals computeAssessmentInputs over all of the relay’s cases, for every kind', async () => {
    const c = await signedIn('dispatcher');
    // A closed period in the past: the evaluation instant is its end, whatever the clocks say.
    const to = Date.now() - 2 * DAY;
    const period = { from: to - 14 * DAY, to };
    const got = ok(await c.call('assessment.inputs', { period }));
    const want = computeAssessmentInputs(await allRelayCases(), period, relay.hub.ref, Date.now());
    expect(byKey(got)).toEqual(byKey(want));
    // The demo history gives grid workers and seats real values, not only "no data".
    const worker = got.filter((i) => i.kind === 'gridWorker');
    expect(worker.some((i) => (i.indicators.validReportRate?.denominator ?? 0) > 0)).toBe(true);
    expect(got.filter((i) => i.kind === 'seat').some((i) => (i.indicators.accurateDispatchRate?.denominator ?? 0) > 0)).toBe(true);

    const seats = ok(await c.call('assessment.inputs', { period, kind: 'seat' }));
    expect(byKey(seats)).toEqual(byKey(want.filter((i) => i.kind === 'seat')));
    const bad = await c.call('assessment.inputs', { period: { from: to, to: to - 1 } });
    expect(bad.ok === false && bad.error.code).toBe('INVALID_INPUT');
  });

  it('evaluates a running period at the stated instant `at`, the same at any later moment', async () => {
    const c = await signedIn('dispatcher');
    const period = { from: Date.now() - 15 * DAY, to: Date.now() + 15 * DAY };
    const at = Date.now() - 3 * DAY;
    const first = ok(await c.call('assessment.inputs', { period, kind: 'department', at }));
    const want = computeAssessmentInputs(await allRelayCases(), period, relay.hub.ref, at).filter((i) => i.kind === 'department');
    expect(byKey(first)).toEqual(byKey(want));
    // The instant is clamped to the period like now: beyond its end, the period's end.
    const past = { from: period.from, to: at };
    expect(byKey(ok(await c.call('assessment.inputs', { period: past, at: Date.now() })))).toEqual(
      byKey(ok(await c.call('assessment.inputs', { period: past }))),
    );
  });
});

describe('assessment.freeze and assessment.list', () => {
  const period = { from: Date.now() - 10 * DAY, to: Date.now() - DAY, label: '测试周期' };
  const scheme = AssessmentScheme.parse(DEFAULT_SCHEMES.gridWorker);

  it('a leader freezes online; a second workstation lists the same record; other roles are refused', async () => {
    const leader = await signedIn('leader');
    const frozen = ok(await leader.call('assessment.freeze', { kind: 'gridWorker', period, scheme }));
    expect(verifyFrozen(frozen).ok).toBe(true);
    expect(frozen.inputs).toEqual(byKey(ok(await leader.call('assessment.inputs', { period, kind: 'gridWorker' }))));
    expect(frozen.frozenBy).toBe(relay.hub.ref.users.find((u) => u.username === 'leader')!.name);
    // An ended period: computed at its end, and the record says so.
    expect(frozen.evaluatedAt).toBe(period.to);

    const again = await leader.call('assessment.freeze', { kind: 'gridWorker', period, scheme: { ...scheme, version: 'v-other' } });
    expect(again.ok === false && again.error.code).toBe('ALREADY_FROZEN');
    if (!again.ok) expect(again.error.message).toContain('不可更改');

    const dispatcher = await signedIn('dispatcher');
    const listed = ok(await dispatcher.call('assessment.list', {}));
    expect(listed.offline).toBe(false);
    expect(listed.assessments).toEqual([frozen]);
    expect(ok(await dispatcher.call('assessment.list', { kind: 'seat' })).assessments).toEqual([]);

    const refused = await dispatcher.call('assessment.freeze', { kind: 'seat', period, scheme: DEFAULT_SCHEMES.seat });
    expect(refused.ok === false && refused.error.code).toBe('FORBIDDEN');
    const wall = await dispatcher.call('assessment.freeze', { kind: 'seat', period, scheme: DEFAULT_SCHEMES.seat }, { roleCap: 'wall' });
    expect(wall.ok === false && wall.error.code).toBe('FORBIDDEN');
    expect(ok(await dispatcher.call('assessment.list', {}, { roleCap: 'wall' })).assessments).toHaveLength(1);
    // A scheme of another kind never reaches the relay.
    const mismatch = await leader.call('assessment.freeze', { kind: 'seat', period, scheme });
    expect(mismatch.ok === false && mismatch.error.code).toBe('INVALID_INPUT');
  }, 120_000);

  it('a running period is frozen at the freeze time, stated with the record; the check at that instant matches', async () => {
    const leader = await signedIn('leader');
    const running = { from: Date.now() - 5 * DAY + 7, to: Date.now() + 5 * DAY, label: '进行中周期' };
    const before = Date.now();
    const f = ok(await leader.call('assessment.freeze', { kind: 'department', period: running, scheme: DEFAULT_SCHEMES.department }));
    const after = Date.now();
    // The core's relay-corrected clock: on loopback within a second of this process's.
    expect(f.evaluatedAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(f.evaluatedAt).toBeLessThanOrEqual(after + 1_000);
    const live = ok(await leader.call('assessment.inputs', { period: running, kind: 'department', at: f.evaluatedAt! }));
    expect(liveMatchesFrozen(f, live)).toBe(true);
    expect(live).toEqual(computeAssessmentInputs(await allRelayCases(), running, relay.hub.ref, f.evaluatedAt!).filter((i) => i.kind === 'department'));
  }, 120_000);

  it('every connected workstation is told of a new freeze (not of an identical retry), and lists it', async () => {
    const own = { from: period.from - 40 * DAY, to: period.from - 30 * DAY, label: '推送测试周期' };
    const leader = await signedIn('leader');
    const other = await signedIn('dispatcher');
    const heard: Array<{ kind: string; frozenBy: string; id: string }> = [];
    const waiters: Array<() => void> = [];
    other.subscribe('assessments', (n) => {
      heard.push(n);
      for (const w of waiters.splice(0)) w();
    });
    const heardCount = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (heard.length >= n ? resolve() : waiters.push(check));
        check();
      });
    const seat = ok(await leader.call('assessment.freeze', { kind: 'seat', period: own, scheme: DEFAULT_SCHEMES.seat }));
    await heardCount(1);
    // The same freeze again is answered with the stored record and announced to nobody.
    ok(await leader.call('assessment.freeze', { kind: 'seat', period: own, scheme: DEFAULT_SCHEMES.seat }));
    const community = ok(await leader.call('assessment.freeze', { kind: 'community', period: own, scheme: DEFAULT_SCHEMES.community }));
    await heardCount(2);
    expect(heard.map((n) => [n.id, n.kind, n.frozenBy])).toEqual([
      [seat.id, 'seat', seat.frozenBy],
      [community.id, 'community', community.frozenBy],
    ]);
    expect(ok(await other.call('assessment.list', { period: own })).assessments.map((a) => a.id).sort()).toEqual([community.id, seat.id].sort());
  }, 120_000);

  it('offline: freezing is refused in Chinese; the list comes from the kept copy, also after a restart', async () => {
    const dir = tempDir();
    const leader = await signedIn('leader', dir);
    // The grid workers' record of the first test (the test before this one froze other kinds).
    const online = ok(await leader.call('assessment.list', { kind: 'gridWorker' }));
    expect(online.assessments).toHaveLength(1);

    await relay.close();
    await waitForSync(leader, (s) => s.connection !== 'online' && s.connection !== 'syncing', { label: 'offline' });
    const refused = await leader.call('assessment.freeze', { kind: 'seat', period, scheme: DEFAULT_SCHEMES.seat });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('OFFLINE');
      expect(refused.error.message).toBe(FREEZE_OFFLINE_MESSAGE);
    }
    const cached = ok(await leader.call('assessment.list', {}));
    expect(cached.offline).toBe(true);
    expect(cached.assessments).toEqual(online.assessments);
    expect(cached.cachedAt).toBeTypeOf('number');

    await leader.close();
    const restarted = core(dir);
    const afterRestart = ok(await restarted.call('assessment.list', { kind: 'gridWorker' }));
    expect(afterRestart.offline).toBe(true);
    expect(afterRestart.assessments).toEqual(online.assessments);

    // The relay comes back (same data dir): still there, still one record.
    relay = await startTestRelay({ dataDir: relayDir, demo: true });
    const back = await signedIn('supervisor');
    expect(ok(await back.call('assessment.list', { kind: 'gridWorker' })).assessments).toEqual(online.assessments);
  }, 120_000);
});
