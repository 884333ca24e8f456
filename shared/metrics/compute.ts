/**
 * Metric computation: pure functions over cases and a period. Definitions and their Chinese wording live
 * in definitions.ts; this file applies them. See the conventions at the top of definitions.ts.
 */
import type { MetricValue, StatsGroup as StatsGroupSchema, StatsResult } from '../api.js';
import { localDay, startOfLocalDay, addDays } from '../calendar/index.js';
import { clockMeasure, clockStateAt, usedMinutes } from '../clocks.js';
import { evolve } from '../engine/index.js';
import { SOURCE_LABELS } from '../engine/labels.js';
import type { CaseEvent, GridEvent } from '../gridEvent.js';
import { isOpen } from '../gridEvent.js';
import type { CaseClock, Satisfaction } from '../model.js';
import type { RefData } from '../refData.js';
import type { z } from 'zod';
import {
  COUNT_METRIC_IDS,
  METRIC_DEFINITIONS,
  type CountMetricId,
  type MetricDefinition,
  type MetricId,
  type RateMetricId,
} from './definitions.js';

/** A statistics period [from, to), epoch ms. */
export interface Period {
  from: number;
  to: number;
}

export type StatsGroup = z.infer<typeof StatsGroupSchema>;
export type TrendPoint = StatsResult['trend'][number];
export type GroupBy = 'none' | 'department' | 'community' | 'category' | 'source' | 'grid';

/** Which side of a rate a drill-down lists. Counts have only a numerator. */
export type MetricPart = 'numerator' | 'denominator';

/**
 * Counts that are a department's own act or concern rather than the case's: grouped by department they go
 * to the department named here, not to the lead at t* (a bounce counts against the department that
 * bounced, not against the one that received the mandatory re-dispatch).
 */
export const UNIT_COUNT_IDS = ['dispatched', 'bounced', 'extended', 'urged'] as const;
export type UnitCountId = (typeof UNIT_COUNT_IDS)[number];

/** Everything the metrics need to know about one case in one period (computed once, then aggregated). */
export interface CaseFacts {
  id: string;
  /** The case as it stood at the evaluation instant. */
  state: GridEvent;
  counts: Record<CountMetricId, boolean>;
  /** Rated in the period (满意/基本满意/不满意). */
  rated: boolean;
  /** Rated, and every rating in the period was 满意 or 基本满意. */
  satisfied: boolean;
  /** Result reported by a department in the period: the avgHandlingHours cohort. */
  departmentHandled: boolean;
  /** Used minutes of the department-charged handling clocks at the evaluation instant (with departmentHandled). */
  handlingMinutes: number;
  /** For each department-attributed count, the departments it concerns in the period (see UNIT_COUNT_IDS). */
  units: Record<UnitCountId, string[]>;
}

const RATED: ReadonlySet<Satisfaction> = new Set<Satisfaction>(['satisfied', 'basic', 'unsatisfied']);
const SATISFACTIONS: ReadonlySet<string> = new Set<string>(['satisfied', 'basic', 'unsatisfied', 'not_rated']);

/** The evaluation instant t* = min(period end, now). */
export function evaluationInstant(period: Period, now: number): number {
  return Math.min(period.to, now);
}

/**
 * The case as it stood at instant t (timeline entries with `at <= t`), or null if it did not exist yet.
 * Replays the timeline through the engine's evolve, so historical status and clocks are exact.
 */
export function caseStateAt(c: GridEvent, t: number): GridEvent | null {
  const tl = c.timeline;
  const first = tl[0];
  const last = tl[tl.length - 1];
  if (!first || !last) return c.reportedAt <= t ? c : null;
  if (last.at <= t) return c;
  if (first.at > t) return null;
  let s: GridEvent | null = null;
  for (const e of tl) {
    // Entries are appended in time order; stop at the first one after t so versions stay consecutive.
    if (e.at > t) break;
    s = evolve(s, e);
  }
  return s;
}

/** The handling clocks that count against a department (a bounce ends a clock with outcome 'stopped'). */
function chargedHandlingClocks(s: GridEvent): CaseClock[] {
  return s.clocks.filter((k) => k.kind === 'handling' && k.outcome !== 'stopped').sort((a, b) => a.startedAt - b.startedAt);
}

