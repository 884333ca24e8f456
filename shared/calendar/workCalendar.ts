/**
 * The working-time calendar: office hours per weekday, statutory holidays and make-up working days
 * (调休), and ad-hoc closures (typhoon days), measured in working minutes.
 *
 * Conventions (everyone relies on them, see README.md beside this file):
 * - A working interval of a day is half-open [start, end): 18:00 itself is not a working instant.
 * - `add(t, m)` with m > 0 returns the EARLIEST instant at which m working minutes have elapsed since
 *   t, so a deadline sits at the END of the working time it consumes: 4 working hours from Friday 16:00
 *   is Monday 11:00, and 2 working hours from Friday 16:00 is Friday 18:00 (not Monday 09:00).
 * - `add(t, m)` with m < 0 returns the LATEST instant s <= t with |m| working minutes in [s, t), i.e. it
 *   lands on the START of working time: 1 working hour before Monday 10:00 is Monday 09:00.
 * - `add(t, 0)` is t (no time consumed), even when t lies in closed time.
 * - Minutes may be fractional; they are rounded to whole milliseconds.
 */
import type { CalendarConfig, Closure, HolidayYear, TimeMeasure } from './types.js';
import { CalendarConfig as CalendarConfigSchema } from './types.js';
import { issueLines } from '../validation.js';
import { DAY_MS, MINUTE_MS, dayIndex, dayIndexOf, dayString, startOfDayIndex, weekdayOfIndex } from './localDay.js';

/** What a local day is, in precedence order: holiday > makeup > closed > workday/weekend. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup' | 'closed';

/** A working interval of a day as absolute instants, half-open [fromMs, toMs). */
export type WorkingInterval = [fromMs: number, toMs: number];

/** Everything the UI may want to show about one day. */
export interface DayDescription {
  day: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  kind: DayKind;
  /** Holiday name (holiday) or name of the holiday a make-up day compensates (makeup). */
  holidayName: string | null;
  /** Working intervals after closures are cut out. */
  intervals: WorkingInterval[];
  workingMinutes: number;
  /** Closures overlapping the day's office hours. */
  closures: Closure[];
}

export interface WorkCalendar extends TimeMeasure {
  /** The configuration this calendar was built from (treat as immutable). */
  readonly config: CalendarConfig;
  /**
   * Instant reached after `minutes` working minutes from `from`. Positive: earliest such instant (the end
   * of the working time consumed); negative: walks backwards and lands on the start of working time;
   * zero: `from` itself. Throws RangeError when no working time exists within 20 years.
   */
  add(from: number, minutes: number): number;
  /** Working minutes in [a, b); negative when b < a. Exact (ms / 60000), not rounded. */
  between(a: number, b: number): number;
  dayKind(day: string): DayKind;
  /** true when t lies inside a working interval [start, end). */
  isWorkingInstant(t: number): boolean;
  /** t itself when working, else the start of the next working interval. */
  nextWorkingInstant(t: number): number;
  /** Working intervals of a local day after closures are cut out, ascending. */
  workingIntervalsOfDay(day: string): WorkingInterval[];
  /** Working minutes of a local day after closures. */
  workingMinutesOfDay(day: string): number;
  /** Holiday name of a holiday, or the compensated holiday's name for a make-up day; else null. */
  holidayName(day: string): string | null;
  describeDay(day: string): DayDescription;
  /** Whether the configuration holds the State Council notice for `year`. */
  hasHolidayYear(year: number): boolean;
}

interface DayInfo {
  /** Absolute working intervals [s, e), ascending, disjoint, non-empty. */
  intervals: WorkingInterval[];
  /** Total working ms of the day. */
  total: number;
}

interface Special {
  kind: 'holiday' | 'makeup';
  name: string;
}

/** Days per prefix-sum block: add()/between() skip whole blocks, then binary-search inside one. */
const BLOCK = 128;
/** Give up looking for working time after this many days (a calendar with no office hours at all). */
const MAX_SEARCH_DAYS = 20 * 366;
const MAX_SEARCH_BLOCKS = Math.ceil(MAX_SEARCH_DAYS / BLOCK) + 1;
/** Drop caches past this size so a long-running relay cannot grow without bound. */
const MAX_CACHED_DAYS = 50_000;

/** Sort and merge overlapping/adjacent minute intervals of one day. */
function normaliseMinuteIntervals(list: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = list
    .filter(([a, b]) => b > a)
    .map(([a, b]): [number, number] => [a, b])
    .sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else out.push(iv);
  }
  return out;
}

