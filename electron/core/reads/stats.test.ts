/**
 * Statistics through the core equal shared/metrics over ALL of the relay's cases: the SQL narrowing to
 * the cases that can count in a period must never change a figure, a group, a trend point or a drill list.
 * Real relay seeded with the engine-made demo history, real sync into the cache.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { RelayHandle } from '../../../relay/server.js';
import { startTestRelay } from '../testing/relayTestkit.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import { computeStats, metricCaseIds, METRIC_DEFINITIONS, type GroupBy, type Period } from '../../../shared/metrics/index.js';
import { generateDemoHistory } from '../../../shared/demo/history.js';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { foldEvents } from '../../../shared/engine/index.js';
import type { RefData } from '../../../shared/refData.js';
import { createCore, type Core } from '../core.js';
import { openCache } from '../cache/db.js';
import { memoryLogger } from '../log.js';
import { StatsReader } from './stats.js';
import { Store } from '../cache/store.js';
import { ok, tempDir, waitSettled } from '../testing/testkit.js';

const DAY = 86_400_000;
let relay: RelayHandle;
let core: Core;
let all: GridEvent[];

beforeAll(async () => {
  relay = await startTestRelay({ demo: true, demoDays: 40, demoCasesPerDay: 12 });
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

  it('stats.query metrics only: the metrics of the period, no groups, no trend; grouping refused in Chinese', async () => {
    const ref = ok(await core.call('ref.get', {}));
    const period = { from: periods[2]!.from - DAY, to: periods[2]!.to }; // not asked for by the tests above
    const got = ok(await core.call('stats.query', { period, groupBy: 'none', metricsOnly: true }));
    expect(got).toEqual({ ...computeStats(all, period, 'none', ref, Date.now()), trend: [] });
    const bad = await core.call('stats.query', { period, groupBy: 'grid', metricsOnly: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('只取指标时不能分组');
  });

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

/**
 * The fast path (fact records) against computeStats over every case, on a real cache file written through
 * Store.putCase: empty cache, future and running periods, cases changed after t*, records gone stale,
 * a calendar change, and the background backfill of a migrated cache.
 */
