/**
 * The case (网格事件) as state, and its timeline entries (CaseEvent).
 * The engine's `decide` turns a command into CaseEvents; `evolve` folds a CaseEvent into the state.
 * Events carry every computed value (deadlines, clocks), so folding needs no calendar and is deterministic.
 */
import { z } from 'zod';
import {
  AccountabilityRecord,
  Actor,
  Attachment,
  CaseClock,
  CaseSource,
  CaseStatus,
  Grade,
  Id,
  Instant,
  Reporter,
  Satisfaction,
  UrgeNotice,
} from './model.js';

export const CaseEventType = z.enum([
  'reported',
  'accepted',
  'rejected',
  'self_handled',
  'dispatched',
  'signed',
  'bounced',
  'result_reported',
  'extension_requested',
  'extension_decided',
  'park_requested',
  'park_decided',
  'resumed',
  'verified',
  'rework_ordered',
  'closed',
  'urged',
  'urge_replied',
  'accountability_recorded',
  'deadlines_recalculated',
  'upstream_rejected',
]);
export type CaseEventType = z.infer<typeof CaseEventType>;

/**
 * One immutable timeline entry: who, what, when, why.
 * `version` is the case's version after this entry (1 for 'reported'); a consumer applies an entry only
 * when version == current version + 1, which makes applying idempotent.
 * `data` holds the type-specific payload, including the clocks as they stand after the entry.
 */
export const CaseEvent = z.object({
  id: Id,
  caseId: Id,
  version: z.number().int().positive(),
  type: CaseEventType,
  at: Instant,
  actor: Actor,
  /** Id of the client command that caused it (mutation id), or the district change id. */
  commandId: Id.optional(),
  /** Human-readable reason or text given by the actor. */
  note: z.string().max(4000).optional(),
  /**
   * When the actor's side says it happened, kept only when the entry is dated otherwise: an entry is never
   * dated before the case's previous entry (a district change dated earlier is dated at that entry), nor
   * after the deciding clock (a district clock running ahead). See shared/engine/README.md, "Time".
   */
  occurredAt: Instant.optional(),
  data: z.record(z.string(), z.unknown()),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

export const GridEvent = z.object({
  id: Id,
  /** Human case number, e.g. SJ20261126-0001 (derived from the report day and id). */
  code: z.string(),
  title: z.string(),
  description: z.string(),
  address: z.string(),
  location: z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).optional(),
  communityId: Id,
  gridId: Id,
  source: CaseSource,
  reporter: Reporter.optional(),
  attachments: z.array(Attachment),
  externalRef: z.string().optional(),
  catalogItemId: Id.optional(),
  category: z.string().optional(),
  grade: Grade.optional(),
  status: CaseStatus,
  /** Status to return to on resume from parked. */
  statusBeforePark: CaseStatus.optional(),
  reportedAt: Instant,
  acceptedAt: Instant.optional(),
  dispatchedAt: Instant.optional(),
  handledAt: Instant.optional(),
  verifiedAt: Instant.optional(),
  closedAt: Instant.optional(),
  updatedAt: Instant,
  leadDepartmentId: Id.optional(),
  coDepartmentIds: z.array(Id),
  /** Number of bounces so far (at most 1). */
  bounceCount: z.number().int().nonnegative(),
  /** The current dispatch is a mandatory re-dispatch after a bounce: it cannot be bounced. */
  mandatory: z.boolean(),
  fallback: z.boolean(),
  precedentId: Id.optional(),
  reworkCount: z.number().int().nonnegative(),
  extensionCount: z.number().int().nonnegative(),
  parkCount: z.number().int().nonnegative(),
  pendingExtension: z.object({ minutes: z.number().int(), reason: z.string(), at: Instant, by: Actor }).optional(),
  pendingPark: z.object({ reason: z.string(), at: Instant, by: Actor }).optional(),
  satisfaction: Satisfaction.optional(),
  clocks: z.array(CaseClock),
  urges: z.array(UrgeNotice),
  accountability: z.array(AccountabilityRecord),
  /** Set when the district platform refused a centre command (compensating change). */
  upstreamIssue: z.object({ commandId: Id, code: z.string(), message: z.string(), at: Instant }).optional(),
  version: z.number().int().positive(),
  timeline: z.array(CaseEvent),
});
export type GridEvent = z.infer<typeof GridEvent>;

export const OPEN_STATUSES: readonly CaseStatus[] = [
  'reported',
  'accepted',
  'self_handled',
  'dispatched',
  'signed',
  'bounced',
  'rework',
  'handled',
  'verified',
  'parked',
];
export const isOpen = (c: Pick<GridEvent, 'status'>): boolean => c.status !== 'closed' && c.status !== 'rejected';
