/**
 * One period's statistics in a single pass over its cases (the workstation fast path): every case — a fact
 * record's derivation (factRecord.ts deriveInto, no CaseFacts object) or, on the exact path, compute.ts's
 * CaseFacts — is added at once to the overall counters and to the counters of its group in each of the five
 * dimensions (department with compute.ts's per-unit attribution), and to the trend. Counters are
 * fastMetrics.ts ShapeCounts (facts by shape + handling minutes summed in the cases' order), so metrics()
 * is exactly metricsFromFacts of the group's facts; the groups themselves (order, labels, known groups) are
 * still made by compute.ts groupedFromFacts, over one stand-in fact per group. Proven equal to computeStats
 * by periodStats.test.ts and electron/core/reads/stats.test.ts.
 *
 * A metrics-only PeriodStats (`metricsOnly`, for the comparison periods of the statistics screen, which
 * show only the key figures) counts the overall counters alone: no groups, no trend. Its metrics are the
 * full one's (periodStats.test.ts).
 */
import type { MetricValue, StatsResult } from '../api.js';
import type { GridEvent } from '../gridEvent.js';
import type { RefData } from '../refData.js';
import { caseFacts, computeTrend, groupedFromFacts, groupKeyOf, UNIT_COUNT_IDS, type CaseFacts, type GroupBy, type Period, type TrendPoint, type UnitCountId } from './compute.js';
import { COUNT_METRIC_IDS, type CountMetricId } from './definitions.js';
import { HANDLED_BIT, SHAPE_BIT, ShapeCounts, shapeOfFacts, slotOf, type ShapeCountsSnapshot } from './fastMetrics.js';
import { emptyTrend, sumTrends, trendAdder, type FactScratch } from './factRecord.js';

type Dim = Exclude<GroupBy, 'none'>;
/** Shape bits of the department-attributed counts (replaced per department when grouped by department). */
const UNIT_BITS = UNIT_COUNT_IDS.reduce((m, id) => m | SHAPE_BIT[id], 0);
/** What factsForUnit keeps of a case in the group of a department that is not its own: nothing else. */
const OTHER_UNIT_MASK = UNIT_BITS;
/** Counters a departmentHandled case adds its minutes to: overall, community, grid, source, category, lead. */
const TARGETS = 6;
const UNIT_LISTS = UNIT_COUNT_IDS.length;
const UNIT_BIT_LIST = UNIT_COUNT_IDS.map((id) => SHAPE_BIT[id]);
const INDEX_SPAN = 2 ** 24;

/** Indices of `order` (distinct non-negative integers) by ascending order. */
export function byOrder(order: readonly number[]): Float64Array | number[] {
  const n = order.length;
  let max = 0;
  for (const o of order) if (o > max) max = o;
  // Packed as order · INDEX_SPAN + index in one double when exact (below 2^53) and sorted natively.
  if (n <= INDEX_SPAN && max < 2 ** 53 / INDEX_SPAN) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = order[i]! * INDEX_SPAN + i;
    packed.sort();
    for (let p = 0; p < n; p++) packed[p] = packed[p]! % INDEX_SPAN;
    return packed;
  }
  return Array.from(order.keys()).sort((a, b) => order[a]! - order[b]!);
}
const keyOf = (keys: readonly string[], c: number) => (c < 0 ? '' : (keys[c] ?? ''));
const NO_UNITS: Record<UnitCountId, readonly string[]> = { dispatched: [], bounced: [], extended: [], urged: [] };

/** PeriodStats as plain data (see PeriodStats.snapshot). */
export interface PeriodStatsSnapshot {
  period: Period;
  now: number;
  metricsOnly: boolean;
  overall: ShapeCountsSnapshot;
  groups: Record<Exclude<GroupBy, 'none'>, Array<[string, ShapeCountsSnapshot]>>;
  trend: TrendPoint[];
}

/** The counted figures of a period: overall, per group of every dimension, and the trend. */
export class PeriodStats {
  readonly overall: ShapeCounts = new ShapeCounts();
  private readonly groups: Record<Dim, Map<string, ShapeCounts>> = { department: new Map(), community: new Map(), category: new Map(), source: new Map(), grid: new Map() };
  private trendPoints: TrendPoint[];
  private readonly addTrend: (reportedAt: number | undefined, closedAt: readonly number[], overdueAt: readonly number[]) => void;
  private readonly exact: GridEvent[] = [];
  private metricsCache: MetricValue[] | undefined;
  /** Unit keys of the case being added, per UNIT_COUNT_IDS entry (reused). */
  private readonly unitScratch: string[][] = UNIT_COUNT_IDS.map(() => []);
  private finished = false;
  /** Per counted departmentHandled case: its order, its minutes and the TARGETS counters it went to. */
  private readonly handledOrder: number[] = [];
  private readonly handledMinutes: number[] = [];
  private readonly handledTargets: ShapeCounts[] = [];
  private readonly codeCounters: Record<Dim, ShapeCounts[]> = { department: [], community: [], category: [], source: [], grid: [] };

