/**
 * Relay protocol (Socket.IO + HTTP), shared by the relay, the workstation core and the district simulator.
 * Documented in docs/protocol.md. Every message crossing the wire is validated with these schemas.
 */
import { z } from 'zod';
import { CalendarConfig } from './calendar/types.js';
import { Command } from './commands.js';
import { CaseEvent, GridEvent } from './gridEvent.js';
import { Actor, ActorRole, CatalogItem, Community, Department, Grid, GridWorker, Id, Instant, line, Precedent, User } from './model.js';
import { Division } from './geo/types.js';
import { MapTiles, RefData } from './refData.js';
import { PrecedentRuling, withRuling } from './engine/precedentRuling.js';
import { SchemeSave, withSavedScheme } from './assessment/streetSchemes.js';
import { DocNumberPatterns } from './docNumber.js';
import { Password } from './refAdmin.js';
import { CatalogProposalAction, CatalogVersion, catalogProposalEffects, withCatalogVersion } from './engine/catalogVersions.js';
import { REF_AUDIT_LINES, RefAuditWhat } from './refAudit.js';

/** Largest accepted Socket.IO message / HTTP body, bytes. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
export const MAX_PULL_PAGE = 1000;
export const MAX_PUSH_BATCH = 100;
/**
 * How far a pushed mutation number may run ahead of the client's last processed one (`n <= last_n + this`):
 * a workstation numbers its commands consecutively and skips only the few it withdrew before pushing.
 */
export const MAX_MUTATION_LEAD = 10 * MAX_PUSH_BATCH;

/**
 * A calendar an admin may set: some office hours in the week (a calendar without any has no working time, so
 * no working-time limit or deadline could be computed; the calendar itself refuses to look further than 20
 * years for one).
 */
const WorkingCalendar = CalendarConfig.refine((c) => c.officeHours.some((d) => d.length > 0) || c.makeupDayHours.length > 0, {
  message: '每周至少要有一天办公时间，否则无法计算任何工作时限',
  path: ['officeHours'],
});

/**
 * A change to reference data; the client replaces that section of its RefData — except 'division', which
 * carries ONE filed division (a division is large: the log keeps each version once) and is merged into
 * RefData.divisions by id (applyRefChange).
 */
export const RefChange = z.discriminatedUnion('section', [
  z.object({ section: z.literal('calendar'), value: WorkingCalendar }),
  z.object({ section: z.literal('catalog'), value: z.array(CatalogItem).max(5_000) }),
  z.object({ section: z.literal('departments'), value: z.array(Department).max(1_000) }),
  // The relay appends one per fallback dispatch: a sanity bound far above any street's rulings.
  z.object({ section: z.literal('precedents'), value: z.array(Precedent).max(100_000) }),
  z.object({ section: z.literal('users'), value: z.array(User).max(5_000) }),
  z.object({ section: z.literal('communities'), value: z.array(Community).max(1_000) }),
  z.object({ section: z.literal('grids'), value: z.array(Grid).max(20_000) }),
  z.object({ section: z.literal('gridWorkers'), value: z.array(GridWorker).max(20_000) }),
  z.object({ section: z.literal('division'), value: Division }),
  z.object({ section: z.literal('mapTiles'), value: MapTiles.nullable() }),
  // The 文号 patterns of printed notices (the whole list; the relay keeps each pattern's sequence).
  z.object({ section: z.literal('docNumberPatterns'), value: DocNumberPatterns }),
  // ONE kind's scoring scheme, numbered and stamped by the relay; merged into RefData.assessmentSchemes.
  z.object({ section: z.literal('assessmentScheme'), value: SchemeSave }),
  // The leadership group's review of ONE fallback ruling (确认 / 改判), stamped by the relay; applied to RefData.precedents.
  z.object({ section: z.literal('precedentRuling'), value: PrecedentRuling }),
  // ONE action on a 指导目录 revision (submit / approve / return), stamped by the relay; applied to RefData.catalogProposals.
  z.object({ section: z.literal('catalogProposal'), value: CatalogProposalAction }),
  // ONE published 指导目录 version, written by the relay with an approval; merged into RefData.catalogVersions by number.
  z.object({ section: z.literal('catalogVersion'), value: CatalogVersion }),
]);
export type RefChange = z.infer<typeof RefChange>;

/** The RefData key a change writes (all sections are RefData keys but 'division', which writes 'divisions'). */
export function refKeyOf(change: RefChange): keyof RefData {
  if (change.section === 'assessmentScheme') return 'assessmentSchemes';
  if (change.section === 'precedentRuling') return 'precedents';
  if (change.section === 'catalogProposal') return 'catalogProposals';
  if (change.section === 'catalogVersion') return 'catalogVersions';
  return change.section === 'division' ? 'divisions' : change.section;
}

