/**
 * Calendar configurations: the shipped default and immutable updates (each returns a new object, so
 * calendarFor() memoisation by identity stays correct and the relay can detect a change).
 */
import { Closure as ClosureSchema } from './types.js';
import type { CalendarConfig, Closure, HolidayYear } from './types.js';
import { issueLines } from '../validation.js';
import { holidayYearFromPackage, holidayYearProblems, HolidayImportError } from './holidays.js';

/** Years shipped in the default config; 2027 joins automatically once the package carries it. */
export const DEFAULT_HOLIDAY_YEARS = [2024, 2025, 2026, 2027] as const;

let packageYears: HolidayYear[] | null = null;

function shippedYears(): HolidayYear[] {
  if (!packageYears) {
    const years: HolidayYear[] = [];
    for (const y of DEFAULT_HOLIDAY_YEARS) {
      try {
        years.push(holidayYearFromPackage(y));
      } catch (e) {
        // 2024-2026 are required (pinned by tests); later years are optional until the package has them.
        if (y <= 2026) throw e;
      }
    }
    packageYears = years;
  }
  return packageYears;
}

function copyYear(y: HolidayYear): HolidayYear {
  return { ...y, holidays: y.holidays.map((h) => ({ ...h })), makeupWorkdays: y.makeupWorkdays.map((m) => ({ ...m })) };
}

const MORNING: [number, number] = [9 * 60, 12 * 60];
const AFTERNOON: [number, number] = [14 * 60, 18 * 60];

/**
 * The street's time zone: Asia/Shanghai, UTC+8 with no DST, as minutes east of UTC. The one place the
 * offset is written; the calendar config carries it (`utcOffsetMinutes`) and the renderer reads it
 * through renderer/lib/format.ts (`streetOffset`).
 */
export const STREET_UTC_OFFSET_MINUTES = 480;

/**
 * The shipped default: Asia/Shanghai (UTC+8, no DST); office hours Monday-Friday 09:00-12:00 and
 * 14:00-18:00 (a local example, it is configuration), the same on make-up days, weekends closed; statutory
 * holidays and make-up days from chinese-days for 2024-2026 (and 2027 once the package has it); no
 * closures; warning below 25 % of the limit left. Returns a fresh object each call.
 */
export function defaultCalendarConfig(): CalendarConfig {
  const day = (): Array<[number, number]> => [[...MORNING], [...AFTERNOON]];
  return {
    utcOffsetMinutes: STREET_UTC_OFFSET_MINUTES,
    officeHours: [[], day(), day(), day(), day(), day(), []],
    makeupDayHours: day(),
    years: shippedYears().map(copyYear),
    closures: [],
    warnRatio: 0.25,
  };
}

/** A new config with `year` added, replacing any year with the same number. Throws if `year` is unsound. */
export function withHolidayYear(config: CalendarConfig, year: HolidayYear): CalendarConfig {
  const problems = holidayYearProblems(year);
  if (problems.length > 0) throw new HolidayImportError(problems, year.year);
  const years = [...config.years.filter((y) => y.year !== year.year), year].sort((a, b) => a.year - b.year);
  return { ...config, years };
}

/**
 * A new config with an ad-hoc closure added (e.g. typhoon red warning). Throws on an invalid closure,
 * from >= to, or an id already used.
 */
export function withClosure(config: CalendarConfig, closure: Closure): CalendarConfig {
  const parsed = ClosureSchema.safeParse(closure);
  const problems = parsed.success ? [] : issueLines(parsed.error, { root: '(root)' });
  if (parsed.success && closure.from >= closure.to) problems.push('停工时段的结束必须晚于开始 / closure must end after it starts');
  if (config.closures.some((c) => c.id === closure.id)) problems.push(`停工记录 ${closure.id} 已存在 / closure id already exists`);
  if (problems.length > 0) throw new Error(`停工时段无效 / invalid closure:\n- ${problems.join('\n- ')}`);
  const closures = [...config.closures, { ...closure }].sort((a, b) => a.from - b.from || (a.id < b.id ? -1 : 1));
  return { ...config, closures };
}

/** A new config without closure `id`; the same object when there is no such closure. */
export function withoutClosure(config: CalendarConfig, id: string): CalendarConfig {
  if (!config.closures.some((c) => c.id === id)) return config;
  return { ...config, closures: config.closures.filter((c) => c.id !== id) };
}
