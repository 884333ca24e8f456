/**
 * The local replica: server state advanced strictly in log order, the outbox of local commands, and the
 * optimistic overlay (server state + pending commands run through the shared engine). Every mutation is
 * one SQLite transaction: rows, cursor and outbox change together or not at all.
 */
import crypto from 'node:crypto';
import { decide, evolve } from '../../../shared/engine/index.js';
import type { Command } from '../../../shared/commands.js';
import type { CaseEvent, GridEvent } from '../../../shared/gridEvent.js';
import type { Actor, Attachment } from '../../../shared/model.js';
import type { LogEntry, LogTip, Mutation, MutationResult, SnapshotResponse } from '../../../shared/protocol.js';
import type { RefData } from '../../../shared/refData.js';
import { refAuditEntry } from '../../../shared/refAudit.js';
import type { Logger } from '../log.js';
import type { OutboxRecord } from '../cache/outboxRecord.js';
import type { PrevRow, Store } from '../cache/store.js';
import { compactAbove, renumberFrom } from './renumber.js';

/** What one applied batch changed, for the push streams. */
export interface ApplyOutcome {
  applied: number;
  /** A seq was not cursor + 1: the caller must pull. */
  gap: boolean;
  /** A case entry did not follow the cached case (version jump): only a snapshot can repair it. */
  needsReset: boolean;
  caseIds: string[];
  newCaseIds: string[];
  /** Cases that became urgent-grade in this batch (new urgent cases). */
  urgent: GridEvent[];
  confirmed: string[];
  refChanged: boolean;
}

export type SubmitOutcome = { ok: true; mutationId: string; n: number } | { ok: false; code: string; message: string };

/** Entries older than this (relative to the newest in the batch) do not raise urgent notifications. */
const NOTIFY_WINDOW_MS = 60 * 60_000;

export class Replica {
  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  get cursor(): number {
    return this.store.cursor;
  }

  ref(): RefData | null {
    return this.store.getRef();
  }

  // ---------------------------------------------------------------- server log

