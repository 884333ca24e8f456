/**
 * Statistics over the cached server state, with the metric definitions of shared/metrics (the single
 * source of truth: no metric is re-implemented here).
 *
 * Speed over 1M cached cases comes from SQL, compact records and sharing, not from a second copy of the
 * definitions:
 * - SQL narrows the cases to those that can count in the period: reported before its end AND (changed
 *   since its start OR still open) — index range scans; every other case contributes zero to every
 *   metric (see docs/workstation-api.md, "Statistics"; stats.test.ts checks it against all cases).
 * - Each of those cases is read as its compact fact record (stat_recs, shared/metrics/factRecord.ts), from
 *   which its CaseFacts for any period come without JSON or replay. A record that is missing or stale (the
 *   case changed since, or the calendar did) is rebuilt from the timeline first — or, when there are too
 *   many (a fresh migration), the cases go the exact path (caseFacts over the cached case, as before) while
 *   a background backfill builds them. Rare shapes a record cannot represent always go the exact path.
 * - A period is counted in one pass over its records (recordPeriods.ts), read in chunks of ~2,000 in key
 *   order and in place, straight into the overall and per-group counters of all five groupings and the
 *   trend (shared/metrics/periodStats.ts), once per (period, cursor, minute) and shared by concurrent calls.
 * - Optionally (StatsReaderOptions.workers), the periods of a refresh (the period, the one before, last
 *   year's) are counted side by side: in stats worker threads with read-only connections of their own
 *   (statsPool.ts) and on this thread when every worker is busy. A worker that fails leaves the counting
 *   to this thread.
 */
import type Database from 'better-sqlite3';
import {
  computeStats,
  metricCaseIds,
  isMetricId,
  evaluationInstant,
  type GroupBy,
  type MetricPart,
  type Period,
} from '../../../shared/metrics/index.js';
import { PeriodStats } from '../../../shared/metrics/periodStats.js';
import type { StatsResult } from '../../../shared/api.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { RefData } from '../../../shared/refData.js';
import { FactStore, calendarKey } from './statFacts.js';
import { RecordPeriods, type PeriodInfo } from './recordPeriods.js';
import { StatsPool, type StatsWorkerScript } from './statsPool.js';
import type { Logger } from '../log.js';

const OPEN_TABS = ['pending_accept', 'pending_dispatch', 'handling', 'bounced', 'pending_verify', 'pending_close', 'parked'];

export class StatsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Candidates are loaded in chunks, yielding to the event loop between them (sync and calls go on). */
const CHUNK = 2000;
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Up to this many dirty records are rebuilt before answering; with more, the query goes the exact path. */
const SYNC_REBUILD = 20_000;
/** Background rebuild: records per slice (then the event loop gets a turn). */
const BACKFILL_SLICE = 250;
/** Period facts kept in memory (each holds the facts of tens of thousands of cases). */
const PERIOD_CACHE = 4;

type CachedPeriod = PeriodStats;

