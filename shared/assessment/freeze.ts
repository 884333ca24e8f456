/**
 * Freezing a period's assessment: the result keeps its scheme, its inputs, their digests and the scores,
 * so it reproduces exactly later even after the case data behind it has been corrected.
 *
 * The evaluation-instant rule: a frozen result is computed at a stated instant t* (`evaluatedAt`): the
 * period's end for an ended period, the freeze time for a running one. Checking it against current data
 * recomputes the current inputs AT THAT SAME INSTANT, so only a change to what was true at t* (a late
 * report, a corrected or backdated event) reads as a correction; a running period's clocks moving on after
 * the freeze do not.
 */
import { digestOf } from './digest.js';
import { scoreAll } from './scoring.js';
import { AssessmentInput, AssessmentScheme, FrozenAssessment, type AssessmentKind, type AssessmentSchemeInput } from './types.js';
import { canonicalJson } from './digest.js';

export interface FreezeArgs {
  id: string;
  kind: AssessmentKind;
  period: { from: number; to: number; label: string };
  scheme: AssessmentSchemeInput | AssessmentScheme;
  inputs: readonly AssessmentInput[];
  frozenAt: number;
  frozenBy: string;
  /** The instant the inputs were computed at (default: min(period end, frozenAt)). */
  evaluatedAt?: number;
  /** The version of the street's scheme (0: the built-in default). */
  schemeVersion?: number;
}

/** Inputs in a canonical order (by id), validated, so the digest does not depend on query order. */
export function normaliseInputs(kind: AssessmentKind, inputs: readonly AssessmentInput[]): AssessmentInput[] {
  return inputs
    .filter((i) => i.kind === kind)
    .map((i) => AssessmentInput.parse(i))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Freezes one kind's assessment for a period. */
export function freezeAssessment(args: FreezeArgs): FrozenAssessment {
  const scheme = AssessmentScheme.parse(args.scheme);
  if (scheme.kind !== args.kind) throw new Error(`scheme is for ${scheme.kind}, not ${args.kind}`);
  const inputs = normaliseInputs(args.kind, args.inputs);
  // A deep copy through canonical JSON: the frozen record shares nothing with live, mutable data.
  const frozenInputs = JSON.parse(canonicalJson(inputs)) as AssessmentInput[];
  return FrozenAssessment.parse({
    id: args.id,
    kind: args.kind,
    period: { ...args.period },
    scheme,
    inputs: frozenInputs,
    inputsDigest: digestOf(frozenInputs),
    schemeDigest: digestOf(scheme),
    results: scoreAll(frozenInputs, scheme),
    frozenAt: args.frozenAt,
    frozenBy: args.frozenBy,
    evaluatedAt: args.evaluatedAt ?? Math.min(args.period.to, args.frozenAt),
    ...(args.schemeVersion !== undefined ? { schemeVersion: args.schemeVersion } : {}),
  });
}

/** The evaluation instant of a frozen result (records from before `evaluatedAt`: min(period end, frozenAt)). */
export function frozenEvaluationInstant(f: Pick<FrozenAssessment, 'evaluatedAt' | 'frozenAt' | 'period'>): number {
  return f.evaluatedAt ?? Math.min(f.period.to, f.frozenAt);
}

/** How far a workstation's (relay-corrected) clock may be ahead of the relay's when it states t*. */
export const EVALUATION_CLOCK_TOLERANCE_MS = 5 * 60_000;

/**
 * Why an evaluation instant stated with a freeze is not acceptable at relay time `now`, or null when it is:
 * it must lie within the period, not in the future, and an ended period is evaluated at its end.
 */
export function evaluationInstantProblem(period: { from: number; to: number }, evaluatedAt: number, now: number): string | null {
  if (evaluatedAt < period.from) return '统计周期尚未开始，不能冻结考核结果';
  if (evaluatedAt > period.to) return '计算时点晚于统计周期的结束时间';
  if (evaluatedAt > now + EVALUATION_CLOCK_TOLERANCE_MS) return '计算时点晚于中继服务器的当前时间，请检查工作站时钟';
  if (period.to <= now - EVALUATION_CLOCK_TOLERANCE_MS && evaluatedAt !== period.to) return '已结束的统计周期须按周期结束时点计算';
  return null;
}

export interface FrozenCheck {
  /** The stored inputs still hash to the stored digest (nothing edited them). */
  inputsIntact: boolean;
  schemeIntact: boolean;
  /** Re-scoring the stored inputs with the stored scheme gives the stored scores, exactly. */
  reproduces: boolean;
  ok: boolean;
}

/** Proves a frozen result: digests intact and the scores reproduce exactly. */
export function verifyFrozen(frozen: FrozenAssessment): FrozenCheck {
  const inputsIntact = digestOf(frozen.inputs) === frozen.inputsDigest;
  const schemeIntact = digestOf(frozen.scheme) === frozen.schemeDigest;
  const reproduces = canonicalJson(scoreAll(frozen.inputs, frozen.scheme)) === canonicalJson(frozen.results);
  return { inputsIntact, schemeIntact, reproduces, ok: inputsIntact && schemeIntact && reproduces };
}

/** Whether the live data of the same period still matches what was frozen (false after data corrections). */
export function liveMatchesFrozen(frozen: FrozenAssessment, liveInputs: readonly AssessmentInput[]): boolean {
  return digestOf(normaliseInputs(frozen.kind, liveInputs)) === frozen.inputsDigest;
}
