/**
 * The single-pass period statistics (PeriodStats over deriveInto, one reused scratch) give exactly
 * computeStats (metrics, every grouping, trend), mixed with exact-path cases, for engine-made random
 * histories, random periods and evaluation times (fast-check); and list the '' groups as the fact path does.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GridEvent } from '../gridEvent.js';
import { dictionary, history, periodArb, ref } from './factTestSupport.js';
import { computeStats, evaluationInstant, type GroupBy, type Period } from './index.js';
import {
  buildFactRecord,
  deriveFacts,
  deriveInto,
  DERIVED,
  EXACT,
  EXACT_PATH,
  FactScratch,
  periodFacts,
  statsFromPeriodFacts,
  type DerivedFacts,
} from './factRecord.js';
import { byOrder, PeriodStats } from './periodStats.js';

const GROUPINGS = ['none', 'department', 'community', 'category', 'source', 'grid'] satisfies GroupBy[];

/**
 * PeriodStats over the cases, added in a shuffled order (the fast path reads records in storage order):
 * every (everyNth + 3)th case on the exact path, as a stale record would be; records read in place at an
 * offset of a larger array, as from a blob.
 */
function single(
  cases: readonly GridEvent[],
  period: Period,
  now: number,
  everyNth: number,
  dict: ReturnType<typeof dictionary>,
  shuffle = 0,
  metricsOnly = false,
): PeriodStats {
  const ps = new PeriodStats(period, ref, now, metricsOnly);
  const x = new FactScratch();
  const t = evaluationInstant(period, now);
  const order = cases.map((_, i) => i);
  for (let i = order.length - 1, h = shuffle; i > 0 && shuffle > 0; i--) {
    h = (Math.imul(h, 1103515245) + 12345) >>> 0;
    const j = h % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (const i of order) {
    const c = cases[i]!;
    const rec = everyNth > 0 && i % (everyNth + 3) === 0 ? null : buildFactRecord(c, ref.calendar, dict);
    const blob = rec ? new Float64Array(rec.length + 3) : null;
    if (blob && rec) blob.set(rec, 3);
    const res = blob ? deriveInto(blob, 3, period, t, dict.keys, ref.calendar, x) : EXACT;
    if (res === DERIVED) ps.addDerived(x, dict.keys, i);
    else if (res === EXACT) ps.addCase(c, i);
  }
  return ps;
}

describe('PeriodStats (single pass)', () => {
  it('gives computeStats exactly, mixed with exact-path cases', () => {
    let departmentsElsewhere = 0;
    fc.assert(
      fc.property(periodArb, fc.integer({ min: 0, max: 9 }), fc.nat(), ({ seed, period, now }, everyNth, shuffle) => {
        const cases = history(seed);
        const ps = single(cases, period, now, everyNth, dictionary(), shuffle).finish();
        // Also through a snapshot (plain data, as from the worker thread).
        const copy = PeriodStats.fromSnapshot(JSON.parse(JSON.stringify(ps.snapshot())) as ReturnType<PeriodStats['snapshot']>, ref);
        for (const groupBy of GROUPINGS) {
          const exact = computeStats(cases, period, groupBy, ref, now);
          expect(ps.result(groupBy)).toEqual(exact);
          expect(copy.result(groupBy)).toEqual(exact);
        }
        // Cases counted for a department other than their lead (bounced, urged…) were part of the check.
        departmentsElsewhere += ps
          .result('department')
          .groups.filter((g) => g.metrics.some((m) => m.id === 'bounced' && (m.value ?? 0) > 0)).length;
      }),
      { numRuns: 30 },
    );
    expect(departmentsElsewhere).toBeGreaterThan(0);
  });

  it('metrics only: the same metrics as computeStats (also through a snapshot), no trend, no grouping', () => {
    fc.assert(
      fc.property(periodArb, fc.integer({ min: 0, max: 9 }), fc.nat(), ({ seed, period, now }, everyNth, shuffle) => {
        const cases = history(seed);
        const ps = single(cases, period, now, everyNth, dictionary(), shuffle, true).finish();
        const copy = PeriodStats.fromSnapshot(JSON.parse(JSON.stringify(ps.snapshot())) as ReturnType<PeriodStats['snapshot']>, ref);
        const exact = computeStats(cases, period, 'none', ref, now);
        for (const p of [ps, copy]) {
          expect(p.result('none')).toEqual({ ...exact, trend: [] });
          expect(() => p.result('department')).toThrow(/metrics-only/);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("lists the '' groups named by emptyKeys as the fact path (statsFromPeriodFacts) does", () => {
    fc.assert(
      fc.property(
        periodArb,
        fc.subarray(['department', 'category'] as const),
        fc.integer({ min: 2, max: 5 }),
        ({ seed, period, now }, emptyKeys, keepEvery) => {
          const dict = dictionary();
          const cases = history(seed).filter((_, i) => i % keepEvery === 0);
          const items = cases.flatMap((c): Array<DerivedFacts | GridEvent> => {
            const rec = buildFactRecord(c, ref.calendar, dict);
            const d = rec ? deriveFacts(c.id, rec, period, now, dict.keys, ref.calendar) : EXACT_PATH;
            return d === EXACT_PATH ? [c] : d ? [d] : [];
          });
          const pf = periodFacts(items, period, ref, now);
          const ps = single(cases, period, now, 0, dict).finish(emptyKeys);
          for (const groupBy of GROUPINGS) expect(ps.result(groupBy)).toEqual(statsFromPeriodFacts(pf, period, groupBy, ref, emptyKeys));
        },
      ),
      { numRuns: 20 },
    );
  });

  it('sums handling minutes in order: byOrder sorts indices by order, packed or not', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.oneof(fc.nat({ max: 5000 }), fc.integer({ min: 2 ** 29, max: 2 ** 40 })), { maxLength: 80 }),
        (order) => {
          const expected = order.map((_, i) => i).sort((a, b) => order[a]! - order[b]!);
          expect([...byOrder(order)]).toEqual(expected);
        },
      ),
    );
  });
});
