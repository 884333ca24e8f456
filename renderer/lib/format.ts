/** Date and duration formatting in the street's local time (fixed UTC offset, 24-hour). */
import { STREET_UTC_OFFSET_MINUTES } from '../../shared/calendar/config.js';
import { formatLocal, type HasOffset } from '../../shared/calendar/localDay.js';
import { t, fmt } from '../i18n/zh-CN.js';

let offsetMinutes = STREET_UTC_OFFSET_MINUTES;
/** Set from the calendar config once reference data arrives. */
export function setUtcOffsetMinutes(m: number): void {
  offsetMinutes = m;
}

/**
 * The street's time zone for the renderer: the given calendar (reference data) when there is one, else
 * the offset last set from it, else the configured default (shared/calendar/config.ts). The one way the
 * renderer learns the offset: no view writes it down itself.
 */
export function streetOffset(calendar?: HasOffset | null): HasOffset {
  return calendar ?? { utcOffsetMinutes: offsetMinutes };
}

/** 'YYYY-MM-DD HH:mm' in the street's time zone; '—' for missing values. */
export function fmtTime(ms: number | undefined | null): string {
  if (ms === undefined || ms === null) return t.app.dash;
  return formatLocal(ms, { utcOffsetMinutes: offsetMinutes });
}

/** 'YYYY-MM-DD' in the street's time zone. */
export function fmtDay(ms: number): string {
  return fmtTime(ms).slice(0, 10);
}

/** 'HH:mm:ss' in the street's time zone (connection indicator, wall-style clocks). */
export function fmtClockTime(ms: number): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Countdown of a positive span: '2天 03:15' beyond a day, else '03:15:09'. */
export function fmtSpan(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d}${t.clock.days} ${pad(h)}:${pad(m)}`;
  return `${pad(h)}:${pad(m)}:${pad(sec)}`;
}

/**
 * How long a clock has been overdue, for the wall and the meeting: 12 分钟 / 3.5 工作小时 / 26 小时 (minutes
 * under an hour, one decimal under ten hours; working or natural hours as the clock counts).
 */
export function overdueSpan(minutes: number, natural: boolean): string {
  if (minutes < 60) return fmt(t.clock.minutes, { n: Math.max(1, Math.round(minutes)) });
  const h = minutes >= 600 ? Math.round(minutes / 60) : Math.round(minutes / 6) / 10;
  return fmt(natural ? t.clock.wholeHours : t.clock.workingHours, { h });
}

/** Minutes of a clock in its measure: natural as fmtMinutes, working as '3 工作小时 20 分钟' or '45 工作分钟'. */
export function fmtClockMinutes(min: number, natural: boolean): string {
  if (natural) return fmtMinutes(min);
  const m = Math.round(min);
  if (Math.abs(m) < 60) return fmt(t.clock.workingMinutes, { n: m });
  if (m % 60 === 0) return fmt(t.clock.workingHours, { h: m / 60 });
  return fmt(t.clock.workingHoursMinutes, { h: Math.trunc(m / 60), m: Math.abs(m % 60) });
}

/** Minutes as '3 小时 20 分钟' or '45 分钟'. */
export function fmtMinutes(min: number): string {
  const m = Math.round(min);
  if (Math.abs(m) < 60) return fmt(t.clock.minutes, { n: m });
  if (m % 60 === 0) return fmt(t.clock.wholeHours, { h: m / 60 });
  return fmt(t.clock.hours, { h: Math.trunc(m / 60), m: Math.abs(m % 60) });
}
