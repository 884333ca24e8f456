import { describe, expect, it } from 'vitest';
import {
  calendarFor,
  createWorkCalendar,
  defaultCalendarConfig,
  formatLocal,
  localDay,
  localInstant,
  measureFor,
  naturalTime,
  startOfLocalDay,
  weekdayOf,
  withClosure,
  withoutClosure,
} from './index.js';
import type { CalendarConfig, Closure } from './index.js';

const cfg = defaultCalendarConfig();
const cal = calendarFor(cfg);
const at = (day: string, hhmm: string, c: CalendarConfig = cfg) => localInstant(day, hhmm, c);
const fmt = (t: number) => formatLocal(t, cfg);

function typhoon(day: string, id = `typhoon-${day}`): Closure {
  return {
    id,
    from: startOfLocalDay(day, cfg),
    to: startOfLocalDay(day, cfg) + 24 * 3_600_000,
    reason: '台风红色预警 停工停课',
    createdBy: 'admin',
  };
}

describe('local days (UTC+8)', () => {
  it('maps instants to Shanghai days regardless of the process time zone', () => {
    expect(localDay(Date.UTC(2026, 0, 3, 16, 0), cfg)).toBe('2026-01-04'); // 00:00 local
    expect(localDay(Date.UTC(2026, 0, 3, 15, 59, 59, 999), cfg)).toBe('2026-01-03');
    expect(at('2026-01-04', '09:00')).toBe(Date.UTC(2026, 0, 4, 1, 0));
    expect(fmt(Date.UTC(2026, 0, 4, 1, 30))).toBe('2026-01-04 09:30');
  });
});

describe('pinned real days', () => {
  it('2026-02-14 (Saturday, 春节 make-up) is a working day', () => {
    expect(weekdayOf('2026-02-14')).toBe(6);
    expect(cal.dayKind('2026-02-14')).toBe('makeup');
    expect(cal.holidayName('2026-02-14')).toBe('春节');
    expect(cal.workingMinutesOfDay('2026-02-14')).toBe(420);
    expect(cal.isWorkingInstant(at('2026-02-14', '10:00'))).toBe(true);
  });

  it('2026-05-04 (Monday, 劳动节) is not a working day', () => {
    expect(weekdayOf('2026-05-04')).toBe(1);
    expect(cal.dayKind('2026-05-04')).toBe('holiday');
    expect(cal.holidayName('2026-05-04')).toBe('劳动节');
    expect(cal.workingIntervalsOfDay('2026-05-04')).toEqual([]);
    expect(cal.isWorkingInstant(at('2026-05-04', '10:00'))).toBe(false);
  });

  it('2025-10-08 (Wednesday) is a holiday', () => {
    expect(cal.dayKind('2025-10-08')).toBe('holiday');
    expect(cal.workingMinutesOfDay('2025-10-08')).toBe(0);
  });

  it('2026-01-04 (Sunday, 元旦 make-up) is a working day', () => {
    expect(weekdayOf('2026-01-04')).toBe(0);
    expect(cal.dayKind('2026-01-04')).toBe('makeup');
    expect(cal.workingIntervalsOfDay('2026-01-04')).toEqual([
      [at('2026-01-04', '09:00'), at('2026-01-04', '12:00')],
      [at('2026-01-04', '14:00'), at('2026-01-04', '18:00')],
    ]);
  });

  it('ordinary days', () => {
    expect(cal.dayKind('2026-03-04')).toBe('workday');
    expect(cal.dayKind('2026-03-07')).toBe('weekend');
    expect(cal.holidayName('2026-03-04')).toBeNull();
    expect(cal.hasHolidayYear(2026)).toBe(true);
    expect(cal.hasHolidayYear(2030)).toBe(false);
  });
});