  /**
   * Applies log entries strictly in order (seq == cursor + 1; older ones are skipped) in ONE transaction
   * with the cursor. Stops at the first gap. Confirms outbox commands the log shows, rebases the overlay.
   */
  applyEntries(entries: readonly LogEntry[], opts: { notify?: boolean } = {}): ApplyOutcome {
    const out: ApplyOutcome = {
      applied: 0,
      gap: false,
      needsReset: false,
      caseIds: [],
      newCaseIds: [],
      urgent: [],
      confirmed: [],
      refChanged: false,
    };
    if (entries.length === 0) return out;
    const newest = entries.reduce((m, e) => Math.max(m, e.at), 0);
    try {
      this.store.refetchable(() =>
        this.store.tx(() => {
          let cursor = this.store.cursor;
          // The operation log holds every ref entry up to the cursor: it keeps doing so through this batch.
          const auditWhole = this.store.refAuditThrough >= cursor;
          const states = new Map<string, { state: GridEvent; prev: PrevRow | null; grade?: string; events: CaseEvent[] }>();
          const events: CaseEvent[] = [];
          const touched = new Set<string>();
          const rebase = new Set<string>();
          let ref = this.store.getRef();
          // Without pending commands or optimistic rows (the usual catch-up) there is nothing to confirm or
          // rebase: skip the per-entry and per-case outbox lookups.
          const outbox = this.store.outboxSizes().pending > 0;
          const overlay = outbox || this.store.localCount() > 0;
          // The cached heads of the batch's cases, read in one query (entries only write after the loop).
          const heads = this.store.getCaseHeads([
            ...new Set(entries.flatMap((en) => (en.kind === 'case' && en.seq > cursor ? [en.event.caseId] : []))),
          ]);
          let tip: LogTip | null = null;
          for (const entry of entries) {
            if (entry.seq <= cursor) continue;
            if (entry.seq !== cursor + 1) {
              out.gap = true;
              break;
            }
            if (entry.kind === 'ref') {
              // The operation log's entry, described against the data before the change (shared/refAudit.ts).
              this.store.putRefAudit(refAuditEntry(ref ?? {}, entry), true);
              this.store.applyRefChange(entry.ref);
              ref = this.store.getRef();
              out.refChanged = true;
            } else {
              const e = entry.event;
              let slot = states.get(e.caseId);
              if (!slot) {
                const head = heads.get(e.caseId);
                slot = head ? { state: head.state, prev: head.prev, grade: head.state.grade, events: [] } : undefined;
                if (slot) states.set(e.caseId, slot);
              }
              const version = slot?.state.version ?? 0;
              if (e.version <= version) {
                // Already folded (e.g. from a snapshot taken after this seq): idempotent by version.
              } else if (e.version !== version + 1) {
                this.log.error(
                  `case ${e.caseId}: log entry ${entry.seq} has version ${e.version}, cache has ${version}; a snapshot is needed`,
                );
                out.needsReset = true;
                break;
              } else {
                const next = evolve(slot ? { ...slot.state, timeline: [] } : null, e);
                next.timeline = [];
                if (!slot) {
                  slot = { state: next, prev: null, events: [] };
                  states.set(e.caseId, slot);
                  out.newCaseIds.push(e.caseId);
                } else slot.state = next;
                events.push(e);
                slot.events.push(e);
                touched.add(e.caseId);
                if (opts.notify !== false && next.grade === 'urgent' && slot.grade !== 'urgent' && entry.at >= newest - NOTIFY_WINDOW_MS)
                  out.urgent.push(next);
                slot.grade = next.grade;
                if (outbox && e.commandId !== undefined) {
                  const item = this.store.outboxById(e.commandId);
                  if (item && item.status === 'pending') {
                    this.store.outboxDelete(item.id);
                    out.confirmed.push(item.id);
                  }
                }
              }
            }
            cursor = entry.seq;
            tip = { changeId: entry.changeId, at: entry.at };
            out.applied++;
          }
          const calendar = ref?.calendar ?? null;
          for (const id of touched) {
            const slot = states.get(id)!;
            this.store.putCase(slot.state, slot.prev, calendar, slot.events);
          }
          this.store.putEvents(events);
          this.store.cursor = cursor;
          if (auditWhole && out.applied > 0) this.store.refAuditThrough = cursor;
          // The entry the cursor stands on, with it: the relay checks it at the next pull (log identity).
          if (tip) this.store.setMeta('logTip', JSON.stringify(tip));
          if (outbox) {
            for (const c of this.store.outboxConfirmable(cursor)) {
              this.store.outboxDelete(c.id);
              out.confirmed.push(c.id);
              rebase.add(c.case_id);
            }
          }
          if (overlay) {
            for (const id of touched) rebase.add(id);
            for (const id of rebase) this.rebaseIfLocal(id, ref);
          }
          if (out.refChanged) this.refreshClocks(ref);
          out.caseIds = [...touched];
        }),
      );
    } catch (e) {
      this.store.invalidateRef();
      throw e;
    }
    return out;
  }

  /**
   * Copies committed WAL pages into the database file without waiting for readers (PASSIVE); called when
   * idle after a catch-up, so the next catch-up's commits do not pay for it. Never throws (closed cache).
   */
  checkpoint(): void {
    try {
      this.store.checkpoint();
    } catch (e) {
      this.log.warn(`WAL checkpoint failed: ${(e as Error).message}`);
    }
  }

  /** Re-derives warning instants of running clocks after a calendar change (they depend on it). */
  private refreshClocks(ref: RefData | null): void {
    if (!ref) return;
    const ids = this.store.runningCaseIds();
    for (const id of ids) {
      const head = this.store.getCaseHead(id);
      if (head) this.store.putCase(head.state, head.prev, ref.calendar, []);
    }
    for (const id of this.store.localIds()) this.rebaseIfLocal(id, ref);
  }

  // ---------------------------------------------------------------- snapshot (after 'reset')

  snapshotInProgress(): { after?: string; minAsOf: number; tip?: LogTip | null } | null {
    const v = this.store.getMeta('snapshot');
    return v ? (JSON.parse(v) as { after?: string; minAsOf: number; tip?: LogTip | null }) : null;
  }

  /**
   * Where the cursor stands, for the relay's log identity check: the relay's log id and the entry at the
   * cursor (absent in a cache from before log ids: adopted from the next answers).
   */
  logPosition(): { logId?: string; tip?: LogTip } {
    const out: { logId?: string; tip?: LogTip } = {};
    const logId = this.store.getMeta('logId');
    const tip = this.store.getMeta('logTip');
    if (logId) out.logId = logId;
    if (tip && this.store.cursor > 0) out.tip = JSON.parse(tip) as LogTip;
    return out;
  }