export interface StatsReaderOptions {
  /**
   * Stats worker threads that count periods beside this thread (see StatsPool); needs a cache file.
   * Default 0: every period on this thread. Measured on 1,000,000 cases (docs/workstation-api.md): one
   * worker makes a cold dashboard refresh ~0.7× as long and the process ~100 MB larger.
   */
  workers?: number;
  log?: Logger;
  /** The workers' script (default: statsWorkerScript(), next to this module). */
  workerScript?: StatsWorkerScript;
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class StatsReader {
  private readonly s;
  private readonly facts: FactStore;
  private readonly records: RecordPeriods;
  private cache = new Map<string, Promise<unknown>>();
  private periods = new Map<string, Promise<CachedPeriod>>();
  private calKeys = new WeakMap<object, string>();
  private background: Promise<void> | null = null;
  private pool: StatsPool | null = null;
  private readonly log: Logger;
  /** Dirty records a query rebuilds itself before answering (more: exact path, rebuilt in the background). */
  syncRebuild = SYNC_REBUILD;
  /** How the last period was answered (for benchmarks and checks). */
  lastPeriod: PeriodInfo = { fast: false, candidates: 0, exactPath: 0, rebuilt: 0, worker: false };

  constructor(
    private readonly db: Database.Database,
    private readonly opts: StatsReaderOptions = {},
  ) {
    const openTabs = OPEN_TABS.map((t) => `'${t}'`).join(', ');
    this.log = opts.log ?? silent;
    this.records = new RecordPeriods(db);
    this.facts = this.records.facts;
    this.s = {
      candidates: db
        .prepare(
          `SELECT rid FROM cases WHERE updated_at >= @from AND reported_at < @to
           UNION SELECT rid FROM cases WHERE tab IN (${openTabs}) AND reported_at < @to`,
        )
        .pluck(),
      dirty: db.prepare('SELECT rid FROM stat_dirty LIMIT ?').pluck(),
      dirtyCount: db.prepare('SELECT count(*) FROM stat_dirty').pluck(),
      walk: db.prepare('SELECT rid FROM cases WHERE rid > ? ORDER BY rid LIMIT ?').pluck(),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      delMeta: db.prepare('DELETE FROM meta WHERE key = ?'),
      // A case unchanged since t* whose row has no lead / category had none at t* either.
      noLead: db.prepare('SELECT 1 FROM cases WHERE lead_dept IS NULL AND reported_at <= @t AND updated_at <= @t LIMIT 1'),
      noCategory: db.prepare('SELECT 1 FROM cases WHERE category IS NULL AND reported_at <= @t AND updated_at <= @t LIMIT 1'),
    };
  }

  /**
   * Cases that can count in the period, as they are cached; every other case counts zero everywhere.
   * A case that changed after the evaluation instant gets its full timeline (the metrics replay it);
   * the others get their summary entries (every field but data.clocks, which the metrics take from the
   * case state).
   */
  async candidates(period: Period, now: number): Promise<GridEvent[]> {
    return this.load(this.s.candidates.all({ from: period.from, to: period.to }) as number[], evaluationInstant(period, now));
  }

  /** The cached cases of `rids` (in rid order), with full timelines when they changed after `tStar`. */
  private async load(rids: readonly number[], tStar: number): Promise<GridEvent[]> {
    const out: GridEvent[] = [];
    for (let i = 0; i < rids.length; i += CHUNK) {
      if (i > 0) await yieldNow();
      out.push(...this.records.loadNow(rids.slice(i, i + CHUNK), tStar));
    }
    return out;
  }

  /** The stats workers to count a period with now, if any (see StatsReaderOptions.workers). */
  private workers(): StatsPool | null {
    const size = this.opts.workers ?? 0;
    if (size <= 0 || this.db.memory || this.db.name === '' || this.pool?.broken) return null;
    this.pool ??= new StatsPool(this.db.name, size, this.log, this.opts.workerScript);
    return this.pool;
  }

  private calKey(ref: RefData): string {
    let k = this.calKeys.get(ref.calendar);
    if (k === undefined) this.calKeys.set(ref.calendar, (k = calendarKey(ref.calendar)));
    return k;
  }

  /** Ends the stats workers (the cache is about to close). */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  /** Rebuilds records in one transaction. */
  private rebuild(rids: readonly number[], ref: RefData): void {
    try {
      this.db.transaction(() => {
        for (const rid of rids) this.facts.rebuild(rid, ref.calendar);
      })();
    } catch (e) {
      this.facts.reset();
      throw e;
    }
  }

  /** Every record is built under this calendar and none asked for (after the migration or a calendar change). */
  private recordsComplete(ref: RefData): boolean {
    return this.s.getMeta.get('statFactsBackfill') === undefined && this.s.getMeta.get('statFactsCal') === this.calKey(ref);
  }

  /**
   * Brings the records up to date in the background, a slice at a time: all of them after the version-2
   * migration of an existing cache or a calendar change, then the dirty ones. Statistics stay exact
   * meanwhile (they go the exact path). Resolves when done (or when the cache was closed).
   */
  catchUpRecords(ref: RefData): Promise<void> {
    if (this.background) return this.background;
    const cal = this.calKey(ref);
    const slice = () => new Promise<void>((resolve) => setTimeout(resolve, 0).unref());
    const run = async () => {
      if (!this.recordsComplete(ref)) {
        this.s.setMeta.run('statFactsBackfill', 'pending');
        for (let after = 0; ;) {
          await slice();
          if (!this.db.open) return;
          const rids = this.s.walk.all(after, BACKFILL_SLICE) as number[];
          if (rids.length === 0) break;
          after = rids[rids.length - 1]!;
          this.rebuild(rids, ref);
        }
        this.s.setMeta.run('statFactsCal', cal);
        this.s.delMeta.run('statFactsBackfill');
      }
      for (;;) {
        await slice();
        if (!this.db.open) return;
        const rids = this.s.dirty.all(BACKFILL_SLICE) as number[];
        if (rids.length === 0) break;
        this.rebuild(rids, ref);
      }
    };
    this.background = run().finally(() => {
      this.background = null;
    });
    return this.background;
  }

  /**
   * Whether the records can answer now: dirty ones (cases written since) are rebuilt first, a slice at a
   * time with the event loop turning in between, when there are not too many (a catch-up of 10,000 changes
   * is fine); with more, or while records are being built, the query goes the exact path and they are
   * brought up to date in the background.
   */
  private async recordsReady(ref: RefData): Promise<boolean> {
    if (this.background) return false;
    if (!this.recordsComplete(ref) || (this.s.dirtyCount.get() as number) > this.syncRebuild) {
      void this.catchUpRecords(ref).catch(() => undefined);
      return false;
    }
    for (;;) {
      const dirty = this.s.dirty.all(BACKFILL_SLICE) as number[];
      if (dirty.length === 0) return true;
      this.rebuild(dirty, ref);
      this.lastPeriod.rebuilt += dirty.length;
      await yieldNow();
      if (this.background) return false;
    }
  }

  /**
   * The facts of a period, computed once per (period, cursor, minute) and shared by concurrent calls. A
   * metrics-only one (overall counters only) is answered by the full one when that is there or coming.
   */
  private periodFacts(period: Period, ref: RefData, now: number, cursor: number, metricsOnly = false): Promise<CachedPeriod> {
    const full = `${cursor}|${Math.floor(now / 60_000)}|${period.from}|${period.to}`;
    const k = metricsOnly ? `${full}|m` : full;
    let p = this.periods.get(full) ?? this.periods.get(k);
    if (!p) {
      if (this.periods.size >= PERIOD_CACHE) this.periods.delete(this.periods.keys().next().value!);
      p = this.computePeriod(period, ref, now, metricsOnly);
      this.periods.set(k, p);
      p.catch(() => this.periods.delete(k));
    }
    return p;
  }

  private async computePeriod(period: Period, ref: RefData, now: number, metricsOnly: boolean): Promise<CachedPeriod> {
    const tStar = evaluationInstant(period, now);
    this.lastPeriod = { fast: false, candidates: 0, exactPath: 0, rebuilt: 0, worker: false };
    let ps: PeriodStats;
    if (!(await this.recordsReady(ref))) {
      ps = new PeriodStats(period, ref, now, metricsOnly);
      const items = await this.candidates(period, now);
      items.forEach((c, i) => ps.addCase(c, i));
      this.lastPeriod.exactPath = items.length;
    } else {
      const pool = this.workers();
      const rebuilt = this.lastPeriod.rebuilt;
      // With every worker busy this thread counts the period itself: on two cores one worker and this
      // thread count a refresh's periods side by side.
      if (pool?.hasIdleWorker()) {
        try {
          const r = await pool.run(period, ref, now, metricsOnly);
          this.lastPeriod = { fast: true, candidates: r.candidates, exactPath: r.exactPath, rebuilt, worker: true };
          return this.withEmptyKeys(r.ps, tStar);
        } catch (e) {
          if (!this.db.open) throw e;
          // The pool logged why; this period and the next ones are counted here.
        }
      }
      const r = this.records.period(period, ref, now, metricsOnly);
      this.lastPeriod = { fast: true, candidates: r.candidates, exactPath: r.exactPath, rebuilt, worker: false };
      ps = r.ps;
    }
    return this.withEmptyKeys(ps, tStar);
  }

  private withEmptyKeys(ps: PeriodStats, tStar: number): PeriodStats {
    // computeStats over every case lists the group '' (not dispatched / not classified) when any case that
    // existed at t* had that key, also one with nothing to count (not a candidate: its row is its state at t*).
    const emptyKeys: Array<'department' | 'category'> = [];
    if (!ps.hasEmptyKey('department') && this.s.noLead.get({ t: tStar }) !== undefined) emptyKeys.push('department');
    if (!ps.hasEmptyKey('category') && this.s.noCategory.get({ t: tStar }) !== undefined) emptyKeys.push('category');
    return ps.finish(emptyKeys);
  }

  private cached<T>(key: string, cursor: number, now: number, fn: () => Promise<T>): Promise<T> {
    const k = `${cursor}|${Math.floor(now / 60_000)}|${key}`;
    let p = this.cache.get(k) as Promise<T> | undefined;
    if (!p) {
      if (this.cache.size > 50) this.cache.clear();
      p = fn();
      this.cache.set(k, p);
      p.catch(() => this.cache.delete(k));
    }
    return p;
  }

  /**
   * The metrics, groups and trend of a period: equal to computeStats over every cached case (the period's
   * facts are shared between groupings, see periodFacts).
   */
  query(input: { period: Period; groupBy: GroupBy; metricsOnly?: boolean }, ref: RefData, now: number, cursor: number): Promise<StatsResult> {
    const metricsOnly = input.metricsOnly === true;
    if (metricsOnly && input.groupBy !== 'none') throw new StatsError('INVALID_INPUT', '只取指标时不能分组');
    const key = `q|${input.period.from}|${input.period.to}|${input.groupBy}${metricsOnly ? '|m' : ''}`;
    return this.cached(key, cursor, now, async () => {
      const ps = await this.periodFacts(input.period, ref, now, cursor, metricsOnly);
      const r = ps.result(input.groupBy);
      // A full period answering a metrics-only query: the same metrics, and no trend (as asked).
      return metricsOnly ? { ...r, trend: [] } : r;
    });
  }

  /** computeStats over the candidates (what query answered before fact records): for tests and checks. */
  async queryExact(input: { period: Period; groupBy: GroupBy }, ref: RefData, now: number): Promise<StatsResult> {
    return computeStats(await this.candidates(input.period, now), input.period, input.groupBy, ref, now);
  }

  /**
   * Ids of the cases behind a metric. `metricId` may end in ':denominator' to list a rate's denominator.
   */
  drillIds(
    input: { period: Period; metricId: string; groupBy?: string; groupKey?: string },
    ref: RefData,
    now: number,
    cursor: number,
  ): Promise<string[]> {
    const [id, partRaw] = input.metricId.split(':') as [string, string | undefined];
    if (!isMetricId(id)) throw new StatsError('UNKNOWN_METRIC', `未知的统计指标：${id}`);
    const part: MetricPart = partRaw === 'denominator' ? 'denominator' : 'numerator';
    const groupBy = input.groupBy as GroupBy | undefined;
    if (groupBy !== undefined && !['none', 'department', 'community', 'category', 'source', 'grid'].includes(groupBy))
      throw new StatsError('INVALID_INPUT', `未知的分组方式：${groupBy}`);
    const group = groupBy !== undefined && input.groupKey !== undefined ? { groupBy, key: input.groupKey } : undefined;
    return this.cached(
      `d|${input.period.from}|${input.period.to}|${input.metricId}|${groupBy ?? ''}|${input.groupKey ?? ''}`,
      cursor,
      now,
      async () => metricCaseIds(id, await this.candidates(input.period, now), input.period, ref, now, part, group),
    );
  }
}
