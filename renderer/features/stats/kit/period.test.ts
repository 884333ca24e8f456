import { describe, expect, it } from 'vitest';
import { change, currentPeriod, isoWeek, periodOf, previousPeriod, samePeriodLastYear, trendByWeek } from './period.js';

const CFG = { utcOffsetMinutes: 480 };
const H = 3600_000;

describe('periods in Beijing time', () => {
  it('a day runs from local midnight to local midnight', () => {
    const p = periodOf('day', '2026-11-26', CFG);
    expect(p.from).toBe(Date.UTC(2026, 10, 25, 16));
    expect(p.to - p.from).toBe(24 * H);
    expect(p.label).toBe('2026-11-26');
  });
  it('a week is Monday to Sunday with its ISO number', () => {
    const p = periodOf('week', '2026-11-26', CFG); // a Thursday
    expect([p.fromDay, p.toDay]).toEqual(['2026-11-23', '2026-11-29']);
    expect(p.label).toBe('2026年第48周（11-23 至 11-29）');
    expect(isoWeek('2027-01-01')).toEqual({ year: 2026, week: 53 });
  });
  it('months and quarters', () => {
    expect(periodOf('month', '2028-02-10', CFG)).toMatchObject({ fromDay: '2028-02-01', toDay: '2028-02-29', label: '2028年2月' });
    expect(periodOf('quarter', '2026-11-26', CFG)).toMatchObject({ fromDay: '2026-10-01', toDay: '2026-12-31', label: '2026年第四季度' });
  });
  it('the current period follows the local day, not UTC', () => {
    // 2026-11-30 17:00 UTC is already 1 December in Beijing.
    expect(currentPeriod('month', Date.UTC(2026, 10, 30, 17), CFG).label).toBe('2026年12月');
  });
  it('custom ranges include both ends and refuse reversed ranges', () => {
    const p = periodOf('custom', '2026-11-01', CFG, '2026-11-26');
    expect((p.to - p.from) / (24 * H)).toBe(26);
    expect(() => periodOf('custom', '2026-11-26', CFG, '2026-11-01')).toThrow();
  });
});

describe('comparisons', () => {
  it('previous period (环比)', () => {
    expect(previousPeriod(periodOf('month', '2026-03-15', CFG), CFG)).toMatchObject({ fromDay: '2026-02-01', toDay: '2026-02-28' });
    expect(previousPeriod(periodOf('quarter', '2026-01-15', CFG), CFG).label).toBe('2025年第四季度');
    expect(previousPeriod(periodOf('week', '2026-11-26', CFG), CFG).fromDay).toBe('2026-11-16');
    expect(previousPeriod(periodOf('custom', '2026-11-11', CFG, '2026-11-20'), CFG)).toMatchObject({
      fromDay: '2026-11-01',
      toDay: '2026-11-10',
    });
  });
  it('same period last year (同比)', () => {
    expect(samePeriodLastYear(periodOf('day', '2028-02-29', CFG), CFG).fromDay).toBe('2027-02-28');
    expect(samePeriodLastYear(periodOf('quarter', '2026-11-26', CFG), CFG).label).toBe('2025年第四季度');
    expect(samePeriodLastYear(periodOf('week', '2026-11-26', CFG), CFG)).toMatchObject({ fromDay: '2025-11-24', toDay: '2025-11-30' });
  });
  it('relative change', () => {
    expect(change(120, 100)).toBeCloseTo(0.2);
    expect(change(5, 0)).toBeNull();
    expect(change(null, 3)).toBeNull();
  });
});

describe('trendByWeek', () => {
  it('sums the daily flows per ISO week', () => {
    const days = [
      { day: '2026-11-22', reported: 1, closed: 0, overdue: 2 }, // Sunday of week 47
      { day: '2026-11-23', reported: 3, closed: 1, overdue: 4 },
      { day: '2026-11-24', reported: 2, closed: 2, overdue: 5 },
    ];
    expect(trendByWeek(days)).toEqual([
      { day: '2026-11-16', reported: 1, closed: 0, overdue: 2 },
      { day: '2026-11-23', reported: 5, closed: 3, overdue: 9 },
    ]);
  });
});
