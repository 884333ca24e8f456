/**
 * Statutory holiday years (State Council notices): built from the `chinese-days` package, or imported by
 * an admin from a new year's notice, with validation that names every problem.
 */
// The package's published data table, not its date functions: those parse 'YYYY-MM-DD' as UTC and
// format in the process's local zone, so west of UTC every date shifts by a day (2026-01-04 reads as
// 01-03). The table is plain data and means the same in every time zone.
import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { HolidayYear as HolidayYearSchema } from './types.js';
import type { HolidayYear } from './types.js';
import { tryDayIndex, weekdayOfIndex } from './localDay.js';
import { issuePath, issueText } from '../validation.js';

export const CHINESE_DAYS_SOURCE = 'chinese-days@1.5.7';

/** The package's short names, mapped to the names of the State Council notices. */
const NAME_MAP: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

/** The package stores names as 'English,中文,n'; keep the Chinese part, in the notices' spelling. */
function chineseName(raw: string): string {
  const parts = raw.split(',');
  const zh = (parts.length >= 2 ? parts[1] : raw)?.trim() || raw;
  return NAME_MAP[zh] ?? zh;
}

interface ChineseDaysTable {
  /** date -> 'English,中文,n': statutory holidays, including weekends inside a holiday period. */
  holidays: Record<string, string>;
  /** date -> 'English,中文,n': days that are working days although they are Saturday/Sunday (调休上班). */
  workdays: Record<string, string>;
}

const TABLE: ChineseDaysTable = chineseDaysData;

/** Years the installed package carries. */
export function packageHolidayYears(): number[] {
  return [...new Set(Object.keys(TABLE.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
}

/**
 * One year's holidays and make-up working days from chinese-days 1.5.7 (2004-2026). Holidays include the
 * Saturdays/Sundays inside a holiday period (only weekday holidays change the working calendar, but the
 * UI shows the whole period). Throws when the package has no notice for `year`.
 */
export function holidayYearFromPackage(year: number): HolidayYear {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  const prefix = `${year}-`;
  const pick = (table: Record<string, string>) =>
    Object.entries(table)
      .filter(([date]) => date.startsWith(prefix))
      .map(([date, raw]) => ({ date, name: chineseName(raw) }));
  const holidays = pick(TABLE.holidays);
  if (holidays.length === 0) {
    throw new Error(
      `${CHINESE_DAYS_SOURCE} 没有 ${year} 年的节假日数据，请导入国务院办公厅通知 / ${CHINESE_DAYS_SOURCE} has no holiday data for ${year}; import the State Council notice`,
    );
  }
  // The table's workdays are exactly the make-up days; importHolidayYear checks they fall on weekends.
  return importHolidayYear({ year, source: CHINESE_DAYS_SOURCE, holidays, makeupWorkdays: pick(TABLE.workdays) });
}

/** Rejected holiday import; `problems` lists every problem found (Chinese / English). */
export class HolidayImportError extends Error {
  readonly problems: string[];
  constructor(problems: string[], year?: number) {
    const head = `节假日数据导入失败${year !== undefined ? `（${year} 年）` : ''} / holiday import rejected${year !== undefined ? ` (year ${year})` : ''}:`;
    super(`${head}\n- ${problems.join('\n- ')}`);
    this.name = 'HolidayImportError';
    this.problems = problems;
  }
}

const WEEKDAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** Semantic problems of a schema-valid HolidayYear; empty when it is sound. */
export function holidayYearProblems(y: HolidayYear): string[] {
  const problems: string[] = [];
  if (y.holidays.length === 0) problems.push('没有任何节假日 / the year lists no holidays');
  const check = (list: HolidayYear['holidays'], what: 'holidays' | 'makeupWorkdays') => {
    const label = what === 'holidays' ? '节假日' : '调休上班日';
    const seen = new Set<string>();
    for (const { date } of list) {
      const i = tryDayIndex(date);
      if (i === null) {
        problems.push(`${what} ${date}: 日期不存在 / not a real date`);
        continue;
      }
      if (Number(date.slice(0, 4)) !== y.year) problems.push(`${what} ${date}: 不在 ${y.year} 年内 / outside year ${y.year}`);
      if (seen.has(date)) problems.push(`${what} ${date}: ${label}重复 / duplicate date`);
      seen.add(date);
      if (what === 'makeupWorkdays') {
        const wd = weekdayOfIndex(i);
        if (wd !== 0 && wd !== 6)
          problems.push(
            `makeupWorkdays ${date}: 调休上班日必须是周六或周日，该日是${WEEKDAY_ZH[wd]} / a make-up working day must be a Saturday or Sunday`,
          );
      }
    }
    return seen;
  };
  const holidaySet = check(y.holidays, 'holidays');
  const makeupSet = check(y.makeupWorkdays, 'makeupWorkdays');
  for (const date of makeupSet)
    if (holidaySet.has(date)) problems.push(`${date}: 同一天既是节假日又是调休上班日 / both a holiday and a make-up working day`);
  return problems;
}

/**
 * Validate an admin's import of one year's State Council notice: the zod schema plus semantic checks
 * (real dates, all inside the year, no duplicates, no day both holiday and make-up day, make-up days on
 * Saturday/Sunday). Returns the year with both lists sorted by date; throws HolidayImportError listing
 * every problem otherwise.
 */
export function importHolidayYear(json: unknown): HolidayYear {
  const parsed = HolidayYearSchema.safeParse(json);
  if (!parsed.success) {
    const year =
      typeof json === 'object' && json !== null && typeof (json as { year?: unknown }).year === 'number'
        ? (json as { year: number }).year
        : undefined;
    throw new HolidayImportError(
      parsed.error.issues.map((i) => `${issuePath(i, '(root)')}: 格式错误 / ${issueText(i)}`),
      year,
    );
  }
  const y = parsed.data;
  const problems = holidayYearProblems(y);
  if (problems.length > 0) throw new HolidayImportError(problems, y.year);
  const byDate = (a: { date: string }, b: { date: string }) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  return {
    year: y.year,
    source: y.source,
    holidays: [...y.holidays].sort(byDate),
    makeupWorkdays: [...y.makeupWorkdays].sort(byDate),
  };
}

/** Weekday holidays of a year: the ones that actually remove office hours. */
export function weekdayHolidays(y: HolidayYear): HolidayYear['holidays'] {
  return y.holidays.filter(({ date }) => {
    const i = tryDayIndex(date);
    return i !== null && weekdayOfIndex(i) !== 0 && weekdayOfIndex(i) !== 6;
  });
}
