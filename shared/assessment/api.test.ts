import { describe, expect, it } from 'vitest';
import { AssessmentFreezeInput, AssessmentFreezeRequest, AssessmentInputsQuery, AssessmentListQuery, frozenAssessmentId } from './api.js';
import { DEFAULT_SCHEMES } from './defaults.js';

const period = { from: 1_000, to: 2_000, label: '2026年第1季度' };

describe('assessment API schemas', () => {
  it('accepts a freeze whose scheme is of the frozen kind and refuses one of another kind, in Chinese', () => {
    expect(AssessmentFreezeInput.safeParse({ kind: 'seat', period, scheme: DEFAULT_SCHEMES.seat }).success).toBe(true);
    const bad = AssessmentFreezeInput.safeParse({ kind: 'seat', period, scheme: DEFAULT_SCHEMES.department });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('评分规则的考核对象');
  });

  it('refuses empty labels and periods that end before they start', () => {
    expect(AssessmentFreezeInput.safeParse({ kind: 'seat', period: { ...period, label: ' ' }, scheme: DEFAULT_SCHEMES.seat }).success).toBe(
      false,
    );
    expect(AssessmentInputsQuery.safeParse({ period: { from: 5, to: 5 } }).success).toBe(false);
    expect(AssessmentListQuery.safeParse({ period: { from: 6, to: 5 } }).success).toBe(false);
    expect(AssessmentListQuery.safeParse({}).success).toBe(true);
  });

  it('relay request: inputs must all be of the kind, with unique ids', () => {
    const input = { kind: 'seat' as const, id: 'u1', label: '调度员', indicators: {} };
    const ok = { kind: 'seat', period, scheme: DEFAULT_SCHEMES.seat, inputs: [input] };
    expect(AssessmentFreezeRequest.safeParse(ok).success).toBe(true);
    expect(AssessmentFreezeRequest.safeParse({ ...ok, inputs: [input, input] }).success).toBe(false);
    expect(AssessmentFreezeRequest.safeParse({ ...ok, inputs: [{ ...input, kind: 'community' }] }).success).toBe(false);
  });

  it('one id per kind and period', () => {
    expect(frozenAssessmentId('gridWorker', period)).toBe('asm-gridWorker-1000-2000');
    expect(frozenAssessmentId('seat', period)).not.toBe(frozenAssessmentId('gridWorker', period));
  });
});
