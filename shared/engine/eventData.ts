/**
 * Payloads of the timeline entries (CaseEvent.data), one schema per event type. The engine writes them;
 * `evolve` reads them without a calendar. Consumers may validate with `parseEventData`.
 */
import { z } from 'zod';
import { BounceReasonCode } from '../commands.js';
import { GridCheck, type CaseEvent, type CaseEventType } from '../gridEvent.js';
import {
  AccountabilityRecord,
  Actor,
  Attachment,
  CaseClock,
  CaseSource,
  CaseStatus,
  IntakeChannel,
  ClockKind,
  GeoPoint,
  Grade,
  Id,
  Instant,
  Precedent,
  Reporter,
  Satisfaction,
  UrgeNotice,
} from '../model.js';

/** Every clock of the case as it stands after the entry. */
const Clocks = z.array(CaseClock);

export const ReportedData = z.object({
  code: z.string(),
  title: z.string(),
  description: z.string(),
  address: z.string(),
  communityId: Id,
  gridId: Id,
  source: CaseSource,
  channel: IntakeChannel.optional(),
  reporter: Reporter.optional(),
  attachments: z.array(Attachment),
  externalRef: z.string().optional(),
  catalogItemId: Id.optional(),
  category: z.string().optional(),
  location: GeoPoint.optional(),
  gridCheck: GridCheck.optional(),
  reportedAt: Instant,
  clocks: Clocks,
});
export const AcceptedData = z.object({
  catalogItemId: Id,
  category: z.string(),
  grade: Grade,
  clocks: Clocks,
  /** The 指导目录 version the item is from (absent: version 1; set once a revision was published). */
  catalogVersion: z.number().int().positive().optional(),
});
export const RejectedData = z.object({ reason: z.string(), clocks: Clocks });
export const SelfHandledData = z.object({ clocks: Clocks });
export const DispatchedData = z.object({
  leadDepartmentId: Id,
  coDepartmentIds: z.array(Id),
  /** Re-dispatch after a bounce: the department may not bounce it. */
  mandatory: z.boolean(),
  /** The case has had a fallback (托底) ruling. */
  fallback: z.boolean(),
  /** Precedent the dispatcher followed, if any. */
  precedentId: Id.optional(),
  /** Precedent recorded by this fallback dispatch. */
  precedent: Precedent.optional(),
  handlingClockId: Id,
  limitMinutes: z.number().int().positive(),
  natural: z.boolean(),
  deadline: Instant,
  /** true when the deadline came from the command (deadlineAt), not from the catalogue. */
  deadlineOverride: z.boolean(),
  clocks: Clocks,
});
export const SignedData = z.object({ departmentId: Id });
export const BouncedData = z.object({ departmentId: Id, reasonCode: BounceReasonCode, text: z.string(), clocks: Clocks });
export const ResultReportedData = z.object({ departmentId: Id, text: z.string(), attachments: z.array(Attachment), clocks: Clocks });
export const ExtensionRequestedData = z.object({ minutes: z.number().int(), reason: z.string() });
export const ExtensionDecidedData = z.object({
  approve: z.boolean(),
  minutes: z.number().int().optional(),
  clockId: Id.optional(),
  oldDeadline: Instant.optional(),
  newDeadline: Instant.optional(),
  clocks: Clocks,
});
export const ParkRequestedData = z.object({ reason: z.string() });
export const ParkDecidedData = z.object({ approve: z.boolean(), statusBeforePark: CaseStatus.optional(), clocks: Clocks });
export const ResumedData = z.object({ status: CaseStatus, pause: z.object({ from: Instant, to: Instant }), clocks: Clocks });
export const VerifiedData = z.object({ passed: z.boolean(), clocks: Clocks });
export const ReworkOrderedData = z.object({
  reason: z.enum(['verification_failed', 'unsatisfied']),
  /** Status the case goes back to: 'rework' for a dispatched case, 'accepted'/'reported' for a self-handled one. */
  status: CaseStatus,
  satisfaction: Satisfaction.optional(),
  clocks: Clocks,
});
export const ClosedData = z.object({ satisfaction: Satisfaction, clocks: Clocks });
export const UrgedData = z.object({ urge: UrgeNotice });
export const UrgeRepliedData = z.object({ urgeId: Id, reply: z.object({ at: Instant, by: Actor, text: z.string() }) });
export const AccountabilityRecordedData = z.object({ record: AccountabilityRecord });
export const DeadlineChange = z.object({
  clockId: Id,
  kind: ClockKind,
  unitId: Id,
  oldDeadline: Instant,
  newDeadline: Instant,
  /** For paused clocks: remaining minutes before and after. */
  oldRemaining: z.number().int().optional(),
  newRemaining: z.number().int().optional(),
});
export type DeadlineChange = z.infer<typeof DeadlineChange>;
/** An unanswered urge notice's reply deadline moved by a calendar change. */
export const UrgeDeadlineChange = z.object({ urgeId: Id, oldDeadline: Instant, newDeadline: Instant });
export type UrgeDeadlineChange = z.infer<typeof UrgeDeadlineChange>;
export const DeadlinesRecalculatedData = z
  .object({ changes: z.array(DeadlineChange), clocks: Clocks, urges: z.array(UrgeDeadlineChange).optional() })
  .refine((d) => d.changes.length > 0 || (d.urges?.length ?? 0) > 0, 'a recalculation moves at least one deadline');
