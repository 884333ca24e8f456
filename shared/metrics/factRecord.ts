/**
 * Compact, period-independent statistics record of one case (统计事实记录), and the derivation of its
 * CaseFacts for any period and evaluation instant from it — the fast path of the statistics screen.
 *
 * The record is built once per case version by replaying its timeline through the engine's evolve. It
 * holds:
 * - marks: the timeline entries and state items the counts look at (accepted, dispatched, handled, closed,
 *   bounced, rework, ratings, approved extensions, urges), each with the instant it is judged by (`at`)
 *   and the instant from which the case state at t contains it (`from`);
 * - segments: for every stretch of time between two timeline entries, the values of the case state at t
 *   the metrics need (open, parked, lead department, category, first handling deadline, the instant from
 *   which a running clock is overdue / a handling clock is late, handling minutes, went-overdue deadlines).
 * Every value is taken from the same state caseFacts looks at (caseStateAt), so derived facts equal
 * caseFacts (proven by factRecord.test.ts against engine-made histories). A case whose shape the record
 * cannot represent exactly gets no record (null) and is evaluated on the exact path (caseFacts); a segment
 * whose handling minutes depend on t (a handling clock still running) makes only that evaluation exact-path.
 *
 * Encoding: one Float64Array (strings as codes of a dictionary the caller keeps), so reading a record costs
 * no parsing. Layout: [FORMAT, reportedAt, community, grid, source, nMarks, nSegs, marks (4 each), segs].
 */
import { localDay, startOfLocalDay, addDays } from '../calendar/index.js';
import { dayIndexOf, startOfDayIndex } from '../calendar/localDay.js';
import { clockMeasure, usedMinutes } from '../clocks.js';
import { evolve } from '../engine/index.js';
import type { CaseEvent, GridEvent } from '../gridEvent.js';
import { isOpen } from '../gridEvent.js';
import type { CaseClock } from '../model.js';
import type { CalendarConfig } from '../calendar/types.js';
import { COUNT_METRIC_IDS, type CountMetricId } from './definitions.js';
import { fastMetricsFromFacts, HANDLED_BIT, RATED_BIT, SATISFIED_BIT, SHAPE_BIT } from './fastMetrics.js';
import type { RefData } from '../refData.js';
import type { MetricValue, StatsResult } from '../api.js';
import {
  TREND_MAX_DAYS,
  caseFacts,
  computeTrend,
  evaluationInstant,
  groupedFromFacts,
  type CaseFacts,
  type GroupBy,
  type Period,
  type TrendPoint,
  type UnitCountId,
} from './compute.js';

/** Format of the encoded record; a stored record of another format is rebuilt. */
export const FACT_RECORD_FORMAT = 3;

/** Mark kinds. */
export const MARK = {
  accepted: 1,
  dispatched: 2,
  result_reported: 3,
  self_handled: 4,
  closed: 5,
  bounced: 6,
  rework_ordered: 7,
  ratedOk: 8,
  ratedUnsatisfied: 9,
  extension: 10,
  urge: 11,
  reopened: 12,
} as const;

const EVENT_MARKS: Partial<Record<CaseEvent['type'], number>> = {
  accepted: MARK.accepted,
  dispatched: MARK.dispatched,
  result_reported: MARK.result_reported,
  self_handled: MARK.self_handled,
  closed: MARK.closed,
  bounced: MARK.bounced,
  rework_ordered: MARK.rework_ordered,
  reopened: MARK.reopened,
};

/** Unit code meaning "no unit" and, for a dispatch without data.leadDepartmentId, "the lead at t". */
export const NO_CODE = -1;
export const LEAD_AT_T = -2;

/** String → code dictionary the encoder fills and the decoder reads (kept by the caller, e.g. in SQLite). */
export interface FactCodes {
  code(key: string): number;
}

const HEADER = 7;
const MARK_SIZE = 4;
/** start, end, flags, lead, category, dueAt, overdueFrom, lateFrom, handlingMinutes, nOd (then nOd deadlines). */
const SEG_FIXED = 10;
const OPEN = 1;
const TERM_FIXED = 0;
const TERM_CLOCK = 1;

/** Doubles of the segment at `o`: fixed part, went-overdue deadlines, and handling terms when hm is NaN. */
function segLength(r: Float64Array, o: number): number {
  const n = SEG_FIXED + r[o + 9]!;
  return Number.isNaN(r[o + 8]!) ? n + 1 + r[o + n]! : n;
}