/** The value that key holds after the change: a division replaces the one with its id or is appended. */
export function refValueAfter(ref: Partial<RefData>, change: RefChange): unknown {
  if (change.section === 'assessmentScheme') return withSavedScheme(ref.assessmentSchemes, change.value);
  if (change.section === 'precedentRuling') return withRuling(ref.precedents ?? [], change.value);
  if (change.section === 'catalogProposal')
    return catalogProposalEffects({ catalog: ref.catalog ?? [], departments: ref.departments ?? [], ...pickCatalog(ref) }, change.value)
      .proposals;
  if (change.section === 'catalogVersion') return withCatalogVersion(ref.catalogVersions, change.value);
  if (change.section !== 'division') return change.value;
  const rest = (ref.divisions ?? []).filter((d) => d.id !== change.value.id);
  return [...rest, change.value].sort((a, b) =>
    a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.version - b.version,
  );
}

function pickCatalog(ref: Partial<RefData>) {
  return { catalogVersions: ref.catalogVersions, catalogProposals: ref.catalogProposals };
}

/** RefData after one change. */
export function applyRefChange<R extends Partial<RefData>>(ref: R, change: RefChange): R {
  return { ...ref, [refKeyOf(change)]: refValueAfter(ref, change) };
}

export const ChangeOrigin = z.enum(['centre', 'district', 'system']);

/** One entry of the relay's durable, gap-free, ordered change log. */
export const LogEntry = z.discriminatedUnion('kind', [
  z.object({
    seq: z.number().int().positive(),
    changeId: Id,
    at: Instant,
    origin: ChangeOrigin,
    kind: z.literal('case'),
    event: CaseEvent,
  }),
  z.object({
    seq: z.number().int().positive(),
    changeId: Id,
    at: Instant,
    origin: ChangeOrigin,
    kind: z.literal('ref'),
    ref: RefChange,
    /** Who made the change (the operation log, 操作日志); absent for system changes and entries from before it was recorded. */
    actor: Actor.optional(),
    /** What it changed, worked out by the relay against the data before it (shared/refAudit.ts; names, never values). */
    what: z.array(RefAuditWhat).max(REF_AUDIT_LINES).optional(),
  }),
]);
export type LogEntry = z.infer<typeof LogEntry>;

/** Acknowledgement envelope of every request. */
export const WireError = z.object({ code: z.string(), message: z.string() });
export type WireError = z.infer<typeof WireError>;
export type Ack<T> = { ok: true; value: T } | { ok: false; error: WireError };

