/**
 * Statistics over the cached server state, with the metric definitions of shared/metrics (the single
 * source of truth: no metric is re-implemented here).
 *
 * Speed over 1M cached cases comes from SQL, not from a second copy of the definitions:
 * - SQL narrows the cases to those that can count in the period: reported before its end AND (changed
 *   since its start OR still open) — index range scans; every other case contributes zero to every
 *   metric (see docs/workstation-api.md, "Statistics"; stats.test.ts checks it against all cases).
 * - Those cases are read with a compact timeline summary (entries without data.clocks) instead of their
 *   timeline rows, unless they changed after the evaluation instant (then the metrics replay full entries).
 * - Loading yields to the event loop every 2,000 cases; results are cached per (query, cursor, minute).
 */
import type Database from 'better-sqlite3';
import { computeStats, metricCaseIds, isMetricId, evaluationInstant, type GroupBy, type MetricPart, type Period } from '../../shared/metrics/index.js';
import type { StatsResult } from '../../shared/api.js';
import type { CaseEvent, GridEvent } from '../../shared/gridEvent.js';
import type { RefData } from '../../shared/refData.js';
import { parseTimelineSummary } from './store.js';

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

export class StatsReader {
  private readonly s;
  private cache = new Map<string, unknown>();

  constructor(db: Database.Database) {
    const openTabs = OPEN_TABS.map((t) => `'${t}'`).join(', ');
    this.s = {
      candidates: db
        .prepare(
          `SELECT rid FROM cases WHERE updated_at >= @from AND reported_at < @to
           UNION SELECT rid FROM cases WHERE tab IN (${openTabs}) AND reported_at < @to`,
        )
        .pluck(),
      docs: db.prepare('SELECT c.id, c.updated_at, d.doc, d.tl FROM cases c JOIN case_docs d ON d.rid = c.rid WHERE c.rid IN (SELECT value FROM json_each(?))'),
      timeline: db.prepare('SELECT event FROM timeline WHERE case_id = ? ORDER BY version').pluck(),
    };
  }

  /**
   * Cases that can count in the period, as they are cached; every other case counts zero everywhere.
   * A case that changed after the evaluation instant gets its full timeline (the metrics replay it);
   * the others get their summary entries (every field but data.clocks, which the metrics take from the
   * case state).
   */
  async candidates(period: Period, now: number): Promise<GridEvent[]> {
    const tStar = evaluationInstant(period, now);
    const rids = this.s.candidates.all({ from: period.from, to: period.to }) as number[];
    const out: GridEvent[] = [];
    for (let i = 0; i < rids.length; i += CHUNK) {
      if (i > 0) await yieldNow();
      for (const row of this.s.docs.all(JSON.stringify(rids.slice(i, i + CHUNK))) as Array<{ id: string; updated_at: number; doc: string; tl: string }>) {
        const c = JSON.parse(row.doc) as GridEvent;
        c.timeline = row.updated_at > tStar ? (this.s.timeline.all(row.id) as string[]).map((e) => JSON.parse(e) as CaseEvent) : parseTimelineSummary(row.tl);
        out.push(c);
      }
    }
    return out;
  }

  private async cached<T>(key: string, cursor: number, now: number, fn: () => Promise<T>): Promise<T> {
    const k = `${cursor}|${Math.floor(now / 60_000)}|${key}`;
    if (this.cache.has(k)) return this.cache.get(k) as T;
    const value = await fn();
    if (this.cache.size > 50) this.cache.clear();
    this.cache.set(k, value);
    return value;
  }

  query(input: { period: Period; groupBy: GroupBy }, ref: RefData, now: number, cursor: number): Promise<StatsResult> {
    return this.cached(`q|${input.period.from}|${input.period.to}|${input.groupBy}`, cursor, now, async () =>
      computeStats(await this.candidates(input.period, now), input.period, input.groupBy, ref, now),
    );
  }

  /**
   * Ids of the cases behind a metric. `metricId` may end in ':denominator' to list a rate's denominator.
   */
  drillIds(input: { period: Period; metricId: string; groupBy?: string; groupKey?: string }, ref: RefData, now: number, cursor: number): Promise<string[]> {
    const [id, partRaw] = input.metricId.split(':') as [string, string | undefined];
    if (!isMetricId(id)) throw new StatsError('UNKNOWN_METRIC', `未知的统计指标：${id}`);
    const part: MetricPart = partRaw === 'denominator' ? 'denominator' : 'numerator';
    const groupBy = input.groupBy as GroupBy | undefined;
    if (groupBy !== undefined && !['none', 'department', 'community', 'category', 'source', 'grid'].includes(groupBy)) throw new StatsError('INVALID_INPUT', `未知的分组方式：${groupBy}`);
    const group = groupBy !== undefined && input.groupKey !== undefined ? { groupBy, key: input.groupKey } : undefined;
    return this.cached(`d|${input.period.from}|${input.period.to}|${input.metricId}|${groupBy ?? ''}|${input.groupKey ?? ''}`, cursor, now, async () =>
      metricCaseIds(id, await this.candidates(input.period, now), input.period, ref, now, part, group),
    );
  }
}
