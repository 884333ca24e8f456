/**
 * The operation log's reference-data entries (table ref_audit, migration 8): one row per 'ref' log entry,
 * described when it arrives (shared/refAudit.ts) or fetched afterwards from the relay (ref:history, see
 * electron/core/reads/refAuditBackfill.ts). `refAuditThrough` in meta: every ref entry up to that seq is in
 * the table (the backfill runs while it is behind the cursor). Part of the Store facade.
 */
import type Database from 'better-sqlite3';
import type { RefAuditEntry } from '../../../shared/refAudit.js';

export class RefAuditTable {
  private s: { replace: Database.Statement; keep: Database.Statement } | null = null;

  // Statements prepared at first use: a Store may be opened on a cache that migrations have not reached yet
  // (the migration tests lay out older versions through it).
  constructor(private readonly db: Database.Database) {}

  private statements() {
    if (this.s) return this.s;
    const cols = '(seq, at, section, actor_id, unit_id, entry) VALUES (@seq, @at, @section, @actor, @unit, @entry)';
    this.s = {
      replace: this.db.prepare(`INSERT OR REPLACE INTO ref_audit ${cols}`),
      keep: this.db.prepare(`INSERT OR IGNORE INTO ref_audit ${cols}`),
    };
    return this.s;
  }

  /** Writes one entry; `replace`: over a row of the same seq (an entry described as it arrived knows more). */
  put(e: RefAuditEntry, replace: boolean): void {
    const s = this.statements();
    (replace ? s.replace : s.keep).run({
      seq: e.seq,
      at: e.at,
      section: e.section,
      actor: e.actor?.id ?? null,
      unit: e.actor?.unitId ?? null,
      entry: JSON.stringify(e),
    });
  }
}
