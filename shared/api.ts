/**
 * The workstation API: defined once, carried over Electron IPC (preload → main → core) and over the
 * browser host's WebSocket. Each method has an input schema, an output schema and the roles allowed.
 * Documented in docs/workstation-api.md.
 */
import { z } from 'zod';
import { Command } from './commands.js';
import { CaseEventType, GridEvent } from './gridEvent.js';
import { Actor, CaseClock, CaseSource, CaseStatus, ClockState, Grade, Id, Instant, line, User, UserRole } from './model.js';
import {
  DistrictLink,
  FileDivisionRequest,
  FileDivisionResponse,
  PresenceEntry,
  RefChange,
  UserSaveRequest,
  UserSaveResponse,
} from './protocol.js';
import { RefData } from './refData.js';
import {
  AssessmentFreezeInput,
  AssessmentFrozenNotice,
  AssessmentInputsQuery,
  AssessmentListQuery,
  AssessmentListResult,
} from './assessment/api.js';
import { AssessmentInput, FrozenAssessment } from './assessment/types.js';
import { Lat, Lon } from './geo/types.js';
import { DocNumberRequest, DocNumberResponse } from './docNumber.js';
import { Attachment, FileMime, Sha256Hex } from './model.js';
import { SmsListRequest, SmsListResponse } from './smsLog.js';
import { SmsSettingsSaveRequest, SmsSettingsView } from './sms.js';
import { AUDIT_ROLES, RefAuditEntry } from './refAudit.js';

export const QueueTab = z.enum([
  'pending_accept',
  'pending_dispatch',
  'handling',
  'bounced',
  'pending_verify',
  'pending_close',
  'overdue',
  'parked',
  'closed',
  'all',
]);
export type QueueTab = z.infer<typeof QueueTab>;

/** Deepest queue offset (well past the largest cache: a million cases). */
export const MAX_QUEUE_OFFSET = 10_000_000;

