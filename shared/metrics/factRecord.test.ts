/**
 * The compact fact record gives exactly the facts, metrics, groups and trend of caseFacts / computeStats,
 * for engine-made random histories, random periods and random evaluation times (fast-check).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GridEvent } from '../gridEvent.js';
import { decide, evolve } from '../engine/index.js';
import { dictionary, history, periodArb, ref } from './factTestSupport.js';
import { caseFacts, computeStats, computeTrend, evaluationInstant, groupKeyOf, type GroupBy } from './index.js';
import {
  buildFactRecord,
  deriveFacts,
  EXACT_PATH,
  emptyTrend,
  addToTrend,
  sumTrends,
  periodFacts,
  statsFromPeriodFacts,
  recordTail,
  type DerivedFacts,
} from './factRecord.js';

const GROUPS = ['department', 'community', 'category', 'source', 'grid'] as const;

/** The closed cases of a history reopened (重新办理) through the engine a day after closing, at most `n`. */
function reopenedCases(cases: readonly GridEvent[], n: number): GridEvent[] {
  const actor = { id: 'u-dispatcher', name: '张敏', role: 'dispatcher' as const, unitId: 'centre' };
  const out: GridEvent[] = [];
  for (const c of cases) {
    if (c.status !== 'closed' || c.closedAt === undefined || out.length >= n) continue;
    const now = c.closedAt + 86_400_000;
    const d = decide(c, { type: 'reopen', caseId: c.id, reason: '群众反映问题仍未解决' }, { actor, now, ref, commandId: `re-${c.id}` });
    if (!d.ok) throw new Error(`${c.id}: ${d.message}`);
    out.push(d.events.reduce<GridEvent>((s, e) => evolve(s, e), c));
  }
  return out;
}

