/**
 * Embedded LogStore on SQLite (better-sqlite3).
 *
 * Durability: WAL with synchronous=FULL by default. An acknowledged webhook or push is a promise that the
 * change survives; with synchronous=NORMAL a WAL commit survives a process crash (SIGKILL) but not an OS
 * crash or power cut, and the district platform will not resend a change we acknowledged. FULL costs one
 * fsync per commit (measured 2-16 ms on this shared disk), so:
 * - all writes go to one writer thread (writer.cjs) and the event loop never waits on an fsync;
 * - the hub puts every change that arrives while a commit runs into the next one (group commit), and the
 *   writer groups concurrent requests again, each in its own savepoint.
 * Reads use a separate connection on the main thread; WAL lets them run beside the writer.
 * NORMAL can be chosen (--sync normal) for throwaway runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { z } from 'zod';
import type { GridEvent } from '../../shared/gridEvent.js';
import { readWire, StoreWriterWire, WIRE_BAD_ANSWER } from '../../shared/hostWire.js';
import type { User } from '../../shared/model.js';
import type { LogEntry, LogTip } from '../../shared/protocol.js';
import type { RefData } from '../../shared/refData.js';
import type { AssessmentKind, FrozenAssessment } from '../../shared/assessment/types.js';
import type { SmsMessage } from '../../shared/sms.js';
import type {
  AppliedCommand,
  CommandOrigin,
  CommitBatch,
  DocNumberRow,
  LogStore,
  OutboxRow,
  OutboxStats,
  SmsQuery,
  StoreHealth,
  UserRecord,
} from './types.js';

export type SyncMode = 'full' | 'normal';

export interface SqliteStoreOptions {
  /** Directory holding relay.db (created if missing). */
  dataDir: string;
  sync?: SyncMode;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log (
  seq INTEGER PRIMARY KEY,
  change_id TEXT NOT NULL UNIQUE,
  at INTEGER NOT NULL,
  origin TEXT NOT NULL,
  kind TEXT NOT NULL,
  case_id TEXT,
  entry TEXT NOT NULL
);
-- The reference-data entries in log order (ref:history, the operation log's backfill): few among many case entries.
CREATE INDEX IF NOT EXISTS log_ref ON log(seq) WHERE kind = 'ref';
CREATE TABLE IF NOT EXISTS cases (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  updated_seq INTEGER NOT NULL,
  state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_status ON cases(status);
CREATE INDEX IF NOT EXISTS cases_reported ON cases(json_extract(state, '$.reportedAt'));
CREATE INDEX IF NOT EXISTS cases_code ON cases(json_extract(state, '$.code'));
CREATE TABLE IF NOT EXISTS clients (
  client_id TEXT PRIMARY KEY,
  last_n INTEGER NOT NULL,
  updated_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS commands (
  origin TEXT NOT NULL,
  id TEXT NOT NULL,
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (origin, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ref (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  profile TEXT NOT NULL,
  password_hash TEXT
);
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(seq) WHERE status = 'pending';
CREATE TABLE IF NOT EXISTS sms (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  case_id TEXT NOT NULL,
  case_code TEXT NOT NULL,
  recipient TEXT NOT NULL,
  mobile TEXT NOT NULL,
  text TEXT NOT NULL,
  urgent INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  next_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  sent_at INTEGER,
  gateway_id TEXT
);
CREATE INDEX IF NOT EXISTS sms_queued ON sms(next_at) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS sms_created ON sms(created_at);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS assessments (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  period_from INTEGER NOT NULL,
  period_to INTEGER NOT NULL,
  frozen_at INTEGER NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (kind, period_from, period_to)
);
CREATE TABLE IF NOT EXISTS doc_counters (
  pattern_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (pattern_id, year)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS doc_numbers (
  request_id TEXT PRIMARY KEY,
  pattern_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  number TEXT NOT NULL,
  case_id TEXT,
  actor_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  UNIQUE (pattern_id, year, seq)
);
`;

/** Statements the writer thread prepares; writes are sent to it as [kind, name, params] ops. */
const WRITES = {
  maxSeq: 'SELECT MAX(seq) FROM log',
  insLog: 'INSERT INTO log(seq, change_id, at, origin, kind, case_id, entry) VALUES (?, ?, ?, ?, ?, ?, ?)',
  putCase:
    'INSERT INTO cases(id, version, status, updated_seq, state) VALUES (?, ?, ?, ?, ?) ' +
    'ON CONFLICT(id) DO UPDATE SET version = excluded.version, status = excluded.status, updated_seq = excluded.updated_seq, state = excluded.state',
  putClient:
    'INSERT INTO clients(client_id, last_n, updated_seq) VALUES (?, ?, ?) ' +
    'ON CONFLICT(client_id) DO UPDATE SET last_n = MAX(clients.last_n, excluded.last_n), updated_seq = excluded.updated_seq',
  insCommand: 'INSERT INTO commands(origin, id, first_seq, last_seq) VALUES (?, ?, ?, ?)',
  insOutbox: 'INSERT INTO outbox(seq, case_id, idempotency_key, body, next_at) VALUES (?, ?, ?, ?, ?)',
  updOutbox: 'UPDATE outbox SET attempts = ?, next_at = ?, status = ?, last_error = ? WHERE seq = ?',
  settleOutbox: 'UPDATE outbox SET status = ?, last_error = ? WHERE seq = ?',
  refPut: 'INSERT INTO ref(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  userUpsert:
    'INSERT INTO users(id, username, profile, password_hash) VALUES (@id, @username, @profile, @hash) ' +
    'ON CONFLICT(id) DO UPDATE SET username = excluded.username, profile = excluded.profile, ' +
    'password_hash = CASE WHEN @keepHash THEN users.password_hash ELSE excluded.password_hash END',
  // OR IGNORE: a key queued before (an overdue clock seen again, a replayed batch) stays one message.
  insSms:
    'INSERT OR IGNORE INTO sms(key, kind, case_id, case_code, recipient, mobile, text, urgent, created_at, next_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  updSms:
    'UPDATE sms SET status = ?, attempts = ?, next_at = ?, last_error = ?, sent_at = COALESCE(?, sent_at), gateway_id = COALESCE(?, gateway_id) WHERE id = ?',
  prune: 'DELETE FROM log WHERE seq <= ?',
  setMeta: 'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  // Plain INSERT: a frozen assessment is written once; a duplicate fails on the key, never overwrites.
  insAssessment: 'INSERT INTO assessments(id, kind, period_from, period_to, frozen_at, body) VALUES (?, ?, ?, ?, ?, ?)',
  // 文号: the counter moves by exactly one (checked first), and the number is a plain INSERT (keys refuse a duplicate).
  docCounter: 'SELECT last FROM doc_counters WHERE pattern_id = ? AND year = ?',
  putDocCounter:
    'INSERT INTO doc_counters(pattern_id, year, last) VALUES (?, ?, ?) ON CONFLICT(pattern_id, year) DO UPDATE SET last = excluded.last',
  insDocNumber: 'INSERT INTO doc_numbers(request_id, pattern_id, year, seq, number, case_id, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
} as const;

type Op = ['run', keyof typeof WRITES, unknown[]] | ['expect', keyof typeof WRITES, unknown[], unknown];
type ToWriter = z.input<typeof StoreWriterWire.toWriter>;

const post = (writer: Worker, m: ToWriter) => writer.postMessage(m);

/** Starts a writer thread on `file` and waits until it has opened the database. */
async function startWriter(file: string, opts: SqliteStoreOptions): Promise<Worker> {
  const writer = new Worker(new URL('./writer.cjs', import.meta.url));
  try {
    await new Promise<void>((resolve, reject) => {
      writer.once('error', reject);
      writer.once('message', (raw: unknown) => {
        const read = readWire(StoreWriterWire.fromWriter, raw);
        if (read.ok && read.message.t === 'ready') resolve();
        else
          reject(
            new Error(
              `store writer: ${read.ok ? (read.message.t === 'fatal' ? read.message.message : `unexpected '${read.message.t}'`) : read.reason}`,
            ),
          );
      });
      post(writer, {
        t: 'init',
        file,
        pragmas: ['journal_mode = WAL', `synchronous = ${opts.sync === 'normal' ? 'NORMAL' : 'FULL'}`, 'busy_timeout = 5000'],
        schema: SCHEMA,
        statements: WRITES,
      });
    });
  } catch (err) {
    await writer.terminate();
    throw err;
  }
  return writer;
}

/** Error of a failed write, with SQLite's code (e.g. SQLITE_CONSTRAINT_PRIMARYKEY). */
export class StoreWriteError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'StoreWriteError';
  }
}

export class SqliteLogStore implements LogStore {
  readonly file: string;
  private readonly db: Database.Database;
  private headSeq: number;
  private readonly st;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: number[]) => void; reject: (e: Error) => void }>();
  private closed = false;
  private writerState: StoreHealth['writer'] = 'running';
  private restartDelayMs = 0;
  /** Failures the writer reported and has not yet recovered from, by operation. */
  private readonly failures = new Map<string, StoreHealth['errors'][number]>();

  /** Open (creating if needed) the store in `dataDir`: starts the writer thread, then the read connection. */
  static async open(opts: SqliteStoreOptions): Promise<SqliteLogStore> {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const file = path.join(opts.dataDir, 'relay.db');
    return new SqliteLogStore(file, opts, await startWriter(file, opts));
  }

  private constructor(
    file: string,
    private readonly opts: SqliteStoreOptions,
    private writer: Worker,
  ) {
    this.file = file;
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
    const db = this.db;
    this.st = {
      head: db.prepare('SELECT MAX(seq) AS s FROM log').pluck(),
      docNumber: db.prepare(
        'SELECT request_id AS requestId, pattern_id AS patternId, year, seq, number, case_id AS caseId, actor_id AS actorId, at FROM doc_numbers WHERE request_id = ?',
      ),
      docCounter: db.prepare('SELECT last FROM doc_counters WHERE pattern_id = ? AND year = ?').pluck(),
      floor: db.prepare('SELECT MIN(seq) AS s FROM log').pluck(),
      readLog: db.prepare('SELECT entry FROM log WHERE seq > ? ORDER BY seq LIMIT ?').pluck(),
      readRefLog: db.prepare("SELECT entry FROM log WHERE kind = 'ref' AND seq > ? ORDER BY seq LIMIT ?").pluck(),
      tip: db.prepare('SELECT change_id AS changeId, at FROM log WHERE seq = ?'),
      getCase: db.prepare('SELECT state FROM cases WHERE id = ?').pluck(),
      listCases: db.prepare('SELECT state FROM cases WHERE id > ? ORDER BY id LIMIT ?').pluck(),
      openCases: db.prepare("SELECT state FROM cases WHERE status NOT IN ('closed', 'rejected') ORDER BY id").pluck(),
      caseCount: db.prepare('SELECT COUNT(*) FROM cases').pluck(),
      caseByCode: db.prepare("SELECT state FROM cases WHERE json_extract(state, '$.code') = ? LIMIT 1").pluck(),
      open311Cases: db
        .prepare(
          "SELECT state FROM cases WHERE json_extract(state, '$.reportedAt') BETWEEN @from AND @to " +
            "AND (@items IS NULL OR json_extract(state, '$.catalogItemId') IN (SELECT value FROM json_each(@items))) " +
            "AND (@closed IS NULL OR (status IN ('closed', 'rejected')) = @closed) " +
            "ORDER BY json_extract(state, '$.reportedAt') DESC, id LIMIT @limit",
        )
        .pluck(),
      lastN: db.prepare('SELECT last_n FROM clients WHERE client_id = ?').pluck(),
      command: db.prepare('SELECT origin, id, first_seq AS firstSeq, last_seq AS lastSeq FROM commands WHERE origin = ? AND id = ?'),
      refAll: db.prepare('SELECT key, value FROM ref'),
      userByName: db.prepare('SELECT profile, password_hash AS hash FROM users WHERE username = ?'),
      userById: db.prepare('SELECT profile, password_hash AS hash FROM users WHERE id = ?'),
      pendingOutbox: db.prepare(
        "SELECT seq, case_id AS caseId, idempotency_key AS idempotencyKey, body, attempts, next_at AS nextAt, status, last_error AS lastError FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?",
      ),
      nextOutbox: db.prepare("SELECT MIN(next_at) FROM outbox WHERE status = 'pending'").pluck(),
      getOutbox: db.prepare(
        'SELECT seq, case_id AS caseId, idempotency_key AS idempotencyKey, body, attempts, next_at AS nextAt, status, last_error AS lastError FROM outbox WHERE seq = ?',
      ),
      outboxStats: db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status'),
      oldestPending: db.prepare("SELECT MIN(seq) FROM outbox WHERE status = 'pending'").pluck(),
      pendingCount: db.prepare("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").pluck(),
      pendingCases: db.prepare("SELECT case_id FROM outbox WHERE status = 'pending' GROUP BY case_id ORDER BY MIN(seq) LIMIT ?").pluck(),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      dueSms: db.prepare(`SELECT ${SMS_COLUMNS} FROM sms WHERE status = 'queued' AND next_at <= ? ORDER BY next_at, id LIMIT ?`),
      nextSms: db.prepare("SELECT MIN(next_at) FROM sms WHERE status = 'queued'").pluck(),
      listSms: db.prepare(
        `SELECT ${SMS_COLUMNS} FROM sms WHERE (@status IS NULL OR status = @status) AND (@kind IS NULL OR kind = @kind) ` +
          'AND (@code IS NULL OR case_code = @code) AND (@from IS NULL OR created_at >= @from) AND (@to IS NULL OR created_at <= @to) ' +
          'ORDER BY created_at DESC, id DESC LIMIT @limit',
      ),
      listAssessments: db
        .prepare(
          'SELECT body FROM assessments WHERE (@kind IS NULL OR kind = @kind) AND (@from IS NULL OR (period_from = @from AND period_to = @to)) ' +
            'ORDER BY frozen_at DESC, id',
        )
        .pluck(),
    };
    this.headSeq = (this.st.head.get() as number | null) ?? 0;
    this.attach(writer);
  }

  /** Listens to a (new) writer thread: replies, health reports, and its exit. */
  private attach(writer: Worker): void {
    this.writer = writer;
    this.writerState = 'running';
    writer.on('message', (raw: unknown) => {
      const read = readWire(StoreWriterWire.fromWriter, raw);
      if (!read.ok) {
        // A malformed answer still settles its write (refused); anything else is logged and dropped.
        const w = read.t === 'result' && typeof read.id === 'number' ? this.waiting.get(read.id) : undefined;
        if (w) {
          this.waiting.delete(read.id as number);
          w.reject(new StoreWriteError(read.reason, WIRE_BAD_ANSWER));
        } else console.warn(`store dropped a writer message: ${read.reason}`);
        return;
      }
      const m = read.message;
      if (m.t === 'stream') {
        const h = m.data;
        if (h.ok) this.failures.delete(h.op);
        else this.failures.set(h.op, { op: h.op, code: h.code, message: h.message, at: Date.now() });
        return;
      }
      if (m.t !== 'result') return;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.result.ok) w.resolve(m.result.value);
      else w.reject(new StoreWriteError(m.result.error.message, m.result.error.code));
    });
    writer.on('error', (err) => {
      this.failures.set('writer', { op: 'writer', code: 'WRITER_ERROR', message: err.message, at: Date.now() });
      this.failAll(err);
    });
    writer.on('exit', () => {
      if (this.writer !== writer) return;
      this.failAll(new StoreWriteError('store writer stopped', 'UNAVAILABLE'));
      if (this.closed) return;
      // Writes are refused (UNAVAILABLE) until a new writer thread has opened the database.
      this.writerState = 'restarting';
      this.scheduleRestart();
    });
  }

  private scheduleRestart(): void {
    this.restartDelayMs = Math.min(10_000, Math.max(100, this.restartDelayMs * 2));
    const timer = setTimeout(() => {
      if (this.closed) return;
      startWriter(this.file, this.opts).then(
        (w) => {
          if (this.closed) return void w.terminate();
          // A commit the old thread finished but could not answer is in the file while its callers were told
          // it failed: the hub's head is stale. Refuse to go on (every commit would fail its seq check).
          const head = (this.st.head.get() as number | null) ?? 0;
          if (head !== this.headSeq) {
            void w.terminate();
            this.failures.set('writer', {
              op: 'writer',
              code: 'HEAD_MOVED',
              message: `the log head is ${head}, the relay expected ${this.headSeq}: restart the relay`,
              at: Date.now(),
            });
            return;
          }
          this.restartDelayMs = 0;
          this.failures.delete('writer');
          this.attach(w);
        },
        (err: unknown) => {
          this.failures.set('writer', { op: 'writer', code: 'WRITER_START', message: (err as Error).message, at: Date.now() });
          this.scheduleRestart();
        },
      );
    }, this.restartDelayMs);
    timer.unref();
  }

  /**
   * The store's real state for /healthz: 'ok', 'failing' (the last commit or checkpoint failed, e.g. a full
   * disk; a small probe write checks whether it still does) or 'down' (no writer thread: restarting).
   */
  async health(): Promise<StoreHealth> {
    if (this.closed) return { state: 'down', writer: 'closed', errors: [] };
    if (this.writerState === 'running' && this.failures.size > 0) await this.probe().catch(() => undefined);
    const errors = [...this.failures.values()];
    const state = this.writerState !== 'running' ? 'down' : errors.length > 0 ? 'failing' : 'ok';
    return { state, writer: this.writerState, errors };
  }

  private probe(): Promise<number[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      post(this.writer, { t: 'call', id, method: 'probe' });
    });
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  /** Run ops atomically and durably in the writer thread. */
  private write(ops: Op[]): Promise<number[]> {
    if (this.closed) return Promise.reject(new StoreWriteError('store is closed', 'UNAVAILABLE'));
    if (this.writerState !== 'running') return Promise.reject(new StoreWriteError('store writer is restarting', 'UNAVAILABLE'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      post(this.writer, { t: 'call', id, method: 'exec', input: { ops } });
    });
  }

  async head(): Promise<number> {
    return this.headSeq;
  }

  async floor(): Promise<number> {
    const min = this.st.floor.get() as number | null;
    return min ?? this.headSeq + 1;
  }

  async readLog(after: number, limit: number): Promise<LogEntry[]> {
    return (this.st.readLog.all(after, limit) as string[]).map((s) => JSON.parse(s) as LogEntry);
  }

  async readRefLog(after: number, limit: number): Promise<LogEntry[]> {
    return (this.st.readRefLog.all(after, limit) as string[]).map((s) => JSON.parse(s) as LogEntry);
  }

  async getCase(id: string): Promise<GridEvent | null> {
    const s = this.st.getCase.get(id) as string | undefined;
    return s === undefined ? null : (JSON.parse(s) as GridEvent);
  }

  async listCases(after: string | undefined, limit: number): Promise<{ cases: GridEvent[]; asOfSeq: number; tip: LogTip | null }> {
    // One read transaction: the page, the head it reflects and that entry's tip belong together.
    return this.db.transaction(() => {
      const rows = this.st.listCases.all(after ?? '', limit) as string[];
      const asOfSeq = (this.st.head.get() as number | null) ?? 0;
      const tip = asOfSeq > 0 ? ((this.st.tip.get(asOfSeq) as LogTip | undefined) ?? null) : null;
      return { cases: rows.map((s) => JSON.parse(s) as GridEvent), asOfSeq, tip };
    })();
  }

  async entryTip(seq: number): Promise<LogTip | null> {
    return (this.st.tip.get(seq) as LogTip | undefined) ?? null;
  }

  async openCases(): Promise<GridEvent[]> {
    return (this.st.openCases.all() as string[]).map((s) => JSON.parse(s) as GridEvent);
  }

  async getCaseByCode(code: string): Promise<GridEvent | null> {
    const row = this.st.caseByCode.get(code) as string | undefined;
    return row ? (JSON.parse(row) as GridEvent) : null;
  }

  async open311Cases(q: {
    from: number;
    to: number;
    catalogItemIds: string[];
    statuses: Array<'open' | 'closed'>;
    limit: number;
  }): Promise<GridEvent[]> {
    const both = q.statuses.length === 0 || (q.statuses.includes('open') && q.statuses.includes('closed'));
    const rows = this.st.open311Cases.all({
      from: q.from,
      to: q.to,
      items: q.catalogItemIds.length ? JSON.stringify(q.catalogItemIds) : null,
      closed: both ? null : q.statuses[0] === 'closed' ? 1 : 0,
      limit: q.limit,
    }) as string[];
    return rows.map((s) => JSON.parse(s) as GridEvent);
  }

  async caseCount(): Promise<number> {
    return this.st.caseCount.get() as number;
  }

  async getClientLastN(clientId: string): Promise<number> {
    return (this.st.lastN.get(clientId) as number | undefined) ?? 0;
  }

  async getAppliedCommand(origin: CommandOrigin, id: string): Promise<AppliedCommand | null> {
    return (this.st.command.get(origin, id) as AppliedCommand | undefined) ?? null;
  }

  async getRef(): Promise<RefData | null> {
    const rows = this.st.refAll.all() as Array<{ key: string; value: string }>;
    if (rows.length === 0) return null;
    const out: Record<string, unknown> = {};
    for (const r of rows) out[r.key] = JSON.parse(r.value);
    return out as unknown as RefData;
  }

  async getUserByUsername(username: string): Promise<UserRecord | null> {
    return toUserRecord(this.st.userByName.get(username) as { profile: string; hash: string | null } | undefined);
  }

  async getUser(id: string): Promise<UserRecord | null> {
    return toUserRecord(this.st.userById.get(id) as { profile: string; hash: string | null } | undefined);
  }

  async seedRef(ref: RefData, users: Array<{ user: User; passwordHash: string | null }>): Promise<void> {
    const ops: Op[] = Object.entries(ref).map(([key, value]) => ['run', 'refPut', [key, JSON.stringify(value)]]);
    for (const u of users) ops.push(userOp(u.user, u.passwordHash));
    await this.write(ops);
  }

  async commit(batch: CommitBatch): Promise<void> {
    const ops: Op[] = [];
    const first = batch.entries[0];
    if (first) {
      // Defence in depth: the log must stay gap-free whatever the caller computed.
      ops.push(['expect', 'maxSeq', [], first.seq === 1 ? null : first.seq - 1]);
      let expect = first.seq;
      for (const e of batch.entries) {
        if (e.seq !== expect) throw new StoreWriteError(`log gap: expected seq ${expect}, got ${e.seq}`, 'GAP');
        expect++;
        ops.push([
          'run',
          'insLog',
          [e.seq, e.changeId, e.at, e.origin, e.kind, e.kind === 'case' ? e.event.caseId : null, JSON.stringify(e)],
        ]);
      }
    }
    const lastSeq = batch.entries.at(-1)?.seq ?? this.headSeq;
    for (const c of batch.cases) ops.push(['run', 'putCase', [c.id, c.version, c.status, lastSeq, JSON.stringify(c)]]);
    for (const c of batch.clients) ops.push(['run', 'putClient', [c.clientId, c.lastN, lastSeq]]);
    for (const c of batch.commands) ops.push(['run', 'insCommand', [c.origin, c.id, c.firstSeq, c.lastSeq]]);
    for (const o of batch.outbox) ops.push(['run', 'insOutbox', [o.seq, o.caseId, o.idempotencyKey, o.body, o.nextAt]]);
    for (const m of batch.sms)
      ops.push([
        'run',
        'insSms',
        [m.key, m.kind, m.caseId, m.caseCode, m.recipient, m.mobile, m.text, m.urgent ? 1 : 0, m.createdAt, m.nextAt],
      ]);
    for (const o of batch.outboxSettled) ops.push(['run', 'settleOutbox', [o.status, o.lastError ?? null, o.seq]]);
    for (const r of batch.ref) ops.push(['run', 'refPut', [r.key, JSON.stringify(r.value)]]);
    for (const u of batch.users) ops.push(userOp(u.user, u.passwordHash));
    if (batch.pruneThrough > 0) ops.push(['run', 'prune', [batch.pruneThrough]]);
    if (ops.length === 0) return;
    await this.write(ops);
    if (batch.entries.length > 0) this.headSeq = Math.max(this.headSeq, lastSeq);
  }

  async pendingOutbox(limit: number): Promise<OutboxRow[]> {
    return this.st.pendingOutbox.all(limit).map(cleanOutbox);
  }

  async nextOutboxAt(): Promise<number | null> {
    return (this.st.nextOutbox.get() as number | null) ?? null;
  }

  async updateOutbox(seq: number, p: { attempts: number; nextAt: number; status: OutboxRow['status']; lastError?: string }): Promise<void> {
    await this.write([['run', 'updOutbox', [p.attempts, p.nextAt, p.status, p.lastError ?? null, seq]]]);
  }

  async getOutbox(seq: number): Promise<OutboxRow | null> {
    const row = this.st.getOutbox.get(seq);
    return row ? cleanOutbox(row) : null;
  }

  async outboxStats(): Promise<OutboxStats> {
    const stats: OutboxStats = { pending: 0, delivered: 0, rejected: 0 };
    for (const r of this.st.outboxStats.all() as Array<{ status: OutboxRow['status']; n: number }>) stats[r.status] = r.n;
    const oldest = this.st.oldestPending.get() as number | null;
    if (oldest != null) stats.oldestPendingSeq = oldest;
    return stats;
  }

  async pendingCases(limit: number): Promise<{ pending: number; caseIds: string[] }> {
    const pending = this.st.pendingCount.get() as number;
    return { pending, caseIds: pending === 0 ? [] : (this.st.pendingCases.all(limit) as string[]) };
  }

  async dueSms(now: number, limit: number): Promise<SmsMessage[]> {
    return this.st.dueSms.all(now, limit).map(smsOf);
  }

  async nextSmsAt(): Promise<number | null> {
    return (this.st.nextSms.get() as number | null) ?? null;
  }

  async updateSms(
    id: number,
    p: { status: SmsMessage['status']; attempts: number; nextAt: number; lastError?: string; sentAt?: number; gatewayId?: string },
  ): Promise<void> {
    await this.write([['run', 'updSms', [p.status, p.attempts, p.nextAt, p.lastError ?? null, p.sentAt ?? null, p.gatewayId ?? null, id]]]);
  }

  async listSms(q: SmsQuery): Promise<SmsMessage[]> {
    return this.st.listSms
      .all({
        status: q.status ?? null,
        kind: q.kind ?? null,
        code: q.caseCode ?? null,
        from: q.from ?? null,
        to: q.to ?? null,
        limit: q.limit,
      })
      .map(smsOf);
  }

  async prune(retain: number): Promise<number> {
    if (retain <= 0) return 0;
    const cut = this.headSeq - Math.max(1, retain);
    if (cut <= 0) return 0;
    const [changes] = await this.write([['run', 'prune', [cut]]]);
    return changes ?? 0;
  }

  async getMeta(key: string): Promise<string | null> {
    return (this.st.getMeta.get(key) as string | undefined) ?? null;
  }

  async insertAssessment(a: FrozenAssessment): Promise<void> {
    await this.write([['run', 'insAssessment', [a.id, a.kind, a.period.from, a.period.to, a.frozenAt, JSON.stringify(a)]]]);
  }

  async listAssessments(filter: { kind?: AssessmentKind; period?: { from: number; to: number } } = {}): Promise<FrozenAssessment[]> {
    const rows = this.st.listAssessments.all({
      kind: filter.kind ?? null,
      from: filter.period?.from ?? null,
      to: filter.period?.to ?? null,
    }) as string[];
    return rows.map((s) => JSON.parse(s) as FrozenAssessment);
  }

  async getDocNumber(requestId: string): Promise<DocNumberRow | null> {
    const row = this.st.docNumber.get(requestId) as (Omit<DocNumberRow, 'caseId'> & { caseId: string | null }) | undefined;
    if (!row) return null;
    const { caseId, ...rest } = row;
    return caseId === null ? rest : { ...rest, caseId };
  }

  async docCounter(patternId: string, year: number): Promise<number> {
    return (this.st.docCounter.get(patternId, year) as number | undefined) ?? 0;
  }

  async insertDocNumber(row: DocNumberRow): Promise<void> {
    // One transaction: the counter must still be seq - 1, then it becomes seq and the number is written.
    await this.write([
      ['expect', 'docCounter', [row.patternId, row.year], row.seq === 1 ? null : row.seq - 1],
      ['run', 'putDocCounter', [row.patternId, row.year, row.seq]],
      ['run', 'insDocNumber', [row.requestId, row.patternId, row.year, row.seq, row.number, row.caseId ?? null, row.actorId, row.at]],
    ]);
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.write([['run', 'setMeta', [key, value]]]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.writerState === 'running')
      await new Promise<void>((resolve) => {
        const done = (m: { t?: unknown }) => {
          if (m?.t === 'closed') resolve();
        };
        this.writer.on('message', done);
        this.writer.once('exit', () => resolve());
        post(this.writer, { t: 'shutdown' });
      });
    await this.writer.terminate();
    if (this.db.open) this.db.close();
  }
}

function userOp(user: User, hash: string | null | undefined): Op {
  return [
    'run',
    'userUpsert',
    [{ id: user.id, username: user.username, profile: JSON.stringify(user), hash: hash ?? null, keepHash: hash === undefined ? 1 : 0 }],
  ];
}

function toUserRecord(row: { profile: string; hash: string | null } | undefined): UserRecord | null {
  return row ? { user: JSON.parse(row.profile) as User, passwordHash: row.hash } : null;
}

const SMS_COLUMNS =
  'id, key, kind, case_id AS caseId, case_code AS caseCode, recipient, mobile, text, urgent, created_at AS createdAt, ' +
  'next_at AS nextAt, status, attempts, last_error AS lastError, sent_at AS sentAt, gateway_id AS gatewayId';

function smsOf(row: unknown): SmsMessage {
  const r = row as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (v !== null) out[k] = v;
  out.urgent = r.urgent === 1;
  return out as SmsMessage;
}

function cleanOutbox(row: unknown): OutboxRow {
  const r = row as OutboxRow & { lastError: string | null };
  const out: OutboxRow = {
    seq: r.seq,
    caseId: r.caseId,
    idempotencyKey: r.idempotencyKey,
    body: r.body,
    attempts: r.attempts,
    nextAt: r.nextAt,
    status: r.status,
  };
  if (r.lastError != null) out.lastError = r.lastError;
  return out;
}
