/**
 * Commands: what an actor asks to happen to a case. The engine decides each one against the case's
 * current state, the actor's role and the time, and answers with timeline entries or a rejection.
 */
import { z } from 'zod';
import {
  Attachment,
  CaseSource,
  IntakeChannel,
  GeoPoint,
  Grade,
  Id,
  Instant,
  line,
  multiline,
  Reporter,
  Satisfaction,
  UrgeLevel,
  AccountabilityKind,
} from './model.js';

/** Required text: trimmed, 1..max characters, no control characters but tabs and line breaks. */
const text = (max = 2000) => multiline(max).trim().min(1, '不能为空');
/** Optional free text (notes). */
const note = () => multiline(2000).optional();

export const ReportCmd = z.object({
  type: z.literal('report'),
  caseId: Id,
  source: CaseSource,
  title: line(100).trim().min(1, '不能为空'),
  description: text(4000),
  address: line(200).trim().min(1, '不能为空'),
  communityId: Id,
  gridId: Id,
  catalogItemId: Id.optional(),
  reporter: Reporter.optional(),
  attachments: z.array(Attachment).max(20).default([]),
  /** When the problem was reported at its source (grid terminal, hotline); defaults to receipt time. */
  reportedAt: Instant.optional(),
  /** District platform's own ticket number, when it came from there. */
  externalRef: line(64).optional(),
  /** Where the problem is (WGS-84 / CGCS2000), when the reporter gave a position. */
  location: GeoPoint.optional(),
  /** A centre registration's channel (来电 / 来访 / 领导交办); only with source 'centre'. */
  channel: IntakeChannel.optional(),
});
/**
 * 受理. With `location` the position picked or corrected in the acceptance form is recorded first (a
 * 'located' entry, as `locate` would), and with `useLocatedGrid` the case moves to that position's grid.
 */
export const AcceptCmd = z.object({
  type: z.literal('accept'),
  caseId: Id,
  catalogItemId: Id,
  grade: Grade,
  location: GeoPoint.optional(),
  useLocatedGrid: z.boolean().optional(),
  note: note(),
});
export const RejectCmd = z.object({ type: z.literal('reject'), caseId: Id, reason: text() });
export const SelfHandleCmd = z.object({ type: z.literal('selfHandle'), caseId: Id, note: text() });
export const DispatchCmd = z.object({
  type: z.literal('dispatch'),
  caseId: Id,
  leadDepartmentId: Id,
  coDepartmentIds: z.array(Id).max(10).default([]),
  note: note(),
  /** 托底: a fallback dispatch for a matter with unclear ownership; records a precedent. */
  fallback: z.object({ reason: text(), keywords: z.array(line(20).min(1)).max(10).default([]) }).optional(),
  /** The precedent the dispatcher followed, if any. */
  precedentId: Id.optional(),
  /** Explicit handling deadline (meeting decisions): overrides the catalogue limit. */
  deadlineAt: Instant.optional(),
});
export const SignCmd = z.object({ type: z.literal('sign'), caseId: Id });
export const BounceReasonCode = z.enum(['not_our_duty', 'wrong_location', 'insufficient_info', 'other']);
export const BounceCmd = z.object({ type: z.literal('bounce'), caseId: Id, reasonCode: BounceReasonCode, text: text() });
export const ReportResultCmd = z.object({
  type: z.literal('reportResult'),
  caseId: Id,
  text: text(),
  attachments: z.array(Attachment).max(20).default([]),
});
export const RequestExtensionCmd = z.object({
  type: z.literal('requestExtension'),
  caseId: Id,
  minutes: z
    .number()
    .int()
    .min(30)
    .max(60 * 24 * 60),
  reason: text(),
});
export const DecideExtensionCmd = z.object({
  type: z.literal('decideExtension'),
  caseId: Id,
  approve: z.boolean(),
  minutes: z
    .number()
    .int()
    .min(30)
    .max(60 * 24 * 60)
    .optional(),
  note: note(),
});
export const RequestParkCmd = z.object({ type: z.literal('requestPark'), caseId: Id, reason: text() });
export const DecideParkCmd = z.object({ type: z.literal('decidePark'), caseId: Id, approve: z.boolean(), note: note() });
export const ResumeCmd = z.object({ type: z.literal('resume'), caseId: Id, note: note() });
export const VerifyCmd = z.object({ type: z.literal('verify'), caseId: Id, passed: z.boolean(), note: text() });
export const CloseCmd = z.object({ type: z.literal('close'), caseId: Id, satisfaction: Satisfaction, note: note() });
/** 重新办理: a closed case that was not really fixed goes back to the centre for dispatch, with the reason. */
export const ReopenCmd = z.object({ type: z.literal('reopen'), caseId: Id, reason: multiline(2000).min(1) });
export const UrgeCmd = z.object({
  type: z.literal('urge'),
  caseId: Id,
  urgeId: Id,
  level: UrgeLevel,
  message: text(),
  replyHours: z.number().int().min(1).max(240),
});
export const ReplyUrgeCmd = z.object({ type: z.literal('replyUrge'), caseId: Id, urgeId: Id, text: text() });
export const RecordAccountabilityCmd = z.object({
  type: z.literal('recordAccountability'),
  caseId: Id,
  recordId: Id,
  unitId: Id,
  kind: AccountabilityKind,
  text: text(),
});
/** 合并: this case (a duplicate report) joins the original `targetCaseId` (or that case's own original). */
export const MergeCmd = z.object({ type: z.literal('merge'), caseId: Id, targetCaseId: Id, note: note() });
/** 撤销合并: the duplicate returns to the status it had before the merge. */
export const UnmergeCmd = z.object({ type: z.literal('unmerge'), caseId: Id, reason: text() });
/** 关联: two cases marked related, both ways; no status changes. */
export const LinkCmd = z.object({ type: z.literal('link'), caseId: Id, otherCaseId: Id, note: note() });
/** 取消关联. */
export const UnlinkCmd = z.object({ type: z.literal('unlink'), caseId: Id, otherCaseId: Id, note: note() });
/**
 * 定位: the centre sets or corrects where the problem is. With `useLocatedGrid` the case moves to the grid
 * the position lies in (before dispatch only: the position wins only when the dispatcher says so).
 */
export const LocateCmd = z.object({
  type: z.literal('locate'),
  caseId: Id,
  location: GeoPoint,
  useLocatedGrid: z.boolean().default(false),
  note: note(),
});

export const Command = z.discriminatedUnion('type', [
  ReportCmd,
  AcceptCmd,
  RejectCmd,
  SelfHandleCmd,
  DispatchCmd,
  SignCmd,
  BounceCmd,
  ReportResultCmd,
  RequestExtensionCmd,
  DecideExtensionCmd,
  RequestParkCmd,
  DecideParkCmd,
  ResumeCmd,
  VerifyCmd,
  CloseCmd,
  ReopenCmd,
  UrgeCmd,
  ReplyUrgeCmd,
  RecordAccountabilityCmd,
  MergeCmd,
  UnmergeCmd,
  LinkCmd,
  UnlinkCmd,
  LocateCmd,
]);
export type Command = z.infer<typeof Command>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
export const COMMAND_TYPES = Command.options.map((o) => o.shape.type.value) as CommandType[];