/** The handling minutes at t from the terms at `o` ([length, terms…]): the sum compute.ts caseFacts makes. */
function termMinutes(r: Float64Array, o: number, t: number, calendar: CalendarConfig): number {
  const end = o + 1 + r[o]!;
  let minutes = 0;
  for (let i = o + 1; i < end; ) {
    if (r[i] === TERM_FIXED) {
      minutes += r[i + 1]!;
      i += 2;
      continue;
    }
    const nPauses = r[i + 5]!;
    const pauses: Array<{ from: number; to: number }> = [];
    for (let j = 0; j < nPauses; j++) pauses.push({ from: r[i + 6 + 2 * j]!, to: r[i + 7 + 2 * j]! });
    const stoppedAt = r[i + 2]!;
    const pausedAt = r[i + 3]!;
    const natural = r[i + 4] === 1;
    const k = { startedAt: r[i + 1]!, pauses, natural, ...(Number.isNaN(stoppedAt) ? {} : { stoppedAt }), ...(Number.isNaN(pausedAt) ? {} : { pausedAt }) } as CaseClock;
    minutes += usedMinutes(k, t, clockMeasure(k, calendar));
    i += 6 + 2 * nPauses;
  }
  return minutes;
}
const PARKED = 2;

const RATED = new Set(['satisfied', 'basic', 'unsatisfied']);

interface SegValues {
  flags: number;
  lead: number;
  category: number;
  dueAt: number;
  overdueFrom: number;
  lateFrom: number;
  hm: number;
  od: number[];
  /** With hm NaN: the handling clocks' terms (see handlingTerms), in the order their minutes are summed. */
  terms: number[];
}

function chargedHandling(s: GridEvent): CaseClock[] {
  return s.clocks.filter((k) => k.kind === 'handling' && k.outcome !== 'stopped').sort((a, b) => a.startedAt - b.startedAt);
}

/** Same test as compute.ts trend: the deadline passed while the clock still ran, or it ended late. */
function wentOverdue(k: CaseClock): boolean {
  return (
    k.outcome === 'late' ||
    (k.stoppedAt === undefined && (k.pausedAt === undefined || k.pausedAt > k.deadline)) ||
    (k.outcome === undefined && k.stoppedAt !== undefined && k.stoppedAt > k.deadline)
  );
}

function segValues(s: GridEvent, start: number, calendar: CalendarConfig, codes: FactCodes): SegValues {
  const handling = chargedHandling(s);
  let overdueFrom = Infinity;
  for (const k of s.clocks) if (k.stoppedAt === undefined && k.pausedAt === undefined && k.deadline < overdueFrom) overdueFrom = k.deadline;
  let lateFrom = Infinity;
  let hm = 0;
  const terms: number[] = [];
  for (const k of handling) {
    // clockLate(k, t): late outcome, or stopped after its deadline (without met/stopped), or running past it.
    if (k.outcome === 'late') lateFrom = -Infinity;
    else if (k.outcome === 'met' || k.outcome === 'stopped') {
      /* never late */
    } else if (k.stoppedAt !== undefined) {
      if (k.stoppedAt > k.deadline) lateFrom = -Infinity;
    } else if (k.pausedAt === undefined && k.deadline < lateFrom) lateFrom = k.deadline;
    // Used minutes are fixed once the clock stopped before the segment; otherwise they depend on t and
    // the clock is kept (the fields usedMinutes reads) to compute them at t.
    if (k.stoppedAt !== undefined && k.stoppedAt <= start) {
      const used = usedMinutes(k, k.stoppedAt, clockMeasure(k, calendar));
      hm += used;
      terms.push(TERM_FIXED, used);
    } else {
      hm = NaN;
      terms.push(TERM_CLOCK, k.startedAt, k.stoppedAt ?? NaN, k.pausedAt ?? NaN, k.natural ? 1 : 0, k.pauses.length);
      for (const p of k.pauses) terms.push(p.from, p.to);
    }
  }
  const od = [...new Set(s.clocks.filter(wentOverdue).map((k) => k.deadline))];
  return {
    flags: (isOpen(s) ? OPEN : 0) | (s.status === 'parked' ? PARKED : 0),
    lead: s.leadDepartmentId === undefined ? NO_CODE : codes.code(s.leadDepartmentId),
    category: s.category === undefined ? NO_CODE : codes.code(s.category),
    dueAt: handling[0]?.deadline ?? NaN,
    overdueFrom,
    lateFrom,
    hm,
    od,
    terms: Number.isNaN(hm) ? terms : [],
  };
}

