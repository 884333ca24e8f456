/**
 * Invariants of add()/between(), on the default calendar and on random calendars (random offsets, office
 * hours, closures). Instants are on whole minutes so minute counts are exact integers.
 *
 * Preconditions (see README.md):
 * - add(add(t, a), b) == add(t, a + b) for ANY instant t when a, b >= 0 (or both <= 0), because add()
 *   returns the earliest (resp. latest) instant; no "t is working" precondition is needed.
 * - add(add(t, d), -d) == t (d > 0) needs t to be a working instant (inside [start, end)).
 * - add(add(t, -d), d) == t (d > 0) needs the millisecond before t to be working (t in (start, end]).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFor, createWorkCalendar, defaultCalendarConfig, localDay, naturalTime, startOfLocalDay } from './index.js';
import type { CalendarConfig, Closure, WorkCalendar } from './index.js';

const MIN = 60_000;
const T0 = Date.UTC(2023, 11, 1) / MIN;
const T1 = Date.UTC(2027, 1, 1) / MIN;

const base = defaultCalendarConfig();
const instant = fc.integer({ min: T0, max: T1 }).map((m) => m * MIN);
const minutes = fc.integer({ min: 0, max: 20 * 420 });

const interval = fc
  .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
  .filter(([a, b]) => a < b)
  .map(([a, b]): [number, number] => [a, b]);
const closure: fc.Arbitrary<Closure> = fc
  .tuple(instant, fc.integer({ min: 1, max: 4 * 24 * 60 }), fc.nat(1000))
  .map(([from, len, n]) => ({ id: `c${n}-${from}`, from, to: from + len * MIN, reason: '台风', createdBy: 'admin' }));

/** Distinct office minutes in a week (overlapping intervals counted once). */
const weeklyMinutes = (hours: Array<Array<[number, number]>>) =>
  hours.reduce((sum, day) => sum + new Set(day.flatMap(([a, b]) => Array.from({ length: b - a }, (_, k) => a + k))).size, 0);

/**
 * Random calendars: any offset, 0-3 intervals per weekday, 0-4 closures. At least 60 office minutes a
 * week, so the largest spans tested (2 x 20 x 420 minutes) stay well inside add()'s 20-year search limit.
 */
const config: fc.Arbitrary<CalendarConfig> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(base) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        utcOffsetMinutes: fc.integer({ min: -720, max: 840 }),
        officeHours: fc.array(fc.array(interval, { maxLength: 3 }), { minLength: 7, maxLength: 7 }),
        makeupDayHours: fc.array(interval, { maxLength: 3 }),
        closures: fc.uniqueArray(closure, { maxLength: 4, selector: (c) => c.id }),
      })
      .filter((r) => weeklyMinutes(r.officeHours) >= 60)
      .map((r): CalendarConfig => ({ ...base, ...r })),
  },
);

const calOf = (c: CalendarConfig): WorkCalendar => calendarFor(c);
const runs = { numRuns: 300 };

/** Independent oracle: is the minute starting at t (minute-aligned) working under config c? */
function oracleWorkingMinute(t: number, c: CalendarConfig): boolean {
  const local = new Date(t + c.utcOffsetMinutes * MIN);
  const day = local.toISOString().slice(0, 10);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  let hours = c.officeHours[local.getUTCDay()] ?? [];
  for (const y of c.years) {
    if (y.makeupWorkdays.some((m) => m.date === day)) hours = c.makeupDayHours;
  }
  for (const y of c.years) {
    if (y.holidays.some((h) => h.date === day)) hours = [];
  }
  if (!hours.some(([a, b]) => minute >= a && minute < b)) return false;
  return !c.closures.some((cl) => t < cl.to && t + MIN > cl.from);
}

