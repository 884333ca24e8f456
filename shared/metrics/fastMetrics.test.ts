/** fastMetricsFromFacts gives exactly metricsFromFacts, for any facts (fast-check) and for real histories. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateDemoHistory } from '../demo/history.js';
import { createDemoRefData } from '../demo/refData.js';
import type { GridEvent } from '../gridEvent.js';
import { caseFacts, COUNT_METRIC_IDS, groupedFromFacts, metricsFromFacts, type CaseFacts, type CountMetricId } from './index.js';
import { fastMetricsFromFacts } from './fastMetrics.js';

const factArb: fc.Arbitrary<CaseFacts> = fc
  .record({
    counts: fc.tuple(...COUNT_METRIC_IDS.map(() => fc.boolean())),
    rated: fc.boolean(),
    satisfied: fc.boolean(),
    departmentHandled: fc.boolean(),
    handlingMinutes: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e5, noNaN: true }), fc.integer({ min: 0, max: 9999 })),
  })
  .map((r) => ({
    id: 'x',
    state: {} as GridEvent,
    counts: Object.fromEntries(COUNT_METRIC_IDS.map((id, i) => [id, r.counts[i]!])) as Record<CountMetricId, boolean>,
    rated: r.rated,
    satisfied: r.satisfied,
    departmentHandled: r.departmentHandled,
    handlingMinutes: r.handlingMinutes,
    units: { dispatched: [], bounced: [], extended: [], urged: [] },
  }));

describe('fastMetricsFromFacts', () => {
  it('equals metricsFromFacts for arbitrary facts (including impossible combinations)', () => {
    fc.assert(
      fc.property(fc.array(factArb, { maxLength: 60 }), (facts) => {
        expect(fastMetricsFromFacts(facts)).toEqual(metricsFromFacts(facts));
      }),
      { numRuns: 300 },
    );
  });

  it('equals metricsFromFacts over a real history, overall and per group', () => {
    const ref = createDemoRefData();
    const now = Date.UTC(2026, 10, 26, 6, 30);
    const { cases } = generateDemoHistory({ seed: 3, now, days: 20, casesPerDay: 12, ref });
    const facts = caseFacts(cases, { from: now - 15 * 86_400_000, to: now }, ref, now);
    expect(facts.filter((f) => f.departmentHandled).length).toBeGreaterThan(20);
    expect(fastMetricsFromFacts(facts)).toEqual(metricsFromFacts(facts));
    for (const g of ['department', 'community', 'category', 'source', 'grid'] as const) expect(groupedFromFacts(facts, g, ref, fastMetricsFromFacts)).toEqual(groupedFromFacts(facts, g, ref));
  });
});
