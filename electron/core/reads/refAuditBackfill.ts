/**
 * Fills the operation log's reference-data entries the cache never saw arrive: a cache from before they were
 * kept (migration 8), or one rebuilt from a snapshot (its cursor jumped past the ref entries). While
 * meta refAuditThrough is behind the cursor and a user who reads the log is signed in online, the core pages
 * through the relay's ref entries (ref:history, from the start of what the relay keeps), describes each
 * against the data folded from the entries before it (the first change of a section the relay's log does
 * not start with is said "replaced"), and keeps rows already there (those described on arrival know more).
 * Then every ref entry up to the cursor is in the table. One run at a time; failures are logged and retried
 * at the next status change or read.
 */
import { z } from 'zod';
import { applyRefChange, RefHistoryResponse, WireError } from '../../../shared/protocol.js';
import type { RefData } from '../../../shared/refData.js';
import { AUDIT_ROLES, refAuditEntry } from '../../../shared/refAudit.js';
import type { UserRole } from '../../../shared/model.js';
import type { Logger } from '../log.js';
import type { Store } from '../cache/store.js';
import type { AuditBackfill } from './audit.js';

const Ack = z.union([z.object({ ok: z.literal(true), value: RefHistoryResponse }), z.object({ ok: z.literal(false), error: WireError })]);
const PAGE = 20;

export interface RefAuditBackfillOptions {
  store: Store;
  log: Logger;
  relay: { relayRequest<T extends z.ZodType>(event: string, payload: unknown, schema: T): Promise<z.infer<T>> };
  connected: () => boolean;
  /** The signed-in user's role (null: nobody). */
  role: () => UserRole | null;
}

export class RefAuditBackfill implements AuditBackfill {
  private running: Promise<void> | null = null;

  constructor(private readonly o: RefAuditBackfillOptions) {}

  /** Due: the table is behind the cursor. */
  due(): boolean {
    return this.o.store.refAuditThrough < this.o.store.cursor;
  }

  kick(): Promise<void> {
    if (this.running) return this.running;
    try {
      const role = this.o.role();
      if (!this.due() || !role || !AUDIT_ROLES.includes(role) || !this.o.connected()) return Promise.resolve();
    } catch {
      return Promise.resolve(); // a closed cache
    }
    this.running = this.run()
      .catch((e: unknown) => this.o.log.warn(`operation log: reference-data history not fetched: ${(e as Error).message}`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async run(): Promise<void> {
    const { store } = this.o;
    let after = 0;
    let before: Partial<RefData> = {};
    let added = 0;
    for (;;) {
      const ack = await this.o.relay.relayRequest('ref:history', { after, limit: PAGE }, Ack);
      if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
      const { entries, more } = ack.value;
      store.tx(() => {
        for (const e of entries) {
          if (e.kind !== 'ref') continue;
          store.putRefAudit(refAuditEntry(before, e), false);
          before = applyRefChange(before, e.ref);
          added++;
        }
      });
      const last = entries.at(-1);
      if (!more || !last) break;
      after = last.seq;
    }
    // Every ref entry the relay had is in the table; those after it reached the cursor live (Replica.applyEntries).
    store.tx(() => {
      store.refAuditThrough = Math.max(store.refAuditThrough, store.cursor);
    });
    this.o.log.info(`operation log: ${added} reference-data entries fetched from the relay`);
  }
}
