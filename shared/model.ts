/**
 * Domain model of the street grid-service command centre.
 * Every type is derived from a runtime schema (zod) so that each boundary can validate it.
 * Vocabulary follows ../shared/domain.md.
 */
import { z } from 'zod';

/**
 * Latest instant accepted anywhere (9999-12-30T00:00Z): a Date exists for it, and its local day in any UTC
 * offset still has a four-digit year (calendar days are 'YYYY-MM-DD').
 */
export const MAX_INSTANT = Date.UTC(9999, 11, 30);

/** Epoch milliseconds (UTC). All instants in the model are absolute. */
export const Instant = z
  .number()
  .int('时间必须是整数毫秒')
  .nonnegative('时间不能早于1970年')
  .max(MAX_INSTANT, '时间超出有效范围（不能晚于9999年）');
export type Instant = z.infer<typeof Instant>;

/** C0 control characters and DEL: never in a one-line string (names, ids, search terms). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/;
/** Multi-line text may hold tabs and line breaks, no other control characters. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const TEXT_CHARS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
/** A one-line string of at most `max` characters without control characters. */
export const line = (max: number) => z.string().max(max, `不能超过${max}个字`).regex(ONE_LINE, '不能包含控制字符');
/** Multi-line text of at most `max` characters (tabs and line breaks allowed, no other control characters). */
export const multiline = (max: number) => z.string().max(max, `不能超过${max}个字`).regex(TEXT_CHARS, '不能包含控制字符');

export const Id = z.string().min(1, '编号不能为空').max(64, '编号不能超过64个字符').regex(ONE_LINE, '编号不能包含控制字符');

// ---------------------------------------------------------------- actors and roles

/** Roles of centre users (people who sign in to a workstation). */
export const UserRole = z.enum(['dispatcher', 'supervisor', 'leader', 'wall', 'admin']);
export type UserRole = z.infer<typeof UserRole>;

/** Roles of actors outside the centre whose actions arrive from the district platform. */
export const ExternalRole = z.enum(['department', 'gridWorker', 'hotline', 'system']);
export type ExternalRole = z.infer<typeof ExternalRole>;

export const ActorRole = z.union([UserRole, ExternalRole]);
export type ActorRole = z.infer<typeof ActorRole>;

/** Who performed an action: user or external party, with their unit (department id, 'centre', grid id). */
export const Actor = z.object({
  id: Id,
  name: line(64).min(1),
  role: ActorRole,
  unitId: Id.optional(),
});
export type Actor = z.infer<typeof Actor>;

export const User = z.object({
  id: Id,
  username: line(32).min(1),
  name: line(32).min(1),
  role: UserRole,
  unitId: Id.optional(),
  active: z.boolean().default(true),
  /** When an admin last set the password (stamped by the relay; the hash itself is never in the log). */
  passwordSetAt: Instant.optional(),
});
export type User = z.infer<typeof User>;

// ---------------------------------------------------------------- reference data

export const Community = z.object({
  id: Id,
  name: line(100).min(1),
  code: z.string().regex(/^\d{3}$/),
});
export type Community = z.infer<typeof Community>;

export const Grid = z.object({
  id: Id,
  code: line(32).min(1),
  name: line(100).min(1),
  communityId: Id,
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  validTo: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  replacedBy: Id.optional(),
});
export type Grid = z.infer<typeof Grid>;

export const GridWorker = z.object({
  id: Id,
  name: line(64).min(1),
  gridId: Id,
  phone: line(32).optional(),
  kind: z.enum(['worker', 'assistant']).default('worker'),
});
export type GridWorker = z.infer<typeof GridWorker>;

/** A named contact of a department (联络员); `sms` marks who receives the SMS notices (dispatch, urge, overdue). */
export const DepartmentContact = z.object({
  name: line(32).min(1),
  mobile: z.string().regex(/^1\d{10}$/, '手机号应为 11 位数字，以 1 开头'),
  duty: line(32).optional(),
  sms: z.boolean().default(true),
});
export type DepartmentContact = z.infer<typeof DepartmentContact>;