export const SortField = z.enum(['reportedAt', 'updatedAt', 'deadline', 'code', 'grade']);
export const QueueQuery = z.object({
  tab: QueueTab.default('all'),
  status: z.array(CaseStatus).max(CaseStatus.options.length).optional(),
  communityId: Id.optional(),
  gridId: Id.optional(),
  category: line(64).optional(),
  departmentId: Id.optional(),
  grade: Grade.optional(),
  clockState: ClockState.optional(),
  source: CaseSource.optional(),
  /** Only cases with at least one urge notice (督办跟踪); ignored when absent. */
  urged: z.boolean().optional(),
  /** Full-text search over title, description and address (Chinese works: trigram). */
  q: line(100).trim().optional(),
  sort: z.object({ field: SortField, dir: z.enum(['asc', 'desc']) }).default({ field: 'reportedAt', dir: 'desc' }),
  offset: z.number().int().nonnegative().max(MAX_QUEUE_OFFSET, `翻页位置不能超过${MAX_QUEUE_OFFSET}`).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type QueueQuery = z.infer<typeof QueueQuery>;
export type QueueQueryInput = z.input<typeof QueueQuery>;

export const QueueRow = z.object({
  id: Id,
  code: z.string(),
  title: z.string(),
  address: z.string(),
  category: z.string().optional(),
  catalogItemId: Id.optional(),
  communityId: Id,
  gridId: Id,
  source: CaseSource,
  grade: Grade.optional(),
  status: CaseStatus,
  leadDepartmentId: Id.optional(),
  reportedAt: Instant,
  updatedAt: Instant,
  /** Running clocks (not stopped), with absolute deadlines. */
  clocks: z.array(CaseClock),
  /** Nearest running deadline, for sorting. */
  deadline: Instant.optional(),
  bounceCount: z.number().int(),
  mandatory: z.boolean(),
  fallback: z.boolean(),
  urgeCount: z.number().int(),
  /** Local commands on this case not yet confirmed by the relay. */
  pendingCount: z.number().int(),
  upstreamIssue: z.boolean(),
});
export type QueueRow = z.infer<typeof QueueRow>;

export const QueueResult = z.object({ rows: z.array(QueueRow), total: z.number().int(), counts: z.record(QueueTab, z.number().int()) });
export type QueueResult = z.infer<typeof QueueResult>;

/** Nearby cases (case.nearby): within `metres` of a point, nearest first. */
export const NearbyQuery = z.object({
  lon: Lon,
  lat: Lat,
  metres: z.number().min(1, '半径不能小于1米').max(2000, '半径不能超过2000米'),
  /** Leave this case out (the case being looked at). */
  excludeId: Id.optional(),
  /** Only cases not closed (tab other than 'closed'); default true. */
  openOnly: z.boolean().default(true),
  limit: z.number().int().min(1).max(200, '最多返回200条').default(50),
});
export type NearbyQuery = z.infer<typeof NearbyQuery>;
export const NearbyCase = z.object({
  id: Id,
  code: z.string(),
  title: z.string(),
  address: z.string(),
  status: CaseStatus,
  communityId: Id,
  gridId: Id,
  reportedAt: Instant,
  lon: z.number(),
  lat: z.number(),
  /** Great-circle distance from the query point. */
  metres: z.number(),
});
export type NearbyCase = z.infer<typeof NearbyCase>;

/** Most points a queue map answers (more matching located cases: `truncated`). */
export const MAX_MAP_POINTS = 100_000;
/** The queue's filters and tab, without sort and paging; `limit` caps the points. */
export const QueueMapQuery = QueueQuery.omit({ sort: true, offset: true, limit: true }).extend({
  limit: z.number().int().min(1).max(MAX_MAP_POINTS, `最多返回${MAX_MAP_POINTS}个点`).default(MAX_MAP_POINTS),
});
export type QueueMapQuery = z.infer<typeof QueueMapQuery>;
/** A map point's state: its nearest running clock's (paused: every clock paused), 'none' without a running clock. */
export const MapPointState = z.enum(['normal', 'warning', 'overdue', 'paused', 'none']);
export type MapPointState = z.infer<typeof MapPointState>;
/** Every matching located case, columnar (point i = ids[i], codes[i], …). */
export const QueueMap = z.object({
  ids: z.array(Id),
  codes: z.array(z.string()),
  titles: z.array(z.string()),
  lons: z.array(z.number()),
  lats: z.array(z.number()),
  states: z.array(MapPointState),
  /** Matching cases without a position. */
  unplaced: z.number().int(),
  /** More located cases matched than `limit`: the first `limit` are answered. */
  truncated: z.boolean(),
});
export type QueueMap = z.infer<typeof QueueMap>;

export const OutboxItem = z.object({
  id: Id,
  n: z.number().int(),
  caseId: Id,
  command: Command,
  status: z.enum(['pending', 'rejected', 'confirmed']),
  createdAt: Instant,
  attempts: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

export const SyncStatus = z.object({
  connection: z.enum(['online', 'offline', 'syncing', 'connecting']),
  outboxSize: z.number().int(),
  rejectedCount: z.number().int(),
  lastSyncAt: Instant.optional(),
  cursor: z.number().int(),
  head: z.number().int().optional(),
  clockOffsetMs: z.number(),
  relayUrl: z.string(),
  error: z.string().optional(),
  /** Something the user must know that is not an error (the relay's data was replaced or restored and the cache rebuilt); kept until the core restarts. */
  notice: z.string().optional(),
  /** The relay's forwarding to the district platform (relay 'district:link'), while connected. */
  district: DistrictLink.optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** At most a year per audit query (the log is read from the cache's timeline). */
export const MAX_AUDIT_PERIOD_MS = 366 * 24 * 3_600_000;
export const AuditQuery = z.object({
  period: z
    .object({ from: Instant, to: Instant })
    .refine((p) => p.from < p.to, '查询区间的开始时间必须早于结束时间')
    .refine((p) => p.to - p.from <= MAX_AUDIT_PERIOD_MS, '查询区间不能超过一年'),
  actorId: Id.optional(),
  unitId: Id.optional(),
  type: CaseEventType.optional(),
  /** Case entries (案件) or reference-data changes (基础数据); both when absent. */
  kind: z.enum(['case', 'ref']).optional(),
  /** Reference-data changes of one section only (e.g. 'departments'); case entries are then left out. */
  section: line(64).optional(),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  limit: z.number().int().min(1).max(5_000).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
export const CaseAuditRow = z.object({
  kind: z.literal('case'),
  at: Instant,
  caseId: Id,
  code: z.string(),
  type: CaseEventType,
  actor: Actor,
  note: z.string().optional(),
});
/** A reference-data change (shared/refAudit.ts): who (absent for system changes), the section and what changed. */
export const RefAuditRow = RefAuditEntry.extend({ kind: z.literal('ref') });
export const AuditRow = z.discriminatedUnion('kind', [CaseAuditRow, RefAuditRow]);
export type AuditRow = z.infer<typeof AuditRow>;
export const AuditResult = z.object({ rows: z.array(AuditRow), total: z.number().int().nonnegative() });
export type AuditResult = z.infer<typeof AuditResult>;

export const SessionInfo = z.object({ user: User, offline: z.boolean(), clientId: Id });
export type SessionInfo = z.infer<typeof SessionInfo>;

export const CaseDetail = z.object({ case: GridEvent, pending: z.array(OutboxItem), viewers: z.array(PresenceEntry) });
export type CaseDetail = z.infer<typeof CaseDetail>;

/** A metric value with its definition, for statistics screens and the wall display. */
export const MetricValue = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  unit: z.enum(['count', 'ratio', 'hours']),
  formula: z.string(),
  version: z.string(),
});
export type MetricValue = z.infer<typeof MetricValue>;

/** Longest statistics period: ten years (the daily trend has a point per day). */
export const MAX_STATS_PERIOD_MS = 3660 * 24 * 3_600_000;
export const StatsPeriod = z
  .object({ from: Instant, to: Instant })
  .refine((p) => p.from < p.to, '统计周期的开始时间必须早于结束时间')
  .refine((p) => p.to - p.from <= MAX_STATS_PERIOD_MS, '统计周期不能超过十年');
export const StatsQuery = z
  .object({
    period: StatsPeriod,
    groupBy: z.enum(['none', 'department', 'community', 'category', 'source', 'grid']).default('none'),
    /**
     * Only the period's metrics (groups and trend left empty): what the comparison periods of a view show
     * (the previous period, the same period last year); counted without groups or trend. groupBy 'none' only.
     */
    metricsOnly: z.boolean().default(false),
  })
  .refine((q) => !q.metricsOnly || q.groupBy === 'none', { message: '只取指标时不能分组', path: ['groupBy'] });
export const StatsGroup = z.object({ key: z.string(), label: z.string(), metrics: z.array(MetricValue) });
export const StatsResult = z.object({
  period: z.object({ from: Instant, to: Instant }),
  metrics: z.array(MetricValue),
  groups: z.array(StatsGroup),
  trend: z.array(z.object({ day: z.string(), reported: z.number().int(), closed: z.number().int(), overdue: z.number().int() })),
});
export type StatsResult = z.infer<typeof StatsResult>;
export const DrillQuery = z.object({
  period: StatsPeriod,
  metricId: line(64).min(1),
  groupBy: line(32).optional(),
  groupKey: line(64).optional(),
  limit: z.number().int().min(1).max(5000).default(500),
});

/** A basemap tile by its XYZ address (x and y within the 2^z grid of the zoom level). */
export const TileQuery = z
  .object({ z: z.number().int().min(0).max(22), x: z.number().int().min(0), y: z.number().int().min(0) })
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, '瓦片行列号超出该层级的范围');
export const TileImage = z.object({
  type: z.enum(['image/png', 'image/jpeg', 'image/webp']),
  data: z.string().max(2_000_000),
  cached: z.boolean(),
});
export type TileImage = z.infer<typeof TileImage>;

/**
 * One piece of a picked file on its way to the core ('file.upload', issue 15.2). The workstation API's
 * messages are small (the browser host takes 256 KB a message), so a file travels in pieces of at most
 * FILE_CHUNK_BYTES, in order; the last piece answers the stored attachment.
 */
export const FILE_CHUNK_BYTES = 128 * 1024;
export const FileUploadChunk = z.object({
  uploadId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/u, '上传编号格式不正确'),
  name: line(200).trim().min(1, '文件名不能为空'),
  index: z.number().int().min(0),
  total: z.number().int().min(1).max(1000),
  data: z.string().max(Math.ceil(FILE_CHUNK_BYTES / 3) * 4),
});
export const FileUploadResult = z.union([
  z.object({ done: z.literal(false), received: z.number().int() }),
  /** `uploaded`: already at the relay; otherwise kept on this workstation and sent before the command naming it. */
  z.object({ done: z.literal(true), attachment: Attachment, uploaded: z.boolean() }),
]);
export const FileGetQuery = z.object({ sha256: Sha256Hex, variant: z.enum(['full', 'thumb']).default('full') });
export const FileContent = z.object({
  sha256: Sha256Hex,
  /** The content's type (a thumbnail is WebP, or the image itself when the relay's thumbnail is not at hand). */
  mime: z.union([FileMime, z.literal('image/webp')]),
  data: z.string(),
  /** Answered from this workstation's disk (its own upload or the attachment cache). */
  cached: z.boolean(),
});
export type FileContent = z.infer<typeof FileContent>;

/** Staff reads: every signed-in role but the wall. */
const READ: readonly UserRole[] = ['dispatcher', 'supervisor', 'leader', 'admin'];
/**
 * Reads the wall display needs (会议大屏: wall token, wall window, the `wall` account) besides the staff:
 * queue lists, statistics, reference data, sync status and frozen assessments, answered with residents'
 * personal data masked by the core (electron/core/reads/wallView.ts). Case details, the outbox, presence and
 * assessment inputs are staff-only.
 */
const WALL_READ: readonly UserRole[] = [...READ, 'wall'];
const ACT: readonly UserRole[] = ['dispatcher', 'supervisor', 'leader', 'admin'];

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, roles: readonly UserRole[] | 'public') {
  return { input, output, roles };
}

/** Every call of the workstation API. Names are `area.verb`; IPC channels are `api:<name>`. */
export const Api = {
  'session.login': method(z.object({ username: z.string().min(1).max(32), password: z.string().min(1).max(128) }), SessionInfo, 'public'),
  'session.current': method(z.object({}), SessionInfo.nullable(), 'public'),
  'session.logout': method(z.object({}), z.object({}), 'public'),
  'queue.list': method(QueueQuery, QueueResult, WALL_READ),
  'case.get': method(z.object({ id: Id }), CaseDetail, READ),
  /** Located cases within a radius of a point, nearest first (the merged view). */
  'case.nearby': method(NearbyQuery, z.array(NearbyCase), READ),
  /** Every located case matching the queue's tab and filters, as map points (titles masked for the wall). */
  'queue.map': method(QueueMapQuery, QueueMap, WALL_READ),
  /** One basemap tile of the configured tile service (ref mapTiles), fetched by the core and cached on its disk. */
  'map.tile': method(TileQuery, TileImage, WALL_READ),
  'command.submit': method(z.object({ command: Command }), z.object({ mutationId: Id, n: z.number().int() }), ACT),
  'outbox.list': method(z.object({}), z.array(OutboxItem), READ),
  'outbox.dismiss': method(z.object({ id: Id }), z.object({}), ACT),
  'ref.get': method(z.object({}), RefData, WALL_READ),
  /**
   * Online only: replaces one section of the reference data on the relay (logged as a 'ref' entry). Admins;
   * the section 'assessmentScheme' also leaders (SCHEME_EDIT_ROLES, checked per section by the core and relay).
   */
  'ref.update': method(z.object({ change: RefChange }), z.object({ seq: z.number().int().optional() }), [
    'admin',
    'leader',
    'dispatcher',
    'supervisor',
  ]),
  /** Admin only, online only: creates or changes one user (role, unit, active), optionally setting a new password. */
  'users.save': method(UserSaveRequest, UserSaveResponse, ['admin']),
  /** Admin only, online only: files (备案) a division of the street at the relay; refused with the problems named when it fails a check. */
  'ref.fileDivision': method(FileDivisionRequest, FileDivisionResponse, ['admin']),
  'sync.status': method(z.object({}), SyncStatus, WALL_READ),
  'sync.now': method(z.object({}), SyncStatus, READ),
  'presence.list': method(z.object({}), z.array(PresenceEntry), READ),
  'presence.open': method(z.object({ caseId: Id.nullable() }), z.object({}), READ),
  'stats.query': method(StatsQuery, StatsResult, WALL_READ),
  'stats.drill': method(DrillQuery, z.array(QueueRow), WALL_READ),
  /** The operation log (操作日志): who did what and when, across cases; supervisors, leaders and admins. */
  'audit.list': method(AuditQuery, AuditResult, AUDIT_ROLES),
  /** Online only: the relay's SMS log (短信记录); mobiles masked by the relay except for the admin. */
  'sms.list': method(SmsListRequest, SmsListResponse, ['supervisor', 'leader', 'admin']),
  /** Admin only, online only: the relay's SMS settings (短信设置); the gateway key is never answered, only whether it is set. */
  'smsSettings.get': method(z.object({}), SmsSettingsView, ['admin']),
  /** Admin only, online only: saves the SMS settings at the relay (in force at once); a key left out keeps the key in force. */
  'smsSettings.save': method(SmsSettingsSaveRequest, SmsSettingsView, ['admin']),
  /** Online only: the next 文号 of a pattern from the relay (a retry with the same requestId answers the same number). */
  'docNumber.allocate': method(DocNumberRequest, DocNumberResponse, ['dispatcher', 'supervisor', 'leader', 'admin']),
  /** A picked file, in pieces: checked by content, kept by the core, uploaded to the relay (now, or before the command naming it). */
  'file.upload': method(FileUploadChunk, FileUploadResult, ACT),
  /** An attachment's file or thumbnail: from the core's disk, else fetched from the relay and cached (bounded) for offline viewing. */
  'file.get': method(FileGetQuery, FileContent, READ),
  'time.now': method(z.object({}), z.object({ now: Instant, offsetMs: z.number() }), 'public'),
  /** Assessment inputs of a period (all four kinds, or one), computed by the core over its cache. */
  'assessment.inputs': method(AssessmentInputsQuery, z.array(AssessmentInput), READ),
  /** Online only: freezes a period's result on the relay (immutable; a second freeze of the kind+period is refused). */
  'assessment.freeze': method(AssessmentFreezeInput, FrozenAssessment, ['leader', 'admin']),
  /** Frozen assessments, shared by every workstation (the relay's list; offline: this workstation's last copy). */
  'assessment.list': method(AssessmentListQuery, AssessmentListResult, WALL_READ),
} as const;

export type Api = typeof Api;
export type ApiMethod = keyof Api;
export type ApiInput<M extends ApiMethod> = z.input<Api[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.infer<Api[M]['output']>;
export const API_METHODS = Object.keys(Api) as ApiMethod[];

/** Push streams from the core to the UI. */
export const ApiStreams = {
  /** Cases changed (new ones listed again in newCaseIds); refChanged: the reference data changed too (ref.get again). */
  changes: z.object({ caseIds: z.array(Id), seq: z.number().int(), newCaseIds: z.array(Id), refChanged: z.boolean().optional() }),
  sync: SyncStatus,
  outbox: z.object({ size: z.number().int(), rejected: z.array(OutboxItem) }),
  presence: z.array(PresenceEntry),
  notify: z.object({ kind: z.enum(['urgent_case', 'rejected_command']), caseId: Id, title: z.string(), body: z.string() }),
  /** An assessment was frozen (on any workstation): list them again. */
  assessments: AssessmentFrozenNotice,
} as const;
export type ApiStreamName = keyof typeof ApiStreams;
export type ApiStreamData<S extends ApiStreamName> = z.infer<(typeof ApiStreams)[S]>;

/** Result envelope of every call on every transport. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