const sameNum = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
function sameSeg(a: SegValues, b: SegValues): boolean {
  return (
    a.flags === b.flags &&
    a.lead === b.lead &&
    a.category === b.category &&
    sameNum(a.dueAt, b.dueAt) &&
    a.overdueFrom === b.overdueFrom &&
    a.lateFrom === b.lateFrom &&
    sameNum(a.hm, b.hm) &&
    a.terms.length === b.terms.length &&
    a.terms.every((x, i) => sameNum(x, b.terms[i]!)) &&
    a.od.length === b.od.length &&
    a.od.every((x, i) => x === b.od[i])
  );
}

const unitCode = (v: unknown, codes: FactCodes) => (typeof v === 'string' && v.length > 0 ? codes.code(v) : NO_CODE);

/**
 * The compact record of a case from its full timeline (entries with data.clocks), or null when the record
 * cannot represent it exactly (then the case is evaluated on the exact path). `dims` overrides the fixed
 * dimensions (community, grid, source) with those of the stored case state when they differ from the replay
 * (bench data only).
 */
export function buildFactRecord(c: GridEvent, calendar: CalendarConfig, codes: FactCodes, dims?: Pick<GridEvent, 'communityId' | 'gridId' | 'source'>): Float64Array | null {
  const tl = c.timeline;
  if (tl.length === 0) return null;
  for (let i = 1; i < tl.length; i++) if (tl[i]!.at < tl[i - 1]!.at) return null; // out-of-order entries: exact path
  // A case that was ever merged as a duplicate counts only while not merged (MERGED_DUPLICATE_RULE): exact path.
  if (tl.some((e) => e.type === 'merged')) return null;
  const marks: number[] = [];
  const segs: Array<{ start: number; end: number; v: SegValues }> = [];
  const seenState = new Map<string, boolean>();
  let s: GridEvent | null = null;
  let first: GridEvent | null = null;
  for (let i = 0; i < tl.length; i++) {
    const e = tl[i]!;
    try {
      s = evolve(s, e);
    } catch {
      return null; // a timeline the engine cannot replay (gaps): exact path
    }
    if (!first) first = s;
    if (s.reportedAt !== first.reportedAt || s.communityId !== first.communityId || s.gridId !== first.gridId || s.source !== first.source) return null;
    const kind = EVENT_MARKS[e.type];
    if (kind !== undefined) {
      let unit = NO_CODE;
      if (kind === MARK.dispatched) unit = e.data['leadDepartmentId'] == null ? LEAD_AT_T : unitCode(e.data['leadDepartmentId'], codes);
      if (kind === MARK.bounced) unit = unitCode(e.data['departmentId'] ?? e.actor.unitId, codes);
      marks.push(kind, e.at, e.at, unit);
    }
    const sat = e.data['satisfaction'];
    if (typeof sat === 'string' && RATED.has(sat)) marks.push(sat === 'unsatisfied' ? MARK.ratedUnsatisfied : MARK.ratedOk, e.at, e.at, NO_CODE);
    // Entries with the same instant form one state for every t: only the last of them opens a segment.
    const next = tl[i + 1];
    if (next && next.at === e.at) continue;
    // State items (extensions, urges) must stay once present, so that "present at t" = "from <= t".
    const present = new Set<string>();
    for (const k of s.clocks)
      k.extensions.forEach((x, j) => {
        const key = `x|${k.id}|${j}|${x.at}|${k.unitId}`;
        present.add(key);
        if (!seenState.has(key)) {
          seenState.set(key, true);
          marks.push(MARK.extension, x.at, e.at, unitCode(k.unitId, codes));
        }
      });
    for (const u of s.urges) {
      const key = `u|${u.id}|${u.issuedAt}|${u.departmentId}`;
      present.add(key);
      if (!seenState.has(key)) {
        seenState.set(key, true);
        marks.push(MARK.urge, u.issuedAt, e.at, unitCode(u.departmentId, codes));
      }
    }
    for (const key of seenState.keys()) if (!present.has(key)) return null;
    const v = segValues(s, e.at, calendar, codes);
    const end = next ? next.at : Infinity;
    const last = segs[segs.length - 1];
    if (last && sameSeg(last.v, v)) last.end = end;
    else segs.push({ start: e.at, end, v });
  }
  const fin = s!;
  // The record must describe the stored state: a replay that does not reach it means missing entries.
  if (fin.version !== c.version || fin.status !== c.status) return null;
  const d = dims ?? fin;
  const out: number[] = [FACT_RECORD_FORMAT, fin.reportedAt, codes.code(d.communityId), codes.code(d.gridId), codes.code(d.source), marks.length / MARK_SIZE, segs.length, ...marks];
  for (const g of segs) {
    out.push(g.start, g.end, g.v.flags, g.v.lead, g.v.category, g.v.dueAt, g.v.overdueFrom, g.v.lateFrom, g.v.hm, g.v.od.length, ...g.v.od);
    if (Number.isNaN(g.v.hm)) out.push(g.v.terms.length, ...g.v.terms);
  }
  return Float64Array.from(out);
}

