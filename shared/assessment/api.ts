/**
 * Assessment (考核评价) parts of the workstation API and of the relay protocol. shared/api.ts registers the
 * methods ('assessment.inputs', 'assessment.freeze', 'assessment.list'); shared/protocol.ts re-exports the
 * relay requests ('assessment:freeze', 'assessment:list'). Documented in docs/workstation-api.md and
 * docs/protocol.md.
 *
 * Frozen assessments live on the relay (one table, never in the change log): a freeze is written once and
 * never changed; the same kind and period cannot be frozen twice (an identical retry gets the stored
 * record back). The relay computes the digests and scores itself from the inputs and scheme it is sent.
 */
import { z } from 'zod';
import { AssessmentInput, AssessmentKind, AssessmentScheme, FrozenAssessment } from './types.js';

// Same range as shared/model.ts Instant (this module does not import the model).
const instant = z
  .number()
  .int()
  .nonnegative()
  .max(Date.UTC(9999, 11, 30), '时间超出有效范围（不能晚于9999年）');

/** A period [from, to) in epoch ms. */
export const AssessmentPeriod = z.object({ from: instant, to: instant }).refine((p) => p.from < p.to, '统计周期的开始时间必须早于结束时间');
export type AssessmentPeriod = z.infer<typeof AssessmentPeriod>;

/** A period with the label shown on reports (e.g. 2026年第1季度). */
export const LabelledPeriod = z
  .object({ from: instant, to: instant, label: z.string().trim().min(1).max(64) })
  .refine((p) => p.from < p.to, '统计周期的开始时间必须早于结束时间');

/**
 * 'assessment.inputs': every assessed object's indicators for a period (optionally one kind), evaluated at
 * t* = min(period end, now), or at `at` when given (a frozen result's evaluatedAt, to check it against
 * current data at the instant it was computed for).
 */
export const AssessmentInputsQuery = z.object({ period: AssessmentPeriod, kind: AssessmentKind.optional(), at: instant.optional() });
export type AssessmentInputsQuery = z.infer<typeof AssessmentInputsQuery>;

/**
 * 'assessment.freeze': the core computes the inputs from its cache and sends them with the street's scheme
 * in force for the kind (schemeInForce). `schemeVersion` is the version the user saw ranked; `scheme`, if
 * sent, the scheme itself: either differing from the one in force after catching up is SCHEME_CHANGED.
 */
export const AssessmentFreezeInput = z
  .object({
    kind: AssessmentKind,
    period: LabelledPeriod,
    scheme: AssessmentScheme.optional(),
    schemeVersion: z.number().int().nonnegative().max(1_000_000).optional(),
  })
  .refine((x) => x.scheme === undefined || x.scheme.kind === x.kind, {
    message: '评分规则的考核对象与所冻结的对象不一致',
    path: ['scheme', 'kind'],
  });
export type AssessmentFreezeInput = z.input<typeof AssessmentFreezeInput>;

/** 'assessment.list': frozen assessments, newest first, optionally of one kind and/or one exact period. */
export const AssessmentListQuery = z.object({ kind: AssessmentKind.optional(), period: AssessmentPeriod.optional() });
export type AssessmentListQuery = z.infer<typeof AssessmentListQuery>;

/** Answer of 'assessment.list': from the relay when online, else this workstation's last copy. */
export const AssessmentListResult = z.object({
  assessments: z.array(FrozenAssessment),
  /** true: the relay could not be asked; the list is the copy kept on this workstation. */
  offline: z.boolean(),
  /** When the kept copy was last refreshed from the relay (offline answers). */
  cachedAt: instant.optional(),
});
export type AssessmentListResult = z.infer<typeof AssessmentListResult>;

/** Most objects one frozen assessment may hold (a street has a few hundred grid workers at most). */
export const MAX_ASSESSED_OBJECTS = 2000;

/** Relay request 'assessment:freeze' (leader/admin): the relay scores, digests, stamps and stores it. */
export const AssessmentFreezeRequest = z
  .object({
    kind: AssessmentKind,
    period: LabelledPeriod,
    scheme: AssessmentScheme,
    inputs: z.array(AssessmentInput).max(MAX_ASSESSED_OBJECTS),
    /**
     * The instant t* the inputs were computed at (min(period end, the workstation's relay-corrected now)).
     * Checked by the relay (evaluationInstantProblem); absent (older workstations): min(period end, relay now).
     */
    evaluatedAt: instant.optional(),
  })
  .refine((x) => x.scheme.kind === x.kind, { message: 'scheme.kind must equal kind', path: ['scheme', 'kind'] })
  .refine((x) => x.inputs.every((i) => i.kind === x.kind), { message: 'every input must be of the frozen kind', path: ['inputs'] })
  .refine((x) => new Set(x.inputs.map((i) => i.id)).size === x.inputs.length, { message: 'input ids must be unique', path: ['inputs'] });
export type AssessmentFreezeRequest = z.input<typeof AssessmentFreezeRequest>;
/** Answer of 'assessment:freeze': the stored record (also for an identical retry). */
export const AssessmentFreezeResponse = z.object({ assessment: FrozenAssessment, duplicate: z.boolean() });
export type AssessmentFreezeResponse = z.infer<typeof AssessmentFreezeResponse>;

/** Relay request 'assessment:list' (any signed-in role). */
export const AssessmentListRequest = AssessmentListQuery;
export const AssessmentListResponse = z.object({ assessments: z.array(FrozenAssessment) });
export type AssessmentListResponse = z.infer<typeof AssessmentListResponse>;

/**
 * Relay event 'assessment:frozen' (relay → every connected client) after a new freeze, and the workstation
 * API stream 'assessments' that passes it on: which kind and period was frozen, when and by whom. Clients
 * list the frozen assessments again; the record itself is not sent along.
 */
export const AssessmentFrozenNotice = z.object({
  id: z.string().min(1),
  kind: AssessmentKind,
  period: z.object({ from: instant, to: instant, label: z.string() }),
  frozenAt: instant,
  frozenBy: z.string(),
});
export type AssessmentFrozenNotice = z.infer<typeof AssessmentFrozenNotice>;

/** The one record a kind and period may have (the relay's key; also the frozen record's id). */
export function frozenAssessmentId(kind: AssessmentKind, period: { from: number; to: number }): string {
  return `asm-${kind}-${period.from}-${period.to}`;
}