  /** The counters each counted departmentHandled case adds its minutes to (overall only when metrics-only). */
  private readonly targets: number;

  constructor(
    readonly period: Period,
    private readonly ref: RefData,
    private readonly now: number,
    /** Only the overall counters (no groups, no trend): result() answers groupBy 'none' with an empty trend. */
    readonly metricsOnly = false,
  ) {
    this.targets = metricsOnly ? 1 : TARGETS;
    this.trendPoints = metricsOnly ? [] : emptyTrend(period, ref.calendar);
    this.addTrend = metricsOnly ? () => {} : trendAdder(this.trendPoints, ref.calendar);
  }

  private counter(dim: Dim, key: string): ShapeCounts {
    const m = this.groups[dim];
    let c = m.get(key);
    if (!c) m.set(key, (c = new ShapeCounts()));
    return c;
  }

  /** counter(dim, key) of the key of `code` (codes of one dictionary: one key per code, −1 for none). */
  private byCode(dim: Dim, code: number, key: string): ShapeCounts {
    const list = this.codeCounters[dim];
    return (list[code + 1] ??= this.counter(dim, key));
  }

  /** Whether some counted case has the group key '' (not dispatched / not classified) in `dim`. */
  hasEmptyKey(dim: 'department' | 'category'): boolean {
    return this.groups[dim].has('');
  }

  /**
   * Counts a case everywhere it belongs. `order` is its place in the order the exact path sums handling
   * minutes in (rid order): cases may be added in any order, the minutes are summed in that one at finish.
   */
  private add(order: number, shape: number, minutes: number, community: string, grid: string, source: string, category: string, lead: string, units: ReadonlyArray<readonly string[]>, codes?: FactScratch): void {
    const all = this.overall;
    if (this.metricsOnly) {
      all.count(shape);
      if (shape & HANDLED_BIT) {
        this.handledOrder.push(order);
        this.handledMinutes.push(minutes);
        this.handledTargets.push(all);
      }
      return;
    }
    // With codes (records), the counters are looked up by code (an array) rather than by key (a map).
    const c = codes ? this.byCode('community', codes.community, community) : this.counter('community', community);
    const g = codes ? this.byCode('grid', codes.grid, grid) : this.counter('grid', grid);
    const s = codes ? this.byCode('source', codes.source, source) : this.counter('source', source);
    const k = codes ? this.byCode('category', codes.category, category) : this.counter('category', category);
    const slot = slotOf(shape);
    all.countSlot(slot);
    c.countSlot(slot);
    g.countSlot(slot);
    s.countSlot(slot);
    k.countSlot(slot);
    // Grouped by department (compute.ts groupFacts / factsForUnit): the lead's group gets the case with its
    // department-attributed counts for the lead only; every other department it concerns gets only those.
    let own = shape & ~UNIT_BITS;
    for (let i = 0; i < UNIT_LISTS; i++) if (units[i]!.includes(lead)) own |= UNIT_BIT_LIST[i]!;
    const d = codes ? this.byCode('department', codes.lead, lead) : this.counter('department', lead);
    d.countSlot(own === shape ? slot : slotOf(own));
    if (shape & HANDLED_BIT) {
      this.handledOrder.push(order);
      this.handledMinutes.push(minutes);
      this.handledTargets.push(all, c, g, s, k, d);
    }
    let others: Set<string> | undefined;
    for (let i = 0; i < UNIT_LISTS; i++) for (const u of units[i]!) if (u !== lead) (others ??= new Set()).add(u);
    if (others)
      for (const u of others) {
        let bits = 0;
        for (let i = 0; i < UNIT_LISTS; i++) if (units[i]!.includes(u)) bits |= UNIT_BIT_LIST[i]!;
        this.counter('department', u).count(bits & OTHER_UNIT_MASK);
      }
  }

  /**
   * Adds a case from its record's derivation (deriveInto returned DERIVED); `keys` decodes its codes,
   * `rid` is its row (see add).
   */
  addDerived(x: FactScratch, keys: readonly string[], rid: number): void {
    if (this.metricsOnly) {
      this.add(rid, x.shape, x.handlingMinutes, '', '', '', '', '', this.unitScratch, x);
      return;
    }
    const u = this.unitScratch;
    for (let j = 0; j < UNIT_LISTS; j++) {
      const codes = x.units[UNIT_COUNT_IDS[j]!];
      const list = u[j]!;
      if (list.length !== codes.length) list.length = codes.length;
      for (let i = 0; i < codes.length; i++) list[i] = keys[codes[i]!] ?? '';
    }
    this.add(rid, x.shape, x.handlingMinutes, keys[x.community] ?? '', keys[x.grid] ?? '', keys[x.source] ?? '', keyOf(keys, x.category), keyOf(keys, x.lead), u, x);
    this.addTrend(Number.isNaN(x.reportedAt) ? undefined : x.reportedAt, x.closedAt, x.overdueAt);
  }

