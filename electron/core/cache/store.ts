/**
 * The cache's data access: server state of cases (row + JSON + timeline + FTS), reference data, meta
 * (cursor, client id, mutation numbers, session), the outbox and the optimistic overlay. Every method is
 * synchronous (better-sqlite3); callers group them in transactions with `tx`.
 */
import type Database from 'better-sqlite3';
import type { CaseEvent, GridEvent } from '../../../shared/gridEvent.js';
import type { Actor } from '../../../shared/model.js';
import type { Command } from '../../../shared/commands.js';
import type { RefChange } from '../../../shared/protocol.js';
import type { RefData } from '../../../shared/refData.js';
import type { QueueRow } from '../../../shared/api.js';
import { caseColumns, queueRowOf, type CaseColumns } from './caseRow.js';
import { errorCode, isDamage } from './db.js';
import { outboxRecord, type OutboxDbRow, type OutboxRecord } from './outboxRecord.js';
import { FACET_BY_RECOUNT } from './schema.js';
import { CaseLocations } from './locations.js';
import { timelineSummary } from './timelineSummary.js';

const COLS = [
  'id',
  'version',
  'code',
  'tab',
  'status',
  'community_id',
  'grid_id',
  'category',
  'lead_dept',
  'grade',
  'grade_rank',
  'source',
  'reported_at',
  'updated_at',
  'closed_at',
  'deadline',
  'warn_at',
  'clock_base',
  'urge_count',
  'title',
  'address',
  'description',
  'extra',
] as const;

/** Column list of a case row for SELECTs (table alias `c`). */
export const ROW_SELECT = ['c.rid', ...COLS.map((k) => `c.${k}`)].join(', ');

export type StoredRow = CaseColumns & { rid: number };
/** The stored row of a case before a write (what putCase compares against). */
export type PrevRow = StoredRow;

/** Recomputes facet_counts and facet_counts_by from the rows of `cases` (bulk loads bypass putCase). */
export function recountFacets(db: Database.Database): void {
  db.exec(
    `DELETE FROM facet_counts; INSERT INTO facet_counts SELECT tab, status, community_id, source, coalesce(grade, ''), coalesce(clock_base, ''), urge_count > 0, count(*) FROM cases GROUP BY 1, 2, 3, 4, 5, 6, 7;
     DELETE FROM facet_counts_by; ${FACET_BY_RECOUNT}`,
  );
}

/** The columns countFacet keys on. */
const FACET_COLS = ['tab', 'status', 'community_id', 'grid_id', 'lead_dept', 'category', 'source', 'grade', 'clock_base'] as const;

/** Whether a rewrite moves the row to another facet_counts / facet_counts_by key. */
function facetChanged(a: CaseColumns, b: CaseColumns): boolean {
  return FACET_COLS.some((k) => a[k] !== b[k]) || a.urge_count > 0 !== b.urge_count > 0;
}

/** Keys of RefData stored one row each. */
const REF_KEYS = ['streetName', 'centreName', 'communities', 'grids', 'gridWorkers', 'departments', 'catalog', 'precedents', 'users', 'calendar', 'centreLimits', 'gridCodeRule'] as const;

/** Local rows get rids above every server rid so a new (report) case sorts last among equals. */
const LOCAL_RID_BASE = 2 ** 50;

export class Store {
  private readonly s;
  private refCache: RefData | null | undefined;
  /** Case points: lon / lat columns and the R*Tree (cache/locations.ts), kept by the hooks below. */
  readonly locations: CaseLocations;