describe('deadlines', () => {
  it('4 working hours from Friday 16:00 lands Monday 11:00', () => {
    expect(weekdayOf('2026-03-06')).toBe(5);
    expect(fmt(cal.add(at('2026-03-06', '16:00'), 240))).toBe('2026-03-09 11:00');
  });

  it('…or on the next working day when Monday is a holiday', () => {
    // 2024-06-10 Monday is 端午节.
    expect(weekdayOf('2024-06-07')).toBe(5);
    expect(fmt(cal.add(at('2024-06-07', '16:00'), 240))).toBe('2024-06-11 11:00');
    // 劳动节 2026: Friday 2026-04-30 16:00 + 4h skips 5-01..5-05 to Wednesday 5-06.
    expect(fmt(cal.add(at('2026-04-30', '16:00'), 240))).toBe('2026-05-06 11:00');
  });

  it('a deadline sits at the end of the working time it consumes', () => {
    expect(fmt(cal.add(at('2026-03-06', '16:00'), 120))).toBe('2026-03-06 18:00');
    expect(fmt(cal.add(at('2026-03-04', '09:00'), 180))).toBe('2026-03-04 12:00');
    expect(fmt(cal.add(at('2026-03-04', '11:00'), 90))).toBe('2026-03-04 14:30');
  });

  it('counting starts at the next working instant when started in closed time', () => {
    expect(fmt(cal.add(at('2026-03-07', '10:00'), 60))).toBe('2026-03-09 10:00'); // Saturday
    expect(fmt(cal.add(at('2026-03-04', '12:30'), 30))).toBe('2026-03-04 14:30'); // lunch
    expect(fmt(cal.add(at('2026-03-04', '23:00'), 1))).toBe('2026-03-05 09:01');
  });

  it('negative minutes walk back and land on the start of working time', () => {
    expect(fmt(cal.add(at('2026-03-09', '11:00'), -240))).toBe('2026-03-06 16:00');
    expect(fmt(cal.add(at('2026-03-09', '10:00'), -60))).toBe('2026-03-09 09:00');
    expect(fmt(cal.add(at('2026-03-09', '09:00'), -60))).toBe('2026-03-06 17:00');
    expect(fmt(cal.add(at('2026-03-04', '14:00'), -60))).toBe('2026-03-04 11:00');
  });

  it('zero minutes is the identity, even in closed time', () => {
    const sat = at('2026-03-07', '10:00');
    expect(cal.add(sat, 0)).toBe(sat);
  });

  it('15 working days (7 hours each) across 春节 2026', () => {
    const start = at('2026-02-10', '09:00'); // Tuesday
    // Working days: 2-10..2-13 (4), 2-14 make-up (1), 2-24..2-27 (4), 2-28 make-up (1), 3-02..3-06 (5) = 15.
    expect(fmt(cal.add(start, 15 * 420))).toBe('2026-03-06 18:00');
    expect(cal.between(start, at('2026-03-06', '18:00'))).toBe(15 * 420);
  });

  it('spans of years are counted exactly', () => {
    const a = at('2024-01-01', '00:00');
    const b = at('2027-01-01', '00:00');
    // Working days = Mon-Fri days - weekday holidays + make-up days:
    // 2024: 262 - 19 + 8 = 251; 2025: 261 - 18 + 5 = 248; 2026: 261 - 19 + 6 = 248.
    expect(cal.between(a, at('2025-01-01', '00:00')) / 420).toBe(251);
    expect(cal.between(at('2025-01-01', '00:00'), at('2026-01-01', '00:00')) / 420).toBe(248);
    expect(cal.between(at('2026-01-01', '00:00'), b) / 420).toBe(248);
    expect(cal.between(a, b) / 420).toBe(251 + 248 + 248);
    expect(cal.add(a, cal.between(a, b))).toBe(at('2026-12-31', '18:00'));
  });
});

describe('between', () => {
  it('counts working minutes only, negative backwards', () => {
    expect(cal.between(at('2026-03-06', '16:00'), at('2026-03-09', '11:00'))).toBe(240);
    expect(cal.between(at('2026-03-09', '11:00'), at('2026-03-06', '16:00'))).toBe(-240);
    expect(cal.between(at('2026-03-06', '18:00'), at('2026-03-09', '09:00'))).toBe(0);
    expect(cal.between(at('2026-03-04', '11:59'), at('2026-03-04', '14:01'))).toBe(2);
  });

  it('is exact to the millisecond', () => {
    const t = at('2026-03-04', '10:00');
    expect(cal.between(t, t + 30_000)).toBe(0.5);
    expect(cal.add(t, 0.5)).toBe(t + 30_000);
  });
});