  /** Adds a case on the exact path (compute.ts caseFacts over the cached case, computeTrend for its trend). */
  addCase(c: GridEvent, rid: number): void {
    if (!this.metricsOnly) this.exact.push(c);
    const f = caseFacts([c], this.period, this.ref, this.now)[0];
    if (f) this.addFacts(f, rid);
  }

  /** Adds compute.ts facts (their trend is not added: see addCase). */
  addFacts(f: CaseFacts, rid: number): void {
    const s = f.state;
    this.add(rid, shapeOfFacts(f), f.handlingMinutes, groupKeyOf(s, 'community'), groupKeyOf(s, 'grid'), groupKeyOf(s, 'source'), groupKeyOf(s, 'category'), groupKeyOf(s, 'department'), UNIT_COUNT_IDS.map((id) => f.units[id]));
  }

  /**
   * Ends the adding. `emptyKeys` names the groupings in which some case not added (one with nothing to
   * count) has the key '' at t*: that group is listed too, as computeStats over every case lists it.
   */
  finish(emptyKeys: ReadonlyArray<'department' | 'category'> = []): this {
    for (const d of emptyKeys) this.counter(d, '');
    if (!this.finished) {
      this.finished = true;
      // Handling minutes in the exact path's order (see add).
      for (const i of byOrder(this.handledOrder)) {
        const m = this.handledMinutes[i]!;
        for (let j = i * this.targets; j < (i + 1) * this.targets; j++) this.handledTargets[j]!.addMinutes(m);
      }
      this.handledOrder.length = this.handledMinutes.length = this.handledTargets.length = 0;
      if (this.exact.length > 0) this.trendPoints = sumTrends(this.trendPoints, computeTrend(this.exact, this.period, this.ref, this.now));
      this.exact.length = 0;
    }
    return this;
  }

  /** The finished figures as plain data (computed in a worker thread, answered in the main one). */
  snapshot(): PeriodStatsSnapshot {
    this.finish();
    const groups = {} as PeriodStatsSnapshot['groups'];
    for (const d of Object.keys(this.groups) as Dim[]) groups[d] = [...this.groups[d]].map(([k, c]) => [k, c.snapshot()]);
    return { period: this.period, now: this.now, metricsOnly: this.metricsOnly, overall: this.overall.snapshot(), groups, trend: this.trendPoints };
  }

  /** The finished PeriodStats of a snapshot. */
  static fromSnapshot(s: PeriodStatsSnapshot, ref: RefData): PeriodStats {
    const ps = new PeriodStats(s.period, ref, s.now, s.metricsOnly);
    ps.finished = true;
    (ps as { overall: ShapeCounts }).overall = ShapeCounts.fromSnapshot(s.overall);
    for (const d of Object.keys(s.groups) as Dim[]) for (const [k, c] of s.groups[d]) ps.groups[d].set(k, ShapeCounts.fromSnapshot(c));
    ps.trendPoints = s.trend;
    return ps;
  }

  /** The StatsResult of the period grouped by `groupBy` (after finish): equal to computeStats. */
  result(groupBy: GroupBy): StatsResult {
    if (this.metricsOnly && groupBy !== 'none') throw new Error(`a metrics-only PeriodStats cannot be grouped by ${groupBy}`);
    this.metricsCache ??= this.overall.metrics();
    return {
      period: { from: this.period.from, to: this.period.to },
      metrics: this.metricsCache,
      groups: groupBy === 'none' ? [] : this.grouped(groupBy),
      trend: this.trendPoints.map((p) => ({ ...p })),
    };
  }

  private grouped(dim: Dim): StatsResult['groups'] {
    const m = this.groups[dim];
    // One stand-in fact per group (id = its key): compute.ts orders and labels the groups.
    const standIns: CaseFacts[] = [...m.keys()].map((key) => standIn(key));
    return groupedFromFacts(standIns, dim, this.ref, (b) => (b.length === 0 ? new ShapeCounts().metrics() : m.get(b[0]!.id)!.metrics()));
  }
}

const NO_COUNTS = Object.fromEntries(COUNT_METRIC_IDS.map((id) => [id, false])) as Record<CountMetricId, boolean>;

function standIn(key: string): CaseFacts {
  const orUndefined = key === '' ? undefined : key;
  const state = { communityId: key, gridId: key, source: key, category: orUndefined, leadDepartmentId: orUndefined };
  return { id: key, state: state as unknown as GridEvent, counts: NO_COUNTS, rated: false, satisfied: false, departmentHandled: false, handlingMinutes: 0, units: { ...NO_UNITS } as Record<UnitCountId, string[]> };
}
