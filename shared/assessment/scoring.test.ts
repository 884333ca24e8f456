import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeRule, rankScores, roundTo, scoreAll, scoreRule } from './scoring.js';
import { DEFAULT_SCHEMES } from './defaults.js';
import { AssessmentRule, type AssessmentInput } from './types.js';

const rule = (r: unknown) => AssessmentRule.parse(r);
const onTime = rule({
  id: 'onTime',
  type: 'threshold',
  label: '按期结案率',
  indicator: 'onTimeClosureRate',
  points: 50,
  threshold: 0.7,
  deductPerPoint: 1,
});
const failed = rule({
  id: 'failed',
  type: 'perCount',
  label: '核查不通过',
  indicator: 'failedVerificationCount',
  perUnit: -0.2,
  min: -20,
  max: 0,
});

describe('threshold rule (local example: ≥70% earns 50, −1 per point below)', () => {
  it('earns full points at or above the threshold', () => {
    expect(scoreRule(onTime, 0.7).points).toBe(50);
    expect(scoreRule(onTime, 0.95).points).toBe(50);
  });
  it('deducts one point per percentage point below, without float noise', () => {
    expect(scoreRule(onTime, 0.65).points).toBe(45);
    expect(scoreRule(onTime, 0.655).points).toBe(45.5);
    expect(scoreRule(onTime, 0.1).points).toBe(0);
    expect(scoreRule(onTime, 0).points).toBe(0);
  });
  it('gives full points for no data by default, zero when configured', () => {
    expect(scoreRule(onTime, null)).toMatchObject({ points: 50, noData: true });
    expect(scoreRule({ ...onTime, noData: 'zero' }, null)).toMatchObject({ points: 0, noData: true });
  });
});

describe('per-count rule (each failed verification −0.2)', () => {
  it('deducts per count and stops at its minimum', () => {
    expect(scoreRule(failed, 0).points).toBe(0);
    expect(scoreRule(failed, 3).points).toBe(-0.6);
    expect(scoreRule(failed, 7).points).toBe(-1.4);
    expect(scoreRule(failed, 500).points).toBe(-20);
  });
});

describe('proportional rule', () => {
  it('scales by value / target, capped at the points', () => {
    const r = rule({ id: 's', type: 'proportional', label: '满意率', indicator: 'satisfactionRate', points: 30, target: 0.9 });
    expect(scoreRule(r, 0.45).points).toBe(15);
    expect(scoreRule(r, 1).points).toBe(30);
  });
});

const dept = (id: string, onTimeRate: number | null, closure: number, satisfaction: number, failedCount: number): AssessmentInput => ({
  kind: 'department',
  id,
  label: id,
  indicators: {
    onTimeClosureRate: { value: onTimeRate },
    closureRate: { value: closure },
    satisfactionRate: { value: satisfaction },
    failedVerificationCount: { value: failedCount },
  },
});

describe('scoreAll with the default department scheme', () => {
  it('adds up the weighted rules and ranks the departments', () => {
    const scored = scoreAll(
      [dept('cg', 0.65, 0.9, 0.8, 3), dept('zz', 0.8, 1, 1, 0), dept('mz', 0.65, 0.9, 0.8, 3)],
      DEFAULT_SCHEMES.department,
    );
    // zz: 50 + 20 + 30 + 0 = 100; cg/mz: 45 + 18 + 24 − 0.6 = 86.4
    expect(scored.map((s) => [s.id, s.total, s.rank])).toEqual([
      ['zz', 100, 1],
      ['cg', 86.4, 2],
      ['mz', 86.4, 2],
    ]);
    expect(scored[0]!.max).toBe(100);
    expect(scored[1]!.items.map((i) => i.points)).toEqual([45, 18, 24, -0.6]);
  });
  it('ignores inputs of another kind', () => {
    const other: AssessmentInput = { kind: 'community', id: 'c1', label: 'c1', indicators: {} };
    expect(scoreAll([other], DEFAULT_SCHEMES.department)).toEqual([]);
  });
  it('rejects an invalid scheme', () => {
    expect(() => scoreAll([], { ...DEFAULT_SCHEMES.department, rules: [] })).toThrow();
  });
  it('scores never exceed the maximum and higher on-time rates never score lower (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(200), (a, b, n) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const s = scoreAll([dept('lo', lo, 1, 1, n), dept('hi', hi, 1, 1, n)], DEFAULT_SCHEMES.department);
        const byId = Object.fromEntries(s.map((x) => [x.id, x.total]));
        expect(byId.hi!).toBeGreaterThanOrEqual(byId.lo!);
        for (const x of s) expect(x.total).toBeLessThanOrEqual(x.max);
      }),
    );
  });
});

describe('rankScores and roundTo', () => {
  it('uses competition ranking with ties ordered by id', () => {
    const r = rankScores([
      { id: 'b', total: 5, rank: 0 },
      { id: 'a', total: 5, rank: 0 },
      { id: 'c', total: 9, rank: 0 },
      { id: 'd', total: 1, rank: 0 },
    ]);
    expect(r.map((x) => `${x.id}${x.rank}`)).toEqual(['c1', 'a2', 'b2', 'd4']);
  });
  it('rounds half away from zero and never returns -0', () => {
    expect(roundTo(1.005)).toBe(1.01);
    expect(roundTo(-0.6000000000000001)).toBe(-0.6);
    expect(Object.is(roundTo(-0.001), 0)).toBe(true);
  });
});

describe('describeRule', () => {
  it('words each rule from its parameters', () => {
    expect(describeRule(onTime, '按期结案率')).toBe('按期结案率≥70%得50分，每低1个百分点扣1分');
    expect(describeRule(failed, '核查不通过次数')).toBe('核查不通过次数每次扣0.2分（最多扣20分）');
    expect(describeRule(rule({ ...onTime, points: 60, noData: 'zero' }), '按期结案率')).toBe(
      '按期结案率≥70%得60分，每低1个百分点扣1分；无数据得0分',
    );
  });
});