describe('closures', () => {
  it('a typhoon closure on a Wednesday removes that day’s hours', () => {
    expect(weekdayOf('2026-07-15')).toBe(3);
    const closed = withClosure(cfg, typhoon('2026-07-15'));
    const c = calendarFor(closed);
    expect(c.dayKind('2026-07-15')).toBe('closed');
    expect(c.workingIntervalsOfDay('2026-07-15')).toEqual([]);
    expect(c.describeDay('2026-07-15').closures.map((x) => x.id)).toEqual(['typhoon-2026-07-15']);
    // Tuesday 16:00 + 4h: Tue 16-18 (2h), Wednesday closed, Thursday 9-11.
    expect(formatLocal(c.add(at('2026-07-14', '16:00'), 240), cfg)).toBe('2026-07-16 11:00');
    expect(formatLocal(cal.add(at('2026-07-14', '16:00'), 240), cfg)).toBe('2026-07-15 11:00');
    // The original config is untouched.
    expect(cfg.closures).toEqual([]);
    expect(cal.dayKind('2026-07-15')).toBe('workday');
  });

  it('a partial closure cuts out only the closed hours', () => {
    const closure: Closure = {
      id: 'storm',
      from: at('2026-07-15', '10:00'),
      to: at('2026-07-15', '15:00'),
      reason: '暴雨',
      createdBy: 'admin',
    };
    const c = calendarFor(withClosure(cfg, closure));
    expect(c.dayKind('2026-07-15')).toBe('workday');
    expect(c.workingIntervalsOfDay('2026-07-15')).toEqual([
      [at('2026-07-15', '09:00'), at('2026-07-15', '10:00')],
      [at('2026-07-15', '15:00'), at('2026-07-15', '18:00')],
    ]);
    expect(c.workingMinutesOfDay('2026-07-15')).toBe(240);
    expect(formatLocal(c.add(at('2026-07-15', '09:30'), 60), cfg)).toBe('2026-07-15 15:30');
  });

  it('a closure spanning several days and nights', () => {
    const closure: Closure = {
      id: 'x',
      from: at('2026-07-14', '17:00'),
      to: at('2026-07-16', '10:00'),
      reason: '台风',
      createdBy: 'admin',
    };
    const c = calendarFor(withClosure(cfg, closure));
    expect(c.workingMinutesOfDay('2026-07-14')).toBe(360);
    expect(c.dayKind('2026-07-15')).toBe('closed');
    expect(c.workingMinutesOfDay('2026-07-16')).toBe(360);
    expect(c.between(at('2026-07-14', '16:00'), at('2026-07-16', '11:00'))).toBe(120);
  });

  it('withoutClosure removes it again; unknown ids leave the config as is', () => {
    const closed = withClosure(cfg, typhoon('2026-07-15'));
    const reopened = withoutClosure(closed, 'typhoon-2026-07-15');
    expect(reopened.closures).toEqual([]);
    expect(calendarFor(reopened).dayKind('2026-07-15')).toBe('workday');
    expect(withoutClosure(closed, 'nope')).toBe(closed);
  });

  it('withClosure rejects bad closures with the reasons', () => {
    const closed = withClosure(cfg, typhoon('2026-07-15'));
    expect(() => withClosure(closed, typhoon('2026-07-15'))).toThrow(/already exists/);
    expect(() => withClosure(cfg, { ...typhoon('2026-07-15'), to: at('2026-07-15', '00:00') })).toThrow(/must end after it starts/);
    expect(() => withClosure(cfg, { ...typhoon('2026-07-15'), reason: '' })).toThrow(/reason/);
  });
});