/** A handling clock missed its deadline (stopped late, or still running past it at t). */
function clockLate(k: CaseClock, t: number): boolean {
  if (k.outcome === 'late') return true;
  if (k.outcome === 'met' || k.outcome === 'stopped') return false;
  if (k.stoppedAt !== undefined) return k.stoppedAt > k.deadline;
  return k.pausedAt === undefined && t > k.deadline;
}

/** The deadline that makes a case due: that of its first department-charged handling clock. */
export function firstHandlingDeadline(s: GridEvent): number | undefined {
  return chargedHandlingClocks(s)[0]?.deadline;
}

function addUnit(set: Set<string>, unit: unknown): void {
  if (typeof unit === 'string' && unit.length > 0) set.add(unit);
}

function satisfactionOf(e: CaseEvent): Satisfaction | undefined {
  const v = e.data['satisfaction'];
  return typeof v === 'string' && SATISFACTIONS.has(v) ? (v as Satisfaction) : undefined;
}

/** Facts of every case for a period (cases that did not exist at t* are left out). */
export function caseFacts(cases: readonly GridEvent[], period: Period, ref: RefData, now: number): CaseFacts[] {
  const t = evaluationInstant(period, now);
  const inP = (at: number) => at >= period.from && at < period.to && at <= t;
  const out: CaseFacts[] = [];
  for (const c of cases) {
    const s = caseStateAt(c, t);
    // A duplicate merged at t* is no case of its own (MERGED_DUPLICATE_RULE): its original counts once.
    if (!s || s.mergedInto !== undefined) continue;
    const seen = new Set<CaseEvent['type']>();
    const dispatchedTo = new Set<string>();
    const bouncedBy = new Set<string>();
    let firstClosedAt: number | undefined;
    let rated = false;
    let unsatisfied = false;
    for (const e of s.timeline) {
      if (e.type === 'closed' && firstClosedAt === undefined) firstClosedAt = e.at;
      if (!inP(e.at)) continue;
      seen.add(e.type);
      if (e.type === 'dispatched') addUnit(dispatchedTo, e.data['leadDepartmentId'] ?? s.leadDepartmentId);
      if (e.type === 'bounced') addUnit(bouncedBy, e.data['departmentId'] ?? e.actor.unitId);
      const sat = satisfactionOf(e);
      if (sat && RATED.has(sat)) {
        rated = true;
        if (sat === 'unsatisfied') unsatisfied = true;
      }
    }
    const closed = seen.has('closed');
    const handling = chargedHandlingClocks(s);
    const dueAt = handling[0]?.deadline;
    const closedBeforePeriod = firstClosedAt !== undefined && firstClosedAt < period.from;
    const due = closed || (dueAt !== undefined && dueAt >= period.from && dueAt < t && !closedBeforePeriod);
    const open = isOpen(s);
    const overdueNow = open && s.clocks.some((k) => clockStateAt(k, t, ref.calendar) === 'overdue');
    const departmentHandled = seen.has('result_reported');
    let handlingMinutes = 0;
    if (departmentHandled) {
      // Time a department held the case before bouncing it is charged to the centre, so it is left out.
      for (const k of handling) handlingMinutes += usedMinutes(k, t, clockMeasure(k, ref.calendar));
    }
    const extendedUnits = new Set(s.clocks.filter((k) => k.extensions.some((x) => inP(x.at))).map((k) => k.unitId));
    const urgedUnits = new Set(s.urges.filter((u) => inP(u.issuedAt)).map((u) => u.departmentId));
    out.push({
      id: s.id,
      state: s,
      counts: {
        reported: inP(s.reportedAt),
        accepted: seen.has('accepted'),
        dispatched: seen.has('dispatched'),
        handled: departmentHandled || seen.has('self_handled'),
        due,
        closed,
        closedOnTime: closed && handling.every((k) => !clockLate(k, t)),
        overdueNow,
        bounced: seen.has('bounced'),
        reworked: seen.has('rework_ordered'),
        extended: extendedUnits.size > 0,
        parked: due && s.status === 'parked',
        urged: urgedUnits.size > 0,
        reopened: seen.has('reopened'),
      },
      rated,
      satisfied: rated && !unsatisfied,
      departmentHandled,
      handlingMinutes,
      units: { dispatched: [...dispatchedTo], bounced: [...bouncedBy], extended: [...extendedUnits], urged: [...urgedUnits] },
    });
  }
  return out;
}

