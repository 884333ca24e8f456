import { describe, expect, it } from 'vitest';
import { freezeAssessment, liveMatchesFrozen, verifyFrozen } from './freeze.js';
import { DEFAULT_SCHEMES } from './defaults.js';
import { inputsFromGroups, type GroupLike } from './inputs.js';
import { scoreAll } from './scoring.js';
import { FrozenAssessment } from './types.js';

const MAP = {
  onTimeClosureRate: 'onTimeClosureRate',
  closureRate: 'closureRate',
  satisfactionRate: 'satisfactionRate',
  failedVerificationCount: 'reworked',
};
const rate = (id: string, n: number, d: number) => ({ id, value: d ? n / d : null, numerator: n, denominator: d });

/** The statistics of a quarter as the core would return them (per department). */
function quarterGroups(): GroupLike[] {
  return [
    {
      key: 'd-cg',
      label: '城管科',
      metrics: [
        rate('onTimeClosureRate', 13, 20),
        rate('closureRate', 18, 20),
        rate('satisfactionRate', 12, 15),
        { id: 'reworked', value: 3 },
      ],
    },
    {
      key: 'd-zz',
      label: '综治办',
      metrics: [
        rate('onTimeClosureRate', 9, 10),
        rate('closureRate', 10, 10),
        rate('satisfactionRate', 8, 8),
        { id: 'reworked', value: 0 },
      ],
    },
    {
      key: 'd-mz',
      label: '民政科',
      metrics: [rate('onTimeClosureRate', 0, 0), rate('closureRate', 0, 0), rate('satisfactionRate', 0, 0), { id: 'reworked', value: 0 }],
    },
  ];
}

const PERIOD = { from: Date.UTC(2026, 6, 1) - 8 * 3600_000, to: Date.UTC(2026, 9, 1) - 8 * 3600_000, label: '2026年第三季度' };

