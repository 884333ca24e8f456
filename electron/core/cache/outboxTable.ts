/**
 * The outbox in the cache: commands made here, kept (synchronous = FULL) until the relay's log shows them
 * or the relay rejects them. Part of the Store facade (store.ts).
 */
import type Database from 'better-sqlite3';
import type { Command } from '../../../shared/commands.js';
import type { Actor } from '../../../shared/model.js';
import { outboxRecord, type OutboxDbRow, type OutboxRecord } from './outboxRecord.js';

export type OutboxInsert = { n: number; id: string; caseId: string; userId: string; actor: Actor; command: Command; createdAt: number };

export class OutboxTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      all: db.prepare('SELECT * FROM outbox ORDER BY n'),
      pendingFor: db.prepare("SELECT * FROM outbox WHERE case_id = ? AND status = 'pending' ORDER BY n"),
      forCase: db.prepare('SELECT * FROM outbox WHERE case_id = ? ORDER BY n'),
      byId: db.prepare('SELECT * FROM outbox WHERE id = ?'),
      insert: db.prepare(
        "INSERT INTO outbox (n, id, case_id, user_id, actor, command, status, created_at) VALUES (@n, @id, @case_id, @user_id, @actor, @command, 'pending', @created_at)",
      ),
      delete: db.prepare('DELETE FROM outbox WHERE id = ?'),
      reject: db.prepare("UPDATE outbox SET status = 'rejected', error_code = ?, error_message = ?, applied_seq = NULL WHERE id = ?"),
      applied: db.prepare('UPDATE outbox SET applied_seq = ? WHERE id = ?'),
      attempt: db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?'),
      confirmable: db.prepare("SELECT id, case_id FROM outbox WHERE status = 'pending' AND applied_seq IS NOT NULL AND applied_seq <= ?"),
      sizes: db.prepare("SELECT sum(status = 'pending') AS pending, sum(status = 'rejected') AS rejected FROM outbox"),
      pendingCounts: db.prepare("SELECT case_id, count(*) AS n FROM outbox WHERE status = 'pending' GROUP BY case_id"),
      unapply: db.prepare("UPDATE outbox SET applied_seq = NULL WHERE status = 'pending' AND applied_seq IS NOT NULL"),
      renumber: db.prepare('UPDATE outbox SET n = ?, attempts = 0 WHERE id = ?'),
      setCommand: db.prepare("UPDATE outbox SET command = ? WHERE id = ? AND status = 'pending' AND attempts = 0"),
    };
  }

  all(): OutboxRecord[] {
    return (this.s.all.all() as OutboxDbRow[]).map(outboxRecord);
  }
  pendingFor(caseId: string): OutboxRecord[] {
    return (this.s.pendingFor.all(caseId) as OutboxDbRow[]).map(outboxRecord);
  }
  forCase(caseId: string): OutboxRecord[] {
    return (this.s.forCase.all(caseId) as OutboxDbRow[]).map(outboxRecord);
  }
  byId(id: string): OutboxRecord | undefined {
    const r = this.s.byId.get(id) as OutboxDbRow | undefined;
    return r ? outboxRecord(r) : undefined;
  }
  insert(r: OutboxInsert): void {
    this.s.insert.run({
      n: r.n,
      id: r.id,
      case_id: r.caseId,
      user_id: r.userId,
      actor: JSON.stringify(r.actor),
      command: JSON.stringify(r.command),
      created_at: r.createdAt,
    });
  }
  delete(id: string): boolean {
    return this.s.delete.run(id).changes > 0;
  }
  reject(id: string, code: string, message: string): void {
    this.s.reject.run(code, message, id);
  }
  applied(id: string, seq: number): void {
    this.s.applied.run(seq, id);
  }
  /** Commands the relay had applied but the log had not yet shown go back to unsent. */
  unapplyPending(): void {
    this.s.unapply.run();
  }
  /** Gives an outbox command a new number (and a fresh attempt count). */
  renumber(id: string, n: number): void {
    this.s.renumber.run(n, id);
  }
  attempt(id: string): void {
    this.s.attempt.run(id);
  }
  /** Replaces the command of an unsent item (never one that may have reached the relay). True when changed. */
  setCommand(id: string, command: Command): boolean {
    return this.s.setCommand.run(JSON.stringify(command), id).changes > 0;
  }
  /** Pending items whose relay-applied seq the cursor has passed. */
  confirmable(cursor: number): Array<{ id: string; case_id: string }> {
    return this.s.confirmable.all(cursor) as Array<{ id: string; case_id: string }>;
  }
  sizes(): { pending: number; rejected: number } {
    const r = this.s.sizes.get() as { pending: number | null; rejected: number | null };
    return { pending: r.pending ?? 0, rejected: r.rejected ?? 0 };
  }
  /** Pending commands per case. */
  pendingCounts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.s.pendingCounts.all() as Array<{ case_id: string; n: number }>) m.set(r.case_id, r.n);
    return m;
  }
}