  /** Remembers the relay's log id (first answer to a cache that had none). */
  adoptLogId(logId: string): void {
    if (this.store.getMeta('logId') !== logId) this.store.setMeta('logId', logId);
  }

  /**
   * Drops server case state and starts a snapshot (the outbox stays). `logChanged`: the relay's log was
   * replaced or restored from a backup, so what it told us about pushed commands may not be in it any more:
   * commands it had applied but the log had not yet shown go back to unsent (pushed again; the relay
   * deduplicates by mutation id) instead of being confirmed by a seq of the old history.
   */
  beginSnapshot(opts: { logChanged?: boolean } = {}): void {
    this.store.tx(() => {
      this.store.clearCases();
      this.store.clearLocal();
      this.store.cursor = 0;
      this.store.delMeta('logTip');
      if (opts.logChanged) {
        this.store.delMeta('logId');
        this.store.outboxUnapplyPending();
      }
      this.store.setMeta('snapshot', JSON.stringify({ minAsOf: Number.MAX_SAFE_INTEGER }));
    });
  }

  /**
   * Writes one snapshot page with the progress marker. Outbox commands the page's timelines show are
   * confirmed (their log entries may be gone: that is why the relay answered 'reset').
   */
  applySnapshotPage(page: SnapshotResponse): { done: boolean; count: number; confirmed: string[] } {
    const confirmed: string[] = [];
    this.store.refetchable(() =>
      this.store.tx(() => {
        const progress = this.snapshotInProgress() ?? { minAsOf: Number.MAX_SAFE_INTEGER };
        if (page.ref) this.store.putRef(page.ref);
        if (page.logId !== undefined) this.adoptLogId(page.logId);
        const calendar = this.store.getRef()?.calendar ?? null;
        const pending = new Set(
          this.store
            .outboxAll()
            .filter((i) => i.status === 'pending')
            .map((i) => i.id),
        );
        for (const c of page.cases) {
          const head = this.store.getCaseHead(c.id);
          this.store.putCase({ ...c, timeline: [] }, head ? head.prev : null, calendar, c.timeline, true);
          this.store.putEvents(c.timeline);
          for (const e of c.timeline) {
            if (e.commandId !== undefined && pending.has(e.commandId)) {
              pending.delete(e.commandId);
              this.store.outboxDelete(e.commandId);
              confirmed.push(e.commandId);
            }
          }
        }
        // The tip of the oldest page's position (where the cursor will stand); undefined from an older relay.
        const oldest = page.asOfSeq < progress.minAsOf;
        const next = { after: page.next, minAsOf: Math.min(progress.minAsOf, page.asOfSeq), tip: oldest ? page.tip : progress.tip };
        if (page.next === undefined) {
          this.store.delMeta('snapshot');
          // Pages may reflect different log positions: resume from the oldest; replays are idempotent by version.
          this.store.cursor = next.minAsOf === Number.MAX_SAFE_INTEGER ? page.asOfSeq : next.minAsOf;
          if (next.tip) this.store.setMeta('logTip', JSON.stringify(next.tip));
          else this.store.delMeta('logTip');
          for (const c of this.store.outboxConfirmable(this.store.cursor)) {
            this.store.outboxDelete(c.id);
            confirmed.push(c.id);
          }
          for (const item of this.store.outboxAll()) if (item.status === 'pending') this.rebaseIfLocal(item.caseId, this.store.getRef());
        } else this.store.setMeta('snapshot', JSON.stringify(next));
      }),
    );
    // Fresh planner statistics for the rebuilt tables (sampled: analysis_limit is set at open).
    if (page.next === undefined) this.store.optimize();
    return { done: page.next === undefined, count: page.cases.length, confirmed };
  }

  // ---------------------------------------------------------------- local commands

  /** The merged state of a case (optimistic when it has pending commands) with its whole timeline. */
  mergedCase(id: string): { state: GridEvent; pendingEvents: CaseEvent[] } | null {
    const server = this.store.getCase(id);
    const local = this.store.getLocal(id);
    if (local) return { state: { ...local.state, timeline: [...(server?.timeline ?? []), ...local.events] }, pendingEvents: local.events };
    return server ? { state: server, pendingEvents: [] } : null;
  }

