/**
 * Office hours as an admin types and reads them: "09:00-12:00，14:00-18:00" (one weekday's intervals),
 * "休息" or nothing for a day off. parseOfficeHours is strict where the calendar itself is lenient (it
 * sorts and merges intervals, workCalendar.ts): an interval that ends before it starts, a time past 24:00
 * or two intervals that overlap are typing mistakes, refused with a message saying which part is wrong.
 */
import type { CalendarConfig } from './types.js';
import { CalendarConfig as CalendarConfigSchema } from './types.js';

export type Interval = [number, number];

/** Words that mean "no office hours this day". */
const DAY_OFF = new Set(['', '休息', '无', '不办公', '-']);

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** "09:00-12:00，14:00-18:00"; "休息" for none. */
export function formatOfficeHours(list: readonly (readonly [number, number])[]): string {
  return list.length === 0 ? '休息' : list.map(([a, b]) => `${hhmm(a)}-${hhmm(b)}`).join('，');
}

/** Thrown by parseOfficeHours: `message` is for the admin (Chinese). */
export class OfficeHoursError extends Error {}

function minutesOf(text: string, part: string): number {
  const m = /^(\d{1,2})[:：](\d{2})$/.exec(text);
  if (!m) throw new OfficeHoursError(`“${part}”中的“${text}”不是时间，应写作 时:分（如 09:00）`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) throw new OfficeHoursError(`“${part}”中的“${text}”不是有效时间（00:00 至 24:00）`);
  return h * 60 + min;
}

/**
 * One day's intervals from text: parts separated by "，", ",", "；", ";" or spaces, each "HH:mm-HH:mm" (the
 * dash may be -, –, —, ~, ～ or 至; full-width colons are accepted). Sorted by start. Throws
 * OfficeHoursError on anything else, on an interval that does not end after it starts, and on overlaps.
 */
export function parseOfficeHours(text: string): Interval[] {
  const trimmed = text.trim();
  if (DAY_OFF.has(trimmed)) return [];
  const parts = trimmed
    .replace(/\s*(?:-|–|—|~|～|至)\s*/g, '-')
    .split(/[，,；;、\s]+/)
    .filter((p) => p.length > 0);
  const out: Interval[] = [];
  for (const part of parts) {
    const m = /^([^-]+)-([^-]+)$/.exec(part);
    if (!m) throw new OfficeHoursError(`“${part}”应写作 开始-结束（如 09:00-12:00）`);
    const from = minutesOf(m[1]!, part);
    const to = minutesOf(m[2]!, part);
    if (to <= from) throw new OfficeHoursError(`“${part}”的结束时间须晚于开始时间`);
    out.push([from, to]);
  }
  out.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < out.length; i++)
    if (out[i]![0] < out[i - 1]![1])
      throw new OfficeHoursError(`${formatOfficeHours([out[i - 1]!])} 与 ${formatOfficeHours([out[i]!])} 重叠`);
  return out;
}

/**
 * A new config with other office hours (per weekday, index 0 = Sunday), make-up day hours and warning
 * ratio; validated against the calendar schema (throws a ZodError on values no form should produce).
 */
export function withOfficeHours(
  config: CalendarConfig,
  hours: { officeHours: readonly Interval[][]; makeupDayHours: readonly Interval[]; warnRatio: number },
): CalendarConfig {
  return CalendarConfigSchema.parse({
    ...config,
    officeHours: hours.officeHours.map((d) => d.map(([a, b]) => [a, b])),
    makeupDayHours: hours.makeupDayHours.map(([a, b]) => [a, b]),
    warnRatio: hours.warnRatio,
  });
}