/**
 * The tail of a record: the same record with only its last segment (header with one segment, every mark,
 * the last segment with its deadlines and terms), and the instant it starts. For every t from that
 * instant on, deriveInto gives the same from the tail as from the whole record (the state at t is the last
 * segment's; the marks are all there) — proven by factRecord.test.ts. Statistics read the tail, a third
 * of the bytes, whenever the evaluation instant is past the case's last change.
 */
export function recordTail(r: Float64Array): { tail: Float64Array; from: number } {
  const nMarks = r[5]!;
  const nSegs = r[6]!;
  const segs = HEADER + nMarks * MARK_SIZE;
  let last = segs;
  for (let i = 0, o = segs; i < nSegs; i++) {
    last = o;
    o += segLength(r, o);
  }
  if (nSegs <= 1) return { tail: r, from: nSegs === 1 ? r[segs]! : -Infinity };
  const lastLen = segLength(r, last);
  const tail = new Float64Array(segs + lastLen);
  tail.set(r.subarray(0, segs));
  tail[6] = 1;
  tail.set(r.subarray(last, last + lastLen), segs);
  return { tail, from: r[last]! };
}

/** What a record gives for one period: CaseFacts (the state reduced to its group keys) and trend marks. */
export interface DerivedFacts extends CaseFacts {
  /** Instants the trend counts: reported (if in P), closed entries in P, went-overdue deadlines in P before t. */
  trend: { reportedAt: number | undefined; closedAt: readonly number[]; overdueAt: readonly number[] };
}

/** Marker: this record cannot give the facts at this t exactly (handling minutes depend on t). */
export const EXACT_PATH = 'exact' as const;

const EMPTY_COUNTS = (): Record<CountMetricId, boolean> => Object.fromEntries(COUNT_METRIC_IDS.map((id) => [id, false])) as Record<CountMetricId, boolean>;
/**
 * What a record gives for one period, without objects: the shape (fastMetrics.ts SHAPE_BIT…), handling
 * minutes, group key codes, the unit codes of the department-attributed counts and the trend marks. One
 * instance is reused for every record (see deriveInto).
 */
export class FactScratch {
  shape = 0;
  handlingMinutes = 0;
  community = NO_CODE;
  grid = NO_CODE;
  source = NO_CODE;
  category = NO_CODE;
  lead = NO_CODE;
  /** Unit codes (distinct, each with a non-empty key) per UNIT_COUNT_IDS entry. */
  readonly units: Record<UnitCountId, number[]> = { dispatched: [], bounced: [], extended: [], urged: [] };
  /** Report instant when counted as reported, else NaN. */
  reportedAt = NaN;
  readonly closedAt: number[] = [];
  readonly overdueAt: number[] = [];
}

function addCode(list: number[], code: number, keys: readonly string[]): void {
  if (code < 0 || (keys[code] ?? '').length === 0) return;
  if (!list.includes(code)) list.push(code);
}

/** Result of deriveInto. */
export const DERIVED = 1;
export const ABSENT = 0;
export const EXACT = -1;

