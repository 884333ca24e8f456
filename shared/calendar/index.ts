/**
 * Working-time calendar: public entry point. See README.md beside this file for the conventions
 * (half-open intervals, deadlines at the end of the working time they consume).
 */
export type { CalendarConfig, Closure, HolidayYear, TimeMeasure } from './types.js';
export {
  createWorkCalendar,
  calendarFor,
  naturalTime,
  measureFor,
  type WorkCalendar,
  type DayKind,
  type DayDescription,
  type WorkingInterval,
} from './workCalendar.js';
export { defaultCalendarConfig, STREET_UTC_OFFSET_MINUTES, withHolidayYear, withClosure, withoutClosure, DEFAULT_HOLIDAY_YEARS } from './config.js';
export { formatOfficeHours, parseOfficeHours, withOfficeHours, OfficeHoursError } from './officeHours.js';
export {
  holidayYearFromPackage,
  importHolidayYear,
  holidayYearProblems,
  weekdayHolidays,
  HolidayImportError,
  CHINESE_DAYS_SOURCE,
} from './holidays.js';
export {
  MINUTE_MS,
  HOUR_MS,
  DAY_MS,
  localDay,
  startOfLocalDay,
  endOfLocalDay,
  localMinuteOfDay,
  localInstant,
  formatLocal,
  weekdayOf,
  addDays,
  daysInRange,
  dayIndex,
  dayIndexOf,
  dayString,
  type HasOffset,
} from './localDay.js';