type Pred = (f: CaseFacts) => boolean;
const has =
  (id: CountMetricId): Pred =>
  (f) =>
    f.counts[id];
const and =
  (...ps: Pred[]): Pred =>
  (f) =>
    ps.every((p) => p(f));

/** Numerator and denominator predicates of each rate; the numerator always implies the denominator. */
const RATE_PARTS: Record<RateMetricId, { num: Pred; den: Pred }> = {
  onTimeClosureRate: { num: has('closedOnTime'), den: (f) => f.counts.due && !f.counts.parked },
  onTimeClosureRateStrict: { num: has('closedOnTime'), den: (f) => f.counts.closed || f.counts.overdueNow },
  closureRate: { num: has('closed'), den: (f) => f.counts.due && !f.counts.parked },
  reworkRate: { num: and(has('handled'), has('reworked')), den: has('handled') },
  bounceRate: { num: and(has('dispatched'), has('bounced')), den: has('dispatched') },
  extensionRate: { num: and(has('dispatched'), has('extended')), den: has('dispatched') },
  satisfactionRate: { num: (f) => f.satisfied, den: (f) => f.rated },
  avgHandlingHours: { num: (f) => f.departmentHandled, den: (f) => f.departmentHandled },
};

function predicate(id: MetricId, part: MetricPart): Pred {
  if ((COUNT_METRIC_IDS as readonly string[]).includes(id)) return has(id as CountMetricId);
  const parts = RATE_PARTS[id as RateMetricId];
  return part === 'denominator' ? parts.den : parts.num;
}

function valueOf(def: MetricDefinition, facts: readonly CaseFacts[]): MetricValue {
  const base = { id: def.id, label: def.label, unit: def.unit, formula: def.formula, version: def.version };
  if (def.unit === 'count') {
    const p = predicate(def.id, 'numerator');
    let n = 0;
    for (const f of facts) if (p(f)) n++;
    return { ...base, value: n };
  }
  if (def.unit === 'hours') {
    let cases = 0;
    let minutes = 0;
    for (const f of facts) {
      if (!f.departmentHandled) continue;
      cases++;
      minutes += f.handlingMinutes;
    }
    const hours = minutes / 60;
    return { ...base, value: cases === 0 ? null : hours / cases, numerator: hours, denominator: cases };
  }
  const { num, den } = RATE_PARTS[def.id as RateMetricId];
  let n = 0;
  let d = 0;
  for (const f of facts) {
    if (!den(f)) continue;
    d++;
    if (num(f)) n++;
  }
  return { ...base, value: d === 0 ? null : n / d, numerator: n, denominator: d };
}

/** Every metric over already computed facts, in METRIC_DEFINITIONS order. */
export function metricsFromFacts(facts: readonly CaseFacts[]): MetricValue[] {
  return METRIC_DEFINITIONS.map((def) => valueOf(def, facts));
}

/** Every metric of METRIC_DEFINITIONS for the cases in a period, evaluated at min(period end, now). */
export function computeMetrics(cases: readonly GridEvent[], period: Period, ref: RefData, now: number): MetricValue[] {
  return metricsFromFacts(caseFacts(cases, period, ref, now));
}

const NO_DEPARTMENT = '';

/** The group key of a case (its state at the evaluation instant). Department = lead department. */
export function groupKeyOf(s: GridEvent, groupBy: GroupBy): string {
  switch (groupBy) {
    case 'none':
      return 'all';
    case 'department':
      return s.leadDepartmentId ?? NO_DEPARTMENT;
    case 'community':
      return s.communityId;
    case 'category':
      return s.category ?? '';
    case 'source':
      return s.source;
    case 'grid':
      return s.gridId;
  }
}

