/**
 * Working-time calendar contracts. Implementations live beside this file.
 * Dates are local calendar days of the street ('YYYY-MM-DD'); instants are epoch ms.
 */
import { z } from 'zod';

/** Same bound as shared/model.ts MAX_INSTANT (9999-12-30T00:00Z; this module imports nothing of the model). */
const MAX_CALENDAR_INSTANT = Date.UTC(9999, 11, 30);

export const DayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** Minutes after local midnight, [start, end). */
export const OfficeInterval = z.tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)]).refine(([a, b]) => a < b, 'interval start must be before end');

/** One year's State Council notice: public holidays and make-up working days (调休). */
export const HolidayYear = z.object({
  year: z.number().int().min(2000).max(2100),
  /** Source of the data, e.g. '国办发明电〔2025〕7号' or 'chinese-days@1.5.7'. */
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  source: z.string().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]*$/, '不能包含控制字符'),
  holidays: z.array(z.object({ date: DayString, name: z.string().min(1).max(64) })).max(366),
  makeupWorkdays: z.array(z.object({ date: DayString, name: z.string().min(1).max(64) })).max(366),
});
export type HolidayYear = z.infer<typeof HolidayYear>;

/** An ad-hoc closure entered by an admin (typhoon red warning, 停工停课). */
export const Closure = z.object({
  id: z.string().min(1).max(64),
  from: z.number().int().nonnegative().max(MAX_CALENDAR_INSTANT, '时间超出有效范围（不能晚于9999年）'),
  to: z.number().int().nonnegative().max(MAX_CALENDAR_INSTANT, '时间超出有效范围（不能晚于9999年）'),
  reason: z.string().min(1).max(200),
  createdBy: z.string().min(1).max(64),
})
  // The calendar looks for working time at most 20 years ahead: a closure is days or weeks, never years.
  .refine((c) => c.to - c.from <= 366 * 24 * 3_600_000, '停工时段不能超过一年');
export type Closure = z.infer<typeof Closure>;

export const CalendarConfig = z.object({
  /** Offset of the street's local time from UTC, minutes (China: 480, no DST). */
  utcOffsetMinutes: z.number().int().min(-720).max(840),
  /** Office hours per weekday, index 0 = Sunday … 6 = Saturday. */
  officeHours: z.array(z.array(OfficeInterval).max(24)).length(7),
  /** Office hours used on a make-up working day (调休 Saturday/Sunday). */
  makeupDayHours: z.array(OfficeInterval).max(24),
  years: z.array(HolidayYear).max(101),
  closures: z.array(Closure).max(10_000),
  /** Fraction of the limit left below which a clock shows 'warning'. */
  warnRatio: z.number().min(0).max(1),
});
export type CalendarConfig = z.infer<typeof CalendarConfig>;

/** A way of measuring time: working time of a calendar, or natural time (24/7). */
export interface TimeMeasure {
  /** The instant reached after `minutes` of counted time from `from` (negative walks backwards). */
  add(from: number, minutes: number): number;
  /** Counted minutes between two instants (negative when b < a). */
  between(a: number, b: number): number;
}
