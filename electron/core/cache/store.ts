/**
 * The cache's data access, one facade over its parts: the server state of cases (caseTable.ts: row, JSON,
 * timeline, FTS, facet counts), reference data and meta (metaRef.ts: cursor, client id, mutation numbers,
 * session), the outbox (outboxTable.ts) and the optimistic overlay (localCases.ts). Every method is
 * synchronous (better-sqlite3); callers group them in transactions with `tx`. All write-side SQL lives in
 * cache/.
 */
import type Database from 'better-sqlite3';
import type { QueueRow } from '../../../shared/api.js';
import type { Command } from '../../../shared/commands.js';
import type { CaseEvent, GridEvent } from '../../../shared/gridEvent.js';
import type { RefChange } from '../../../shared/protocol.js';
import type { RefData } from '../../../shared/refData.js';
import { CaseLocations } from './locations.js';
import { CaseTable, recountFacets, type PrevRow, type StoredRow } from './caseTable.js';
import { errorCode, isDamage } from './db.js';
import { LocalCases } from './localCases.js';
import { MetaTable, RefTable } from './metaRef.js';
import type { OutboxRecord } from './outboxRecord.js';
import { OutboxTable, type OutboxInsert } from './outboxTable.js';
import { RefAuditTable } from './refAuditTable.js';
import type { RefAuditEntry } from '../../../shared/refAudit.js';

export { recountFacets, ROW_SELECT, type PrevRow, type StoredRow } from './caseTable.js';

export class Store {
  private readonly cases: CaseTable;
  private readonly meta: MetaTable;
  private readonly ref: RefTable;
  private readonly outbox: OutboxTable;
  private readonly local: LocalCases;
  private readonly refAudit: RefAuditTable;
  /** Case points: lon / lat columns and the R*Tree (cache/locations.ts), kept by the case tables' hooks. */
  readonly locations: CaseLocations;

  constructor(readonly db: Database.Database) {
    this.locations = new CaseLocations(db);
    this.cases = new CaseTable(db, this.locations);
    this.meta = new MetaTable(db);
    this.ref = new RefTable(db);
    this.outbox = new OutboxTable(db);
    this.local = new LocalCases(db, this.locations);
    this.refAudit = new RefAuditTable(db);
  }

  /** Bumped by every write of server case state (keys caches of derived data, e.g. search matches). */
  get serverVersion(): number {
    return this.cases.serverVersion;
  }

  /** Called when a write meets a damaged file (SQLITE_CORRUPT / NOTADB): the core marks it for a move-aside. */
  onDamage: ((e: unknown) => void) | null = null;

