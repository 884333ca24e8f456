/**
 * The relay's durable store, kept behind an interface so that a PostgreSQL implementation can replace the
 * embedded SQLite one when several relay nodes share one street (see docs/protocol.md, "Scaling out").
 *
 * Model: ONE writer per street. The hub decides every change in memory against the case projection and
 * hands the store a fully computed {@link CommitBatch}; the store writes the whole batch atomically or not
 * at all. Readers (pull, snapshot, login) may run concurrently with the writer.
 * Every method is async so that a networked store fits without changing callers.
 */
import type { GridEvent } from '../../shared/gridEvent.js';
import type { User } from '../../shared/model.js';
import type { LogEntry, LogTip } from '../../shared/protocol.js';
import type { RefData } from '../../shared/refData.js';
import type { AssessmentKind, FrozenAssessment } from '../../shared/assessment/types.js';
import type { SmsKind, SmsMessage, SmsStatus } from '../../shared/sms.js';

/** A user as stored: the public profile plus the scrypt hash (null = may not sign in). */
export interface UserRecord {
  user: User;
  passwordHash: string | null;
}

/** Origin namespace of an applied command id, used for idempotency (district change ids, mutation ids). */
export type CommandOrigin = 'district' | 'centre' | 'system';

export interface AppliedCommand {
  origin: CommandOrigin;
  id: string;
  firstSeq: number;
  lastSeq: number;
}

/** An outbound forward to the district platform, written in the same transaction as its log entry. */
export interface OutboxRow {
  /** Log seq of the entry being forwarded; also the row key. */
  seq: number;
  caseId: string;
  idempotencyKey: string;
  /** JSON of DistrictForward. */
  body: string;
  attempts: number;
  nextAt: number;
  status: 'pending' | 'delivered' | 'rejected';
  lastError?: string;
}

/** Everything one group commit writes. Entries must continue the log without gaps. */
export interface CommitBatch {
  entries: LogEntry[];
  /** Case projection after the entries (last state per case). */
  cases: GridEvent[];
  /** Highest mutation number per client seen in this batch. */
  clients: Array<{ clientId: string; lastN: number }>;
  commands: AppliedCommand[];
  outbox: Array<Omit<OutboxRow, 'attempts' | 'status' | 'lastError'>>;
  /** Reference data keys written by this batch, with their whole new value (see applyRefChange). */
  ref: Array<{ key: keyof RefData; value: unknown }>;
  /** User profiles upserted (keeps existing password hashes unless one is given). */
  users: Array<{ user: User; passwordHash?: string | null }>;
  /** SMS notices queued by this batch (relay/sms); a key already queued is ignored (never two messages). */
  sms: SmsInsert[];
  /** Outbox rows settled in the same transaction (e.g. the compensating change of a rejection). */
  outboxSettled: Array<{ seq: number; status: 'delivered' | 'rejected'; lastError?: string }>;
  /** Retention: drop log entries with seq <= this in the same transaction (0 = keep everything). */
  pruneThrough: number;
}

export const emptyBatch = (): CommitBatch => ({
  entries: [],
  cases: [],
  clients: [],
  commands: [],
  outbox: [],
  ref: [],
  users: [],
  sms: [],
  outboxSettled: [],
  pruneThrough: 0,
});

/** A new SMS outbox row (see shared/sms.ts SmsMessage for the stored shape). */
export type SmsInsert = Omit<SmsMessage, 'id' | 'status' | 'attempts' | 'lastError' | 'sentAt' | 'gatewayId'>;

/** Filter of the SMS log (newest first). */
export interface SmsQuery {
  status?: SmsStatus;
  kind?: SmsKind;
  caseCode?: string;
  from?: number;
  to?: number;
  limit: number;
}

export interface OutboxStats {
  pending: number;
  delivered: number;
  rejected: number;
  /** Oldest pending row's seq, if any. */
  oldestPendingSeq?: number;
}

/** One 文号 handed out: its request id (a retry answers this row), pattern, year, sequence and text. */
export interface DocNumberRow {
  requestId: string;
  patternId: string;
  year: number;
  seq: number;
  number: string;
  caseId?: string;
  actorId: string;
  at: number;
}

/** What /healthz reports about the store. */
export interface StoreHealth {
  /** ok: writes work; failing: the last commit or checkpoint failed (e.g. full disk); down: no writer. */
  state: 'ok' | 'failing' | 'down';
  writer: 'running' | 'restarting' | 'closed';
  /** Unrecovered failures, one per operation (commit, checkpoint, writer). */
  errors: Array<{ op: string; code: string; message: string; at: number }>;
}