  /**
   * Decides a command locally. A rejection is returned as is (Chinese message from the engine); otherwise
   * the command enters the outbox with the next mutation number, and its effect the overlay, in ONE
   * transaction.
   */
  submit(command: Command, actor: Actor, userId: string, now: number): SubmitOutcome {
    const ref = this.store.getRef();
    if (!ref) return { ok: false, code: 'NOT_READY', message: '尚未从中继服务器取得基础数据，请联网同步后再操作' };
    const mutationId = crypto.randomUUID();
    return this.store.tx(() => {
      const merged = this.mergedCase(command.caseId);
      const decision = decide(merged?.state ?? null, command, { actor, now, ref, commandId: mutationId });
      if (!decision.ok) return { ok: false as const, code: decision.code, message: decision.message };
      const n = this.store.getNumber('nextN', 1);
      this.store.setMeta('nextN', n + 1);
      this.store.outboxInsert({ n, id: mutationId, caseId: command.caseId, userId, actor, command, createdAt: now });
      let state = merged?.state ?? null;
      for (const e of decision.events) state = evolve(state, e);
      if (state) {
        const server = this.store.getServerRow(command.caseId);
        this.store.putLocal(
          { ...state, timeline: [] },
          [...(merged?.pendingEvents ?? []), ...decision.events],
          server?.rid ?? null,
          n,
          ref.calendar,
        );
      }
      return { ok: true as const, mutationId, n };
    });
  }

  /** Recomputes the overlay of one case: server state + its pending commands, in mutation order. */
  rebaseIfLocal(caseId: string, ref: RefData | null): void {
    const pending = this.store.outboxPendingFor(caseId);
    if (pending.length === 0 || !ref) {
      this.store.deleteLocal(caseId);
      return;
    }
    const server = this.store.getCase(caseId);
    let state: GridEvent | null = server;
    const events: CaseEvent[] = [];
    for (const p of pending) {
      const d = decide(state, p.command, { actor: p.actor, now: p.createdAt, ref, commandId: p.id });
      // A command the new server state no longer allows stays pending: the relay has the final word.
      if (!d.ok) continue;
      for (const e of d.events) state = evolve(state, e);
      events.push(...d.events);
    }
    if (!state || events.length === 0) {
      this.store.deleteLocal(caseId);
      return;
    }
    const row = this.store.getServerRow(caseId);
    this.store.putLocal({ ...state, timeline: [] }, events, row?.rid ?? null, pending[0]!.n, ref.calendar);
  }

  // ---------------------------------------------------------------- push

  /** Records that these mutations are about to be sent (before the request leaves, so a crash cannot hide it). */
  markSending(ids: readonly string[]): void {
    this.store.tx(() => {
      for (const id of ids) this.store.outboxAttempt(id);
    });
  }

  /** The next mutations to push for `userId`, in mutation order; stops at another user's command. */
  nextPush(userId: string, limit: number): { mutations: Mutation[]; blockedBy?: OutboxRecord } {
    const mutations: Mutation[] = [];
    for (const item of this.store.outboxAll()) {
      if (item.status !== 'pending' || item.appliedSeq !== null) continue;
      // Numbers must reach the relay in order, and the relay acts as the token's user: never push for another.
      if (item.userId !== userId) return { mutations, blockedBy: item };
      mutations.push({ id: item.id, n: item.n, command: item.command });
      if (mutations.length >= limit) break;
    }
    return { mutations };
  }

