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
  IntakeChannel,
  GeoPoint,
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
  // Duplicates (合并) and related cases (关联): see shared/engine/README.md, "Duplicates and related cases".
  'merged',
  'duplicate_merged',
  'unmerged',
  'duplicate_unmerged',
  'merge_closed',
  'linked',
  'unlinked',
  // The base grid: the centre set or corrected the position (and maybe moved the case to the located grid).
  'located',
  // 重新办理: a closed case reopened by the centre (back to dispatch).
  'reopened',
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

/** Where the position lies when it disagrees with the stated grid: another grid, or outside the street. */
export const GridCheck = z.object({ locatedGridId: Id.optional(), locatedCommunityId: Id.optional(), outside: z.boolean().optional() });
export type GridCheck = z.infer<typeof GridCheck>;

export const GridEvent = z.object({
  id: Id,
  /** Human case number, e.g. SJ20261126-0001 (derived from the report day and id). */
  code: z.string(),
  title: z.string(),
  description: z.string(),
  address: z.string(),
  communityId: Id,
  gridId: Id,
  source: CaseSource,
  /** How a centre registration came in (来电 / 来访 / 领导交办). */
  channel: IntakeChannel.optional(),
  reporter: Reporter.optional(),
  attachments: z.array(Attachment),
  externalRef: z.string().optional(),
  catalogItemId: Id.optional(),
  /** The 指导目录 version the case was classified under (absent: version 1): its item and limits stay those. */
  catalogVersion: z.number().int().positive().optional(),
  category: z.string().optional(),
  grade: Grade.optional(),
  /** Where the problem is, when the report gave a position. */
  location: GeoPoint.optional(),
  /**
   * The position lies in another grid than the one stated (or outside the street) under the division in
   * force on the report day: flagged for the dispatcher, who decides (locate); the stated grid stays.
   */
  gridCheck: GridCheck.optional(),
  status: CaseStatus,
  /** Status to return to on resume from parked. */
  statusBeforePark: CaseStatus.optional(),
  /**
   * A duplicate: the original (always a root, never itself merged) it was merged into. Kept after the
   * original closes, so the duplicate is never counted as a case of its own.
   */
  mergedInto: Id.optional(),
  /** Status to return to on unmerge; present while the merge can still be undone (the original is open). */
  statusBeforeMerge: CaseStatus.optional(),
  /** An original: every duplicate merged into it, in merge order (absent when none). */
  mergedCaseIds: z.array(Id).optional(),
  /** Cases marked related (关联), both ways (absent when none). */
  relatedCaseIds: z.array(Id).optional(),
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
  /** Times the case was reopened after closing (重新办理); absent: never. */
  reopenCount: z.number().int().positive().optional(),
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
/** A duplicate merged into another case (closed as merged, or closed with its original). */
export const isMergedDuplicate = (c: Pick<GridEvent, 'mergedInto'>): boolean => c.mergedInto !== undefined;
