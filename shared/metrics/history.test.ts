/**
 * Metric invariants over a generated demo history (real engine, thousands of timeline entries), for random
 * periods and evaluation times.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateDemoHistory } from '../demo/history.js';
import { createDemoRefData } from '../demo/refData.js';
import { foldEvents } from '../engine/index.js';
import type { GridEvent } from '../gridEvent.js';
import { StatsResult } from '../api.js';
import { computeGrouped, computeMetrics, computeStats, computeTrend, metricCaseIds, UNIT_COUNT_IDS, type Period } from './index.js';

const ref = createDemoRefData();
const NOW = Date.UTC(2026, 10, 26, 6, 30);
const DAY = 86_400_000;
const { cases } = generateDemoHistory({ seed: 11, now: NOW, days: 28, casesPerDay: 15, ref });

/** The cases as they were at instant t (what a workstation would have held then). */
function asOf(t: number): GridEvent[] {
  const out: GridEvent[] = [];
  for (const c of cases) {
    const s = foldEvents(c.timeline.filter((e) => e.at <= t));
    if (s) out.push(s);
  }
  return out;
}

const periodArb = fc
  .tuple(
    fc.integer({ min: NOW - 30 * DAY, max: NOW }),
    fc.integer({ min: 3_600_000, max: 20 * DAY }),
    fc.integer({ min: NOW - 25 * DAY, max: NOW + 5 * DAY }),
  )
  .map(([from, length, now]) => ({ period: { from, to: from + length } as Period, now }));

describe('metrics over the demo history', () => {
  it('rates stay in [0, 1] with numerator ≤ denominator, or null without a denominator', () => {
    fc.assert(
      fc.property(periodArb, ({ period, now }) => {
        for (const v of computeMetrics(cases, period, ref, now)) {
          if (v.unit === 'count') expect(Number.isInteger(v.value)).toBe(true);
          if (v.unit !== 'ratio') continue;
          if (v.denominator === 0) expect(v.value).toBeNull();
          else {
            expect(v.value).toBeGreaterThanOrEqual(0);
            expect(v.value).toBeLessThanOrEqual(1);
            expect(v.numerator).toBeLessThanOrEqual(v.denominator ?? 0);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a period evaluated later gives the same numbers as the data as it stood at the period end', () => {
    fc.assert(
      fc.property(periodArb, ({ period }) => {
        const end = Math.min(period.to, NOW);
        expect(computeMetrics(cases, period, ref, NOW)).toEqual(computeMetrics(asOf(end), period, ref, NOW));
      }),
      { numRuns: 15 },
    );
  });

  it('drill-down lists exactly as many cases as each metric counts, and group counts add up', () => {
    const period: Period = { from: NOW - 14 * DAY, to: NOW - 2 * DAY };
    const metrics = computeMetrics(cases, period, ref, NOW);
    for (const v of metrics) {
      const num = metricCaseIds(v.id, cases, period, ref, NOW);
      if (v.unit === 'count') expect(num, v.id).toHaveLength(v.value ?? -1);
      else {
        expect(metricCaseIds(v.id, cases, period, ref, NOW, 'denominator'), v.id).toHaveLength(v.denominator ?? -1);
        if (v.unit === 'ratio') expect(num, v.id).toHaveLength(v.numerator ?? -1);
        // The numerator cases are among the denominator cases.
        const den = new Set(metricCaseIds(v.id, cases, period, ref, NOW, 'denominator'));
        for (const id of num) expect(den.has(id)).toBe(true);
      }
    }
    for (const groupBy of ['department', 'community', 'category', 'source', 'grid'] as const) {
      const groups = computeGrouped(cases, period, groupBy, ref, NOW);
      for (const v of metrics.filter((m) => m.unit === 'count')) {
        const sum = groups.reduce((s, g) => s + (g.metrics.find((m) => m.id === v.id)?.value ?? 0), 0);
        // Grouped by department, a case dispatched to (or urged at) two departments counts for both.
        if (groupBy === 'department' && (UNIT_COUNT_IDS as readonly string[]).includes(v.id))
          expect(sum, `${groupBy}/${v.id}`).toBeGreaterThanOrEqual(v.value ?? 0);
        else expect(sum, `${groupBy}/${v.id}`).toBe(v.value);
      }
      // Drill-down within each department lists exactly the cases the department counts.
      for (const g of groupBy === 'department' ? groups : []) {
        for (const v of g.metrics.filter((m) => (UNIT_COUNT_IDS as readonly string[]).includes(m.id) || m.id === 'closed')) {
          const ids = metricCaseIds(v.id, cases, period, ref, NOW, 'numerator', { groupBy, key: g.key });
          expect(ids, `${groupBy}/${g.key}/${v.id}`).toHaveLength(v.value ?? -1);
        }
      }
      const g = groups.find((x) => (x.metrics.find((m) => m.id === 'reported')?.value ?? 0) > 0);
      if (g) {
        const ids = metricCaseIds('reported', cases, period, ref, NOW, 'numerator', { groupBy, key: g.key });
        expect(ids).toHaveLength(g.metrics.find((m) => m.id === 'reported')?.value ?? -1);
      }
    }
    // The demo history has cases in the period worth measuring.
    expect(metrics.find((m) => m.id === 'closed')?.value).toBeGreaterThan(50);
  });

  it('the daily trend adds up to the period counts', () => {
    const period: Period = { from: NOW - 14 * DAY, to: NOW };
    const trend = computeTrend(cases, period, ref, NOW);
    const m = new Map(computeMetrics(cases, period, ref, NOW).map((v) => [v.id, v.value]));
    expect(trend.length).toBeGreaterThanOrEqual(14);
    expect(trend.reduce((s, p) => s + p.reported, 0)).toBe(m.get('reported'));
    expect(trend.reduce((s, p) => s + p.closed, 0)).toBe(m.get('closed'));
  });

  it('computeStats is metrics + groups + trend in one pass, in the API shape', () => {
    const period: Period = { from: NOW - 10 * DAY, to: NOW + DAY };
    const stats = computeStats(cases, period, 'community', ref, NOW);
    expect(StatsResult.safeParse(stats).success).toBe(true);
    expect(stats.metrics).toEqual(computeMetrics(cases, period, ref, NOW));
    expect(stats.groups).toEqual(computeGrouped(cases, period, 'community', ref, NOW));
    expect(stats.trend).toEqual(computeTrend(cases, period, ref, NOW));
    // The running period ends tomorrow: nothing can have gone overdue after now.
    expect(stats.trend[stats.trend.length - 1]?.overdue).toBe(0);
    expect(computeStats(cases, period, 'none', ref, NOW).groups).toEqual([]);
  });
});
