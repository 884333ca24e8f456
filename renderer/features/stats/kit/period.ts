/**
 * Statistics periods in the street's local time (fixed UTC offset, from the calendar config): day, week
 * (Monday to Sunday), month, quarter and custom day ranges, with the previous period and the same period
 * last year for comparison. Pure functions; a period is [from, to) in epoch ms.
 */
import { fmt, s } from '../../../i18n/zh-CN/stats.js';
import {
  addDays,
  dayIndex,
  dayIndexOf,
  dayString,
  startOfLocalDay,
  weekdayOf,
  type HasOffset,
} from '../../../../shared/calendar/localDay.js';

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'custom';

export interface Period {
  kind: PeriodKind;
  /**
   * Set on a running period cut at `now` (本期至今) and on a comparison period cut to the same elapsed time
   * (上期同期 / 去年同期): `to` is then that instant, not the end of the last day.
   */
  cutAt?: number;
  /** First local day, 'YYYY-MM-DD'. */
  fromDay: string;
  /** Last local day, included. */
  toDay: string;
  from: number;
  to: number;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const QUARTER_NAMES = s.periodLabels.quarters;

function ymd(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** ISO week number and its year of a local day. */
export function isoWeek(day: string): { year: number; week: number } {
  const idx = dayIndex(day);
  const wd = (weekdayOf(day) + 6) % 7; // Monday = 0
  const thursday = idx - wd + 3;
  const year = Number(dayString(thursday).slice(0, 4));
  return { year, week: Math.floor((idx - wd - dayIndex(isoMonday(year, 1))) / 7) + 1 };
}

/** Monday of ISO week `week` of `year`. */
function isoMonday(year: number, week: number): string {
  const jan4 = `${year}-01-04`;
  return addDays(jan4, -((weekdayOf(jan4) + 6) % 7) + (week - 1) * 7);
}

function make(kind: PeriodKind, fromDay: string, toDay: string, cfg: HasOffset): Period {
  const from = startOfLocalDay(fromDay, cfg);
  const to = startOfLocalDay(addDays(toDay, 1), cfg);
  const [y, m] = ymd(fromDay);
  let label: string;
  switch (kind) {
    case 'day':
      label = fromDay;
      break;
    case 'week': {
      const w = isoWeek(fromDay);
      label = fmt(s.periodLabels.week, { year: w.year, week: w.week, from: fromDay.slice(5), to: toDay.slice(5) });
      break;
    }
    case 'month':
      label = fmt(s.periodLabels.month, { year: y, month: m });
      break;
    case 'quarter':
      label = fmt(s.periodLabels.quarter, { year: y, quarter: QUARTER_NAMES[Math.floor((m - 1) / 3)]! });
      break;
    case 'custom':
      label = fmt(s.periodLabels.range, { from: fromDay, to: toDay });
      break;
  }
  return { kind, fromDay, toDay, from, to, label };
}

/** The period of `kind` containing local day `anchor` (for custom: anchor..toDay). */
export function periodOf(kind: PeriodKind, anchor: string, cfg: HasOffset, customTo?: string): Period {
  const [y, m] = ymd(anchor);
  switch (kind) {
    case 'day':
      return make('day', anchor, anchor, cfg);
    case 'week': {
      const monday = addDays(anchor, -((weekdayOf(anchor) + 6) % 7));
      return make('week', monday, addDays(monday, 6), cfg);
    }
    case 'month':
      return make('month', `${y}-${pad(m)}-01`, `${y}-${pad(m)}-${pad(lastDayOfMonth(y, m))}`, cfg);
    case 'quarter': {
      const q0 = Math.floor((m - 1) / 3) * 3 + 1;
      return make('quarter', `${y}-${pad(q0)}-01`, `${y}-${pad(q0 + 2)}-${pad(lastDayOfMonth(y, q0 + 2))}`, cfg);
    }
    case 'custom': {
      const to = customTo ?? anchor;
      if (dayIndex(to) < dayIndex(anchor)) throw new RangeError(s.periodLabels.endBeforeStart);
      return make('custom', anchor, to, cfg);
    }
  }
}

/** The period of `kind` containing instant `now`. */
export function currentPeriod(kind: Exclude<PeriodKind, 'custom'>, now: number, cfg: HasOffset): Period {
  return periodOf(kind, dayString(dayIndexOf(now, cfg)), cfg);
}

/** The period just before (环比): the previous day/week/month/quarter, or the same number of days before. */
export function previousPeriod(p: Period, cfg: HasOffset): Period {
  if (p.kind === 'custom') {
    const len = dayIndex(p.toDay) - dayIndex(p.fromDay) + 1;
    return make('custom', addDays(p.fromDay, -len), addDays(p.fromDay, -1), cfg);
  }
  return periodOf(p.kind, addDays(p.fromDay, -1), cfg);
}

/** The same day a year earlier; 29 February falls back to the 28th. */
export function sameDayLastYear(day: string): string {
  const [y, m, d] = ymd(day);
  return `${y - 1}-${pad(m)}-${pad(Math.min(d, lastDayOfMonth(y - 1, m)))}`;
}

/** The same period last year (同比): the week containing the same date, the same month, quarter or days. */
export function samePeriodLastYear(p: Period, cfg: HasOffset): Period {
  if (p.kind === 'custom') return make('custom', sameDayLastYear(p.fromDay), sameDayLastYear(p.toDay), cfg);
  if (p.kind === 'week') {
    // The same ISO week number a year earlier (week 53 falls back to that year's last week).
    const { year, week } = isoWeek(p.fromDay);
    let monday = addDays(isoMonday(year - 1, 1), (week - 1) * 7);
    if (isoWeek(monday).year !== year - 1) monday = addDays(monday, -7);
    return make('week', monday, addDays(monday, 6), cfg);
  }
  return periodOf(p.kind, sameDayLastYear(p.fromDay), cfg);
}

/** Whether `now` falls inside the period (it has begun and not ended). */
export function isRunning(p: Period, now: number): boolean {
  return p.from <= now && now < p.to;
}

/** A period cut to its first `days` local days (no cut when it is not longer). Labels say it is partial. */
function firstDays(p: Period, days: number, cfg: HasOffset, what: string): Period {
  const toDay = addDays(p.fromDay, days - 1);
  if (dayIndex(toDay) >= dayIndex(p.toDay)) return p;
  const to = startOfLocalDay(addDays(toDay, 1), cfg);
  return {
    ...p,
    to,
    toDay,
    cutAt: to,
    label: fmt(s.periodLabels.firstDays, { label: p.label, what, from: p.fromDay.slice(5), to: toDay.slice(5) }),
  };
}

/**
 * The periods a view compares: a running period is compared over the same number of days (本期至今, its
 * days so far with today, against 上期同期 and 去年同期: the first as many days of the previous period and
 * of last year's), never a part against a whole. Whole local days, as Chinese statistics count 同期, and
 * periods the core has already counted for the rest of the day. An ended period is compared with the
 * whole previous one.
 */
export function comparisonPeriods(
  period: Period,
  now: number,
  cfg: HasOffset,
): { current: Period; previous: Period; lastYear: Period; running: boolean } {
  const previous = previousPeriod(period, cfg);
  const lastYear = samePeriodLastYear(period, cfg);
  if (!isRunning(period, now)) return { current: period, previous, lastYear, running: false };
  const days = dayIndexOf(now, cfg) - dayIndex(period.fromDay) + 1;
  return {
    current: { ...period, cutAt: now, label: fmt(s.periodLabels.runningSoFar, { label: period.label }) },
    previous: firstDays(previous, days, cfg, s.periodLabels.sameSpan),
    lastYear: firstDays(lastYear, days, cfg, s.periodLabels.sameSpan),
    running: true,
  };
}

/** Relative change of `current` over `base` (0.1 = +10 %), or null when there is no base. */
export function change(current: number | null | undefined, base: number | null | undefined): number | null {
  if (current === null || current === undefined || base === null || base === undefined || base === 0) return null;
  return (current - base) / Math.abs(base);
}

export interface TrendPoint {
  day: string;
  reported: number;
  closed: number;
  overdue: number;
}

/** Folds a daily trend (reported, closed, went overdue: all flows) into ISO weeks, labelled by their Monday. */
export function trendByWeek(days: readonly TrendPoint[]): TrendPoint[] {
  const out: TrendPoint[] = [];
  const byMonday = new Map<string, TrendPoint>();
  for (const d of [...days].sort((a, b) => (a.day < b.day ? -1 : 1))) {
    const monday = addDays(d.day, -((weekdayOf(d.day) + 6) % 7));
    let w = byMonday.get(monday);
    if (!w) {
      w = { day: monday, reported: 0, closed: 0, overdue: 0 };
      byMonday.set(monday, w);
      out.push(w);
    }
    w.reported += d.reported;
    w.closed += d.closed;
    w.overdue += d.overdue;
  }
  return out;
}