describe('fact records', () => {
  it('count a reopened case (重新办理) in its period, as caseFacts does, and keep its closure', () => {
    const reopened = reopenedCases(history(0), 40);
    expect(reopened.length).toBeGreaterThan(10);
    let counted = 0;
    fc.assert(
      fc.property(periodArb, ({ period, now }) => {
        const dict = dictionary();
        for (const c of reopened) {
          const exact = caseFacts([c], period, ref, now)[0];
          const rec = buildFactRecord(c, ref.calendar, dict);
          expect(rec, c.id).not.toBeNull();
          const d = deriveFacts(c.id, rec!, period, now, dict.keys, ref.calendar);
          if (d === EXACT_PATH || !exact) continue;
          expect((d as DerivedFacts).counts, c.id).toEqual(exact.counts);
          const at = c.timeline.find((e) => e.type === 'reopened')!.at;
          const t = evaluationInstant(period, now);
          expect(exact.counts.reopened, c.id).toBe(at >= period.from && at < period.to && at <= t);
          if (exact.counts.reopened) counted++;
        }
      }),
      { numRuns: 40 },
    );
    expect(counted).toBeGreaterThan(0);
  });

  it('derive the same facts as caseFacts, case by case', () => {
    let compared = 0;
    let exactPath = 0;
    fc.assert(
      fc.property(periodArb, ({ seed, period, now }) => {
        const dict = dictionary();
        for (const c of history(seed)) {
          const rec = buildFactRecord(c, ref.calendar, dict);
          const exact = caseFacts([c], period, ref, now)[0];
          if (!rec) {
            exactPath++;
            continue;
          }
          const d = deriveFacts(c.id, rec, period, now, dict.keys, ref.calendar);
          if (d === EXACT_PATH) {
            exactPath++;
            continue;
          }
          if (!exact) {
            expect(d, c.id).toBeNull();
            continue;
          }
          expect(d, c.id).not.toBeNull();
          const got = d as DerivedFacts;
          compared++;
          expect(got.counts, c.id).toEqual(exact.counts);
          expect([got.rated, got.satisfied, got.departmentHandled, got.handlingMinutes], c.id).toEqual([
            exact.rated,
            exact.satisfied,
            exact.departmentHandled,
            exact.handlingMinutes,
          ]);
          for (const k of ['dispatched', 'bounced', 'extended', 'urged'] as const)
            expect([...got.units[k]].sort(), `${c.id} ${k}`).toEqual([...new Set(exact.units[k])].sort());
          for (const g of GROUPS) expect(groupKeyOf(got.state, g), `${c.id} ${g}`).toBe(groupKeyOf(exact.state, g));
        }
      }),
      { numRuns: 60 },
    );
    // The records cover nearly every case (the exact path is for rare shapes only).
    expect(compared).toBeGreaterThan(2000);
    // Only shapes a record cannot represent go the exact path (running handling clocks are in the record).
    expect(exactPath / (compared + exactPath)).toBeLessThan(0.01);
  });

  it('give the same trend as computeTrend, the exact-path cases added', () => {
    fc.assert(
      fc.property(periodArb, ({ seed, period, now }) => {
        const dict = dictionary();
        const derived: DerivedFacts[] = [];
        const exact: GridEvent[] = [];
        const cases = history(seed);
        for (const c of cases) {
          const rec = buildFactRecord(c, ref.calendar, dict);
          const d = rec ? deriveFacts(c.id, rec, period, now, dict.keys, ref.calendar) : EXACT_PATH;
          if (d === EXACT_PATH) exact.push(c);
          else if (d) derived.push(d);
        }
        const trend = emptyTrend(period, ref.calendar);
        addToTrend(trend, derived, ref.calendar);
        expect(sumTrends(trend, computeTrend(exact, period, ref, now))).toEqual(computeTrend(cases, period, ref, now));
      }),
      { numRuns: 40 },
    );
  });

  it('give computeStats exactly (metrics, every grouping, trend), mixed with exact-path cases', () => {
    fc.assert(
      fc.property(periodArb, fc.integer({ min: 0, max: 9 }), ({ seed, period, now }, everyNth) => {
        const dict = dictionary();
        const cases = history(seed);
        // Some cases forced onto the exact path, as stale or missing records would be.
        const items = cases.flatMap((c, i): Array<DerivedFacts | GridEvent> => {
          const rec = everyNth > 0 && i % (everyNth + 3) === 0 ? null : buildFactRecord(c, ref.calendar, dict);
          const d = rec ? deriveFacts(c.id, rec, period, now, dict.keys, ref.calendar) : EXACT_PATH;
          return d === EXACT_PATH ? [c] : d ? [d] : [];
        });
        const pf = periodFacts(items, period, ref, now);
        for (const groupBy of ['none', ...GROUPS] satisfies GroupBy[])
          expect(statsFromPeriodFacts(pf, period, groupBy, ref)).toEqual(computeStats(cases, period, groupBy, ref, now));
      }),
      { numRuns: 25 },
    );
  });

  it('have a tail (last segment only) that derives the same as the whole record from its start on', () => {
    let compared = 0;
    let shorter = 0;
    fc.assert(
      fc.property(periodArb, ({ seed, period, now }) => {
        const dict = dictionary();
        for (const c of history(seed)) {
          const rec = buildFactRecord(c, ref.calendar, dict);
          if (!rec) continue;
          const { tail, from } = recordTail(rec);
          expect(tail[6], c.id).toBe(Math.min(1, rec[6]!));
          expect(from, c.id).toBeLessThanOrEqual(c.updatedAt);
          // The drawn period and now, and the same period evaluated just after the case's last change (the
          // tail always applies there, so every case is compared at least once).
          const after = c.updatedAt + 1;
          for (const [p, n] of [
            [period, now],
            [{ from: period.from, to: Math.max(period.to, after + 1) }, after],
          ] as const) {
            if (evaluationInstant(p, n) < from) continue;
            compared++;
            if (tail.length < rec.length) shorter++;
            expect(deriveFacts(c.id, tail, p, n, dict.keys, ref.calendar), c.id).toEqual(deriveFacts(c.id, rec, p, n, dict.keys, ref.calendar));
          }
        }
      }),
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(1000);
    expect(shorter / compared).toBeGreaterThan(0.5);
  });

  it('are null for shapes they cannot represent: no timeline, entries out of time order, a replay that misses entries', () => {
    const dict = dictionary();
    const c = history(1).find((x) => x.timeline.length > 3)!;
    expect(buildFactRecord({ ...c, timeline: [] }, ref.calendar, dict)).toBeNull();
    const swapped = [...c.timeline];
    [swapped[1], swapped[2]] = [{ ...swapped[2]!, at: swapped[1]!.at - 1 }, swapped[1]!];
    expect(buildFactRecord({ ...c, timeline: swapped }, ref.calendar, dict)).toBeNull();
    expect(buildFactRecord({ ...c, timeline: c.timeline.slice(0, 1) }, ref.calendar, dict)).toBeNull();
    expect(buildFactRecord(c, ref.calendar, dict)).toBeInstanceOf(Float64Array);
  });
});
