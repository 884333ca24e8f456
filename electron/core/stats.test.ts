/**
 * Statistics through the core equal shared/metrics over ALL of the relay's cases: the SQL narrowing to
 * the cases that can count in a period must never change a figure, a group, a trend point or a drill list.
 * Real relay seeded with the engine-made demo history, real sync into the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RelayHandle } from '../../relay/server.js';
import type { GridEvent } from '../../shared/gridEvent.js';
import { computeStats, metricCaseIds, METRIC_DEFINITIONS } from '../../shared/metrics/index.js';
import { createCore, type Core } from './core.js';
import { memoryLogger } from './log.js';
import { TEST_TOKEN_SECRET, ok, tempDir, waitSettled } from './testkit.js';

const DAY = 86_400_000;
let relay: RelayHandle;
let core: Core;
let all: GridEvent[];

beforeAll(async () => {
  relay = await startRelay({ port: 0, dataDir: tempDir('relay-'), demo: true, demoDays: 40, demoCasesPerDay: 12, districtUrl: 'none', tokenSecret: TEST_TOKEN_SECRET, quiet: true, sync: 'normal' });
  core = createCore({ dataDir: tempDir(), relayUrl: relay.url, log: memoryLogger(), validateOutput: true });
  ok(await core.call('session.login', { username: 'leader', password: 'grid2026' }));
  await waitSettled(core, relay.hub.head, 60_000);
  all = [];
  for (let after: string | undefined; ; ) {
    const page = await relay.store.listCases(after, 1000);
    all.push(...page.cases);
    if (page.cases.length < 1000) break;
    after = page.cases.at(-1)!.id;
  }
}, 120_000);

afterAll(async () => {
  await core?.close();
  await relay?.close();
});

describe('stats over the cache', () => {
  const now = Date.now();
  const periods = [
    { from: now - 30 * DAY, to: now - 10 * DAY },
    { from: now - 7 * DAY, to: now - 1 * DAY },
    { from: now - 60 * DAY, to: now - 35 * DAY },
    { from: now - 39 * DAY, to: now - 38 * DAY },
  ];

  it('has the demo history', () => {
    expect(all.length).toBeGreaterThan(300);
  });

  for (const [i, period] of periods.entries()) {
    it(`stats.query equals computeStats over every case (period ${i})`, async () => {
      const ref = ok(await core.call('ref.get', {}));
      for (const groupBy of ['none', 'department', 'community'] as const) {
        const got = ok(await core.call('stats.query', { period, groupBy }));
        // Past periods: evaluated at the period end, so `now` does not matter.
        expect(got).toEqual(computeStats(all, period, groupBy, ref, Date.now()));
      }
    });
  }

  it('stats.drill lists exactly metricCaseIds over every case, also for denominators and groups', async () => {
    const ref = ok(await core.call('ref.get', {}));
    const period = periods[0]!;
    for (const def of METRIC_DEFINITIONS) {
      const rows = ok(await core.call('stats.drill', { period, metricId: def.id, limit: 5000 }));
      expect(rows.map((r) => r.id).sort(), def.id).toEqual(metricCaseIds(def.id, all, period, ref, Date.now()));
    }
    const den = ok(await core.call('stats.drill', { period, metricId: 'onTimeClosureRate:denominator', limit: 5000 }));
    expect(den.map((r) => r.id).sort()).toEqual(metricCaseIds('onTimeClosureRate', all, period, ref, Date.now(), 'denominator'));
    const dept = ref.departments.find((d) => all.some((c) => c.leadDepartmentId === d.id))!.id;
    const grouped = ok(await core.call('stats.drill', { period, metricId: 'dispatched', groupBy: 'department', groupKey: dept, limit: 5000 }));
    expect(grouped.map((r) => r.id).sort()).toEqual(metricCaseIds('dispatched', all, period, ref, Date.now(), 'numerator', { groupBy: 'department', key: dept }));
    expect((await core.call('stats.drill', { period, metricId: 'nope' })).ok).toBe(false);
  });
});