/**
 * The facts of the case in the period from its record, into `out`: DERIVED, ABSENT when the case did not
 * exist at t, EXACT when only the exact path can give them (handling minutes depend on t). The record
 * starts at r[b] (records can be read in place from a blob of many).
 */
export function deriveInto(r: Float64Array, b: number, period: Period, t: number, keys: readonly string[], calendar: CalendarConfig, out: FactScratch): number {
  const from = period.from;
  const to = period.to;
  const nMarks = r[b + 5]!;
  const nSegs = r[b + 6]!;
  // The segment that contains t (the state at t).
  let seg = -1;
  for (let i = 0, o = b + HEADER + nMarks * MARK_SIZE; i < nSegs; i++) {
    if (r[o]! > t) break;
    if (t < r[o + 1]!) {
      seg = o;
      break;
    }
    o += segLength(r, o);
  }
  if (seg < 0) return ABSENT;
  const lead = r[seg + 3]!;
  const flags = r[seg + 2]!;
  const units = out.units;
  // Setting length is a runtime call: only when there is something to clear.
  if (units.dispatched.length > 0) units.dispatched.length = 0;
  if (units.bounced.length > 0) units.bounced.length = 0;
  if (units.extended.length > 0) units.extended.length = 0;
  if (units.urged.length > 0) units.urged.length = 0;
  if (out.closedAt.length > 0) out.closedAt.length = 0;
  if (out.overdueAt.length > 0) out.overdueAt.length = 0;
  let seen = 0;
  let firstClosedAt: number | undefined;
  let rated = false;
  let unsatisfied = false;
  for (let i = 0, o = b + HEADER; i < nMarks; i++, o += MARK_SIZE) {
    if (r[o + 2]! > t) continue;
    const kind = r[o]!;
    const at = r[o + 1]!;
    if (kind === MARK.closed && firstClosedAt === undefined) firstClosedAt = at;
    // In the period and at or before t (inP of compute.ts).
    if (!(at >= from && at < to && at <= t)) continue;
    seen |= 1 << kind;
    const unit = r[o + 3]!;
    if (kind === MARK.dispatched) addCode(units.dispatched, unit === LEAD_AT_T ? lead : unit, keys);
    else if (kind === MARK.bounced) addCode(units.bounced, unit, keys);
    else if (kind === MARK.extension) addCode(units.extended, unit, keys);
    else if (kind === MARK.urge) addCode(units.urged, unit, keys);
    else if (kind === MARK.ratedOk) rated = true;
    else if (kind === MARK.ratedUnsatisfied) rated = unsatisfied = true;
    else if (kind === MARK.closed) out.closedAt.push(at);
  }
  const departmentHandled = (seen & (1 << MARK.result_reported)) !== 0;
  let hm = r[seg + 8]!;
  if (departmentHandled && Number.isNaN(hm)) hm = termMinutes(r, seg + SEG_FIXED + r[seg + 9]!, t, calendar);
  if (departmentHandled && Number.isNaN(hm)) return EXACT;
  const closed = (seen & (1 << MARK.closed)) !== 0;
  const dueAt = r[seg + 5]!;
  const closedBeforePeriod = firstClosedAt !== undefined && firstClosedAt < from;
  const due = closed || (dueAt >= from && dueAt < t && !closedBeforePeriod); // NaN (no handling clock) compares false
  const reportedAt = r[b + 1]!;
  const reported = reportedAt >= from && reportedAt < to && reportedAt <= t;
  for (let i = 0, n = r[seg + 9]!; i < n; i++) {
    const d = r[seg + SEG_FIXED + i]!;
    if (d >= from && d < to && d < t) out.overdueAt.push(d);
  }
  let shape = 0;
  if (reported) shape |= SHAPE_BIT.reported;
  if (seen & (1 << MARK.accepted)) shape |= SHAPE_BIT.accepted;
  if (seen & (1 << MARK.dispatched)) shape |= SHAPE_BIT.dispatched;
  if (departmentHandled || (seen & (1 << MARK.self_handled)) !== 0) shape |= SHAPE_BIT.handled;
  if (due) shape |= SHAPE_BIT.due;
  if (closed) shape |= SHAPE_BIT.closed;
  if (closed && !(t > r[seg + 7]!)) shape |= SHAPE_BIT.closedOnTime;
  if ((flags & OPEN) !== 0 && t > r[seg + 6]!) shape |= SHAPE_BIT.overdueNow;
  if (seen & (1 << MARK.bounced)) shape |= SHAPE_BIT.bounced;
  if (seen & (1 << MARK.rework_ordered)) shape |= SHAPE_BIT.reworked;
  if (units.extended.length > 0) shape |= SHAPE_BIT.extended;
  if (due && (flags & PARKED) !== 0) shape |= SHAPE_BIT.parked;
  if (units.urged.length > 0) shape |= SHAPE_BIT.urged;
  if (seen & (1 << MARK.reopened)) shape |= SHAPE_BIT.reopened;
  if (rated) shape |= RATED_BIT;
  if (rated && !unsatisfied) shape |= SATISFIED_BIT;
  if (departmentHandled) shape |= HANDLED_BIT;
  out.shape = shape;
  out.handlingMinutes = departmentHandled ? hm : 0;
  out.community = r[b + 2]!;
  out.grid = r[b + 3]!;
  out.source = r[b + 4]!;
  out.category = r[seg + 4]!;
  out.lead = lead;
  out.reportedAt = reported ? reportedAt : NaN;
  return DERIVED;
}