  constructor(readonly db: Database.Database) {
    this.locations = new CaseLocations(db);
    const insertCols = COLS.join(', ');
    const insertVals = COLS.map((k) => '@' + k).join(', ');
    this.s = {
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      delMeta: db.prepare('DELETE FROM meta WHERE key = ?'),
      caseHead: db.prepare(`SELECT ${ROW_SELECT}, d.doc FROM cases c JOIN case_docs d ON d.rid = c.rid WHERE c.id = ?`),
      caseRow: db.prepare(`SELECT ${ROW_SELECT} FROM cases c WHERE c.id = ?`),
      caseHeads: db.prepare(`SELECT ${ROW_SELECT}, d.doc FROM cases c JOIN case_docs d ON d.rid = c.rid WHERE c.id IN (SELECT value FROM json_each(?))`),
      insertCase: db.prepare(`INSERT INTO cases (${insertCols}) VALUES (${insertVals})`),
      insertDoc: db.prepare('INSERT INTO case_docs (rid, doc, tl) VALUES (?, ?, ?)'),
      updateDoc: db.prepare('UPDATE case_docs SET doc = ?, tl = tl || ? WHERE rid = ?'),
      replaceDoc: db.prepare('UPDATE case_docs SET doc = ?, tl = ? WHERE rid = ?'),
      ftsInsert: db.prepare('INSERT INTO cases_fts (rowid, title, description, address) VALUES (?, ?, ?, ?)'),
      ftsDelete: db.prepare("INSERT INTO cases_fts (cases_fts, rowid, title, description, address) VALUES ('delete', ?, ?, ?, ?)"),
      insertEvent: db.prepare('INSERT OR IGNORE INTO timeline (case_id, version, event) VALUES (?, ?, ?)'),
      timeline: db.prepare('SELECT event FROM timeline WHERE case_id = ? ORDER BY version').pluck(),
      refGet: db.prepare('SELECT section, value FROM ref'),
      refSet: db.prepare('INSERT INTO ref(section, value) VALUES (?, ?) ON CONFLICT(section) DO UPDATE SET value = excluded.value'),
      outboxAll: db.prepare('SELECT * FROM outbox ORDER BY n'),
      outboxPendingFor: db.prepare("SELECT * FROM outbox WHERE case_id = ? AND status = 'pending' ORDER BY n"),
      outboxForCase: db.prepare('SELECT * FROM outbox WHERE case_id = ? ORDER BY n'),
      outboxById: db.prepare('SELECT * FROM outbox WHERE id = ?'),
      outboxInsert: db.prepare(
        "INSERT INTO outbox (n, id, case_id, user_id, actor, command, status, created_at) VALUES (@n, @id, @case_id, @user_id, @actor, @command, 'pending', @created_at)",
      ),
      outboxDelete: db.prepare('DELETE FROM outbox WHERE id = ?'),
      outboxReject: db.prepare("UPDATE outbox SET status = 'rejected', error_code = ?, error_message = ?, applied_seq = NULL WHERE id = ?"),
      outboxApplied: db.prepare('UPDATE outbox SET applied_seq = ? WHERE id = ?'),
      outboxAttempt: db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?'),
      outboxConfirmable: db.prepare("SELECT id, case_id FROM outbox WHERE status = 'pending' AND applied_seq IS NOT NULL AND applied_seq <= ?"),
      outboxSizes: db.prepare("SELECT sum(status = 'pending') AS pending, sum(status = 'rejected') AS rejected FROM outbox"),
      pendingCounts: db.prepare("SELECT case_id, count(*) AS n FROM outbox WHERE status = 'pending' GROUP BY case_id"),
      localDelete: db.prepare('DELETE FROM local_cases WHERE id = ?'),
      localUpsert: db.prepare(
        `INSERT INTO local_cases (rid, ${insertCols}, doc, events) VALUES (@rid, ${insertVals}, @doc, @events)
         ON CONFLICT(id) DO UPDATE SET rid = excluded.rid, ${COLS.filter((k) => k !== 'id')
           .map((k) => `${k} = excluded.${k}`)
           .join(', ')}, doc = excluded.doc, events = excluded.events`,
      ),
      localGet: db.prepare('SELECT doc, events FROM local_cases WHERE id = ?'),
      localCount: db.prepare('SELECT count(*) FROM local_cases').pluck(),
      localIds: db.prepare('SELECT id FROM local_cases').pluck(),
      caseCount: db.prepare('SELECT count(*) FROM cases').pluck(),
      runningCaseIds: db.prepare("SELECT id FROM cases WHERE clock_base = 'running'").pluck(),
      rowById: db.prepare(`SELECT ${ROW_SELECT} FROM local_cases c WHERE c.id = ? UNION ALL SELECT ${ROW_SELECT} FROM cases c WHERE c.id = ? LIMIT 1`),
      outboxUnapply: db.prepare("UPDATE outbox SET applied_seq = NULL WHERE status = 'pending' AND applied_seq IS NOT NULL"),
      outboxRenumber: db.prepare('UPDATE outbox SET n = ?, attempts = 0 WHERE id = ?'),
      statDirty: db.prepare('INSERT OR IGNORE INTO stat_dirty (rid) VALUES (?)'),
      facetAdd: db.prepare('INSERT INTO facet_counts VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n'),
      facetByAdd: db.prepare('INSERT INTO facet_counts_by VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n'),
    };
  }