/** Cut [from, to) out of an ascending interval list. */
function subtract(intervals: WorkingInterval[], from: number, to: number): WorkingInterval[] {
  const out: WorkingInterval[] = [];
  for (const [s, e] of intervals) {
    if (to <= s || from >= e) {
      out.push([s, e]);
      continue;
    }
    if (from > s) out.push([s, from]);
    if (to < e) out.push([to, e]);
  }
  return out;
}

function toMs(minutes: number): number {
  if (!Number.isFinite(minutes)) throw new RangeError(`minutes must be finite, got ${minutes}`);
  return Math.round(minutes * MINUTE_MS);
}

function assertInstant(t: number, what: string): void {
  if (!Number.isFinite(t)) throw new RangeError(`${what} must be a finite epoch-ms instant, got ${t}`);
}

/** Smallest j in [lo, hi] with p[j] >= x (p non-decreasing; caller guarantees p[hi] >= x). */
function lowerBound(p: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((p[mid] as number) >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Largest k in [lo, hi] with p[k] <= x (caller guarantees p[lo] <= x). */
function lastAtMost(p: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((p[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

class WorkCalendarImpl implements WorkCalendar {
  readonly config: CalendarConfig;
  private readonly offsetMs: number;
  private readonly weekHours: Array<Array<[number, number]>>;
  private readonly makeupHours: Array<[number, number]>;
  private readonly specials = new Map<number, Special>();
  private readonly years = new Set<number>();
  /** Closures with from < to, ascending by from. */
  private readonly closures: Closure[];
  private readonly dayCache = new Map<number, DayInfo>();
  /** Per block b: p[i] = working ms of days [b*BLOCK, b*BLOCK + i). */
  private readonly blockCache = new Map<number, Float64Array>();

  constructor(config: CalendarConfig) {
    this.config = config;
    this.offsetMs = config.utcOffsetMinutes * MINUTE_MS;
    this.weekHours = config.officeHours.map(normaliseMinuteIntervals);
    this.makeupHours = normaliseMinuteIntervals(config.makeupDayHours);
    for (const y of config.years) {
      this.years.add(y.year);
      // Make-up entries first so a (rejected-at-import) clash would still read as a holiday.
      for (const m of y.makeupWorkdays) this.specials.set(dayIndex(m.date), { kind: 'makeup', name: m.name });
      for (const h of y.holidays) this.specials.set(dayIndex(h.date), { kind: 'holiday', name: h.name });
    }
    this.closures = config.closures.filter((c) => c.to > c.from).sort((a, b) => a.from - b.from);
  }

  // ------------------------------------------------------------ days

  private nominalMinuteIntervals(d: number): Array<[number, number]> {
    const special = this.specials.get(d);
    if (special?.kind === 'holiday') return [];
    if (special?.kind === 'makeup') return this.makeupHours;
    return this.weekHours[weekdayOfIndex(d)] ?? [];
  }

  private day(d: number): DayInfo {
    const cached = this.dayCache.get(d);
    if (cached) return cached;
    const start = d * DAY_MS - this.offsetMs;
    let intervals: WorkingInterval[] = this.nominalMinuteIntervals(d).map(([a, b]): WorkingInterval => [
      start + a * MINUTE_MS,
      start + b * MINUTE_MS,
    ]);
    if (intervals.length > 0) {
      const end = start + DAY_MS;
      for (const c of this.closures) {
        if (c.from >= end) break;
        if (c.to > start) intervals = subtract(intervals, c.from, c.to);
      }
    }
    let total = 0;
    for (const [s, e] of intervals) total += e - s;
    const info: DayInfo = { intervals, total };
    if (this.dayCache.size >= MAX_CACHED_DAYS) this.dayCache.clear();
    this.dayCache.set(d, info);
    return info;
  }

  private block(b: number): Float64Array {
    const cached = this.blockCache.get(b);
    if (cached) return cached;
    const p = new Float64Array(BLOCK + 1);
    for (let i = 0; i < BLOCK; i++) p[i + 1] = (p[i] as number) + this.day(b * BLOCK + i).total;
    if (this.blockCache.size >= MAX_CACHED_DAYS / BLOCK) this.blockCache.clear();
    this.blockCache.set(b, p);
    return p;
  }

  /** Working ms of whole days [d0, d1), d0 <= d1. */
  private daysTotal(d0: number, d1: number): number {
    if (d1 <= d0) return 0;
    const b0 = Math.floor(d0 / BLOCK);
    const b1 = Math.floor(d1 / BLOCK);
    const p0 = this.block(b0);
    if (b0 === b1) return (p0[d1 - b1 * BLOCK] as number) - (p0[d0 - b0 * BLOCK] as number);
    let sum = (p0[BLOCK] as number) - (p0[d0 - b0 * BLOCK] as number);
    for (let b = b0 + 1; b < b1; b++) sum += this.block(b)[BLOCK] as number;
    return sum + (this.block(b1)[d1 - b1 * BLOCK] as number);
  }

  /** Working ms of day info before instant t (t may lie outside the day). */
  private static before(info: DayInfo, t: number): number {
    let acc = 0;
    for (const [s, e] of info.intervals) {
      if (t <= s) break;
      acc += Math.min(t, e) - s;
    }
    return acc;
  }

  /** Earliest instant of a day with `target` (> 0, <= total) working ms before it. */
  private static earliestWith(info: DayInfo, target: number): number {
    let acc = 0;
    for (const [s, e] of info.intervals) {
      if (target <= acc + (e - s)) return s + (target - acc);
      acc += e - s;
    }
    throw new Error('calendar invariant broken: target beyond day total');
  }

  /** Latest instant of a day with `target` (>= 0, < total) working ms before it. */
  private static latestWith(info: DayInfo, target: number): number {
    let acc = 0;
    for (const [s, e] of info.intervals) {
      if (target < acc + (e - s)) return s + (target - acc);
      acc += e - s;
    }
    throw new Error('calendar invariant broken: target beyond day total');
  }

  private noWorkingTime(from: number): never {
    throw new RangeError(
      `日历在 ${dayString(dayIndexOf(from, this.config))} 前后 20 年内没有工作时间 / no working time within 20 years of this instant`,
    );
  }

  // ------------------------------------------------------------ TimeMeasure

  add(from: number, minutes: number): number {
    assertInstant(from, 'from');
    const ms = toMs(minutes);
    if (ms === 0) return from;
    return ms > 0 ? this.addForward(from, ms) : this.addBackward(from, -ms);
  }

  private addForward(from: number, ms: number): number {
    let d = dayIndexOf(from, this.config);
    const first = this.day(d);
    const done = WorkCalendarImpl.before(first, from);
    if (ms <= first.total - done) return WorkCalendarImpl.earliestWith(first, done + ms);
    let rem = ms - (first.total - done);
    d += 1;
    for (let guard = 0; guard <= MAX_SEARCH_BLOCKS; guard++) {
      const b = Math.floor(d / BLOCK);
      const p = this.block(b);
      const i = d - b * BLOCK;
      const base = p[i] as number;
      const avail = (p[BLOCK] as number) - base;
      if (avail < rem) {
        rem -= avail;
        d = (b + 1) * BLOCK;
        continue;
      }
      // Day where the running total first reaches rem: it holds the remaining rem' > 0.
      const j = lowerBound(p, i + 1, BLOCK, base + rem);
      const day = b * BLOCK + j - 1;
      return WorkCalendarImpl.earliestWith(this.day(day), rem - ((p[j - 1] as number) - base));
    }
    return this.noWorkingTime(from);
  }

  private addBackward(from: number, ms: number): number {
    let d = dayIndexOf(from, this.config);
    const first = this.day(d);
    const avail0 = WorkCalendarImpl.before(first, from);
    if (ms <= avail0) return WorkCalendarImpl.latestWith(first, avail0 - ms);
    let rem = ms - avail0;
    d -= 1;
    for (let guard = 0; guard <= MAX_SEARCH_BLOCKS; guard++) {
      const b = Math.floor(d / BLOCK);
      const p = this.block(b);
      const i = d - b * BLOCK;
      const top = p[i + 1] as number;
      if (top < rem) {
        rem -= top;
        d = b * BLOCK - 1;
        continue;
      }
      // Latest day k whose end-to-d total reaches rem; it contributes the remaining rem' > 0.
      const k = lastAtMost(p, 0, i, top - rem);
      const info = this.day(b * BLOCK + k);
      const remInDay = rem - (top - (p[k + 1] as number));
      return WorkCalendarImpl.latestWith(info, info.total - remInDay);
    }
    return this.noWorkingTime(from);
  }

  between(a: number, b: number): number {
    assertInstant(a, 'a');
    assertInstant(b, 'b');
    if (a === b) return 0;
    // `0 - x` rather than `-x`: never hand out -0 (Object.is(-0, 0) is false, and it prints oddly).
    if (b < a) return 0 - this.workingMs(b, a) / MINUTE_MS;
    return this.workingMs(a, b) / MINUTE_MS;
  }

  /** Working ms in [a, b), a <= b. */
  private workingMs(a: number, b: number): number {
    const da = dayIndexOf(a, this.config);
    const db = dayIndexOf(b, this.config);
    return this.daysTotal(da, db) + WorkCalendarImpl.before(this.day(db), b) - WorkCalendarImpl.before(this.day(da), a);
  }

  // ------------------------------------------------------------ queries

  dayKind(day: string): DayKind {
    const d = dayIndex(day);
    const special = this.specials.get(d);
    if (special) return special.kind;
    if ((this.weekHours[weekdayOfIndex(d)] ?? []).length === 0) return 'weekend';
    return this.day(d).total === 0 ? 'closed' : 'workday';
  }

  isWorkingInstant(t: number): boolean {
    assertInstant(t, 't');
    for (const [s, e] of this.day(dayIndexOf(t, this.config)).intervals) if (t >= s && t < e) return true;
    return false;
  }

  nextWorkingInstant(t: number): number {
    assertInstant(t, 't');
    const d0 = dayIndexOf(t, this.config);
    for (const [s, e] of this.day(d0).intervals) if (e > t) return Math.max(s, t);
    let d = d0 + 1;
    for (let guard = 0; guard <= MAX_SEARCH_BLOCKS; guard++) {
      const b = Math.floor(d / BLOCK);
      const p = this.block(b);
      const i = d - b * BLOCK;
      const base = p[i] as number;
      if ((p[BLOCK] as number) === base) {
        d = (b + 1) * BLOCK;
        continue;
      }
      const j = lowerBound(p, i + 1, BLOCK, base + 1);
      const first = this.day(b * BLOCK + j - 1).intervals[0];
      if (!first) throw new Error('calendar invariant broken: day with total > 0 has no interval');
      return first[0];
    }
    return this.noWorkingTime(t);
  }

  workingIntervalsOfDay(day: string): WorkingInterval[] {
    return this.day(dayIndex(day)).intervals.map(([s, e]): WorkingInterval => [s, e]);
  }

  workingMinutesOfDay(day: string): number {
    return this.day(dayIndex(day)).total / MINUTE_MS;
  }

  holidayName(day: string): string | null {
    return this.specials.get(dayIndex(day))?.name ?? null;
  }

  describeDay(day: string): DayDescription {
    const d = dayIndex(day);
    const start = startOfDayIndex(d, this.config);
    const nominal = this.nominalMinuteIntervals(d).map(([a, b]): WorkingInterval => [start + a * MINUTE_MS, start + b * MINUTE_MS]);
    const closures = this.closures.filter((c) => nominal.some(([s, e]) => c.from < e && c.to > s));
    const info = this.day(d);
    return {
      day: dayString(d),
      weekday: weekdayOfIndex(d),
      kind: this.dayKind(day),
      holidayName: this.holidayName(day),
      intervals: info.intervals.map(([s, e]): WorkingInterval => [s, e]),
      workingMinutes: info.total / MINUTE_MS,
      closures,
    };
  }

  hasHolidayYear(year: number): boolean {
    return this.years.has(year);
  }
}

/**
 * Build a working calendar. The config is validated with the zod schema (throws on bad config) and then
 * treated as immutable: change it through withHolidayYear/withClosure/withoutClosure, which return new
 * objects, so calendarFor() can memoise by identity.
 */
export function createWorkCalendar(config: CalendarConfig): WorkCalendar {
  const parsed = CalendarConfigSchema.safeParse(config);
  if (!parsed.success) {
    const problems = issueLines(parsed.error, { root: '(root)' });
    throw new Error(`日历配置无效 / invalid calendar config:\n- ${problems.join('\n- ')}`);
  }
  // Keep the caller's object as `config`: callers compare configs by identity.
  return new WorkCalendarImpl(config);
}

const memo = new WeakMap<CalendarConfig, WorkCalendar>();

/** createWorkCalendar memoised by config object identity (the engine calls it on every command). */
export function calendarFor(config: CalendarConfig): WorkCalendar {
  let cal = memo.get(config);
  if (!cal) {
    cal = createWorkCalendar(config);
    memo.set(config, cal);
  }
  return cal;
}

/** Natural time: every minute counts, 24/7 (urgent grades). */
export const naturalTime: TimeMeasure = Object.freeze({
  add(from: number, minutes: number): number {
    assertInstant(from, 'from');
    return from + toMs(minutes);
  },
  between(a: number, b: number): number {
    assertInstant(a, 'a');
    assertInstant(b, 'b');
    return (b - a) / MINUTE_MS;
  },
});

/** The measure of a clock: natural time when `natural`, else the calendar's working time. */
export function measureFor(natural: boolean, config: CalendarConfig): TimeMeasure {
  return natural ? naturalTime : calendarFor(config);
}

export type { CalendarConfig, Closure, HolidayYear, TimeMeasure };