describe('stats fact records in a cache file', () => {
  const NOW = Date.UTC(2026, 10, 26, 6, 30);
  const dayStart = (t: number) => t - ((t + 8 * 3_600_000) % DAY);
  const ref0 = createDemoRefData();
  const history = generateDemoHistory({ seed: 5, now: NOW, days: 30, casesPerDay: 12, ref: ref0 }).cases;
  const groupings: GroupBy[] = ['none', 'department', 'community', 'category', 'source', 'grid'];
  const periods: Array<{ period: Period; now: number }> = [
    { period: { from: dayStart(NOW) - 20 * DAY, to: dayStart(NOW) - 10 * DAY }, now: NOW },
    { period: { from: dayStart(NOW) - 7 * DAY, to: dayStart(NOW) + DAY }, now: NOW }, // running: t* = now
    { period: { from: dayStart(NOW) - 7 * DAY, to: dayStart(NOW) - 2 * DAY }, now: NOW - 4 * DAY - 3_600_000 }, // cases changed after t*
    { period: { from: dayStart(NOW) + 2 * DAY, to: dayStart(NOW) + 9 * DAY }, now: NOW }, // in the future
    { period: { from: dayStart(NOW) - 40 * DAY, to: dayStart(NOW) + DAY }, now: NOW - 12 * DAY },
  ];
  let db: Database.Database;
  let store: Store;
  let cursor = 0;

  beforeAll(() => {
    db = openCache(path.join(tempDir('stats-facts-'), 'workstation.db'), { log: memoryLogger() }).db;
    store = new Store(db);
    store.putRef(ref0);
  });
  afterAll(() => db?.close());

  /** Writes each case as it stood at `t` (whole history when t is undefined), or appends what it gained. */
  function writeAsOf(t: number | undefined): GridEvent[] {
    const all: GridEvent[] = [];
    store.tx(() => {
      for (const c of history) {
        const events = t === undefined ? c.timeline : c.timeline.filter((e) => e.at <= t);
        const s = foldEvents(events);
        if (!s) continue;
        all.push({ ...s, timeline: events });
        const head = store.getCaseHead(c.id);
        if (head && head.state.version === s.version) continue;
        const added = events.filter((e) => e.version > (head?.state.version ?? 0));
        store.putCase(s, head?.prev ?? null, ref0.calendar, added);
        store.putEvents(added);
      }
    });
    return all;
  }

  async function expectEqual(reader: StatsReader, all: GridEvent[], ref: RefData): Promise<void> {
    cursor++;
    for (const { period, now } of periods) {
      // Metrics only first (counted without groups or trend, not answered by a full count of the period).
      const metricsOnly = await reader.query({ period, groupBy: 'none', metricsOnly: true }, ref, now, cursor);
      expect(metricsOnly, `${period.from} metrics only`).toEqual({ ...computeStats(all, period, 'none', ref, now), trend: [] });
    }
    for (const { period, now } of periods)
      for (const groupBy of groupings) expect(await reader.query({ period, groupBy }, ref, now, cursor), `${period.from} ${groupBy}`).toEqual(computeStats(all, period, groupBy, ref, now));
  }

  it('equals computeStats on an empty cache', async () => {
    await expectEqual(new StatsReader(db), [], ref0);
  });

  it('equals computeStats over every case, before and after cases change (dirty records rebuilt)', async () => {
    const reader = new StatsReader(db);
    const partial = writeAsOf(NOW - 6 * DAY);
    await expectEqual(reader, partial, ref0); // the first query of a new cache builds the records in the background
    await reader.catchUpRecords(ref0);
    await expectEqual(reader, partial, ref0);
    expect(reader.lastPeriod.fast).toBe(true);
    expect(db.prepare('SELECT count(*) FROM stat_recs').pluck().get()).toBe(partial.length);
    // The cases gain their later entries: their records are dirty until the next query rebuilds them.
    const all = writeAsOf(undefined);
    expect(db.prepare('SELECT count(*) FROM stat_dirty').pluck().get()).toBeGreaterThan(10);
    await expectEqual(reader, all, ref0);
    expect(reader.lastPeriod).toMatchObject({ fast: true });
    expect(db.prepare('SELECT count(*) FROM stat_dirty').pluck().get()).toBe(0);
    // Same answers as the exact path (what stats.query answered before fact records).
    for (const { period, now } of periods.slice(0, 3)) expect(await reader.query({ period, groupBy: 'department' }, ref0, now, cursor)).toEqual(await reader.queryExact({ period, groupBy: 'department' }, ref0, now));
  });

  it('follows a calendar change (handling minutes are working time): exact path until the records are rebuilt', async () => {
    const all = writeAsOf(undefined);
    const ref1: RefData = { ...ref0, calendar: { ...ref0.calendar, officeHours: ref0.calendar.officeHours.map((d) => d.slice(0, 1)) } };
    const before = computeStats(all, periods[0]!.period, 'none', ref0, NOW).metrics.find((m) => m.id === 'avgHandlingHours')!.value;
    const after = computeStats(all, periods[0]!.period, 'none', ref1, NOW).metrics.find((m) => m.id === 'avgHandlingHours')!.value;
    expect(after).not.toBe(before);
    const reader = new StatsReader(db);
    await expectEqual(reader, all, ref1);
    expect(reader.lastPeriod.fast).toBe(false);
    await reader.catchUpRecords(ref1);
    await expectEqual(reader, all, ref1);
    expect(reader.lastPeriod.fast).toBe(true);
    await reader.catchUpRecords(ref0);
    await expectEqual(reader, all, ref0);
  });

  it('stays exact while a migrated cache builds its records in the background, then uses them', async () => {
    const all = writeAsOf(undefined);
    db.exec('DELETE FROM stat_recs; DELETE FROM stat_full');
    store.setMeta('statFactsBackfill', 'pending');
    const reader = new StatsReader(db);
    await expectEqual(reader, all, ref0);
    expect(reader.lastPeriod.fast).toBe(false);
    await reader.catchUpRecords(ref0);
    expect(db.prepare('SELECT count(*) FROM stat_recs').pluck().get()).toBe(db.prepare('SELECT count(*) FROM cases').pluck().get());
    expect(store.getMeta('statFactsBackfill')).toBeUndefined();
    expect(db.prepare('SELECT count(*) FROM stat_full WHERE length(f) = 16').pluck().get()).toBeLessThan(5); // exact-path cases: [rid, 0]
    // Most records have a shorter tail (the record with its last segment only).
    expect(db.prepare('SELECT count(*) FROM stat_recs r JOIN stat_full f ON f.rid = r.rid WHERE length(r.tail) < length(f.f)').pluck().get()).toBeGreaterThan((db.prepare('SELECT count(*) FROM stat_recs').pluck().get() as number) / 2);
    await expectEqual(reader, all, ref0);
    expect(reader.lastPeriod.fast).toBe(true);
  });

  it('goes the exact path while more records are dirty than a query rebuilds, and the same figures come out', async () => {
    const all = writeAsOf(undefined);
    db.exec('INSERT OR IGNORE INTO stat_dirty SELECT rid FROM cases');
    const reader = new StatsReader(db);
    reader.syncRebuild = 10;
    await expectEqual(reader, all, ref0);
    await reader.catchUpRecords(ref0);
    expect(db.prepare('SELECT count(*) FROM stat_dirty').pluck().get()).toBe(0);
    await expectEqual(reader, all, ref0);
    expect(reader.lastPeriod.fast).toBe(true);
  });

  it('follows writes under the same cursor (records rebuilt, cases cleared)', async () => {
    store.clearCases(); // the cases as they stood 6 days ago, written afresh
    const partial = writeAsOf(NOW - 6 * DAY);
    const reader = new StatsReader(db);
    await reader.catchUpRecords(ref0);
    cursor++;
    const [a, b, c] = periods;
    expect(await reader.query({ period: a!.period, groupBy: 'department' }, ref0, a!.now, cursor)).toEqual(computeStats(partial, a!.period, 'department', ref0, a!.now));
    // Cases change (dirty records, rebuilt by the next query): a new period under the same cursor sees them.
    const all = writeAsOf(undefined);
    expect(await reader.query({ period: b!.period, groupBy: 'grid' }, ref0, b!.now, cursor)).toEqual(computeStats(all, b!.period, 'grid', ref0, b!.now));
    expect(reader.lastPeriod.fast).toBe(true);
    // Open cases without a record (exact path) are counted only when reported before the period end.
    db.exec('UPDATE stat_full SET f = substr(f, 1, 8) || zeroblob(8) WHERE rid IN (SELECT rid FROM stat_recs WHERE open = 1); UPDATE stat_recs SET tail = substr(tail, 1, 8) || zeroblob(8) WHERE open = 1');
    cursor++;
    for (const { period, now } of periods) expect(await reader.query({ period, groupBy: 'category' }, ref0, now, cursor)).toEqual(computeStats(all, period, 'category', ref0, now));
    expect(reader.lastPeriod).toMatchObject({ fast: true });
    expect(reader.lastPeriod.exactPath).toBeGreaterThan(0);
    // A period not asked for yet under this cursor (answers are cached per cursor).
    store.clearCases();
    const fresh = { from: c!.period.from - DAY, to: c!.period.to };
    expect(await reader.query({ period: fresh, groupBy: 'none' }, ref0, c!.now, cursor)).toEqual(computeStats([], fresh, 'none', ref0, c!.now));
  });

  it('counts periods in stats workers (read-only connections of their own) with the same figures, following writes', async () => {
    const all = writeAsOf(undefined);
    const log = memoryLogger();
    const reader = new StatsReader(db, { workers: 2, log });
    try {
      await reader.catchUpRecords(ref0);
      await expectEqual(reader, all, ref0);
      expect(reader.lastPeriod).toMatchObject({ fast: true, worker: true });
      // The cases written afresh as they stood 6 days ago: records rebuilt on this connection, read there.
      store.clearCases();
      const partial = writeAsOf(NOW - 6 * DAY);
      await expectEqual(reader, partial, ref0);
      expect(reader.lastPeriod).toMatchObject({ fast: true, worker: true });
      // Open cases without a record: the workers load them from the cases (exact path) and see the change
      // although the cursor did not move (the open records' key follows this connection's writes).
      db.exec('UPDATE stat_full SET f = substr(f, 1, 8) || zeroblob(8) WHERE rid IN (SELECT rid FROM stat_recs WHERE open = 1); UPDATE stat_recs SET tail = substr(tail, 1, 8) || zeroblob(8) WHERE open = 1');
      const period = { from: periods[1]!.period.from - DAY, to: periods[1]!.period.to }; // not asked for yet under this cursor
      const now = periods[1]!.now;
      expect(await reader.query({ period, groupBy: 'grid' }, ref0, now, cursor)).toEqual(computeStats(partial, period, 'grid', ref0, now));
      expect(reader.lastPeriod).toMatchObject({ fast: true, worker: true });
      expect(reader.lastPeriod.exactPath).toBeGreaterThan(0);
      expect(log.lines.filter((l) => l.startsWith('warn'))).toEqual([]);
    } finally {
      await reader.close();
    }
  });

  it('counts on its own thread when a stats worker cannot start, and says why', async () => {
    const all = writeAsOf(undefined);
    const log = memoryLogger();
    const reader = new StatsReader(db, { workers: 1, log, workerScript: { url: new URL('./no-such-stats-worker.js', import.meta.url) } });
    try {
      await reader.catchUpRecords(ref0);
      await expectEqual(reader, all, ref0);
      expect(reader.lastPeriod).toMatchObject({ fast: true, worker: false });
      expect(log.lines.filter((l) => l.startsWith('warn stats worker'))).toHaveLength(1);
    } finally {
      await reader.close();
    }
  });
});
