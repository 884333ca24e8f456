/**
 * Office hours typed by an admin: the text the page shows parses back to the same intervals (fast-check),
 * the usual ways of writing them are accepted, and each kind of mistake is refused with a message that
 * names the wrong part.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultCalendarConfig } from './config.js';
import { formatOfficeHours, OfficeHoursError, parseOfficeHours, withOfficeHours, type Interval } from './officeHours.js';
import { createWorkCalendar } from './workCalendar.js';

/** Sorted, non-overlapping intervals within the day. */
const dayArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 1440 }), { minLength: 0, maxLength: 8 })
  .map((xs) => xs.sort((a, b) => a - b))
  .map((xs) => {
    const out: Interval[] = [];
    for (let i = 0; i + 1 < xs.length; i += 2) out.push([xs[i]!, xs[i + 1]!]);
    return out;
  });

describe('office hours text', () => {
  it('parses back what it formats', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        expect(parseOfficeHours(formatOfficeHours(day))).toEqual(day);
      }),
    );
  });

  it('accepts the usual ways of writing them', () => {
    expect(parseOfficeHours('09:00-12:00，14:00-18:00')).toEqual([
      [540, 720],
      [840, 1080],
    ]);
    expect(parseOfficeHours(' 14:00～18:00; 8:30至12:00 ')).toEqual([
      [510, 720],
      [840, 1080],
    ]);
    expect(parseOfficeHours('09：00 - 17：30')).toEqual([[540, 1050]]);
    expect(parseOfficeHours('00:00-24:00')).toEqual([[0, 1440]]);
    for (const off of ['', '休息', ' 无 ', '不办公']) expect(parseOfficeHours(off)).toEqual([]);
  });

  it('refuses mistakes, naming the part that is wrong', () => {
    const refused = (text: string, message: RegExp) => {
      expect(() => parseOfficeHours(text)).toThrow(OfficeHoursError);
      expect(() => parseOfficeHours(text)).toThrow(message);
    };
    refused('09:00', /“09:00”应写作 开始-结束/);
    refused('9点-12点', /“9点”不是时间/);
    refused('09:00-25:00', /“25:00”不是有效时间/);
    refused('09:60-12:00', /“09:60”不是有效时间/);
    refused('12:00-09:00', /“12:00-09:00”的结束时间须晚于开始时间/);
    refused('09:00-09:00', /结束时间须晚于开始时间/);
    refused('09:00-12:00，11:30-14:00', /09:00-12:00 与 11:30-14:00 重叠/);
  });

  it('makes a calendar that counts the new hours', () => {
    const base = defaultCalendarConfig();
    const saturday = parseOfficeHours('09:00-12:00');
    const next = withOfficeHours(base, {
      officeHours: base.officeHours.map((d, i) => (i === 6 ? saturday : d)),
      makeupDayHours: base.makeupDayHours,
      warnRatio: 0.2,
    });
    expect(next.officeHours[6]).toEqual([[540, 720]]);
    expect(next.warnRatio).toBe(0.2);
    expect(next.years).toEqual(base.years);
    // Saturday 2026-11-28 09:00 +08:00: three working hours until noon now, none before.
    const sat9 = Date.UTC(2026, 10, 28, 1, 0);
    expect(createWorkCalendar(next).between(sat9, sat9 + 4 * 3_600_000)).toBe(180);
    expect(createWorkCalendar(base).between(sat9, sat9 + 4 * 3_600_000)).toBe(0);
    expect(() => withOfficeHours(base, { officeHours: base.officeHours.slice(0, 6), makeupDayHours: [], warnRatio: 0.25 })).toThrow();
    expect(() => withOfficeHours(base, { officeHours: base.officeHours, makeupDayHours: [], warnRatio: 1.5 })).toThrow();
  });
});
