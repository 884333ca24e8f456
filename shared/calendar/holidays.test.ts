import { describe, expect, it } from 'vitest';
import {
  CHINESE_DAYS_SOURCE,
  HolidayImportError,
  calendarFor,
  daysInRange,
  defaultCalendarConfig,
  holidayYearFromPackage,
  importHolidayYear,
  weekdayHolidays,
  weekdayOf,
  withHolidayYear,
} from './index.js';
import type { HolidayYear } from './index.js';

/** One holiday period of a State Council notice: names, first/last day, make-up days with their weekday. */
interface Period {
  names: string[];
  from: string;
  to: string;
  makeup: Array<[date: string, weekday: 0 | 6]>;
}

/**
 * The official notices, typed in from the State Council's texts. These are the source of truth; the
 * package must agree with them (a package update that changes them fails here).
 */
const OFFICIAL: Record<number, { notice: string; periods: Period[] }> = {
  2024: {
    notice: '国办发明电〔2023〕7号',
    periods: [
      { names: ['元旦'], from: '2024-01-01', to: '2024-01-01', makeup: [] },
      {
        names: ['春节'],
        from: '2024-02-10',
        to: '2024-02-17',
        makeup: [
          ['2024-02-04', 0],
          ['2024-02-18', 0],
        ],
      },
      { names: ['清明节'], from: '2024-04-04', to: '2024-04-06', makeup: [['2024-04-07', 0]] },
      {
        names: ['劳动节'],
        from: '2024-05-01',
        to: '2024-05-05',
        makeup: [
          ['2024-04-28', 0],
          ['2024-05-11', 6],
        ],
      },
      { names: ['端午节'], from: '2024-06-10', to: '2024-06-10', makeup: [] },
      { names: ['中秋节'], from: '2024-09-15', to: '2024-09-17', makeup: [['2024-09-14', 6]] },
      {
        names: ['国庆节'],
        from: '2024-10-01',
        to: '2024-10-07',
        makeup: [
          ['2024-09-29', 0],
          ['2024-10-12', 6],
        ],
      },
    ],
  },
  2025: {
    notice: '国办发明电〔2024〕12号',
    periods: [
      { names: ['元旦'], from: '2025-01-01', to: '2025-01-01', makeup: [] },
      {
        names: ['春节'],
        from: '2025-01-28',
        to: '2025-02-04',
        makeup: [
          ['2025-01-26', 0],
          ['2025-02-08', 6],
        ],
      },
      { names: ['清明节'], from: '2025-04-04', to: '2025-04-06', makeup: [] },
      { names: ['劳动节'], from: '2025-05-01', to: '2025-05-05', makeup: [['2025-04-27', 0]] },
      { names: ['端午节'], from: '2025-05-31', to: '2025-06-02', makeup: [] },
      {
        names: ['国庆节', '中秋节'],
        from: '2025-10-01',
        to: '2025-10-08',
        makeup: [
          ['2025-09-28', 0],
          ['2025-10-11', 6],
        ],
      },
    ],
  },
  2026: {
    notice: '国办发明电〔2025〕7号',
    periods: [
      { names: ['元旦'], from: '2026-01-01', to: '2026-01-03', makeup: [['2026-01-04', 0]] },
      {
        names: ['春节'],
        from: '2026-02-15',
        to: '2026-02-23',
        makeup: [
          ['2026-02-14', 6],
          ['2026-02-28', 6],
        ],
      },
      { names: ['清明节'], from: '2026-04-04', to: '2026-04-06', makeup: [] },
      { names: ['劳动节'], from: '2026-05-01', to: '2026-05-05', makeup: [['2026-05-09', 6]] },
      { names: ['端午节'], from: '2026-06-19', to: '2026-06-21', makeup: [] },
      { names: ['中秋节'], from: '2026-09-25', to: '2026-09-27', makeup: [] },
      {
        names: ['国庆节'],
        from: '2026-10-01',
        to: '2026-10-07',
        makeup: [
          ['2026-09-20', 0],
          ['2026-10-10', 6],
        ],
      },
    ],
  },
};

const PINNED_YEARS = [2024, 2025, 2026] as const;

describe('chinese-days package agrees with the State Council notices', () => {
  it.each(PINNED_YEARS)('%i: official make-up days fall on the weekday the notice says', (year) => {
    for (const p of OFFICIAL[year]!.periods) for (const [date, wd] of p.makeup) expect(weekdayOf(date), date).toBe(wd);
  });

  it.each(PINNED_YEARS)('%i: holidays and make-up days match exactly, names included', (year) => {
    const official = OFFICIAL[year]!;
    const fromPkg = holidayYearFromPackage(year);
    expect(fromPkg.source).toBe(CHINESE_DAYS_SOURCE);
    expect(fromPkg.year).toBe(year);

    const expectedHolidays = official.periods.flatMap((p) => daysInRange(p.from, p.to));
    expect(fromPkg.holidays.map((h) => h.date)).toEqual(expectedHolidays);
    const expectedMakeup = official.periods.flatMap((p) => p.makeup.map(([d]) => d)).sort();
    expect(fromPkg.makeupWorkdays.map((m) => m.date)).toEqual(expectedMakeup);

    for (const p of official.periods) {
      for (const date of daysInRange(p.from, p.to)) expect(p.names, date).toContain(fromPkg.holidays.find((h) => h.date === date)?.name);
      for (const [date] of p.makeup) expect(p.names, date).toContain(fromPkg.makeupWorkdays.find((m) => m.date === date)?.name);
    }
  });

  it('the default config ships 2024-2026 from the package', () => {
    const cfg = defaultCalendarConfig();
    for (const y of PINNED_YEARS) expect(cfg.years.find((h) => h.year === y)).toEqual(holidayYearFromPackage(y));
  });

  it('uses the notices’ full names in Chinese', () => {
    const names = new Set(PINNED_YEARS.flatMap((y) => holidayYearFromPackage(y).holidays.map((h) => h.name)));
    expect([...names].sort()).toEqual(['中秋节', '元旦', '劳动节', '国庆节', '春节', '清明节', '端午节'].sort());
  });

  it('a year the package does not carry is refused, not silently empty', () => {
    expect(() => holidayYearFromPackage(1999)).toThrow(/1999/);
  });

  it('weekdayHolidays keeps only the Monday-Friday holidays', () => {
    const y2026 = holidayYearFromPackage(2026);
    const wd = weekdayHolidays(y2026).map((h) => h.date);
    expect(wd).toContain('2026-05-04');
    expect(wd).not.toContain('2026-05-02'); // Saturday inside 劳动节
    for (const d of wd) expect([1, 2, 3, 4, 5]).toContain(weekdayOf(d));
  });
});

