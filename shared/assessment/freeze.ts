/**
 * Freezing a period's assessment: the result keeps its scheme, its inputs, their digests and the scores,
 * so it reproduces exactly later even after the case data behind it has been corrected.
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
  });
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