  /** Bumped by every write of server case state (keys caches of derived data, e.g. search matches). */
  serverVersion = 0;

  /** Called when a write meets a damaged file (SQLITE_CORRUPT / NOTADB): the core marks it for a move-aside. */
  onDamage: ((e: unknown) => void) | null = null;

  /** Runs `fn` in a transaction (a savepoint when nested); facet count changes are written before commit. */
  tx<T>(fn: () => T): T {
    try {
      return this.db.transaction(() => {
        try {
          const out = fn();
          this.flushFacets();
          return out;
        } catch (e) {
          this.facetDelta.clear();
          throw e;
        }
      })();
    } catch (e) {
      if (this.onDamage && isDamage(errorCode(e))) this.onDamage(e);
      throw e;
    }
  }

  /**
   * Runs `fn` (one or more transactions) with synchronous = NORMAL: for server state only, which a power
   * cut can at worst roll back to an older cursor, consistently, and the relay sends again. Everything
   * else (the outbox above all) is written with FULL, the connection's setting.
   */
  refetchable<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.db.pragma('synchronous = NORMAL');
    try {
      return fn();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  private readonly facetDelta = new Map<string, number>();

  /** Counts a row in (d = +1) or out (d = -1) of facet_counts and of facet_counts_by (its grid, department, category). */
  private countFacet(r: Pick<CaseColumns, 'tab' | 'status' | 'community_id' | 'grid_id' | 'lead_dept' | 'category' | 'source' | 'grade' | 'clock_base' | 'urge_count'>, d: number): void {
    // Keys are the columns joined by U+0001 (no id or code contains it): cheaper than JSON per write.
    const facet = `${r.tab}\u0001${r.status}\u0001${r.community_id}\u0001${r.source}\u0001${r.grade ?? ''}\u0001${r.clock_base ?? ''}\u0001${r.urge_count > 0 ? 1 : 0}`;
    this.addDelta(`\u0001\u0001${facet}`, d);
    this.addDelta(`grid\u0001${r.grid_id}\u0001${facet}`, d);
    if (r.lead_dept !== null) this.addDelta(`dept\u0001${r.lead_dept}\u0001${facet}`, d);
    if (r.category !== null) this.addDelta(`category\u0001${r.category}\u0001${facet}`, d);
  }

  private addDelta(key: string, d: number): void {
    this.facetDelta.set(key, (this.facetDelta.get(key) ?? 0) + d);
  }

  private flushFacets(): void {
    for (const [key, d] of this.facetDelta) {
      if (d === 0) continue;
      const [dim, value, ...facet] = key.split('\u0001') as [string, string, ...string[]];
      const urged = Number(facet[6]);
      if (dim === '') this.s.facetAdd.run(...facet.slice(0, 6), urged, d);
      else this.s.facetByAdd.run(dim, value, ...facet.slice(0, 6), urged, d);
    }
    this.facetDelta.clear();
  }

  /** Recomputes every count table from the rows (after bulk writes that bypassed putCase: bench, repair). */
  recountFacets(): void {
    recountFacets(this.db);
  }

  // ---------------------------------------------------------------- meta

  getMeta(key: string): string | undefined {
    return this.s.getMeta.get(key) as string | undefined;
  }
  setMeta(key: string, value: string | number): void {
    this.s.setMeta.run(key, String(value));
  }
  delMeta(key: string): void {
    this.s.delMeta.run(key);
  }
  getNumber(key: string, fallback = 0): number {
    const v = this.getMeta(key);
    return v === undefined ? fallback : Number(v);
  }
  get cursor(): number {
    return this.getNumber('cursor', 0);
  }
  set cursor(seq: number) {
    this.setMeta('cursor', seq);
  }

  // ---------------------------------------------------------------- server cases

  /** Server state of a case with its whole timeline, or null. */
  getCase(id: string): GridEvent | null {
    const head = this.s.caseHead.get(id) as { doc: string } | undefined;
    if (!head) return null;
    const c = JSON.parse(head.doc) as GridEvent;
    c.timeline = (this.s.timeline.all(id) as string[]).map((e) => JSON.parse(e) as CaseEvent);
    return c;
  }

  /** Server state without the timeline (cheap: what folding one more event needs), with its stored row. */
  getCaseHead(id: string): { state: GridEvent; prev: PrevRow } | null {
    const head = this.s.caseHead.get(id) as (StoredRow & { doc: string }) | undefined;
    if (!head) return null;
    const { doc, ...row } = head;
    return { state: JSON.parse(doc) as GridEvent, prev: row };
  }

  /** getCaseHead for many cases in one query (a batch of log entries); absent ids are not in the map. */
  getCaseHeads(ids: readonly string[]): Map<string, { state: GridEvent; prev: PrevRow }> {
    const out = new Map<string, { state: GridEvent; prev: PrevRow }>();
    if (ids.length === 0) return out;
    for (const head of this.s.caseHeads.all(JSON.stringify(ids)) as Array<StoredRow & { doc: string }>) {
      const { doc, ...row } = head;
      out.set(row.id, { state: JSON.parse(doc) as GridEvent, prev: row });
    }
    return out;
  }

  getServerRow(id: string): StoredRow | undefined {
    return this.s.caseRow.get(id) as StoredRow | undefined;
  }

  /** UPDATE of exactly the columns that changed: an index is rewritten only when one of its columns is set. */
  private updateFor(cols: readonly string[]): Database.Statement {
    const key = cols.join(',');
    let st = this.updates.get(key);
    if (!st) {
      st = this.db.prepare(`UPDATE cases SET ${cols.map((k) => `${k} = @${k}`).join(', ')} WHERE rid = @rid`);
      this.updates.set(key, st);
    }
    return st;
  }
  private readonly updates = new Map<string, Database.Statement>();

  /**
   * Writes the server state of a case (the JSON without its timeline, the timeline summary, the indexed
   * row, the FTS entry when the text changed). `prev` is the stored row (from getCaseHead), or null for a
   * new case. `events` are the timeline entries this write adds (`replace`: the whole timeline).
   */
  putCase(state: GridEvent, prev: PrevRow | null, calendar: RefData['calendar'] | null, events: readonly CaseEvent[], replace = false): void {
    this.serverVersion++;
    const cols = caseColumns(state, calendar);
    const doc = JSON.stringify({ ...state, timeline: [] });
    const tl = timelineSummary(events);
    if (!this.db.inTransaction) throw new Error('putCase outside a transaction');
    if (prev) {
      // Most writes keep every counted column (a timestamp, a note): the −1 and +1 would cancel out.
      if (facetChanged(prev, cols)) {
        this.countFacet(prev, -1);
        this.countFacet(cols, +1);
      }
      const changed = COLS.filter((k) => cols[k] !== prev[k]);
      if (changed.length > 0) {
        const params: Record<string, unknown> = { rid: prev.rid };
        for (const k of changed) params[k] = cols[k];
        this.updateFor(changed).run(params);
      }
      (replace ? this.s.replaceDoc : this.s.updateDoc).run(doc, tl, prev.rid);
      this.locations.serverWritten(prev.rid, state, prev); // location hook
      this.s.statDirty.run(prev.rid); // its statistics record is rebuilt before the next statistics query
      if (prev.title !== cols.title || prev.description !== cols.description || prev.address !== cols.address) {
        this.s.ftsDelete.run(prev.rid, prev.title, prev.description, prev.address);
        this.s.ftsInsert.run(prev.rid, cols.title, cols.description, cols.address);
      }
    } else {
      this.countFacet(cols, +1);
      const rid = Number(this.s.insertCase.run(cols).lastInsertRowid);
      this.s.insertDoc.run(rid, doc, tl);
      this.locations.serverWritten(rid, state, null); // location hook
      this.s.statDirty.run(rid);
      this.s.ftsInsert.run(rid, cols.title, cols.description, cols.address);
    }
  }

  putEvents(events: readonly CaseEvent[]): void {
    for (const e of events) this.s.insertEvent.run(e.caseId, e.version, JSON.stringify(e));
  }

  caseCount(): number {
    return this.s.caseCount.get() as number;
  }

  /** Drops all server case state (before a snapshot). */
  clearCases(): void {
    this.serverVersion++;
    this.db.exec("DELETE FROM cases; DELETE FROM case_docs; DELETE FROM timeline; INSERT INTO cases_fts(cases_fts) VALUES ('delete-all'); DELETE FROM facet_counts; DELETE FROM facet_counts_by; DELETE FROM stat_recs; DELETE FROM stat_full; DELETE FROM stat_dirty;");
    this.locations.serverCleared(); // location hook
  }

  /** Ids of the server cases with a running clock. */
  runningCaseIds(): string[] {
    return this.s.runningCaseIds.all() as string[];
  }

  /**
   * Queue rows of the given cases, the optimistic local copy first, in the order given (ids not cached are
   * left out), at most `limit`.
   */
  queueRowsByIds(ids: readonly string[], limit: number): QueueRow[] {
    const pending = this.pendingCounts();
    const out: QueueRow[] = [];
    for (const id of ids.slice(0, limit)) {
      const r = this.s.rowById.get(id, id) as CaseColumns | undefined;
      if (r) out.push(queueRowOf(r, pending.get(id) ?? 0));
    }
    return out;
  }

  // ---------------------------------------------------------------- file upkeep

  /** Copies committed WAL pages into the database file without waiting for readers (PASSIVE); a closed cache is left alone. */
  checkpoint(): void {
    if (this.db.open) this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  /** Closes the cache file, with a last planner hint. */
  close(): void {
    try {
      this.db.pragma('optimize');
    } catch {
      // Only a planner hint.
    }
    this.db.close();
  }

  /** Fresh planner statistics (sampled: analysis_limit is set at open). */
  optimize(): void {
    this.db.pragma('optimize');
  }

  // ---------------------------------------------------------------- reference data

  getRef(): RefData | null {
    if (this.refCache !== undefined) return this.refCache;
    const rows = this.s.refGet.all() as Array<{ section: string; value: string }>;
    if (rows.length === 0) return (this.refCache = null);
    const ref: Record<string, unknown> = {};
    for (const r of rows) ref[r.section] = JSON.parse(r.value);
    this.refCache = REF_KEYS.every((k) => k in ref) ? (ref as unknown as RefData) : null;
    return this.refCache;
  }

  putRef(ref: RefData): void {
    for (const k of REF_KEYS) this.s.refSet.run(k, JSON.stringify(ref[k]));
    this.refCache = undefined;
  }

  applyRefChange(change: RefChange): void {
    this.s.refSet.run(change.section, JSON.stringify(change.value));
    this.refCache = undefined;
  }

  /** Forget the in-memory copy (after a rolled-back transaction). */
  invalidateRef(): void {
    this.refCache = undefined;
  }

  // ---------------------------------------------------------------- outbox

  outboxAll(): OutboxRecord[] {
    return (this.s.outboxAll.all() as OutboxDbRow[]).map(outboxRecord);
  }
  outboxPendingFor(caseId: string): OutboxRecord[] {
    return (this.s.outboxPendingFor.all(caseId) as OutboxDbRow[]).map(outboxRecord);
  }
  outboxForCase(caseId: string): OutboxRecord[] {
    return (this.s.outboxForCase.all(caseId) as OutboxDbRow[]).map(outboxRecord);
  }
  outboxById(id: string): OutboxRecord | undefined {
    const r = this.s.outboxById.get(id) as OutboxDbRow | undefined;
    return r ? outboxRecord(r) : undefined;
  }
  outboxInsert(r: { n: number; id: string; caseId: string; userId: string; actor: Actor; command: Command; createdAt: number }): void {
    this.s.outboxInsert.run({ n: r.n, id: r.id, case_id: r.caseId, user_id: r.userId, actor: JSON.stringify(r.actor), command: JSON.stringify(r.command), created_at: r.createdAt });
  }
  outboxDelete(id: string): boolean {
    return this.s.outboxDelete.run(id).changes > 0;
  }
  outboxReject(id: string, code: string, message: string): void {
    this.s.outboxReject.run(code, message, id);
  }
  outboxApplied(id: string, seq: number): void {
    this.s.outboxApplied.run(seq, id);
  }
  /** Commands the relay had applied but the log had not yet shown go back to unsent. */
  outboxUnapplyPending(): void {
    this.s.outboxUnapply.run();
  }
  /** Gives an outbox command a new number (and a fresh attempt count). */
  outboxRenumber(id: string, n: number): void {
    this.s.outboxRenumber.run(n, id);
  }
  outboxAttempt(id: string): void {
    this.s.outboxAttempt.run(id);
  }
  /** Pending items whose relay-applied seq the cursor has passed. */
  outboxConfirmable(cursor: number): Array<{ id: string; case_id: string }> {
    return this.s.outboxConfirmable.all(cursor) as Array<{ id: string; case_id: string }>;
  }
  outboxSizes(): { pending: number; rejected: number } {
    const r = this.s.outboxSizes.get() as { pending: number | null; rejected: number | null };
    return { pending: r.pending ?? 0, rejected: r.rejected ?? 0 };
  }
  pendingCounts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.s.pendingCounts.all() as Array<{ case_id: string; n: number }>) m.set(r.case_id, r.n);
    return m;
  }

  // ---------------------------------------------------------------- optimistic overlay

  putLocal(state: GridEvent, events: readonly CaseEvent[], serverRid: number | null, n: number, calendar: RefData['calendar'] | null): void {
    const cols = caseColumns(state, calendar);
    this.s.localUpsert.run({ ...cols, rid: serverRid ?? LOCAL_RID_BASE + n, doc: JSON.stringify({ ...state, timeline: [] }), events: JSON.stringify(events) });
    this.locations.localWritten(state.id, state); // location hook
  }
  deleteLocal(caseId: string): void {
    this.s.localDelete.run(caseId);
  }
  getLocal(caseId: string): { state: GridEvent; events: CaseEvent[] } | null {
    const r = this.s.localGet.get(caseId) as { doc: string; events: string } | undefined;
    return r ? { state: JSON.parse(r.doc) as GridEvent, events: JSON.parse(r.events) as CaseEvent[] } : null;
  }
  localCount(): number {
    return this.s.localCount.get() as number;
  }
  localIds(): string[] {
    return this.s.localIds.all() as string[];
  }
  clearLocal(): void {
    this.db.exec('DELETE FROM local_cases');
  }
}
