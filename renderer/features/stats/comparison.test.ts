/**
 * Running periods are compared over the same elapsed span (本期至今 against 上期同期 / 去年同期), never a part
 * against a whole: unit rules of comparisonPeriods, and figures on a fixed engine-made history, where the old
 * comparison read "上报数 环比 −50 %" for a steady street.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { generateDemoHistory } from '../../../shared/demo/history.js';
import { computeMetrics } from '../../../shared/metrics/index.js';
import type { StatsResult } from '../../../shared/api.js';

type StatsGroup = StatsResult['groups'][number];
import { localDay } from '../../../shared/calendar/localDay.js';
import { comparisonPeriods, currentPeriod, periodOf, previousPeriod, samePeriodLastYear } from './kit/period.js';
import { groupChartData } from './sections/charts.js';

const CFG = { utcOffsetMinutes: 480 };

describe('comparisonPeriods', () => {
  it('2 December 10:00: this month so far (2 days) against 1–2 November, not against all of November', () => {
    const now = Date.UTC(2026, 11, 2, 2); // 10:00 Beijing
    const month = currentPeriod('month', now, CFG);
    const c = comparisonPeriods(month, now, CFG);
    expect(c.running).toBe(true);
    expect(c.current.label).toBe('2026年12月（本期至今）');
    expect(c.previous).toMatchObject({ fromDay: '2026-11-01', toDay: '2026-11-02', label: '2026年11月同期（11-01 至 11-02）' });
    expect(c.previous.from).toBe(periodOf('month', '2026-11-01', CFG).from);
    expect(c.previous.to).toBe(periodOf('day', '2026-11-03', CFG).from);
    expect(c.lastYear.label).toBe('2025年12月同期（12-01 至 12-02）');
  });

  it('an ended period is compared with whole periods', () => {
    const p = periodOf('month', '2026-10-15', CFG);
    const c = comparisonPeriods(p, Date.UTC(2026, 11, 2), CFG);
    expect(c.running).toBe(false);
    expect(c.previous).toEqual(previousPeriod(p, CFG));
    expect(c.lastYear).toEqual(samePeriodLastYear(p, CFG));
    expect(c.current).toEqual(p);
  });

  it('any running period: the comparisons cover as many whole days as it has begun, from their own start', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('day', 'week', 'month', 'quarter') as fc.Arbitrary<'day' | 'week' | 'month' | 'quarter'>,
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        (kind, now) => {
          const p = currentPeriod(kind, now, CFG);
          const c = comparisonPeriods(p, now, CFG);
          expect(c.running).toBe(true);
          const days = Math.round((periodOf('day', localDay(now, CFG), CFG).to - p.from) / 86_400_000);
          for (const [base, whole] of [
            [c.previous, previousPeriod(p, CFG)],
            [c.lastYear, samePeriodLastYear(p, CFG)],
          ] as const) {
            expect(base.from).toBe(whole.from);
            expect(base.to).toBe(Math.min(whole.to, whole.from + days * 86_400_000));
            expect(base.to).toBeGreaterThan(base.from);
          }
        },
      ),
      { seed: 1202 },
    );
  });
});

describe('figures of a running week on a fixed history (20 days, 10 reports a day)', () => {
  const ref = createDemoRefData();
  const NOW = Date.UTC(2026, 10, 26, 6, 30); // Thursday 14:30 Beijing
  const cases = generateDemoHistory({ seed: 1, now: NOW, days: 20, casesPerDay: 10, ref }).cases;
  const reported = (p: { from: number; to: number }) => computeMetrics(cases, p, ref, NOW).find((m) => m.id === 'reported')!.value!;

  it('this week so far is close to last week over the same span, far from last week as a whole', () => {
    const week = currentPeriod('week', NOW, CFG);
    const c = comparisonPeriods(week, NOW, CFG);
    const now = reported(week);
    const same = reported(c.previous);
    const whole = reported(previousPeriod(week, CFG));
    expect(now).toBeGreaterThan(20);
    // The old comparison: 3.6 days against 7.
    expect((now - whole) / whole).toBeLessThan(-0.3);
    // The same span: a steady street reads steady.
    expect(Math.abs((now - same) / same)).toBeLessThan(0.3);
  });
});

describe('group bars', () => {
  const g = (key: string, reported: number): StatsGroup => ({
    key,
    label: key,
    metrics: [
      { id: 'reported', label: '上报数', value: reported, unit: 'count', formula: '', version: '1' },
      { id: 'closed', label: '结案数', value: 0, unit: 'count', formula: '', version: '1' },
    ],
  });
  it('every community is a bar, empty ones too; beyond the limit the rest is one explicit 其他 bar', () => {
    const thirteen = Array.from({ length: 13 }, (_, i) => g(`c${i}`, i));
    expect(groupChartData(thirteen, { limit: Infinity, keepEmpty: true })).toHaveLength(13);
    // The old chart: 12 of 13 drawn, silently. Now the last bar says what it holds.
    const folded = groupChartData(thirteen, { keepEmpty: true });
    expect(folded).toHaveLength(12);
    expect(folded.at(-1)!.label).toBe('其他（2 项）');
    // Nothing is lost: the bars add up to every group's cases.
    expect(folded.reduce((n, x) => n + x.reported, 0)).toBe(thirteen.reduce((n, x) => n + (x.metrics[0]!.value ?? 0), 0));
    expect(groupChartData(thirteen)).toHaveLength(12); // the empty one left out, no folding needed
  });
});