  /**
   * Records a push answer. Applied: remembered with its seq (confirmed once the cursor reaches it).
   * Rejected: final, with the relay's reason. Returns the rejected items and the duplicates whose outcome
   * must be read from the log (ALREADY_SEEN without a seq).
   */
  recordPush(
    sent: readonly Mutation[],
    results: readonly MutationResult[],
    lastN: number,
  ): { rejected: OutboxRecord[]; unknown: string[]; renumbered: boolean } {
    const rejected: OutboxRecord[] = [];
    const unknown: string[] = [];
    let renumbered = false;
    let ahead = false;
    this.store.tx(() => {
      // markSending counted this attempt already: 1 means this was the first time it left.
      const attemptsBefore = new Map(sent.map((m) => [m.id, (this.store.outboxById(m.id)?.attempts ?? 1) - 1]));
      for (const r of results) {
        const item = this.store.outboxById(r.id);
        if (!item || item.status !== 'pending') continue;
        if (r.status === 'rejected' && r.code === 'MUTATION_NUMBER_AHEAD') {
          // Not decided: our numbers ran too far ahead of the relay's (many withdrawn commands). Close the gap.
          ahead = true;
        } else if (r.status === 'rejected') {
          this.store.outboxReject(r.id, r.code ?? 'REJECTED', r.message ?? '中继服务器拒绝了该操作');
          rejected.push({ ...item, status: 'rejected', error: { code: r.code ?? 'REJECTED', message: r.message ?? '' } });
          this.rebaseIfLocal(item.caseId, this.store.getRef());
        } else if (r.seq !== undefined) {
          this.store.outboxApplied(r.id, r.seq);
        } else if (r.status === 'duplicate' && (attemptsBefore.get(r.id) ?? 0) === 0 && lastN >= r.n) {
          // Never sent before, yet the relay saw this number: our numbering restarted (fresh cache, same
          // client id). Move every unsent number above the relay's and push again.
          renumbered = true;
        } else if (r.status === 'duplicate') {
          unknown.push(r.id);
        }
      }
      if (renumbered) renumberFrom(this.store, this.log, lastN + 1);
      else if (ahead) {
        compactAbove(this.store, this.log, lastN);
        renumbered = true;
      }
    });
    return { rejected, unknown, renumbered };
  }

  /**
   * After the log was read up to the relay's head: a duplicate the log does not show was not applied
   * (the relay rejected it before and the answer was lost). Final, with an explanation.
   */
  settleUnknown(ids: readonly string[]): OutboxRecord[] {
    const out: OutboxRecord[] = [];
    this.store.tx(() => {
      for (const id of ids) {
        const item = this.store.outboxById(id);
        if (!item || item.status !== 'pending' || item.appliedSeq !== null) continue;
        const message = '中继服务器此前已处理过该操作，但变更记录中没有它的结果（可能已被拒绝）。请核对案件当前状态后重新操作。';
        this.store.outboxReject(id, 'OUTCOME_UNKNOWN', message);
        out.push({ ...item, status: 'rejected', error: { code: 'OUTCOME_UNKNOWN', message } });
        this.rebaseIfLocal(item.caseId, this.store.getRef());
      }
    });
    return out;
  }

  /**
   * Removes refused attachment files from unsent commands (a file the relay will never accept must not hold
   * the push up: the command goes without it). Returns the changed items with the attachments removed.
   */
  dropAttachments(ids: readonly string[], shas: ReadonlySet<string>): Array<{ item: OutboxRecord; removed: Attachment[] }> {
    const out: Array<{ item: OutboxRecord; removed: Attachment[] }> = [];
    this.store.tx(() => {
      for (const id of ids) {
        const item = this.store.outboxById(id);
        if (!item || item.status !== 'pending') continue;
        const atts = 'attachments' in item.command && Array.isArray(item.command.attachments) ? item.command.attachments : null;
        if (!atts) continue;
        const removed = atts.filter((a) => a.sha256 !== undefined && shas.has(a.sha256));
        if (removed.length === 0) continue;
        const command = { ...item.command, attachments: atts.filter((a) => !removed.includes(a)) } as Command;
        if (!this.store.outboxSetCommand(id, command)) continue;
        out.push({ item: { ...item, command }, removed });
        this.rebaseIfLocal(item.caseId, this.store.getRef());
      }
    });
    return out;
  }

  /** Removes an outbox item (a rejected one, or a pending one the user withdraws before it is pushed). */
  dismiss(id: string): { ok: true; caseId: string } | { ok: false; code: string; message: string } {
    return this.store.tx(() => {
      const item = this.store.outboxById(id);
      if (!item) return { ok: false as const, code: 'NOT_FOUND', message: '该待发送操作不存在或已确认' };
      if (item.status === 'pending' && (item.attempts > 0 || item.appliedSeq !== null)) {
        return { ok: false as const, code: 'ALREADY_SENT', message: '该操作已发送给中继服务器，无法撤销，请等待确认' };
      }
      this.store.outboxDelete(id);
      this.rebaseIfLocal(item.caseId, this.store.getRef());
      return { ok: true as const, caseId: item.caseId };
    });
  }
}