export const Department = z.object({
  id: Id,
  name: line(100).min(1),
  shortName: line(32).min(1),
  phone: line(32).optional(),
  contacts: z.array(DepartmentContact).max(20).optional(),
  /** false: deactivated (停用) — kept for the cases and rulings that name it, offered for nothing new. */
  active: z.boolean().optional(),
});
export type Department = z.infer<typeof Department>;

/** Case grade (分级). */
export const Grade = z.enum(['urgent', 'important', 'normal']);
export type Grade = z.infer<typeof Grade>;

/** Longest catalogue time limit: a year of minutes (working minutes reach about four years ahead). */
export const MAX_LIMIT_MINUTES = 366 * 24 * 60;

/** Time limit of one grade of a catalogue item: working minutes, or natural minutes when natural=true. */
export const GradeLimit = z.object({
  grade: Grade,
  handleMinutes: z.number().int().positive().max(MAX_LIMIT_MINUTES),
  natural: z.boolean().default(false),
});
export type GradeLimit = z.infer<typeof GradeLimit>;

/** 入格事项: an approved matter the grid handles. */
export const CatalogItem = z.object({
  id: Id,
  code: line(32).min(1),
  name: line(100).min(1),
  category: line(64).min(1),
  subcategory: line(64).optional(),
  defaultDepartmentId: Id,
  limits: z.array(GradeLimit).min(1).max(10),
  keywords: z.array(line(32)).max(50).default([]),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

/** 案例沿袭: a fallback ruling kept for reuse. */
export const Precedent = z.object({
  id: Id,
  caseId: Id,
  catalogItemId: Id.optional(),
  category: line(64).optional(),
  communityId: Id.optional(),
  gridId: Id.optional(),
  keywords: z.array(line(32)).max(50),
  departmentId: Id,
  reason: multiline(2000).min(1),
  ruledBy: Actor,
  ruledAt: Instant,
  confirmed: z.boolean().default(false),
  /**
   * The leadership group's review (领导小组研究): confirmed, or overruled — then `replacedBy` names the
   * corrected ruling (a precedent of its own with the new department, `replaces` pointing back).
   */
  review: z
    .object({
      decision: z.enum(['confirmed', 'overruled']),
      by: Actor,
      at: Instant,
      note: multiline(2000).optional(),
      replacedBy: Id.optional(),
      replaces: Id.optional(),
    })
    .optional(),
});
export type Precedent = z.infer<typeof Precedent>;

// ---------------------------------------------------------------- clocks

export const ClockKind = z.enum(['registration', 'dispatch', 'handling', 'verification']);
export type ClockKind = z.infer<typeof ClockKind>;

export const ClockState = z.enum(['normal', 'warning', 'overdue', 'paused', 'met', 'late', 'stopped']);
export type ClockState = z.infer<typeof ClockState>;

/**
 * One supervision clock. Deadline is absolute and recomputed by the engine whenever the clock is
 * extended, paused and resumed, or the calendar changes. Used time is never recounted: a pause freezes
 * `remainingAtPause` and resume lays the remaining working minutes onto the calendar again.
 */
export const CaseClock = z.object({
  id: Id,
  kind: ClockKind,
  /** Who the clock runs against: 'centre' or a department id. */
  unitId: Id,
  startedAt: Instant,
  /** Limit in minutes including approved extensions. */
  limitMinutes: z.number().int().positive(),
  /** true: natural minutes, 24/7 (urgent grades); false: working minutes of the calendar. */
  natural: z.boolean(),
  deadline: Instant,
  /**
   * The deadline a dispatch set explicitly (`deadlineAt`, e.g. a meeting decision): the clock ends exactly
   * there, moved (later) only by the counted time of its pauses, by extensions and by working time a
   * calendar change takes out before it (see recomputeDeadline).
   * `limitMinutes` is then the counted time up to it, rounded down (for remaining time and the warning).
   */
  deadlineAt: Instant.optional(),
  pausedAt: Instant.optional(),
  remainingAtPause: z.number().int().optional(),
  pauses: z.array(z.object({ from: Instant, to: Instant })),
  extensions: z.array(z.object({ at: Instant, minutes: z.number().int(), by: Id, oldDeadline: Instant, newDeadline: Instant })),
  stoppedAt: Instant.optional(),
  /** How the clock ended: met/late against its deadline, or stopped for another reason (bounce, reject). */
  outcome: z.enum(['met', 'late', 'stopped']).optional(),
});
export type CaseClock = z.infer<typeof CaseClock>;

// ---------------------------------------------------------------- case

export const CaseStatus = z.enum([
  'reported', // 待受理
  'accepted', // 待派遣
  'rejected', // 不予受理 (terminal)
  'self_handled', // 网格员自行处置, awaiting verification
  'dispatched', // 已派遣, awaiting sign-for
  'signed', // 已签收, handling
  'bounced', // 回弹待派
  'rework', // 返工, handling again
  'handled', // 已反馈, awaiting verification
  'verified', // 核查通过, awaiting close and evaluation
  'parked', // 挂账
  'closed', // 已结案 (terminal)
]);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** grid_worker 网格员上报, hotline 12345, centre 中心登记, meeting 会议议定事项 (tracked like a case). */
export const CaseSource = z.enum(['grid_worker', 'hotline', 'centre', 'meeting']);
export type CaseSource = z.infer<typeof CaseSource>;

/** How a centre registration (中心登记) came in: phone 来电, visit 来访, leader 领导交办. */
export const IntakeChannel = z.enum(['phone', 'visit', 'leader']);
export type IntakeChannel = z.infer<typeof IntakeChannel>;

export const Satisfaction = z.enum(['satisfied', 'basic', 'unsatisfied', 'not_rated']);
export type Satisfaction = z.infer<typeof Satisfaction>;

export const UrgeLevel = z.enum(['remind', 'supervise', 'listed']); // 催办 / 督办 / 挂牌督办
export type UrgeLevel = z.infer<typeof UrgeLevel>;

export const UrgeNotice = z.object({
  id: Id,
  caseId: Id,
  level: UrgeLevel,
  departmentId: Id,
  message: z.string().min(1).max(2000),
  issuedAt: Instant,
  issuedBy: Actor,
  replyDeadline: Instant,
  /** Working minutes allowed for the reply (absent on notices from before it was kept): with it a calendar change moves replyDeadline. */
  replyMinutes: z.number().int().positive().optional(),
  reply: z.object({ at: Instant, by: Actor, text: z.string() }).optional(),
});
export type UrgeNotice = z.infer<typeof UrgeNotice>;

export const AccountabilityKind = z.enum(['late', 'poor', 'improper']);
export const AccountabilityRecord = z.object({
  id: Id,
  caseId: Id,
  unitId: Id,
  kind: AccountabilityKind,
  text: z.string().min(1).max(2000),
  recordedAt: Instant,
  recordedBy: Actor,
});
export type AccountabilityRecord = z.infer<typeof AccountabilityRecord>;

/** The file types an attachment may have (decided by content: shared/files.ts). */
export const FileMime = z.enum(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);
export type FileMime = z.infer<typeof FileMime>;
/** A stored file's address: the lower-case hex SHA-256 of its bytes. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/u, '文件摘要应为 64 位小写十六进制的 SHA-256');
/**
 * An attachment. Before issue 15.2 only its name and kind were kept; a stored file (at the relay, content
 * addressed) also has its `sha256`, `size` in bytes and content `mime`. Names-only attachments stay valid.
 */
export const Attachment = z.object({
  name: line(200).min(1),
  kind: z.enum(['photo', 'document', 'audio']).default('photo'),
  sha256: Sha256Hex.optional(),
  size: z
    .number()
    .int()
    .positive()
    .max(1024 * 1024 * 1024)
    .optional(),
  mime: FileMime.optional(),
});
export type Attachment = z.infer<typeof Attachment>;

/**
 * A point on the map (WGS-84 / CGCS2000 longitude and latitude, degrees). Optional everywhere: reports from
 * before it existed, and reports without a position, carry none.
 */
export const GeoPoint = z.object({
  lon: z.number().finite('经度必须是有限数').min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间'),
  lat: z.number().finite('纬度必须是有限数').min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间'),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

export const Reporter = z.object({ name: line(32), phone: line(20).optional() });
export type Reporter = z.infer<typeof Reporter>;