  /** Runs `fn` in a transaction (a savepoint when nested); facet count changes are written before commit. */
  tx<T>(fn: () => T): T {
    try {
      return this.db.transaction(() => {
        try {
          const out = fn();
          this.cases.flushFacets();
          return out;
        } catch (e) {
          this.cases.dropFacets();
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

  /** Recomputes every count table from the rows (after bulk writes that bypassed putCase: bench, repair). */
  recountFacets(): void {
    recountFacets(this.db);
  }

  // ---------------------------------------------------------------- meta

  getMeta(key: string): string | undefined {
    return this.meta.get(key);
  }
  setMeta(key: string, value: string | number): void {
    this.meta.set(key, value);
  }
  delMeta(key: string): void {
    this.meta.del(key);
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

  // ---------------------------------------------------------------- server cases (caseTable.ts)

  /** Server state of a case with its whole timeline, or null. */
  getCase(id: string): GridEvent | null {
    return this.cases.getCase(id);
  }
  /** Server state without the timeline (cheap: what folding one more event needs), with its stored row. */
  getCaseHead(id: string): { state: GridEvent; prev: PrevRow } | null {
    return this.cases.getCaseHead(id);
  }
  /** getCaseHead for many cases in one query (a batch of log entries); absent ids are not in the map. */
  getCaseHeads(ids: readonly string[]): Map<string, { state: GridEvent; prev: PrevRow }> {
    return this.cases.getCaseHeads(ids);
  }
  getServerRow(id: string): StoredRow | undefined {
    return this.cases.getServerRow(id);
  }
  /** Writes the server state of a case: see CaseTable.putCase. */
  putCase(
    state: GridEvent,
    prev: PrevRow | null,
    calendar: RefData['calendar'] | null,
    events: readonly CaseEvent[],
    replace = false,
  ): void {
    this.cases.putCase(state, prev, calendar, events, replace);
  }
  putEvents(events: readonly CaseEvent[]): void {
    this.cases.putEvents(events);
  }
  caseCount(): number {
    return this.cases.caseCount();
  }
  /** Drops all server case state (before a snapshot). */
  clearCases(): void {
    this.cases.clearCases();
  }
  /** Ids of the server cases with a running clock. */
  runningCaseIds(): string[] {
    return this.cases.runningCaseIds();
  }
  /**
   * Queue rows of the given cases, the optimistic local copy first, in the order given (ids not cached are
   * left out), at most `limit`.
   */
  queueRowsByIds(ids: readonly string[], limit: number): QueueRow[] {
    return this.local.queueRowsByIds(ids, limit, this.outbox.pendingCounts());
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

  // ---------------------------------------------------------------- reference data (metaRef.ts)

  getRef(): RefData | null {
    return this.ref.get();
  }
  putRef(ref: RefData): void {
    this.ref.put(ref);
  }
  applyRefChange(change: RefChange): void {
    this.ref.apply(change);
  }
  /** Forget the in-memory copy (after a rolled-back transaction). */
  invalidateRef(): void {
    this.ref.invalidate();
  }

  // ---------------------------------------------------------------- operation log of reference data (refAuditTable.ts)

  /** One reference-data entry of the operation log; `replace` over a row of the same seq. */
  putRefAudit(e: RefAuditEntry, replace: boolean): void {
    this.refAudit.put(e, replace);
  }
  /** Every ref entry up to this seq is in the operation log (0: none known). */
  get refAuditThrough(): number {
    return this.getNumber('refAuditThrough', 0);
  }
  set refAuditThrough(seq: number) {
    this.setMeta('refAuditThrough', seq);
  }

  // ---------------------------------------------------------------- outbox (outboxTable.ts)

  outboxAll(): OutboxRecord[] {
    return this.outbox.all();
  }
  outboxPendingFor(caseId: string): OutboxRecord[] {
    return this.outbox.pendingFor(caseId);
  }
  outboxForCase(caseId: string): OutboxRecord[] {
    return this.outbox.forCase(caseId);
  }
  outboxById(id: string): OutboxRecord | undefined {
    return this.outbox.byId(id);
  }
  outboxInsert(r: OutboxInsert): void {
    this.outbox.insert(r);
  }
  outboxDelete(id: string): boolean {
    return this.outbox.delete(id);
  }
  outboxReject(id: string, code: string, message: string): void {
    this.outbox.reject(id, code, message);
  }
  outboxApplied(id: string, seq: number): void {
    this.outbox.applied(id, seq);
  }
  /** Commands the relay had applied but the log had not yet shown go back to unsent. */
  outboxUnapplyPending(): void {
    this.outbox.unapplyPending();
  }
  /** Gives an outbox command a new number (and a fresh attempt count). */
  outboxRenumber(id: string, n: number): void {
    this.outbox.renumber(id, n);
  }
  outboxAttempt(id: string): void {
    this.outbox.attempt(id);
  }
  /** Replaces the command of an unsent outbox item; true when changed. */
  outboxSetCommand(id: string, command: Command): boolean {
    return this.outbox.setCommand(id, command);
  }
  /** Pending items whose relay-applied seq the cursor has passed. */
  outboxConfirmable(cursor: number): Array<{ id: string; case_id: string }> {
    return this.outbox.confirmable(cursor);
  }
  outboxSizes(): { pending: number; rejected: number } {
    return this.outbox.sizes();
  }
  pendingCounts(): Map<string, number> {
    return this.outbox.pendingCounts();
  }

  // ---------------------------------------------------------------- optimistic overlay (localCases.ts)

  putLocal(
    state: GridEvent,
    events: readonly CaseEvent[],
    serverRid: number | null,
    n: number,
    calendar: RefData['calendar'] | null,
  ): void {
    this.local.put(state, events, serverRid, n, calendar);
  }
  deleteLocal(caseId: string): void {
    this.local.delete(caseId);
  }
  getLocal(caseId: string): { state: GridEvent; events: CaseEvent[] } | null {
    return this.local.get(caseId);
  }
  localCount(): number {
    return this.local.count();
  }
  localIds(): string[] {
    return this.local.ids();
  }
  clearLocal(): void {
    this.local.clear();
  }
}
