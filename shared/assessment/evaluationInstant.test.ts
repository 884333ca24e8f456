/**
 * The evaluation-instant rule of frozen assessments (issue: a fresh freeze reported corrections that never
 * happened). A frozen result is computed at a stated instant t* (the period's end, or the freeze time for a
 * running period); the check recomputes the current inputs at that same instant, so only a change to what
 * was true at t* reads as a correction. Over engine-made histories, random periods and freeze times.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GridEvent } from '../gridEvent.js';
import { caseStateAt, evaluationInstant, type Period } from '../metrics/index.js';
import { DAY, NOW, history, ref } from '../metrics/factTestSupport.js';
import { DEFAULT_SCHEMES } from './defaults.js';
import { digestOf } from './digest.js';
import {
  EVALUATION_CLOCK_TOLERANCE_MS,
  evaluationInstantProblem,
  freezeAssessment,
  frozenEvaluationInstant,
  liveMatchesFrozen,
  normaliseInputs,
} from './freeze.js';
import { computeAssessmentInputs } from './indicators.js';
import type { AssessmentKind } from './types.js';

const HOUR = 3_600_000;
const KINDS: AssessmentKind[] = ['department', 'community', 'gridWorker', 'seat'];

/** The cache as a workstation held it at instant t: every case as it stood then (entries with at <= t). */
function cacheAt(cases: readonly GridEvent[], t: number): GridEvent[] {
  return cases.map((c) => caseStateAt(c, t)).filter((c): c is GridEvent => c !== null);
}

/** What the core does on 'assessment.freeze' at its (relay-corrected) instant `now`. */
function freezeAt(cases: readonly GridEvent[], period: Period, kind: AssessmentKind, now: number) {
  const evaluatedAt = evaluationInstant(period, now);
  const inputs = computeAssessmentInputs(cacheAt(cases, now), period, ref, evaluatedAt);
  return freezeAssessment({
    id: `asm-${kind}-${period.from}-${period.to}`,
    kind,
    period: { ...period, label: '测试周期' },
    scheme: DEFAULT_SCHEMES[kind],
    inputs,
    frozenAt: now,
    frozenBy: '许文华',
    evaluatedAt,
  });
}

/** What the assessment page's check does later: the current inputs at the frozen record's instant. */
function checkAt(cases: readonly GridEvent[], frozen: ReturnType<typeof freezeAt>, checkedAt: number): boolean {
  const live = computeAssessmentInputs(cacheAt(cases, checkedAt), frozen.period, ref, frozenEvaluationInstant(frozen));
  return liveMatchesFrozen(frozen, live);
}

/** A seed, a period that has begun by the freeze, a freeze time and a later check time. */
const scenario = fc
  .tuple(
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: NOW - 20 * DAY, max: NOW - 2 * DAY }),
    fc.integer({ min: HOUR, max: 25 * DAY }),
    fc.integer({ min: 0, max: 19 * DAY }),
    fc.integer({ min: 1, max: 3 * DAY }),
    fc.constantFrom(...KINDS),
  )
  .map(([seed, from, length, sinceFrom, later, kind]) => {
    const period: Period = { from, to: from + length };
    const frozenAt = Math.min(from + sinceFrom, NOW);
    return { seed, period, frozenAt, checkedAt: Math.min(frozenAt + later, NOW), kind };
  });