describe('queries', () => {
  it('isWorkingInstant uses half-open intervals', () => {
    expect(cal.isWorkingInstant(at('2026-03-04', '09:00'))).toBe(true);
    expect(cal.isWorkingInstant(at('2026-03-04', '12:00') - 1)).toBe(true);
    expect(cal.isWorkingInstant(at('2026-03-04', '12:00'))).toBe(false);
    expect(cal.isWorkingInstant(at('2026-03-04', '18:00'))).toBe(false);
  });

  it('nextWorkingInstant', () => {
    const t = at('2026-03-04', '10:17');
    expect(cal.nextWorkingInstant(t)).toBe(t);
    expect(fmt(cal.nextWorkingInstant(at('2026-03-04', '12:00')))).toBe('2026-03-04 14:00');
    expect(fmt(cal.nextWorkingInstant(at('2026-03-06', '18:00')))).toBe('2026-03-09 09:00');
    expect(fmt(cal.nextWorkingInstant(at('2026-09-30', '18:00')))).toBe('2026-10-08 09:00');
    expect(fmt(cal.nextWorkingInstant(at('2026-02-13', '18:00')))).toBe('2026-02-14 09:00'); // make-up Saturday
  });

  it('describeDay', () => {
    const d = cal.describeDay('2026-10-01');
    expect(d).toMatchObject({
      day: '2026-10-01',
      weekday: 4,
      kind: 'holiday',
      holidayName: '国庆节',
      intervals: [],
      workingMinutes: 0,
      closures: [],
    });
  });

  it('rejects malformed days and instants', () => {
    expect(() => cal.dayKind('2026-02-30')).toThrow(/invalid day/);
    expect(() => cal.workingIntervalsOfDay('2026/02/01')).toThrow(/invalid day/);
    expect(() => cal.add(Number.NaN, 10)).toThrow(RangeError);
    expect(() => cal.add(0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => cal.between(0, Number.NaN)).toThrow(RangeError);
  });
});

describe('construction', () => {
  it('calendarFor memoises by config identity', () => {
    expect(calendarFor(cfg)).toBe(cal);
    expect(calendarFor(defaultCalendarConfig())).not.toBe(cal);
    expect(cal.config).toBe(cfg);
  });

  it('defaultCalendarConfig returns fresh objects', () => {
    const a = defaultCalendarConfig();
    const b = defaultCalendarConfig();
    expect(a).toEqual(b);
    a.years[0]!.holidays.push({ date: '2024-03-01', name: 'x' });
    a.officeHours[1]!.push([1000, 1100]);
    expect(defaultCalendarConfig()).toEqual(b);
    expect(b.utcOffsetMinutes).toBe(480);
    expect(b.warnRatio).toBe(0.25);
    expect(b.officeHours[1]).toEqual([
      [540, 720],
      [840, 1080],
    ]);
    expect(b.officeHours[0]).toEqual([]);
    expect(b.officeHours[6]).toEqual([]);
  });

  it('rejects an invalid config with the schema problems', () => {
    expect(() => createWorkCalendar({ ...cfg, officeHours: cfg.officeHours.slice(0, 6) })).toThrow(
      /invalid calendar config[\s\S]*officeHours/,
    );
    expect(() => createWorkCalendar({ ...cfg, makeupDayHours: [[600, 500]] })).toThrow(/interval start must be before end/);
  });

  it('a calendar without any office hours refuses to add instead of looping forever', () => {
    const none = createWorkCalendar({ ...cfg, officeHours: [[], [], [], [], [], [], []], makeupDayHours: [] });
    expect(() => none.add(at('2026-03-04', '09:00'), 1)).toThrow(/no working time within 20 years/);
    expect(() => none.add(at('2026-03-04', '09:00'), -1)).toThrow(/no working time within 20 years/);
    expect(() => none.nextWorkingInstant(at('2026-03-04', '09:00'))).toThrow(/no working time/);
    expect(none.between(at('2026-01-01', '00:00'), at('2027-01-01', '00:00'))).toBe(0);
  });

  it('overlapping configured intervals are merged, not double counted', () => {
    const c = createWorkCalendar({
      ...cfg,
      officeHours: cfg.officeHours.map((d) =>
        d.length
          ? [
              [540, 720],
              [600, 780],
            ]
          : [],
      ),
    });
    expect(c.workingMinutesOfDay('2026-03-04')).toBe(240);
  });
});

describe('natural time', () => {
  it('counts nights, weekends and holidays', () => {
    const fri = at('2026-04-30', '16:00');
    expect(formatLocal(naturalTime.add(fri, 120), cfg)).toBe('2026-04-30 18:00');
    expect(formatLocal(naturalTime.add(fri, 24 * 60 * 3), cfg)).toBe('2026-05-03 16:00');
    expect(naturalTime.between(at('2026-05-01', '00:00'), at('2026-05-06', '00:00'))).toBe(5 * 24 * 60);
    expect(naturalTime.between(at('2026-05-06', '00:00'), at('2026-05-01', '00:00'))).toBe(-5 * 24 * 60);
    expect(naturalTime.add(fri, -60)).toBe(fri - 3_600_000);
  });

  it('measureFor picks natural or working time', () => {
    expect(measureFor(true, cfg)).toBe(naturalTime);
    expect(measureFor(false, cfg)).toBe(cal);
    const t = at('2026-05-01', '09:00');
    expect(measureFor(true, cfg).between(t, t + 3_600_000)).toBe(60);
    expect(measureFor(false, cfg).between(t, t + 3_600_000)).toBe(0);
  });
});