describe('working-time invariants', () => {
  it('between() equals a minute-by-minute count (independent oracle)', () => {
    fc.assert(
      fc.property(config, instant, fc.integer({ min: 0, max: 3 * 24 * 60 }), (c, a, span) => {
        // Oracle is per whole minute: keep closures minute-aligned (they are: built from minute instants).
        let count = 0;
        for (let k = 0; k < span; k++) if (oracleWorkingMinute(a + k * MIN, c)) count++;
        expect(calOf(c).between(a, a + span * MIN)).toBe(count);
      }),
      { numRuns: 150 },
    );
  });

  it('workingMinutesOfDay matches between() over the local day', () => {
    fc.assert(
      fc.property(config, instant, (c, t) => {
        const cal = calOf(c);
        const day = localDay(t, c);
        const s = startOfLocalDay(day, c);
        expect(cal.workingMinutesOfDay(day)).toBe(cal.between(s, s + 86_400_000));
        const intervals = cal.workingIntervalsOfDay(day);
        for (const [from, to] of intervals) {
          expect(from).toBeLessThan(to);
          expect(cal.isWorkingInstant(from)).toBe(true);
          expect(cal.isWorkingInstant(to - 1)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('between(t, add(t, d)) == d, forwards and backwards', () => {
    fc.assert(
      fc.property(config, instant, fc.integer({ min: -20 * 420, max: 20 * 420 }), (c, t, d) => {
        const cal = calOf(c);
        expect(cal.between(t, cal.add(t, d))).toBe(d);
      }),
      runs,
    );
  });

  it('add() lands at the end of consumed working time (forward) or the start of it (backward)', () => {
    fc.assert(
      fc.property(config, instant, fc.integer({ min: 1, max: 20 * 420 }), (c, t, d) => {
        const cal = calOf(c);
        const fwd = cal.add(t, d);
        // The millisecond before a deadline is working time: it is inside an interval or exactly on its end.
        expect(cal.isWorkingInstant(fwd - 1)).toBe(true);
        expect(fwd).toBeGreaterThan(t);
        const back = cal.add(t, -d);
        expect(cal.isWorkingInstant(back)).toBe(true);
        expect(back).toBeLessThan(t);
      }),
      runs,
    );
  });

  it('add(add(t, a), b) == add(t, a + b) for any t when a, b have the same sign', () => {
    fc.assert(
      fc.property(config, instant, minutes, minutes, (c, t, a, b) => {
        const cal = calOf(c);
        expect(cal.add(cal.add(t, a), b)).toBe(cal.add(t, a + b));
        expect(cal.add(cal.add(t, -a), -b)).toBe(cal.add(t, -(a + b)));
      }),
      runs,
    );
  });

  it('between is additive', () => {
    fc.assert(
      fc.property(config, instant, instant, instant, (c, a, b, x) => {
        const cal = calOf(c);
        expect(cal.between(a, b) + cal.between(b, x)).toBe(cal.between(a, x));
        expect(cal.between(a, b)).toBe(0 - cal.between(b, a)); // 0 - x: no -0 from the negation
      }),
      runs,
    );
  });

  it('negative add inverts positive add (t working) and vice versa (t just after working time)', () => {
    fc.assert(
      fc.property(config, instant, fc.integer({ min: 1, max: 20 * 420 }), (c, r, d) => {
        const cal = calOf(c);
        const t = cal.nextWorkingInstant(r);
        expect(cal.add(cal.add(t, d), -d)).toBe(t);
        const u = cal.add(r, d); // the ms before u is working
        expect(cal.add(cal.add(u, -d), d)).toBe(u);
      }),
      runs,
    );
  });

  it('nextWorkingInstant is the first working instant at or after t', () => {
    fc.assert(
      fc.property(config, instant, (c, t) => {
        const cal = calOf(c);
        const n = cal.nextWorkingInstant(t);
        expect(n).toBeGreaterThanOrEqual(t);
        expect(cal.isWorkingInstant(n)).toBe(true);
        expect(cal.between(t, n)).toBe(0);
        expect(cal.add(t, 1)).toBe(n + MIN);
      }),
      runs,
    );
  });

  it('add() is monotone in minutes and in the start instant', () => {
    fc.assert(
      fc.property(config, instant, instant, minutes, minutes, (c, s, t, a, b) => {
        const cal = calOf(c);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(cal.add(s, lo)).toBeLessThanOrEqual(cal.add(s, hi));
        const [early, late] = s <= t ? [s, t] : [t, s];
        expect(cal.add(early, a)).toBeLessThanOrEqual(cal.add(late, a));
      }),
      runs,
    );
  });

  it('never counts more working time than natural time', () => {
    fc.assert(
      fc.property(config, instant, instant, (c, a, b) => {
        expect(Math.abs(calOf(c).between(a, b))).toBeLessThanOrEqual(Math.abs(naturalTime.between(a, b)));
      }),
      runs,
    );
  });

  it('adding a closure never shortens a deadline', () => {
    fc.assert(
      fc.property(
        instant,
        minutes.filter((m) => m > 0),
        closure,
        (t, d, cl) => {
          const open = calendarFor(base);
          const closed = createWorkCalendar({ ...base, closures: [cl] });
          expect(closed.add(t, d)).toBeGreaterThanOrEqual(open.add(t, d));
        },
      ),
      runs,
    );
  });
});

describe('natural time invariants', () => {
  it('add/between are inverse and additive', () => {
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: -1e6, max: 1e6 }), (a, b, d) => {
        expect(naturalTime.between(a, naturalTime.add(a, d))).toBe(d);
        expect(naturalTime.add(a, naturalTime.between(a, b))).toBe(b);
      }),
      runs,
    );
  });
});