describe('a frozen assessment is computed at, and checked at, one stated instant', () => {
  it('with no correction, a later check at the frozen instant matches (running and ended periods, every kind)', () => {
    let running = 0;
    let ended = 0;
    fc.assert(
      fc.property(scenario, ({ seed, period, frozenAt, checkedAt, kind }) => {
        const cases = history(seed);
        const frozen = freezeAt(cases, period, kind, frozenAt);
        expect(frozen.evaluatedAt).toBe(Math.min(period.to, frozenAt));
        if (period.to > frozenAt) running += 1;
        else ended += 1;
        // Events after the freeze (new reports, clocks running on, cases closing) change nothing at t*.
        expect(checkAt(cases, frozen, checkedAt)).toBe(true);
      }),
      { numRuns: 120, seed: 20261202 },
    );
    // Both shapes of period were exercised (a guard, not a property).
    expect(running).toBeGreaterThan(10);
    expect(ended).toBeGreaterThan(10);
  });

  it('an input of that instant changed (an entry before t* removed) reads as a correction exactly when the inputs differ', () => {
    let corrections = 0;
    fc.assert(
      fc.property(scenario, fc.nat(), ({ seed, period, frozenAt, checkedAt, kind }, pick) => {
        const cases = history(seed);
        const frozen = freezeAt(cases, period, kind, frozenAt);
        const t = frozenEvaluationInstant(frozen);
        // Correct one case: everything from its last change at or before t* on was recorded in error (the
        // case is replayed without those entries, as a re-sent history would rebuild it).
        const candidates = cases.filter((c) => c.timeline.length > 1 && c.timeline[0]!.at < c.timeline[c.timeline.length - 1]!.at && c.timeline[1]!.at <= t);
        if (candidates.length === 0) return;
        const victim = candidates[pick % candidates.length]!;
        const lastBefore = victim.timeline.filter((e) => e.at <= t).pop()!.at;
        const cutAt = lastBefore > victim.timeline[0]!.at ? lastBefore : victim.timeline.find((e) => e.at > lastBefore)!.at;
        const replayed = caseStateAt(victim, cutAt - 1)!;
        const corrected = cases.map((c) => (c.id === victim.id ? replayed : c));
        const live = computeAssessmentInputs(cacheAt(corrected, checkedAt), frozen.period, ref, t);
        const changed = digestOf(normaliseInputs(kind, live)) !== frozen.inputsDigest;
        if (changed) corrections += 1;
        expect(liveMatchesFrozen(frozen, live)).toBe(!changed);
        // The frozen record itself never moves: re-reading it reproduces its scores.
        expect(frozen.results.length).toBe(normaliseInputs(kind, frozen.inputs).length);
      }),
      { numRuns: 80, seed: 7 },
    );
    expect(corrections).toBeGreaterThan(5);
  });

  it('the cause: a running period checked at a later now differs although nothing was corrected', () => {
    // Thursday 26 Nov 2026 14:30 street time; the period is the running quarter-like span around it.
    const cases = history(1);
    const period: Period = { from: NOW - 20 * DAY, to: NOW + 30 * DAY };
    const frozenAt = NOW - DAY; // Wednesday 14:30, office hours: open cases' working minutes grow by the minute
    const frozen = freezeAt(cases, period, 'department', frozenAt);
    const later = frozenAt + HOUR;
    // The old check (inputs at the check's own now) sees a "correction" that never happened …
    const atLaterNow = computeAssessmentInputs(cacheAt(cases, later), period, ref, later);
    expect(liveMatchesFrozen(frozen, atLaterNow)).toBe(false);
    // … the rule's check (at the frozen instant) does not.
    expect(checkAt(cases, frozen, later)).toBe(true);
  });

  it('an ended period is evaluated at its end whenever it is frozen', () => {
    const cases = history(2);
    const period: Period = { from: NOW - 15 * DAY, to: NOW - 5 * DAY };
    const a = freezeAt(cases, period, 'community', NOW - 4 * DAY);
    const b = freezeAt(cases, period, 'community', NOW);
    expect(a.evaluatedAt).toBe(period.to);
    expect(b.evaluatedAt).toBe(period.to);
    expect(b.inputsDigest).toBe(a.inputsDigest);
  });

  it('records frozen before evaluatedAt existed are read at min(period end, frozenAt)', () => {
    const cases = history(3);
    const period: Period = { from: NOW - 10 * DAY, to: NOW + 10 * DAY };
    const f = freezeAt(cases, period, 'seat', NOW - 2 * DAY);
    const { evaluatedAt: _dropped, ...old } = f;
    expect(frozenEvaluationInstant(old)).toBe(NOW - 2 * DAY);
    expect(checkAt(cases, { ...old, evaluatedAt: undefined }, NOW)).toBe(true);
  });
});

describe('the relay accepts the instant a workstation states only when it follows the rule', () => {
  const arb = fc.tuple(
    fc.integer({ min: 0, max: 10 ** 13 }),
    fc.integer({ min: 1, max: 400 * DAY }),
    fc.integer({ min: -30 * DAY, max: 500 * DAY }),
    fc.integer({ min: -EVALUATION_CLOCK_TOLERANCE_MS, max: EVALUATION_CLOCK_TOLERANCE_MS }),
  );

  it('the core’s instant (min(period end, now)) is accepted whenever the period has begun, within the clock tolerance', () => {
    fc.assert(
      fc.property(arb, ([from, length, offset, skew]) => {
        const period = { from, to: from + length };
        const coreNow = from + offset;
        const relayNow = coreNow - skew;
        const problem = evaluationInstantProblem(period, evaluationInstant(period, coreNow), relayNow);
        if (coreNow >= from) expect(problem).toBeNull();
        else expect(problem).toMatch(/尚未开始/);
      }),
      { seed: 11 },
    );
  });

  it('refuses instants outside the period, in the future, or before the end of an ended period', () => {
    const period = { from: 1_000 * DAY, to: 1_090 * DAY };
    expect(evaluationInstantProblem(period, period.to + 1, period.to + DAY)).toMatch(/晚于统计周期/);
    expect(evaluationInstantProblem(period, period.from + DAY, period.from + DAY - EVALUATION_CLOCK_TOLERANCE_MS - 1)).toMatch(
      /中继服务器的当前时间/,
    );
    expect(evaluationInstantProblem(period, period.to - HOUR, period.to + DAY)).toMatch(/结束时点/);
    expect(evaluationInstantProblem(period, period.from - 1, period.from + DAY)).toMatch(/尚未开始/);
  });
});