/**
 * The facts of the case in the period, from its record: null when the case did not exist at t*, EXACT_PATH
 * when only the exact path can give them. `keys[code]` decodes string codes. The state of the facts holds
 * only the fields groupKeyOf reads, so grouping (groupedFromFacts) and every metric formula stay compute.ts's.
 */
export function deriveFacts(id: string, r: Float64Array, period: Period, now: number, keys: readonly string[], calendar: CalendarConfig): DerivedFacts | null | typeof EXACT_PATH {
  const x = new FactScratch();
  const res = deriveInto(r, 0, period, evaluationInstant(period, now), keys, calendar, x);
  if (res === ABSENT) return null;
  if (res === EXACT) return EXACT_PATH;
  const key = (c: number) => keys[c] ?? '';
  const counts = EMPTY_COUNTS();
  for (const cid of COUNT_METRIC_IDS) counts[cid] = (x.shape & SHAPE_BIT[cid]) !== 0;
  return {
    id,
    state: { id, communityId: key(x.community), gridId: key(x.grid), source: key(x.source), category: x.category < 0 ? undefined : key(x.category), leadDepartmentId: x.lead < 0 ? undefined : key(x.lead) } as unknown as GridEvent,
    counts,
    rated: (x.shape & RATED_BIT) !== 0,
    satisfied: (x.shape & SATISFIED_BIT) !== 0,
    departmentHandled: (x.shape & HANDLED_BIT) !== 0,
    handlingMinutes: x.handlingMinutes,
    units: { dispatched: x.units.dispatched.map(key), bounced: x.units.bounced.map(key), extended: x.units.extended.map(key), urged: x.units.urged.map(key) },
    trend: { reportedAt: Number.isNaN(x.reportedAt) ? undefined : x.reportedAt, closedAt: [...x.closedAt], overdueAt: [...x.overdueAt] },
  };
}

/** The trend days of a period (same days as compute.ts computeTrend), all zero. */
export function emptyTrend(period: Period, cfg: CalendarConfig): TrendPoint[] {
  if (period.to <= period.from) return [];
  let first = localDay(period.from, cfg);
  const last = localDay(period.to - 1, cfg);
  const lastStart = startOfLocalDay(last, cfg);
  if ((lastStart - startOfLocalDay(first, cfg)) / 86_400_000 >= TREND_MAX_DAYS) first = addDays(last, -(TREND_MAX_DAYS - 1));
  const points: TrendPoint[] = [];
  for (let d = first; ; d = addDays(d, 1)) {
    points.push({ day: d, reported: 0, closed: 0, overdue: 0 });
    if (d === last) break;
  }
  return points;
}

