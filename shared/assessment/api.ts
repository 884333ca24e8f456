/**
 * PROPOSED additions to the workstation API (shared/api.ts), not yet in the contract: the core would
 * compute assessment inputs over its cache (grid workers and seats need timelines the renderer never
 * holds) and persist frozen results. Until they exist the renderer derives what it can from stats.query
 * and keeps frozen results in localStorage. Suggested entries:
 *   'assessment.inputs': method(AssessmentInputsQuery, z.array(AssessmentInput), READ)
 *      core: computeAssessmentInputs(stats.candidates(period), period, ref, now)
 *   'assessment.freeze': method(FrozenAssessment, z.object({ id: Id }), ['leader', 'admin'])
 *   'assessment.list':   method(z.object({}), z.array(FrozenAssessment), READ)
 */
import { z } from 'zod';

export const AssessmentInputsQuery = z.object({
  period: z
    .object({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() })
    .refine((p) => p.from < p.to, 'period start must be before its end'),
});
export type AssessmentInputsQuery = z.infer<typeof AssessmentInputsQuery>;