export const UpstreamRejectedData = z.object({
  commandId: Id,
  code: z.string(),
  message: z.string(),
  /** Optional compensation: the status and clocks to restore. */
  status: CaseStatus.optional(),
  clocks: Clocks.optional(),
});
/** On the duplicate: closed as merged into `intoCaseId` (a root); every clock paused until unmerge or closure. */
export const MergedData = z.object({
  intoCaseId: Id,
  intoCode: z.string().optional(),
  /** The case the command named, when it was itself merged and the root was taken instead. */
  requestedCaseId: Id.optional(),
  statusBeforeMerge: CaseStatus,
  clocks: Clocks,
});
/** On the original: one more report gathered; its reporter and source stay on the duplicate. */
export const DuplicateMergedData = z.object({
  duplicateCaseId: Id,
  duplicateCode: z.string().optional(),
  source: CaseSource.optional(),
  reporter: Reporter.optional(),
});
/** On the duplicate: the merge undone; the paused clocks resume (the pause is recorded, used time is kept). */
export const UnmergedData = z.object({
  fromCaseId: Id,
  status: CaseStatus,
  pause: z.object({ from: Instant, to: Instant }),
  clocks: Clocks,
});
/** On the original: a duplicate taken out again. */
export const DuplicateUnmergedData = z.object({ duplicateCaseId: Id, duplicateCode: z.string().optional() });
/** On the duplicate: its original was verified and closed; the duplicate is verified and closed with it. */
export const MergeClosedData = z.object({
  originalCaseId: Id,
  originalCode: z.string().optional(),
  verifiedAt: Instant.optional(),
  /** The original's rating (the duplicate's own reporter is informed through the original's follow-up). */
  originalSatisfaction: Satisfaction.optional(),
  clocks: Clocks,
});
/** On both cases: marked related (关联) / no longer related. */
export const LinkedData = z.object({ otherCaseId: Id, otherCode: z.string().optional() });
export const UnlinkedData = z.object({ otherCaseId: Id, otherCode: z.string().optional() });
/** The position set or corrected; with a grid move, the new grid and community (and the ones before). */
export const LocatedData = z.object({
  location: GeoPoint,
  gridId: Id.optional(),
  communityId: Id.optional(),
  previousGridId: Id.optional(),
  /** The grid check after the change (absent: position and grid agree). */
  gridCheck: GridCheck.optional(),
});

export const ReopenedData = z.object({ reason: z.string(), reopenCount: z.number().int().positive(), clocks: Clocks });

export const EVENT_DATA_SCHEMAS = {
  reported: ReportedData,
  accepted: AcceptedData,
  rejected: RejectedData,
  self_handled: SelfHandledData,
  dispatched: DispatchedData,
  signed: SignedData,
  bounced: BouncedData,
  result_reported: ResultReportedData,
  extension_requested: ExtensionRequestedData,
  extension_decided: ExtensionDecidedData,
  park_requested: ParkRequestedData,
  park_decided: ParkDecidedData,
  resumed: ResumedData,
  verified: VerifiedData,
  rework_ordered: ReworkOrderedData,
  closed: ClosedData,
  urged: UrgedData,
  urge_replied: UrgeRepliedData,
  accountability_recorded: AccountabilityRecordedData,
  deadlines_recalculated: DeadlinesRecalculatedData,
  upstream_rejected: UpstreamRejectedData,
  merged: MergedData,
  duplicate_merged: DuplicateMergedData,
  unmerged: UnmergedData,
  duplicate_unmerged: DuplicateUnmergedData,
  merge_closed: MergeClosedData,
  linked: LinkedData,
  unlinked: UnlinkedData,
  located: LocatedData,
  reopened: ReopenedData,
} as const satisfies Record<CaseEventType, z.ZodType>;

export type EventDataSchemas = typeof EVENT_DATA_SCHEMAS;
/** The payload type of an event type. */
export type EventData<T extends CaseEventType> = z.infer<EventDataSchemas[T]>;

/** Validates the payload of a timeline entry against its type's schema. */
export function parseEventData<T extends CaseEventType>(event: CaseEvent & { type: T }): z.ZodSafeParseResult<EventData<T>> {
  return (EVENT_DATA_SCHEMAS[event.type] as unknown as z.ZodType<EventData<T>>).safeParse(event.data);
}

/** The precedent a fallback dispatch recorded, for adding to RefData.precedents. */
export function precedentFromEvent(event: CaseEvent): Precedent | undefined {
  if (event.type !== 'dispatched') return undefined;
  const p = (event.data as Partial<EventData<'dispatched'>>).precedent;
  return p ?? undefined;
}
