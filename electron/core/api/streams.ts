/**
 * The core's push streams: the listeners, the fan-out (a failing listener is logged, never passed on),
 * the coalesced sync status (one message per event-loop turn, lastSyncAt kept in the cache) and the
 * messages of applied changes, rejected commands and the outbox.
 */
import type { ApiStreamData, ApiStreamName, SyncStatus } from '../../../shared/api.js';
import { outboxItem, type OutboxRecord } from '../cache/outboxRecord.js';
import type { Store } from '../cache/store.js';
import type { Logger } from '../log.js';
import type { ApplyOutcome } from '../sync/replica.js';
import type { Core, StreamListener } from '../types.js';

export interface StreamDeps {
  store: Store;
  log: Logger;
  /** The sync status as the UI sees it. */
  syncStatus(): SyncStatus;
  /** The replica's cursor (the `seq` of change messages). */
  cursor(): number;
}

export class Streams {
  private readonly listeners = new Set<StreamListener>();
  private closed = false;
  private statusQueued = false;

  constructor(private readonly d: StreamDeps) {}

  emit<S extends ApiStreamName>(stream: S, data: ApiStreamData<S>): void {
    if (this.closed) return;
    for (const l of this.listeners) {
      try {
        l(stream, data);
      } catch (e) {
        this.d.log.warn(`stream listener for ${stream} failed: ${(e as Error).message}`);
      }
    }
  }

  readonly subscribe: Core['subscribe'] = (stream, listener) => {
    const l: StreamListener = (s, data) => {
      if ((s as string) === stream) (listener as (d: unknown) => void)(data);
    };
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };

  readonly subscribeAll: Core['subscribeAll'] = (listener) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** The last sync instant kept in the cache. */
  lastSyncMeta(): number | undefined {
    const v = this.d.store.getMeta('lastSyncAt');
    return v === undefined ? undefined : Number(v);
  }

  emitOutbox(): void {
    const all = this.d.store.outboxAll();
    this.emit('outbox', { size: all.filter((i) => i.status === 'pending').length, rejected: all.filter((i) => i.status === 'rejected').map(outboxItem) });
  }

  emitStatus(): void {
    // Coalesce bursts (connect → pull → push) into one message per event-loop turn.
    if (this.statusQueued) return;
    this.statusQueued = true;
    setImmediate(() => {
      this.statusQueued = false;
      if (this.closed) return;
      const s = this.d.syncStatus();
      if (s.lastSyncAt !== undefined && s.lastSyncAt !== this.lastSyncMeta()) {
        try {
          this.d.store.setMeta('lastSyncAt', s.lastSyncAt);
        } catch {
          // A full disk must not stop the status from reaching the UI.
        }
      }
      this.emit('sync', s);
    });
  }

  /** A local change of one case (a submitted or dismissed command): changes, outbox and status. */
  localChange(caseId: string, isNew: boolean): void {
    this.emit('changes', { caseIds: [caseId], seq: this.d.cursor(), newCaseIds: isNew ? [caseId] : [] });
    this.emitOutbox();
    this.emitStatus();
  }

  applied(out: ApplyOutcome): void {
    if (out.caseIds.length > 0 || out.confirmed.length > 0 || out.refChanged) {
      this.emit('changes', { caseIds: out.caseIds, seq: this.d.cursor(), newCaseIds: out.newCaseIds, ...(out.refChanged ? { refChanged: true } : {}) });
    }
    for (const c of out.urgent) {
      this.emit('notify', { kind: 'urgent_case', caseId: c.id, title: `紧急案件：${c.title}`, body: `${c.code} ${c.address}` });
    }
  }

  rejected(items: OutboxRecord[]): void {
    for (const it of items) {
      this.emit('notify', { kind: 'rejected_command', caseId: it.caseId, title: '操作未被接受', body: it.error?.message ?? '中继服务器拒绝了该操作' });
    }
    this.emit('changes', { caseIds: [...new Set(items.map((i) => i.caseId))], seq: this.d.cursor(), newCaseIds: [] });
    this.emitOutbox();
    this.emitStatus();
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
  }
}