/** A function adding one case's trend marks to `points` (from emptyTrend), counting the case once per day. */
export function trendAdder(points: TrendPoint[], cfg: CalendarConfig): (reportedAt: number | undefined, closedAt: readonly number[], overdueAt: readonly number[]) => void {
  if (points.length === 0) return () => undefined;
  // The points are consecutive local days: a mark's point is its day number minus the first one's.
  const first = dayIndexOf(startOfLocalDay(points[0]!.day, cfg), cfg);
  const bump = (at: number, key: 'reported' | 'closed' | 'overdue') => {
    const p = points[dayIndexOf(at, cfg) - first];
    if (p) p[key]++;
  };
  const once = (ats: readonly number[], key: 'closed' | 'overdue') => {
    if (ats.length === 1) bump(ats[0]!, key);
    else if (ats.length > 1) for (const day of new Set(ats.map((at) => dayIndexOf(at, cfg)))) bump(startOfDayIndex(day, cfg), key);
  };
  return (reportedAt, closedAt, overdueAt) => {
    if (reportedAt !== undefined) bump(reportedAt, 'reported');
    once(closedAt, 'closed');
    once(overdueAt, 'overdue');
  };
}

/** Adds the trend marks of derived facts to `points` (from emptyTrend), counting each case once per day. */
export function addToTrend(points: TrendPoint[], facts: readonly DerivedFacts[], cfg: CalendarConfig): void {
  const add = trendAdder(points, cfg);
  for (const f of facts) add(f.trend.reportedAt, f.trend.closedAt, f.trend.overdueAt);
}

/** Element-wise sum of two trends over the same days. */
export function sumTrends(a: TrendPoint[], b: readonly TrendPoint[]): TrendPoint[] {
  return a.map((p, i) => {
    const q = b[i];
    return q && q.day === p.day ? { day: p.day, reported: p.reported + q.reported, closed: p.closed + q.closed, overdue: p.overdue + q.overdue } : p;
  });
}

/** One period's facts, computed once and shared by every grouping and the trend of that period. */
export interface PeriodFacts {
  facts: CaseFacts[];
  trend: TrendPoint[];
  /** The period's overall metrics, once computed (shared by every grouping of the period). */
  metrics?: MetricValue[];
}

/**
 * A period's facts from per-case inputs in a fixed order: derived facts (fast path) or whole cases (exact
 * path: caseFacts / computeTrend of shared/metrics). The order is kept (it fixes the summation order).
 */
export function periodFacts(items: ReadonlyArray<DerivedFacts | GridEvent>, period: Period, ref: RefData, now: number): PeriodFacts {
  const facts: CaseFacts[] = [];
  const derived: DerivedFacts[] = [];
  const exact: GridEvent[] = [];
  for (const it of items) {
    if ('trend' in it) {
      derived.push(it);
      facts.push(it);
    } else {
      exact.push(it);
      const f = caseFacts([it], period, ref, now)[0];
      if (f) facts.push(f);
    }
  }
  const trend = emptyTrend(period, ref.calendar);
  addToTrend(trend, derived, ref.calendar);
  return { facts, trend: exact.length > 0 ? sumTrends(trend, computeTrend(exact, period, ref, now)) : trend };
}

/** A case with nothing to count in the period: it only makes its group appear (with zero metrics). */
function groupOnlyFacts(groupBy: 'department' | 'category', key: string): CaseFacts {
  const state = groupBy === 'department' ? { leadDepartmentId: key === '' ? undefined : key } : { category: key === '' ? undefined : key };
  return { id: '', state: state as unknown as GridEvent, counts: EMPTY_COUNTS(), rated: false, satisfied: false, departmentHandled: false, handlingMinutes: 0, units: { dispatched: [], bounced: [], extended: [], urged: [] } };
}

/**
 * The StatsResult of a period from its facts: the metric and grouping formulas of compute.ts. `emptyKeys`
 * names the groupings in which some case outside `pf` (one with nothing to count) has the key '' at t*
 * (not yet dispatched / not classified): that group is listed too, as computeStats over every case lists it.
 */
export function statsFromPeriodFacts(pf: PeriodFacts, period: Period, groupBy: GroupBy, ref: RefData, emptyKeys: ReadonlyArray<'department' | 'category'> = []): StatsResult {
  const facts = groupBy === 'department' || groupBy === 'category' ? (emptyKeys.includes(groupBy) ? [...pf.facts, groupOnlyFacts(groupBy, '')] : pf.facts) : pf.facts;
  return {
    period: { from: period.from, to: period.to },
    metrics: (pf.metrics ??= fastMetricsFromFacts(pf.facts)),
    groups: groupBy === 'none' ? [] : groupedFromFacts(facts, groupBy, ref, fastMetricsFromFacts),
    trend: pf.trend.map((p) => ({ ...p })),
  };
}