describe('freezing an assessment', () => {
  it('stores digests and the scores of the inputs', () => {
    const inputs = inputsFromGroups('department', quarterGroups(), MAP);
    const frozen = freezeAssessment({
      id: 'f1',
      kind: 'department',
      period: PERIOD,
      scheme: DEFAULT_SCHEMES.department,
      inputs,
      frozenAt: 1,
      frozenBy: 'leader',
    });
    expect(frozen.inputsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(frozen.results.map((r) => [r.label, r.total, r.rank, r.unranked ?? false])).toEqual([
      ['综治办', 100, 1, false],
      ['城管科', 86.4, 2, false], // 45 + 18 + 24 − 0.6
      ['民政科', 0, 3, true], // no cases at all: 无数据, not ranked (the no-data rule), never full marks at the top
    ]);
    expect(verifyFrozen(frozen)).toEqual({ inputsIntact: true, schemeIntact: true, reproduces: true, ok: true });
  });

  it('still reproduces a record frozen before the no-data rule (a scheme without withoutData scores no-data objects)', () => {
    const { withoutData: _rule, ...old } = DEFAULT_SCHEMES.department;
    const frozen = freezeAssessment({
      id: 'f0',
      kind: 'department',
      period: PERIOD,
      scheme: old,
      inputs: inputsFromGroups('department', quarterGroups(), MAP),
      frozenAt: 1,
      frozenBy: 'leader',
    });
    expect(frozen.results.map((r) => [r.label, r.total])).toEqual([
      ['民政科', 100],
      ['综治办', 100],
      ['城管科', 86.4],
    ]);
    expect(frozen.results.some((r) => r.unranked)).toBe(false);
    expect(verifyFrozen(FrozenAssessment.parse(JSON.parse(JSON.stringify(frozen)))).ok).toBe(true);
  });

  it('reproduces exactly after the case data is corrected and the scheme edited', () => {
    const groups = quarterGroups();
    const frozen = freezeAssessment({
      id: 'f2',
      kind: 'department',
      period: PERIOD,
      scheme: DEFAULT_SCHEMES.department,
      inputs: inputsFromGroups('department', groups, MAP),
      frozenAt: 1,
      frozenBy: 'leader',
    });
    const stored = JSON.parse(JSON.stringify(frozen)) as unknown; // as persisted (localStorage / core)
    // Data correction after freezing: a late closure of 城管科 is re-classified as on time, and the live scheme changes.
    groups[0]!.metrics = [
      rate('onTimeClosureRate', 14, 20),
      rate('closureRate', 18, 20),
      rate('satisfactionRate', 12, 15),
      { id: 'reworked', value: 2 },
    ];
    const live = inputsFromGroups('department', groups, MAP);
    const liveScores = scoreAll(live, { ...DEFAULT_SCHEMES.department, version: '2027.1' });
    expect(liveScores.find((s) => s.id === 'd-cg')!.total).toBe(91.6); // 14/20 = 70 % meets the threshold: 50 + 18 + 24 − 0.4
    expect(liveMatchesFrozen(frozen, live)).toBe(false);

    const reloaded = FrozenAssessment.parse(stored);
    const check = verifyFrozen(reloaded);
    expect(check.ok).toBe(true);
    expect(reloaded.results.find((s) => s.id === 'd-cg')!.total).toBe(86.4);
    expect(scoreAll(reloaded.inputs, reloaded.scheme)).toEqual(reloaded.results);
  });

  it('does not share memory with the live inputs', () => {
    const inputs = inputsFromGroups('department', quarterGroups(), MAP);
    const frozen = freezeAssessment({
      id: 'f3',
      kind: 'department',
      period: PERIOD,
      scheme: DEFAULT_SCHEMES.department,
      inputs,
      frozenAt: 1,
      frozenBy: 'leader',
    });
    inputs[0]!.indicators.onTimeClosureRate!.value = 0;
    expect(verifyFrozen(frozen).ok).toBe(true);
  });

  it('detects a tampered stored result', () => {
    const frozen = freezeAssessment({
      id: 'f4',
      kind: 'department',
      period: PERIOD,
      scheme: DEFAULT_SCHEMES.department,
      inputs: inputsFromGroups('department', quarterGroups(), MAP),
      frozenAt: 1,
      frozenBy: 'leader',
    });
    const editedInputs = JSON.parse(JSON.stringify(frozen)) as typeof frozen;
    editedInputs.inputs[0]!.indicators.closureRate!.value = 0.5;
    expect(verifyFrozen(editedInputs)).toMatchObject({ inputsIntact: false, ok: false });
    const editedScores = JSON.parse(JSON.stringify(frozen)) as typeof frozen;
    editedScores.results[0]!.total = 99;
    expect(verifyFrozen(editedScores)).toMatchObject({ inputsIntact: true, reproduces: false, ok: false });
  });

  it('digest does not depend on the order the core returned the groups', () => {
    const a = freezeAssessment({
      id: 'x',
      kind: 'department',
      period: PERIOD,
      scheme: DEFAULT_SCHEMES.department,
      inputs: inputsFromGroups('department', quarterGroups(), MAP),
      frozenAt: 1,
      frozenBy: 'l',
    });
    const b = freezeAssessment({
      id: 'x',
      kind: 'department',
      period: PERIOD,
      scheme: DEFAULT_SCHEMES.department,
      inputs: inputsFromGroups('department', quarterGroups().reverse(), MAP),
      frozenAt: 1,
      frozenBy: 'l',
    });
    expect(b.inputsDigest).toBe(a.inputsDigest);
  });

  it('refuses a scheme of another kind', () => {
    expect(() =>
      freezeAssessment({
        id: 'x',
        kind: 'community',
        period: PERIOD,
        scheme: DEFAULT_SCHEMES.department,
        inputs: [],
        frozenAt: 1,
        frozenBy: 'l',
      }),
    ).toThrow();
  });
});