// ---- HTTP: POST /api/login
export const LoginRequest = z.object({
  username: z.string().min(1).max(32),
  password: z.string().min(1).max(128),
  clientId: Id,
  /** The secret the relay issued to this clientId at its first login; required once the clientId is registered. */
  clientSecret: z.string().min(1).max(128).optional(),
});
export const LoginResponse = z.object({
  token: z.string(),
  user: User,
  expiresAt: Instant,
  serverTime: Instant,
  /** Issued once, when this login registered the clientId: the workstation keeps it and presents it at later logins. */
  clientSecret: z.string().optional(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

// ---- Socket.IO handshake: io(url, { auth: HandshakeAuth })
export const HandshakeAuth = z.object({
  token: z.string().min(1).max(4096),
  clientId: Id,
  /** Opt in to 'changes' (one message per commit, LogEntry[]) instead of one 'change' per entry. */
  batch: z.boolean().optional(),
});

// ---- 'pull' (client → relay, with ack)
/**
 * Which entry a client's cursor stands on: its changeId and acceptance time. The relay compares it with its
 * own entry at that seq, so a relay restored from an older backup (same log id, a different entry at the
 * cursor) is noticed: see docs/protocol.md §1 "Log identity".
 */
export const LogTip = z.object({ changeId: Id, at: Instant });
export type LogTip = z.infer<typeof LogTip>;
/** Log identity: a random id created with the log (meta log_id). */
export const LogId = z.string().min(1).max(64);
/**
 * Why a pull answered reset: `pruned` (entries after the cursor are no longer kept), `ahead` (the cursor is
 * past the head), `other_log` (the client's log id is not this relay's), `diverged` (the relay's entry at the
 * cursor is not the client's tip). All but `pruned` mean the relay's data was replaced or restored.
 */
export const ResetCause = z.enum(['pruned', 'ahead', 'other_log', 'diverged']);
export type ResetCause = z.infer<typeof ResetCause>;
export const PullRequest = z.object({
  cursor: z.number().int().nonnegative(),
  limit: z.number().int().min(1).max(MAX_PULL_PAGE).default(500),
  /** The log the cursor belongs to (absent: not known yet). */
  logId: LogId.optional(),
  /** The entry at `cursor` (absent at cursor 0 or when not known): checked against the relay's. */
  tip: LogTip.optional(),
});
export const PullResponse = z.discriminatedUnion('type', [
  z.object({ type: z.literal('changes'), entries: z.array(LogEntry), head: z.number().int().nonnegative(), logId: LogId.optional() }),
  /** The cursor is older than the log keeps, ahead of it, or of another history: drop the cache and take a snapshot. */
  z.object({
    type: z.literal('reset'),
    head: z.number().int().nonnegative(),
    reason: z.string(),
    cause: ResetCause.optional(),
    logId: LogId.optional(),
  }),
]);
export type PullResponse = z.infer<typeof PullResponse>;

// ---- 'snapshot' (client → relay, with ack): cases in id order, as of one log position
export const SnapshotRequest = z.object({ after: Id.optional(), limit: z.number().int().min(1).max(2000).default(500) });
export const SnapshotResponse = z.object({
  asOfSeq: z.number().int().nonnegative(),
  cases: z.array(GridEvent),
  next: z.string().optional(),
  ref: RefData.optional(),
  /** The relay's log id, and the entry at asOfSeq (null when the log is empty): the cursor's tip afterwards. */
  logId: LogId.optional(),
  tip: LogTip.nullable().optional(),
});
export type SnapshotResponse = z.infer<typeof SnapshotResponse>;

// ---- 'push' (client → relay, with ack): idempotent by (clientId, n)
export const Mutation = z.object({ id: Id, n: z.number().int().positive(), command: Command });
export type Mutation = z.infer<typeof Mutation>;
export const PushRequest = z.object({ mutations: z.array(Mutation).min(1).max(MAX_PUSH_BATCH) });
export const MutationResult = z.object({
  id: Id,
  n: z.number().int().positive(),
  status: z.enum(['applied', 'rejected', 'duplicate']),
  /** Last log seq written for an applied mutation. */
  seq: z.number().int().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;
export const PushResponse = z.object({ results: z.array(MutationResult), lastN: z.number().int().nonnegative() });
export type PushResponse = z.infer<typeof PushResponse>;

// ---- 'time' (client → relay, with ack)
export const TimeResponse = z.object({ now: Instant });

// ---- 'presence:open' (client → relay) and 'presence' (relay → clients)
export const PresenceOpen = z.object({ caseId: Id.nullable() });
/** `id` is the connection's Socket.IO id (public, changes on every reconnect), never the workstation's clientId. */
export const PresenceEntry = z.object({
  id: z.string().min(1).max(64),
  userId: Id,
  name: z.string(),
  role: ActorRole,
  openCaseId: Id.nullable(),
  since: Instant,
});
export type PresenceEntry = z.infer<typeof PresenceEntry>;
export const PresenceList = z.array(PresenceEntry);

// ---- 'district:link' (relay → clients): the health of the relay's forwarding to the district platform
/** At most this many case ids with undelivered forwards are named (the count is always exact). */
export const MAX_LINK_CASES = 500;
/**
 * off: the relay forwards nothing (no district platform configured); ok: nothing waits; pending: forwards
 * wait their turn or a retry while the platform answers; failing: the last attempt failed (network, timeout,
 * 5xx) since `failingSince`, and `pending` forwards wait for it.
 */
export const DistrictLink = z.object({
  state: z.enum(['off', 'ok', 'pending', 'failing']),
  pending: z.number().int().nonnegative(),
  pendingCaseIds: z.array(Id).max(MAX_LINK_CASES),
  failingSince: Instant.optional(),
  lastDeliveredAt: Instant.optional(),
  lastError: z.string().max(500).optional(),
  /** When the relay computed this (relay clock). */
  at: Instant,
});
export type DistrictLink = z.infer<typeof DistrictLink>;

// ---- 'change' (relay → clients): one LogEntry per message, in seq order
/** 'changes' (relay → clients that connected with batch: true): the entries of one or more commits (relay/liveBatch.ts), in seq order. */
export const ChangesMessage = z.array(LogEntry).min(1);

// ---- 'ref:history' (client → relay): the log's reference-data entries (kind 'ref') after a seq, ascending:
// the workstation fills its operation log (操作日志) with the changes it did not see arrive (a snapshot, an upgrade).
export const RefHistoryRequest = z.object({
  after: z.number().int().nonnegative(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type RefHistoryRequest = z.infer<typeof RefHistoryRequest>;
export const RefHistoryResponse = z.object({ entries: z.array(LogEntry), more: z.boolean() });
export type RefHistoryResponse = z.infer<typeof RefHistoryResponse>;

// ---- District connector (HTTP)
/** Inbound webhook body (POST /district/webhook, header x-signature: sha256=<hex hmac of raw body>). */
export const DistrictChange = z.object({
  changeId: Id,
  occurredAt: Instant,
  actor: z.object({ kind: z.enum(['department', 'gridWorker', 'hotline']), id: Id, name: line(64).min(1) }),
  command: Command,
});
export type DistrictChange = z.infer<typeof DistrictChange>;
/**
 * The idempotency-key header of a forward: the key with '%' and every character outside printable ASCII
 * percent-encoded as UTF-8 (HTTP headers carry bytes 0x21-0x7E; case ids may be Chinese). An ASCII key
 * without '%' is sent as it is. The platform reads it back with decodeURIComponent.
 */
export function idempotencyHeader(key: string): string {
  return key.replace(/[^\x21-\x24\x26-\x7e]/gu, (c) => encodeURIComponent(c));
}

/** Outbound forward (POST {district}/api/commands, header idempotency-key: idempotencyHeader(key)). */
export const DistrictForward = z.object({ idempotencyKey: Id, seq: z.number().int().positive(), event: CaseEvent });
export type DistrictForward = z.infer<typeof DistrictForward>;
export const DistrictForwardAnswer = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);

// ---- Additions by the relay (additive; documented in docs/protocol.md)
/** Body of POST /district/webhook/batch: several district changes in one signed request, applied in order. */
export const DistrictChangeBatch = z.object({ changes: z.array(DistrictChange).min(1).max(MAX_PUSH_BATCH) });
export type DistrictChangeBatch = z.infer<typeof DistrictChangeBatch>;
/** Answer to one district change: stored (or already stored), or refused by the engine (HTTP 422 when single). */
export const DistrictChangeResult = z.union([
  z.object({ ok: z.literal(true), duplicate: z.boolean(), seq: z.number().int().positive().optional() }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type DistrictChangeResult = z.infer<typeof DistrictChangeResult>;
/** Answer of POST /district/webhook/batch: one result per change, in request order. */
export const DistrictBatchResponse = z.object({
  ok: z.literal(true),
  results: z.array(z.intersection(z.object({ changeId: Id }), DistrictChangeResult)),
});
/**
 * 'ref:fileDivision' (admin → relay, with ack): file (备案) a new division of the street, in force from
 * `division.effectiveFrom`. The relay numbers it, stamps who and when, checks it (nothing changes while it
 * has a problem), closes the division before it, and updates the grid list: one unit of log entries.
 */
export const FileDivisionRequest = z.object({ division: Division });
export type FileDivisionRequest = z.infer<typeof FileDivisionRequest>;
export const FileDivisionResponse = z.object({
  seq: z.number().int().positive(),
  divisionId: Id,
  version: z.number().int().positive(),
  gridsAdded: z.number().int().nonnegative(),
  gridsRetired: z.number().int().nonnegative(),
});
export type FileDivisionResponse = z.infer<typeof FileDivisionResponse>;
/** 'ref:update' (admin → relay, with ack): a RefChange; the answer: */
export const RefUpdateResponse = z.object({ seq: z.number().int().positive(), recalculated: z.number().int().nonnegative() });
export type RefUpdateResponse = z.infer<typeof RefUpdateResponse>;
/**
 * 'user:save' (admin → relay, with ack): create or change ONE user, optionally setting a new password (the
 * relay keeps only its scrypt hash; the 'users' log entry records passwordSetAt, never the password).
 */
export const UserSaveRequest = z.object({ user: User, password: Password.optional() });
export type UserSaveRequest = z.infer<typeof UserSaveRequest>;
export const UserSaveResponse = z.object({ seq: z.number().int().positive(), user: User });
export type UserSaveResponse = z.infer<typeof UserSaveResponse>;
/** 'protocol_error' (relay → client): a request sent without an ack callback failed. */
export const ProtocolError = z.object({ event: z.string(), code: z.string(), message: z.string() });
/** GET /api/ref answer value (bearer token or district service signature). */
export const RefResponse = z.object({ ref: RefData, head: z.number().int().nonnegative() });

// ---- Assessment (additive; documented in docs/protocol.md): frozen assessments, kept in their own table
/**
 * 'assessment:freeze' (leader/admin → relay, with ack), 'assessment:list' (any role → relay, with ack) and
 * 'assessment:frozen' (relay → every client, after a new freeze: AssessmentFrozenNotice).
 */
export {
  AssessmentFrozenNotice,
  AssessmentFreezeRequest,
  AssessmentFreezeResponse,
  AssessmentListRequest,
  AssessmentListResponse,
} from './assessment/api.js';