export interface LogStore {
  /** Highest committed seq (0 when empty). */
  head(): Promise<number>;
  /** Lowest seq still kept (head + 1 when the log is empty). Pull below floor - 1 answers 'reset'. */
  floor(): Promise<number>;
  /** Entries with seq in (after, after + limit], ascending. */
  readLog(after: number, limit: number): Promise<LogEntry[]>;
  /** Reference-data entries (kind 'ref') with seq > after, ascending, at most `limit` (the operation log's history). */
  readRefLog(after: number, limit: number): Promise<LogEntry[]>;
  getCase(id: string): Promise<GridEvent | null>;
  /** Cases in id order after `after`, with the head they reflect and that head entry's tip (null: empty log). */
  listCases(after: string | undefined, limit: number): Promise<{ cases: GridEvent[]; asOfSeq: number; tip: LogTip | null }>;
  /** changeId and acceptance time of the entry at `seq`, or null when it is not kept (log identity checks). */
  entryTip(seq: number): Promise<LogTip | null>;
  /** Every case that is not closed or rejected. */
  openCases(): Promise<GridEvent[]>;
  caseCount(): Promise<number>;
  /** The case with this public code (Open311 service_request_id), or null. */
  getCaseByCode(code: string): Promise<GridEvent | null>;
  /** Open311 requests.json: cases reported in [from, to], newest first, filtered by catalogue item and open/closed. */
  open311Cases(q: {
    from: number;
    to: number;
    catalogItemIds: string[];
    statuses: Array<'open' | 'closed'>;
    limit: number;
  }): Promise<GridEvent[]>;
  getClientLastN(clientId: string): Promise<number>;
  getAppliedCommand(origin: CommandOrigin, id: string): Promise<AppliedCommand | null>;
  /** The full reference data, or null before seeding. */
  getRef(): Promise<RefData | null>;
  getUserByUsername(username: string): Promise<UserRecord | null>;
  getUser(id: string): Promise<UserRecord | null>;
  /** Seed the reference data bundle and users (only on an empty store). */
  seedRef(ref: RefData, users: Array<{ user: User; passwordHash: string | null }>): Promise<void>;
  /** Write a batch atomically and durably. Throws (writing nothing) on any failure. */
  commit(batch: CommitBatch): Promise<void>;
  /** The oldest pending outbox rows, in seq order (due or not: the forwarder keeps per-case order). */
  pendingOutbox(limit: number): Promise<OutboxRow[]>;
  /** Earliest next attempt time of a pending row, or null. */
  nextOutboxAt(): Promise<number | null>;
  updateOutbox(seq: number, patch: { attempts: number; nextAt: number; status: OutboxRow['status']; lastError?: string }): Promise<void>;
  outboxStats(): Promise<OutboxStats>;
  /** Pending forwards: their exact count and the ids of (at most `limit`) cases they belong to, oldest first. */
  pendingCases(limit: number): Promise<{ pending: number; caseIds: string[] }>;
  getOutbox(seq: number): Promise<OutboxRow | null>;
  /** Queued SMS messages due at or before `now`, oldest first. */
  dueSms(now: number, limit: number): Promise<SmsMessage[]>;
  /** Earliest next attempt of a queued SMS message, or null. */
  nextSmsAt(): Promise<number | null>;
  updateSms(
    id: number,
    patch: { status: SmsMessage['status']; attempts: number; nextAt: number; lastError?: string; sentAt?: number; gatewayId?: string },
  ): Promise<void>;
  /** The SMS log, newest first. */
  listSms(q: SmsQuery): Promise<SmsMessage[]>;
  /** Drop log entries older than the newest `retain`; returns how many were dropped. */
  prune(retain: number): Promise<number>;
  /** A small key/value area for relay metadata (e.g. when the demo was seeded). */
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  /**
   * Store a frozen assessment (考核冻结), durably, once: a second record with the same id or the same kind and
   * period is refused (StoreWriteError with a SQLITE_CONSTRAINT code). Frozen records are never changed.
   */
  insertAssessment(a: FrozenAssessment): Promise<void>;
  /** Frozen assessments, newest first, optionally of one kind and/or one exact period. */
  listAssessments(filter?: { kind?: AssessmentKind; period?: { from: number; to: number } }): Promise<FrozenAssessment[]>;
  /** The 文号 given for a request id, or null. */
  getDocNumber(requestId: string): Promise<DocNumberRow | null>;
  /** The last sequence given for a pattern and year (0: none yet). */
  docCounter(patternId: string, year: number): Promise<number>;
  /**
   * Record one 文号 atomically: refused (StoreWriteError, nothing written) unless the counter stands at
   * seq - 1, and by the keys when the request id or the pattern, year and sequence were used before.
   */
  insertDocNumber(row: DocNumberRow): Promise<void>;
  /** The store's real state (writer alive, last commit and checkpoint succeeded). */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}