/** All keys of a dimension known from the reference data, in reference order, with labels. */
function knownGroups(groupBy: GroupBy, ref: RefData): [string, string][] {
  switch (groupBy) {
    case 'none':
      return [['all', '全部']];
    case 'department':
      return ref.departments.map((d) => [d.id, d.shortName]);
    case 'community':
      return ref.communities.map((c) => [c.id, c.name]);
    case 'category':
      return [...new Set(ref.catalog.map((i) => i.category))].map((c) => [c, c]);
    case 'source':
      return Object.entries(SOURCE_LABELS);
    case 'grid':
      return ref.grids.map((g) => [g.id, g.name]);
  }
}

function unknownLabel(groupBy: GroupBy, key: string): string {
  if (key === '') return groupBy === 'department' ? '未派遣' : groupBy === 'category' ? '未分类' : '未知';
  return key;
}

/**
 * Metrics per group. Every group known from the reference data is listed (with zero counts when it has
 * no cases), followed by any other key found in the cases (e.g. '' = not yet dispatched / not classified).
 */
export function computeGrouped(cases: readonly GridEvent[], period: Period, groupBy: GroupBy, ref: RefData, now: number): StatsGroup[] {
  const facts = caseFacts(cases, period, ref, now);
  return groupedFromFacts(facts, groupBy, ref);
}

/** The facts of `f` as they concern department `unit`: its department-attributed counts only for that unit. */
function factsForUnit(f: CaseFacts, unit: string, isGroupOfCase: boolean): CaseFacts {
  const counts = { ...f.counts };
  if (!isGroupOfCase) for (const id of COUNT_METRIC_IDS) counts[id] = false;
  for (const id of UNIT_COUNT_IDS) counts[id] = f.units[id].includes(unit);
  if (isGroupOfCase) return { ...f, counts };
  return { ...f, counts, rated: false, satisfied: false, departmentHandled: false, handlingMinutes: 0 };
}

/**
 * The facts of each group. A case belongs to the group of its key at t*. Grouped by department, the
 * department-attributed counts (UNIT_COUNT_IDS) go to the departments they concern instead, so a case can
 * also appear, with only those counts, in the group of a department that is no longer its lead (the one
 * that bounced it). Within a group a case appears at most once.
 */
function groupFacts(facts: readonly CaseFacts[], groupBy: GroupBy): Map<string, CaseFacts[]> {
  const buckets = new Map<string, CaseFacts[]>();
  const add = (key: string, f: CaseFacts) => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = []));
    b.push(f);
  };
  for (const f of facts) {
    const key = groupKeyOf(f.state, groupBy);
    if (groupBy !== 'department') {
      add(key, f);
      continue;
    }
    add(key, factsForUnit(f, key, true));
    const others = new Set(UNIT_COUNT_IDS.flatMap((id) => f.units[id]));
    others.delete(key);
    for (const unit of [...others].sort()) add(unit, factsForUnit(f, unit, false));
  }
  return buckets;
}

/**
 * The groups of `facts`. `metrics` computes a group's metrics: metricsFromFacts, or an evaluator proven to
 * give exactly the same values (fastMetrics.ts fastMetricsFromFacts, used by the workstation statistics).
 */
export function groupedFromFacts(facts: readonly CaseFacts[], groupBy: GroupBy, ref: RefData, metrics: (facts: readonly CaseFacts[]) => MetricValue[] = metricsFromFacts): StatsGroup[] {
  const buckets = groupFacts(facts, groupBy);
  const groups: StatsGroup[] = [];
  const known = knownGroups(groupBy, ref);
  const knownKeys = new Set(known.map(([k]) => k));
  for (const [key, label] of known) groups.push({ key, label, metrics: metrics(buckets.get(key) ?? []) });
  for (const [key, b] of [...buckets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!knownKeys.has(key)) groups.push({ key, label: unknownLabel(groupBy, key), metrics: metrics(b) });
  }
  return groups;
}

/**
 * Ids of the exact cases behind a metric (a count's cases, a rate's numerator or, with part
 * 'denominator', its denominator), optionally within one group. Sorted by id. Unknown metric: throws.
 */