const good2027: HolidayYear = {
  year: 2027,
  source: '测试通知 (test notice)',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-02-08', name: '春节' },
  ],
  makeupWorkdays: [{ date: '2027-02-06', name: '春节' }], // a Saturday
};

function problemsOf(json: unknown): string[] {
  try {
    importHolidayYear(json);
  } catch (e) {
    expect(e).toBeInstanceOf(HolidayImportError);
    const err = e as HolidayImportError;
    // The message carries every problem, in Chinese and English.
    for (const p of err.problems) expect(err.message).toContain(p);
    expect(err.message).toMatch(/节假日数据导入失败/);
    expect(err.message).toMatch(/holiday import rejected/);
    return err.problems;
  }
  throw new Error('expected the import to be rejected');
}

describe('importHolidayYear', () => {
  it('accepts a sound year and returns it sorted', () => {
    const shuffled = { ...good2027, holidays: [...good2027.holidays].reverse() };
    const y = importHolidayYear(JSON.parse(JSON.stringify(shuffled)));
    expect(y.holidays.map((h) => h.date)).toEqual(['2027-01-01', '2027-02-08']);
    expect(weekdayOf('2027-02-06')).toBe(6);
  });

  it('rejects malformed JSON with the schema problems', () => {
    expect(problemsOf(null).length).toBeGreaterThan(0);
    const p = problemsOf({ year: 2027, source: '', holidays: [{ date: '2027/01/01', name: '元旦' }] });
    expect(p.some((x) => x.startsWith('source'))).toBe(true);
    expect(p.some((x) => x.startsWith('holidays.0.date') && x.includes('YYYY-MM-DD'))).toBe(true);
    expect(p.some((x) => x.startsWith('makeupWorkdays'))).toBe(true);
  });

  it('lists every semantic problem at once', () => {
    const p = problemsOf({
      year: 2027,
      source: 'bad notice',
      holidays: [
        { date: '2027-01-01', name: '元旦' },
        { date: '2027-01-01', name: '元旦' }, // duplicate
        { date: '2026-12-31', name: '元旦' }, // outside the year
        { date: '2027-02-30', name: '春节' }, // not a real date
        { date: '2027-02-06', name: '春节' }, // also a make-up day
      ],
      makeupWorkdays: [
        { date: '2027-02-06', name: '春节' },
        { date: '2027-02-10', name: '春节' }, // a Wednesday
      ],
    });
    expect(p).toHaveLength(5);
    expect(p.find((x) => x.includes('2027-01-01'))).toMatch(/重复.*duplicate/);
    expect(p.find((x) => x.includes('2026-12-31'))).toMatch(/outside year 2027/);
    expect(p.find((x) => x.includes('2027-02-30'))).toMatch(/not a real date/);
    expect(p.find((x) => x.includes('2027-02-06'))).toMatch(/both a holiday and a make-up working day/);
    expect(p.find((x) => x.includes('2027-02-10'))).toMatch(/周三.*Saturday or Sunday/);
  });

  it('rejects a year without holidays', () => {
    expect(problemsOf({ year: 2027, source: 'x', holidays: [], makeupWorkdays: [] })).toEqual([
      '没有任何节假日 / the year lists no holidays',
    ]);
  });

  it('withHolidayYear adds (or replaces) a year without touching the old config', () => {
    const base = defaultCalendarConfig();
    const before = JSON.stringify(base);
    const next = withHolidayYear(base, importHolidayYear(good2027));
    expect(JSON.stringify(base)).toBe(before);
    expect(next).not.toBe(base);
    expect(next.years.map((y) => y.year)).toEqual([...base.years.map((y) => y.year).filter((y) => y !== 2027), 2027]);
    const cal = calendarFor(next);
    expect(cal.hasHolidayYear(2027)).toBe(true);
    expect(cal.dayKind('2027-02-06')).toBe('makeup');
    expect(cal.dayKind('2027-02-08')).toBe('holiday');
    expect(calendarFor(base).dayKind('2027-02-06')).toBe('weekend');

    const replaced = withHolidayYear(next, { ...good2027, holidays: [{ date: '2027-01-01', name: '元旦' }] });
    expect(replaced.years.filter((y) => y.year === 2027)).toHaveLength(1);
    expect(calendarFor(replaced).dayKind('2027-02-08')).toBe('workday');
  });

  it('withHolidayYear refuses an unsound year', () => {
    expect(() => withHolidayYear(defaultCalendarConfig(), { ...good2027, makeupWorkdays: [{ date: '2027-02-10', name: '春节' }] })).toThrow(
      HolidayImportError,
    );
  });
});
