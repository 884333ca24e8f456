/**
 * Local calendar days of the street, computed from a fixed UTC offset (China has no DST), without any
 * time-zone database: day index = floor((epochMs + offset) / 1 day). Pure arithmetic, works anywhere.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HHMM_RE = /^(\d{1,2}):(\d{2})$/;

/** Anything that carries the street's UTC offset (a CalendarConfig does). */
export interface HasOffset {
  utcOffsetMinutes: number;
}

/** Day number since 1970-01-01 (local), or null if `day` is not a real 'YYYY-MM-DD' date. */
export function tryDayIndex(day: string): number | null {
  const m = DAY_RE.exec(day);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 02-30 over to 03-02: a round trip detects impossible dates.
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

/** Day number since 1970-01-01 (local) of a 'YYYY-MM-DD' string; throws on a malformed or impossible date. */
export function dayIndex(day: string): number {
  const i = tryDayIndex(day);
  if (i === null) throw new RangeError(`日期无效 / invalid day '${day}' (expected a real YYYY-MM-DD date)`);
  return i;
}

/** 'YYYY-MM-DD' of a day number. */
export function dayString(index: number): string {
  return new Date(index * DAY_MS).toISOString().slice(0, 10);
}

/** Weekday of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfIndex(index: number): number {
  return (((index + 4) % 7) + 7) % 7;
}

/** Local day number containing instant `t`. */
export function dayIndexOf(t: number, cfg: HasOffset): number {
  return Math.floor((t + cfg.utcOffsetMinutes * MINUTE_MS) / DAY_MS);
}

/** Instant of local midnight starting day number `index`. */
export function startOfDayIndex(index: number, cfg: HasOffset): number {
  return index * DAY_MS - cfg.utcOffsetMinutes * MINUTE_MS;
}

/** Local day ('YYYY-MM-DD') containing instant `t`. */
export function localDay(t: number, cfg: HasOffset): string {
  return dayString(dayIndexOf(t, cfg));
}

/** Instant of local midnight at the start of `day`. */
export function startOfLocalDay(day: string, cfg: HasOffset): number {
  return startOfDayIndex(dayIndex(day), cfg);
}

/** Instant of local midnight at the end of `day` (= start of the next day). */
export function endOfLocalDay(day: string, cfg: HasOffset): number {
  return startOfDayIndex(dayIndex(day) + 1, cfg);
}

/** Minutes after local midnight of instant `t` (fractional when t is not on a minute). */
export function localMinuteOfDay(t: number, cfg: HasOffset): number {
  return (t - startOfDayIndex(dayIndexOf(t, cfg), cfg)) / MINUTE_MS;
}

/** Weekday of a 'YYYY-MM-DD' day: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return weekdayOfIndex(dayIndex(day));
}

/** The day `n` days after `day` (negative goes back). */
export function addDays(day: string, n: number): string {
  return dayString(dayIndex(day) + n);
}

/** Every day from `from` to `to`, both included (empty if to < from). */
export function daysInRange(from: string, to: string): string[] {
  const a = dayIndex(from);
  const b = dayIndex(to);
  const out: string[] = [];
  for (let i = a; i <= b; i++) out.push(dayString(i));
  return out;
}

/** Instant of local wall-clock time `hhmm` ('HH:mm', '24:00' allowed) on `day`. */
export function localInstant(day: string, hhmm: string, cfg: HasOffset): number {
  const m = HHMM_RE.exec(hhmm);
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  if (!m || min > 59 || h * 60 + min > 1440) throw new RangeError(`时间无效 / invalid time '${hhmm}' (expected HH:mm)`);
  return startOfLocalDay(day, cfg) + (h * 60 + min) * MINUTE_MS;
}

/** Local 'YYYY-MM-DD HH:mm' of instant `t` (seconds are truncated). */
export function formatLocal(t: number, cfg: HasOffset): string {
  const d = dayIndexOf(t, cfg);
  const minutes = Math.floor((t - startOfDayIndex(d, cfg)) / MINUTE_MS);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${dayString(d)} ${hh}:${mm}`;
}
