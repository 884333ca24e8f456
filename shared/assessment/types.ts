/**
 * Assessment (考核评价) contracts: the objects assessed, their indicator values, the configurable scoring
 * rules and the frozen result of a period. Scores are pure functions of (inputs, scheme), so a frozen
 * result that stores both reproduces exactly, whatever happens to the case data later.
 */
import { z } from 'zod';

/** Who is assessed: departments, communities, grid workers and the centre's own seats (座席). */
export const AssessmentKind = z.enum(['department', 'community', 'gridWorker', 'seat']);
export type AssessmentKind = z.infer<typeof AssessmentKind>;

/**
 * One indicator value. Rates carry value = numerator / denominator (0..1); counts and hours carry the
 * value alone. `value: null` means no data (e.g. nothing fell due in the period).
 */
export const IndicatorValue = z.object({
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
});
export type IndicatorValue = z.infer<typeof IndicatorValue>;

/** The inputs of one assessed object for one period. */
export const AssessmentInput = z.object({
  kind: AssessmentKind,
  id: z.string().min(1),
  label: z.string(),
  indicators: z.record(z.string(), IndicatorValue),
});
export type AssessmentInput = z.infer<typeof AssessmentInput>;

const ruleBase = {
  id: z.string().min(1).max(64),
  label: z.string().min(1).max(100),
  /** Indicator id looked up in AssessmentInput.indicators. */
  indicator: z.string().min(1),
  /** What an object without data for this indicator earns. */
  noData: z.enum(['full', 'zero']).default('full'),
};

/**
 * Threshold rule (local example: on-time closure ≥ 70 % earns 50 points, −1 per percentage point below).
 * threshold is a ratio (0.7); deductPerPoint is points lost per percentage point below it.
 */
export const ThresholdRule = z.object({
  ...ruleBase,
  type: z.literal('threshold'),
  points: z.number().nonnegative(),
  threshold: z.number().min(0).max(1),
  deductPerPoint: z.number().nonnegative(),
  floor: z.number().default(0),
});
/** Proportional rule: points × min(1, value / target), e.g. satisfaction rate × 30. */
export const ProportionalRule = z.object({
  ...ruleBase,
  type: z.literal('proportional'),
  points: z.number().nonnegative(),
  target: z.number().positive().max(1).default(1),
});
/**
 * Per-count rule: perUnit × count, clamped to [min, max]. Negative perUnit deducts (local example: each
 * failed verification −0.2); positive rewards (self-handled minor matters).
 */
export const PerCountRule = z.object({
  ...ruleBase,
  type: z.literal('perCount'),
  perUnit: z.number(),
  min: z.number().default(-100),
  max: z.number().default(100),
});
export const AssessmentRule = z.discriminatedUnion('type', [ThresholdRule, ProportionalRule, PerCountRule]);
export type AssessmentRule = z.infer<typeof AssessmentRule>;
export type AssessmentRuleInput = z.input<typeof AssessmentRule>;

/** The scoring scheme of one kind of object: a base score plus its rules. */
export const AssessmentScheme = z.object({
  kind: AssessmentKind,
  name: z.string().min(1).max(100),
  /** Bumped whenever the rules change, shown on reports beside the scores. */
  version: z.string().min(1).max(32),
  base: z.number().default(0),
  rules: z.array(AssessmentRule).min(1).max(30),
  /**
   * Objects without any data in the period (every rule's indicator without data, every count 0): 'unranked'
   * gives them no points and no rank (无数据, listed after the ranked ones); absent = 'scored' (each rule's
   * noData points, the rule of records frozen before this field existed, so they still reproduce).
   */
  withoutData: z.enum(['unranked', 'scored']).optional(),
});
export type AssessmentScheme = z.infer<typeof AssessmentScheme>;
export type AssessmentSchemeInput = z.input<typeof AssessmentScheme>;

/** One rule's contribution to an object's score. */
export const ScoreItem = z.object({
  ruleId: z.string(),
  label: z.string(),
  indicator: z.string(),
  value: z.number().nullable(),
  points: z.number(),
  max: z.number(),
  noData: z.boolean(),
});
export type ScoreItem = z.infer<typeof ScoreItem>;

export const ScoredObject = z.object({
  kind: AssessmentKind,
  id: z.string(),
  label: z.string(),
  total: z.number(),
  max: z.number(),
  rank: z.number().int().positive(),
  items: z.array(ScoreItem),
  /** No data at all in the period (scheme.withoutData 'unranked'): total 0, rank after every ranked object. */
  unranked: z.literal(true).optional(),
});
export type ScoredObject = z.infer<typeof ScoredObject>;

/**
 * A frozen assessment of one period and kind: the scheme and inputs as they were, their digest, and the
 * scores. Re-scoring the stored inputs with the stored scheme gives the stored scores exactly.
 */
export const FrozenAssessment = z.object({
  id: z.string().min(1),
  kind: AssessmentKind,
  period: z.object({ from: z.number().int(), to: z.number().int(), label: z.string() }),
  scheme: AssessmentScheme,
  inputs: z.array(AssessmentInput),
  /** SHA-256 of the canonical JSON of the inputs. */
  inputsDigest: z.string().regex(/^[0-9a-f]{64}$/),
  /** SHA-256 of the canonical JSON of the scheme. */
  schemeDigest: z.string().regex(/^[0-9a-f]{64}$/),
  results: z.array(ScoredObject),
  frozenAt: z.number().int(),
  frozenBy: z.string(),
  /**
   * The evaluation instant t* the inputs were computed at: the period's end for an ended period, the freeze
   * time for a running one (open cases' clocks and durations are read as they stood then). Records frozen
   * before this field existed were computed at min(period end, frozenAt): see frozenEvaluationInstant.
   */
  evaluatedAt: z.number().int().optional(),
  /**
   * The version of the street's scheme the result was scored with (0: the built-in default; absent: frozen
   * before schemes were kept by the relay). The relay freezes only with the scheme in force.
   */
  schemeVersion: z.number().int().nonnegative().optional(),
});
export type FrozenAssessment = z.infer<typeof FrozenAssessment>;