export function metricCaseIds(
  metricId: string,
  cases: readonly GridEvent[],
  period: Period,
  ref: RefData,
  now: number,
  part: MetricPart = 'numerator',
  group?: { groupBy: GroupBy; key: string },
): string[] {
  if (!METRIC_DEFINITIONS.some((d) => d.id === metricId)) throw new RangeError(`未知的统计指标：${metricId}`);
  const p = predicate(metricId as MetricId, part);
  const facts = caseFacts(cases, period, ref, now);
  const ids: string[] = [];
  for (const f of group ? (groupFacts(facts, group.groupBy).get(group.key) ?? []) : facts) if (p(f)) ids.push(f.id);
  return ids.sort();
}

/** Trend day limit: a longer period is cut to its last TREND_MAX_DAYS days. */
export const TREND_MAX_DAYS = 400;

/**
 * Per local day of the period: cases reported that day, cases closed that day, and cases that went
 * overdue that day (a clock's deadline fell in that day and the clock was still running at it, or it
 * ended late). Evaluated on the cases as they stood at min(period end, now), so a running period never
 * counts deadlines that are still in the future. `now` is required (no wall clock here): the same input
 * always gives the same trend.
 */
export function computeTrend(cases: readonly GridEvent[], period: Period, ref: RefData, now: number): TrendPoint[] {
  const t = evaluationInstant(period, now);
  const states: GridEvent[] = [];
  for (const c of cases) {
    const s = caseStateAt(c, t);
    if (s && s.mergedInto === undefined) states.push(s);
  }
  return trendFromStates(states, period, ref, t);
}

/** The trend over cases already taken as they stood at the evaluation instant `t`. */
function trendFromStates(states: readonly GridEvent[], period: Period, ref: RefData, t: number): TrendPoint[] {
  const cfg = ref.calendar;
  if (period.to <= period.from) return [];
  let first = localDay(period.from, cfg);
  const last = localDay(period.to - 1, cfg);
  const lastStart = startOfLocalDay(last, cfg);
  if ((lastStart - startOfLocalDay(first, cfg)) / 86_400_000 >= TREND_MAX_DAYS) first = addDays(last, -(TREND_MAX_DAYS - 1));
  const points = new Map<string, TrendPoint>();
  for (let d = first; ; d = addDays(d, 1)) {
    points.set(d, { day: d, reported: 0, closed: 0, overdue: 0 });
    if (d === last) break;
  }
  const inP = (at: number) => at >= period.from && at < period.to && at <= t;
  for (const s of states) {
    if (inP(s.reportedAt)) bump(points, localDay(s.reportedAt, cfg), 'reported');
    const closedDays = new Set<string>();
    for (const e of s.timeline) if (e.type === 'closed' && inP(e.at)) closedDays.add(localDay(e.at, cfg));
    for (const d of closedDays) bump(points, d, 'closed');
    const overdueDays = new Set<string>();
    for (const k of s.clocks) {
      if (!inP(k.deadline) || k.deadline >= t) continue;
      // The deadline passed while the clock still ran (or it ended late): the case went overdue that day.
      const wentOverdue =
        k.outcome === 'late' ||
        (k.stoppedAt === undefined && (k.pausedAt === undefined || k.pausedAt > k.deadline)) ||
        (k.outcome === undefined && k.stoppedAt !== undefined && k.stoppedAt > k.deadline);
      if (wentOverdue) overdueDays.add(localDay(k.deadline, cfg));
    }
    for (const d of overdueDays) bump(points, d, 'overdue');
  }
  return [...points.values()];
}

function bump(points: Map<string, TrendPoint>, day: string, key: 'reported' | 'closed' | 'overdue'): void {
  const p = points.get(day);
  if (p) p[key]++;
}

/** A whole StatsResult (metrics, groups and trend) in one pass over the facts. */
export function computeStats(cases: readonly GridEvent[], period: Period, groupBy: GroupBy, ref: RefData, now: number): StatsResult {
  const facts = caseFacts(cases, period, ref, now);
  return {
    period: { from: period.from, to: period.to },
    metrics: metricsFromFacts(facts),
    groups: groupBy === 'none' ? [] : groupedFromFacts(facts, groupBy, ref),
    trend: trendFromStates(
      facts.map((f) => f.state),
      period,
      ref,
      evaluationInstant(period, now),
    ),
  };
}
