/**
 * The hub: the relay's single writer. Every change (pushed command, district webhook, ref update,
 * upstream rejection, demo seed) becomes a job on one queue. Jobs queued during one turn of the event loop
 * are decided in order against the case projection and written in ONE transaction (group commit: one fsync
 * for the lot), and only then acknowledged and broadcast, in seq order.
 */
import { precedentRulingProblem, type PrecedentRuling } from '../shared/engine/precedentRuling.js';
import crypto from 'node:crypto';
import { actorOf } from '../shared/actor.js';
import { Command } from '../shared/commands.js';
import { formatIssues } from '../shared/validation.js';
import {
  decide,
  evolve,
  foldEvents,
  involvedCaseIds,
  precedentFromEvent,
  recalculateDeadlines,
  ROLE_COMMANDS,
  upstreamRejected,
} from '../shared/engine/index.js';
import { isOpen, type CaseEvent, type GridEvent } from '../shared/gridEvent.js';
import type { Actor, Precedent, User } from '../shared/model.js';
import {
  LogEntry,
  MAX_MUTATION_LEAD,
  type DistrictChange,
  type Mutation,
  type MutationResult,
  type PushResponse,
  type RefChange,
  type FileDivisionResponse,
  applyRefChange,
  refKeyOf,
} from '../shared/protocol.js';
import type { Division } from '../shared/geo/index.js';
import { closedPredecessor, planFiling } from './divisionFiling.js';
import type { RefData } from '../shared/refData.js';
import { schemeChangedMessage, schemeInForce, schemeVersionText, type SchemeSave } from '../shared/assessment/streetSchemes.js';
import { formatLocal } from '../shared/calendar/localDay.js';
import {
  catalogProposalEffects,
  catalogProposalProblem,
  currentCatalogVersion,
  type CatalogProposalAction,
} from '../shared/engine/catalogVersions.js';
import { departmentsProblem, usersProblem, withUser, type CaseRefs } from '../shared/refAdmin.js';
import type { SmsSettings } from '../shared/sms.js';
import { noticesForEvent, overdueNotices } from './sms/notices.js';
import { missingFile } from './files/refs.js';
import { formatDocNumber, patternProblem, yearProblem, type DocNumberRequest, type DocNumberResponse } from '../shared/docNumber.js';
import { localDay } from '../shared/engine/ids.js';
import { emptyBatch, type AppliedCommand, type CommandOrigin, type CommitBatch, type LogStore, type OutboxRow } from './store/types.js';
import { describeRefChange } from '../shared/refAudit.js';

/** Entries that have a paired entry on another case (shared/engine/README.md, "Duplicates and related cases"). */
const CROSS_CASE_EVENTS: ReadonlySet<CaseEvent['type']> = new Set([
  'merged',
  'duplicate_merged',
  'unmerged',
  'duplicate_unmerged',
  'merge_closed',
  'linked',
  'unlinked',
]);

/** The relay itself, as the actor of compensating and housekeeping entries. */
export const SYSTEM_ACTOR: Actor = { id: 'relay', name: '中继服务', role: 'system', unitId: 'centre' };

export type CommandOutcome =
  | { status: 'applied'; seq?: number; entries: LogEntry[] }
  | { status: 'duplicate'; seq?: number }
  | { status: 'rejected'; code: string; message: string };

export class HubError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

interface Job<R> {
  run(ctx: BatchContext): Promise<R>;
  resolve(value: R): void;
  reject(err: unknown): void;
  /** Set when the job ran in a batch that committed. */
  result?: R;
}

/** Parsed case states kept in memory (most recently used); the store holds the rest. */
const MAX_CACHE = 5_000;

/**
 * A batch being prepared: the pending CommitBatch plus an overlay of the state it produces. Units (one
 * command each) can be undone without touching the rest of the batch.
 */
class BatchContext {
  readonly batch: CommitBatch = emptyBatch();
  readonly caseOverlay = new Map<string, GridEvent>();
  readonly clientOverlay = new Map<string, number>();
  readonly commandKeys = new Set<string>();
  ref: RefData;
  nextSeq: number;
  private undo: Array<() => void> = [];

  constructor(
    private readonly hub: Hub,
    head: number,
    ref: RefData,
  ) {
    this.nextSeq = head + 1;
    this.ref = ref;
  }

  async getCase(id: string): Promise<GridEvent | null> {
    return this.caseOverlay.get(id) ?? (await this.hub.committedCase(id));
  }

  setCase(c: GridEvent): void {
    const had = this.caseOverlay.has(c.id);
    const prev = this.caseOverlay.get(c.id);
    this.caseOverlay.set(c.id, c);
    this.undo.push(() => (had ? this.caseOverlay.set(c.id, prev!) : this.caseOverlay.delete(c.id)));
  }

  async lastN(clientId: string): Promise<number> {
    return this.clientOverlay.get(clientId) ?? (await this.hub.store.getClientLastN(clientId));
  }

  setLastN(clientId: string, n: number): void {
    const had = this.clientOverlay.has(clientId);
    const prev = this.clientOverlay.get(clientId);
    this.clientOverlay.set(clientId, n);
    this.undo.push(() => (had ? this.clientOverlay.set(clientId, prev!) : this.clientOverlay.delete(clientId)));
  }

  async applied(origin: CommandOrigin, id: string): Promise<AppliedCommand | null> {
    const key = origin + '\u0000' + id;
    if (this.commandKeys.has(key)) return this.batch.commands.find((c) => c.origin === origin && c.id === id) ?? null;
    return this.hub.store.getAppliedCommand(origin, id);
  }

  addCommand(c: AppliedCommand): void {
    const key = c.origin + '\u0000' + c.id;
    this.commandKeys.add(key);
    this.batch.commands.push(c);
    this.undo.push(() => {
      this.commandKeys.delete(key);
    });
  }

  setRef(ref: RefData): void {
    const prev = this.ref;
    this.ref = ref;
    this.undo.push(() => (this.ref = prev));
  }

  /** Run one unit of work; if it throws, everything it added to the batch is taken back. */
  async unit<T>(fn: () => Promise<T>): Promise<T> {
    const marks = {
      entries: this.batch.entries.length,
      commands: this.batch.commands.length,
      outbox: this.batch.outbox.length,
      ref: this.batch.ref.length,
      users: this.batch.users.length,
      settled: this.batch.outboxSettled.length,
      sms: this.batch.sms.length,
      seq: this.nextSeq,
      undo: this.undo.length,
    };
    try {
      return await fn();
    } catch (err) {
      this.batch.entries.length = marks.entries;
      this.batch.commands.length = marks.commands;
      this.batch.outbox.length = marks.outbox;
      this.batch.ref.length = marks.ref;
      this.batch.users.length = marks.users;
      this.batch.outboxSettled.length = marks.settled;
      this.batch.sms.length = marks.sms;
      this.nextSeq = marks.seq;
      while (this.undo.length > marks.undo) this.undo.pop()!();
      throw err;
    }
  }

  /** Finish: the projection rows and client marks the batch writes. */
  seal(): CommitBatch {
    this.batch.cases = [...this.caseOverlay.values()];
    this.batch.clients = [...this.clientOverlay].map(([clientId, lastN]) => ({ clientId, lastN }));
    return this.batch;
  }
}

export interface HubOptions {
  store: LogStore;
  ref: RefData;
  /** Called after every commit with the new entries, in seq order (the transport broadcasts them). */
  onCommitted?: (entries: LogEntry[]) => void;
  /** Forward centre-caused events to the district platform (writes outbox rows). */
  forward: boolean;
  /** Keep only the newest N log entries (0 = all); pruning is part of each commit. */
  retainEntries?: number;
  now?: () => number;
  log?: (msg: string) => void;
}

export class Hub {
  readonly store: LogStore;
  ref: RefData;
  head: number;
  /** The log's identity (meta log_id, relay/logIdentity.ts); set by startRelay. */
  logId = '';
  private readonly queue: Job<unknown>[] = [];
  private running = false;
  private readonly cache = new Map<string, GridEvent>();
  private readonly now: () => number;
  private closed = false;
  onCommitted: (entries: LogEntry[]) => void;
  /** Resolves when the queue is idle (used by close). */
  private idle: Promise<void> = Promise.resolve();
  private idleResolve: (() => void) | null = null;
  /** Notified when outbox rows are written. */
  onOutbox: () => void = () => {};
  /** SMS notices (relay/sms): the settings in force, or null when the relay sends none. */
  smsSettings: () => SmsSettings | null = () => null;
  /** Overdue notices only for deadlines from this time on (when SMS started at this relay, kept in meta). */
  smsOverdueSince = Number.POSITIVE_INFINITY;
  /** Notified when SMS rows are written. */
  onSms: () => void = () => {};
  /**
   * Whether the relay's file store holds a file (set by startRelay). A pushed command naming an attachment
   * file it does not hold is rejected (INVALID_REFERENCE), nothing applied; null = no file store (tests).
   */
  hasFile: ((sha256: string) => Promise<boolean>) | null = null;
  /** Overdue keys queued since start (the store ignores a repeated key anyway; this spares the writes). */
  private readonly overdueQueued = new Set<string>();

  constructor(
    private readonly opts: HubOptions,
    head: number,
  ) {
    this.store = opts.store;
    this.ref = opts.ref;
    this.head = head;
    this.now = opts.now ?? Date.now;
    this.onCommitted = opts.onCommitted ?? (() => {});
  }

  /** A case as committed (never a state of a batch in preparation). */
  async committedCase(id: string): Promise<GridEvent | null> {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const c = await this.store.getCase(id);
    if (c) this.remember(c);
    return c;
  }

  private remember(c: GridEvent): void {
    this.cache.delete(c.id);
    this.cache.set(c.id, c);
    if (this.cache.size > MAX_CACHE) this.cache.delete(this.cache.keys().next().value as string);
  }

  // ------------------------------------------------------------------ public operations

  /** Idempotent push of one client's mutations (processed in ascending n). */
  push(clientId: string, actor: Actor, mutations: Mutation[]): Promise<PushResponse> {
    const sorted = [...mutations].sort((a, b) => a.n - b.n);
    return this.enqueue(async (ctx) => {
      // Revocation: the user's current role and active flag (reference data, as of this batch) decide, not
      // the token's claims.
      const who = currentActor(ctx.ref, actor);
      const results: MutationResult[] = [];
      for (const m of sorted) {
        const lastN = await ctx.lastN(clientId);
        if (m.n > lastN + MAX_MUTATION_LEAD) {
          // Further ahead than this client could have numbered: refused without consuming the number.
          results.push({
            id: m.id,
            n: m.n,
            status: 'rejected',
            code: 'MUTATION_NUMBER_AHEAD',
            message: `mutation number ${m.n} is more than ${MAX_MUTATION_LEAD} above the last processed ${lastN}; renumber and push again`,
          });
          continue;
        }
        if (m.n <= lastN) {
          results.push({
            id: m.id,
            n: m.n,
            status: 'duplicate',
            code: 'ALREADY_SEEN',
            message: `mutation number ${m.n} <= last processed ${lastN}`,
          });
          continue;
        }
        const seen = await ctx.applied('centre', m.id);
        if (seen) {
          ctx.setLastN(clientId, m.n);
          results.push({
            id: m.id,
            n: m.n,
            status: 'duplicate',
            seq: seen.lastSeq,
            code: 'ALREADY_APPLIED',
            message: `mutation ${m.id} was applied before`,
          });
          continue;
        }
        // The files its attachments name must be at the relay (the core uploads them before the push).
        const missing = this.hasFile ? await missingFile(m.command, this.hasFile) : null;
        if (missing) {
          ctx.setLastN(clientId, m.n);
          results.push({ id: m.id, n: m.n, status: 'rejected', code: 'INVALID_REFERENCE', message: missing });
          continue;
        }
        const out = await this.applyCommandUnit(ctx, m.command, who, this.now(), m.id, 'centre');
        ctx.setLastN(clientId, m.n);
        if (out.status === 'applied')
          results.push(
            out.seq === undefined ? { id: m.id, n: m.n, status: 'applied' } : { id: m.id, n: m.n, status: 'applied', seq: out.seq },
          );
        else if (out.status === 'rejected') results.push({ id: m.id, n: m.n, status: 'rejected', code: out.code, message: out.message });
        else results.push({ id: m.id, n: m.n, status: 'duplicate' });
      }
      return { results, lastN: await ctx.lastN(clientId) };
    });
  }

  /** Apply district changes (webhook); each is keyed by its changeId and stored at most once. */
  district(changes: DistrictChange[], receivedAt: number): Promise<CommandOutcome[]> {
    return this.enqueue(async (ctx) => {
      const out: CommandOutcome[] = [];
      for (const ch of changes) {
        const seen = await ctx.applied('district', ch.changeId);
        if (seen) {
          out.push({ status: 'duplicate', seq: seen.lastSeq });
          continue;
        }
        const actor = this.districtActor(ch, ctx.ref);
        // The platform's clock may run ahead of ours: never decide in the future. Nor before the case's last
        // entry: the engine dates such a change at that entry; both keep the platform's time as occurredAt.
        const now = Math.min(ch.occurredAt, receivedAt);
        out.push(await this.applyCommandUnit(ctx, ch.command, actor, now, ch.changeId, 'district', ch.occurredAt));
      }
      return out;
    });
  }

  /** Replace one section of the reference data (admin); a calendar change recalculates open deadlines. */
  updateRef(actor: Actor, input: RefChange): Promise<{ seq: number; recalculated: number }> {
    return this.enqueue((ctx) =>
      ctx.unit(async () => {
        const now = this.now();
        // Decided in the batch, so two saves based on the same version cannot both pass.
        const change =
          input.section === 'assessmentScheme'
            ? stampSchemeSave(ctx.ref, input.value, actor, now)
            : input.section === 'precedentRuling'
              ? stampRuling(ctx.ref, input.value, actor, now)
              : input.section === 'catalogProposal'
                ? stampCatalogAction(ctx.ref, input.value, actor, now)
                : input.section === 'users'
                  ? { section: 'users' as const, value: keepPasswordStamps(ctx.ref.users, input.value) }
                  : input;
        // Checked again against the batch's state: two changes prepared from the same data cannot both pass.
        if (change.section === 'departments') {
          const problem = departmentsProblem(ctx.ref, change.value, await this.openCaseRefs(ctx));
          if (problem) throw new HubError('INVALID_REFERENCE', problem);
        }
        if (change.section === 'users') {
          const problem = usersProblem(ctx.ref, change.value);
          if (problem) throw new HubError('INVALID_REFERENCE', problem);
        }
        const before = ctx.ref;
        let seq = stageRef(ctx, change, { changeId: 'ref-' + crypto.randomUUID(), at: now, origin: 'centre', actor });
        if (change.section === 'catalogProposal') {
          // An approval publishes: the versions kept (version 1 recorded first) and the catalogue in force, same unit.
          const published = catalogProposalEffects(before, change.value).published;
          if (published) {
            const follow: RefChange[] = [
              ...published.versions
                .filter((v) => !(before.catalogVersions ?? []).some((k) => k.version === v.version))
                .map((v) => ({ section: 'catalogVersion' as const, value: v })),
              { section: 'catalog', value: published.catalog },
            ];
            for (const f of follow) {
              seq = stageRef(ctx, f, { changeId: 'ref-' + crypto.randomUUID(), at: now, origin: 'centre', actor });
            }
          }
        }
        if (change.section === 'users') for (const u of change.value) ctx.batch.users.push({ user: u });
        let recalculated = 0;
        if (change.section === 'calendar') recalculated = await this.recalculateOpenCases(ctx, actor, now);
        return { seq, recalculated };
      }),
    );
  }

  /**
   * Create or change ONE user (admin), optionally with a new password (its scrypt hash, never logged): the
   * 'users' entry records the change (and when the password was set) in the same unit as the hash.
   */
  saveUser(actor: Actor, user: User, passwordHash?: string): Promise<{ seq: number; user: User }> {
    return this.enqueue((ctx) =>
      ctx.unit(async () => {
        const now = this.now();
        const old = ctx.ref.users.find((u) => u.id === user.id);
        const { passwordSetAt: _sent, ...rest } = user;
        const stamp = passwordHash !== undefined ? now : old?.passwordSetAt;
        const saved: User = { ...rest, ...(stamp !== undefined ? { passwordSetAt: stamp } : {}) };
        if (old && old.username !== saved.username) throw new HubError('INVALID_REFERENCE', '用户名创建后不能修改。');
        if (actor.id === saved.id && (saved.active === false || saved.role !== 'admin'))
          throw new HubError('INVALID_REFERENCE', '不能停用自己的账号或取消自己的管理员角色。');
        const users = withUser(ctx.ref.users, saved);
        const problem = usersProblem(ctx.ref, users);
        if (problem) throw new HubError('INVALID_REFERENCE', problem);
        const change: RefChange = { section: 'users', value: users };
        const seq = stageRef(ctx, change, { changeId: 'ref-' + crypto.randomUUID(), at: now, origin: 'centre', actor });
        ctx.batch.users.push(passwordHash !== undefined ? { user: saved, passwordHash } : { user: saved });
        return { seq, user: saved };
      }),
    );
  }

  /** The open cases' department references, as of the batch (for the department checks). */
  private async openCaseRefs(ctx: BatchContext): Promise<CaseRefs[]> {
    const byId = new Map<string, GridEvent>();
    for (const c of await this.store.openCases()) byId.set(c.id, c);
    for (const c of ctx.caseOverlay.values()) byId.set(c.id, c);
    return [...byId.values()].filter((c) => isOpen(c));
  }

  /**
   * File (备案) a division: checked against the reference data it joins (nothing changes when it fails), then
   * one unit of ref entries: the closed predecessor, the new division, the grid list and the grid workers.
   */
  fileDivision(actor: Actor, draft: Division): Promise<FileDivisionResponse> {
    return this.enqueue((ctx) =>
      ctx.unit(async () => {
        const now = this.now();
        const plan = planFiling(ctx.ref, draft, actor, now);
        if (!plan.ok) throw new HubError(plan.code, plan.message);
        const changes: RefChange[] = [];
        const prev = closedPredecessor(ctx.ref, plan.division);
        if (prev) changes.push({ section: 'division', value: prev });
        changes.push({ section: 'division', value: plan.division });
        if (plan.gridsChanged) changes.push({ section: 'grids', value: plan.grids });
        if (plan.workersChanged) changes.push({ section: 'gridWorkers', value: plan.gridWorkers });
        let seq = 0;
        for (const change of changes) {
          seq = stageRef(ctx, change, { changeId: 'ref-' + crypto.randomUUID(), at: now, origin: 'centre', actor });
        }
        return { seq, divisionId: plan.division.id, version: plan.division.version, gridsAdded: plan.added, gridsRetired: plan.retired };
      }),
    );
  }

  /** The district refused a forwarded event: append a visible compensating entry and settle the outbox row. */
  compensate(row: OutboxRow, code: string, message: string): Promise<LogEntry | null> {
    return this.enqueue((ctx) =>
      ctx.unit(async () => {
        ctx.batch.outboxSettled.push({ seq: row.seq, status: 'rejected', lastError: `${code}: ${message}` });
        const state = await ctx.getCase(row.caseId);
        if (!state) return null;
        const rejected = (JSON.parse(row.body) as { event: CaseEvent }).event;
        const now = this.now();
        const issue = {
          commandId: rejected.commandId ?? rejected.id,
          code,
          message: `区平台拒绝了本中心的操作（${rejected.type}）：${message}`,
        };
        // When the refused event is still the case's latest, put status and clocks back to before it, so the
        // centre can act again (e.g. re-dispatch); otherwise only flag the case (upstreamIssue).
        let restore: { status: GridEvent['status']; clocks: GridEvent['clocks'] } | undefined;
        // A refused merge or link is only flagged: it has a paired entry on another case, which a restore of
        // this case alone would contradict (undo it with unmerge / unlink).
        if (rejected.version === state.version && state.version > 1 && !CROSS_CASE_EVENTS.has(rejected.type)) {
          const before = foldEvents(state.timeline.filter((e) => e.version < rejected.version));
          if (before) restore = { status: before.status, clocks: before.clocks };
        }
        const decision = upstreamRejected(
          state,
          issue,
          { actor: SYSTEM_ACTOR, now, ref: ctx.ref, commandId: `upstream-${row.seq}` },
          restore,
        );
        if (!decision.ok) return null;
        const [entry] = this.appendEvents(ctx, state, decision.events, 'system', now);
        return entry ?? null;
      }),
    );
  }

  /** Append pre-decided history (demo seed) as origin 'system', bypassing decisions but not validation. */
  seedHistory(events: CaseEvent[], cases: GridEvent[], precedents: Precedent[] = []): Promise<number> {
    return this.enqueue(async (ctx) => {
      const byId = new Map(cases.map((c) => [c.id, c]));
      for (const ev of events) {
        stage(ctx, { seq: ctx.nextSeq++, changeId: ev.id, at: ev.at, origin: 'system', kind: 'case', event: ev });
      }
      const states = new Map<string, GridEvent>();
      for (const ev of events) {
        const st = states.get(ev.caseId) ?? null;
        states.set(ev.caseId, evolve(st, ev));
      }
      for (const [id, st] of states) ctx.setCase(byId.get(id) ?? st);
      if (precedents.length > 0) {
        // The history's fallback rulings (案例沿袭) join the reference data, as a logged ref change.
        const change: RefChange = {
          section: 'precedents',
          value: [...ctx.ref.precedents.filter((p) => !precedents.some((q) => q.id === p.id)), ...precedents],
        };
        stageRef(ctx, change, { changeId: 'ref-demo-precedents', at: events.at(-1)?.at ?? this.now(), origin: 'system' });
      }
      return events.length;
    });
  }

  /**
   * Queue the overdue SMS notices of open cases whose running handling clock passed its deadline (since
   * smsOverdueSince) as of `asOf` (the relay's timer passes its clock); each clock once, queued now.
   * Returns the number of new rows.
   */
  queueOverdueSms(asOf: number): Promise<number> {
    const settings = this.smsSettings();
    if (!settings) return Promise.resolve(0);
    const keys = this.enqueue(async (ctx) => {
      const queued: string[] = [];
      for (const open of await this.store.openCases()) {
        const c = await ctx.getCase(open.id);
        if (!c || !isOpen(c)) continue;
        for (const row of overdueNotices(c, ctx.ref, settings, this.smsOverdueSince, asOf, this.now())) {
          if (this.overdueQueued.has(row.key)) continue;
          ctx.batch.sms.push(row);
          queued.push(row.key);
        }
      }
      return queued;
    });
    // Remembered only once committed: a failed commit leaves them to the next scan.
    return keys.then((ks) => {
      for (const k of ks) this.overdueQueued.add(k);
      return ks.length;
    });
  }

  /** Wait until every queued job is committed; refuse new jobs. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle;
  }

  // ------------------------------------------------------------------ internals

  private districtActor(ch: DistrictChange, ref: RefData): Actor {
    const a = ch.actor;
    if (a.kind === 'department') return { id: a.id, name: a.name, role: 'department', unitId: a.id };
    if (a.kind === 'gridWorker') {
      const w = ref.gridWorkers.find((g) => g.id === a.id);
      return w ? { id: a.id, name: a.name, role: 'gridWorker', unitId: w.gridId } : { id: a.id, name: a.name, role: 'gridWorker' };
    }
    return { id: a.id, name: a.name, role: 'hotline', unitId: 'hotline' };
  }

  /** Decide one command and stage its entries; engine rejections and engine faults stage nothing. */
  private async applyCommandUnit(
    ctx: BatchContext,
    command: Command,
    actor: Actor,
    now: number,
    commandId: string,
    origin: 'centre' | 'district',
    occurredAt?: number,
  ): Promise<CommandOutcome> {
    try {
      return await ctx.unit(async () => {
        const state = await ctx.getCase(command.caseId);
        const others = await this.involvedCases(ctx, state, command);
        const decision = decide(state, command, {
          actor,
          now,
          ref: ctx.ref,
          commandId,
          cases: (id) => others.get(id) ?? null,
          ...(occurredAt === undefined ? {} : { occurredAt }),
        });
        if (!decision.ok) return { status: 'rejected', code: decision.code, message: decision.message } as const;
        const at = this.now();
        const entries = this.appendEvents(ctx, state, decision.events, origin, at);
        // Paired entries on the other cases (merge, link, closing an original…): same unit, so all or none.
        const byCase = new Map<string, CaseEvent[]>();
        for (const ev of decision.paired ?? []) byCase.set(ev.caseId, [...(byCase.get(ev.caseId) ?? []), ev]);
        for (const [id, evs] of byCase) {
          const other = others.get(id);
          if (!other) throw new HubError('ENGINE_ERROR', `paired entry for case ${id}, which the decision was not given`);
          entries.push(...this.appendEvents(ctx, other, evs, origin, at));
        }
        if (entries.length > 0) ctx.addCommand({ origin, id: commandId, firstSeq: entries[0]!.seq, lastSeq: entries.at(-1)!.seq });
        const last = entries.at(-1);
        return last ? { status: 'applied', seq: last.seq, entries } : { status: 'applied', entries };
      });
    } catch (err) {
      this.opts.log?.(`engine fault on ${command.type} ${command.caseId}: ${(err as Error).stack ?? String(err)}`);
      return { status: 'rejected', code: 'ENGINE_ERROR', message: '中继处理该操作时出错，未保存任何改动：' + (err as Error).message };
    }
  }

  /** The other cases a command involves, and the original of each (a merge into a merged case goes to its root). */
  private async involvedCases(ctx: BatchContext, state: GridEvent | null, command: Command): Promise<Map<string, GridEvent>> {
    const out = new Map<string, GridEvent>();
    for (const id of involvedCaseIds(state, command)) {
      const c = await ctx.getCase(id);
      if (!c) continue;
      out.set(c.id, c);
      if (c.mergedInto !== undefined && !out.has(c.mergedInto)) {
        const root = await ctx.getCase(c.mergedInto);
        if (root) out.set(root.id, root);
      }
    }
    return out;
  }

  /** Validate, fold and stage events of one case; throws (undoing the unit) if any is invalid. */
  private appendEvents(
    ctx: BatchContext,
    state: GridEvent | null,
    events: CaseEvent[],
    origin: 'centre' | 'district' | 'system',
    at: number,
  ): LogEntry[] {
    let s = state;
    const out: LogEntry[] = [];
    const sms = this.smsSettings();
    for (const ev of events) {
      const expected = (s?.version ?? 0) + 1;
      if (s && ev.caseId !== s.id) throw new HubError('ENGINE_ERROR', `event for case ${ev.caseId} while deciding ${s.id}`);
      if (ev.version !== expected) throw new HubError('ENGINE_ERROR', `event version ${ev.version}, expected ${expected}`);
      const before = s;
      s = evolve(s, ev);
      // SMS notices of this entry: in the same batch, so written (or not) with it.
      if (sms) ctx.batch.sms.push(...noticesForEvent(before, s, ev, ctx.ref, sms, at));
      const entry: LogEntry = { seq: ctx.nextSeq++, changeId: ev.id, at, origin, kind: 'case', event: ev };
      stage(ctx, entry);
      out.push(entry);
      if (origin === 'centre' && this.opts.forward) {
        ctx.batch.outbox.push({
          seq: entry.seq,
          caseId: ev.caseId,
          idempotencyKey: ev.id,
          body: JSON.stringify({ idempotencyKey: ev.id, seq: entry.seq, event: ev }),
          nextAt: at,
        });
      }
      const precedent = precedentFromEvent(ev);
      if (precedent) {
        const change: RefChange = { section: 'precedents', value: [...ctx.ref.precedents.filter((p) => p.id !== precedent.id), precedent] };
        stageRef(ctx, change, { changeId: 'ref-' + precedent.id, at, origin: 'system', actor: ev.actor });
      }
    }
    if (s) ctx.setCase(s);
    return out;
  }

  private async recalculateOpenCases(ctx: BatchContext, actor: Actor, now: number): Promise<number> {
    const ids = new Set<string>();
    for (const c of await this.store.openCases()) ids.add(c.id);
    for (const c of ctx.caseOverlay.values()) ids.add(c.id);
    let n = 0;
    for (const id of [...ids].sort()) {
      const state = await ctx.getCase(id);
      if (!state || !isOpen(state)) continue;
      const decision = recalculateDeadlines(state, ctx.ref, { actor, now, ref: ctx.ref, commandId: `recalc-${now}` });
      if (!decision.ok || decision.events.length === 0) continue;
      this.appendEvents(ctx, state, decision.events, 'system', now);
      n++;
    }
    return n;
  }

  /**
   * The next 文号 of a pattern (issue 15.9). Runs in the hub's single queue, so two requests never read the
   * same counter; the store writes the counter and the number in one transaction that also checks the
   * counter moved by exactly one, and its keys refuse a second row of the same request, or of the same
   * pattern, year and sequence. A retry with the same request id answers the number it already got.
   */
  allocateDocNumber(actor: Actor, req: DocNumberRequest): Promise<DocNumberResponse> {
    return this.enqueue(async (ctx) => {
      const given = await this.store.getDocNumber(req.requestId);
      if (given) {
        if (given.patternId !== req.patternId || (req.year !== undefined && req.year !== given.year) || given.actorId !== actor.id)
          throw new HubError('CONFLICT', '该取号请求编号已用于另一份文书，请重新取号。');
        return { number: given.number, patternId: given.patternId, year: given.year, seq: given.seq, at: given.at, repeated: true };
      }
      const pattern = (ctx.ref.docNumberPatterns ?? []).find((p) => p.id === req.patternId);
      if (!pattern) throw new HubError('INVALID_REFERENCE', `找不到文号格式“${req.patternId}”。请管理员先在基础数据中配置文号格式。`);
      const problem = patternProblem(pattern);
      if (problem) throw new HubError('INVALID_REFERENCE', problem);
      const now = this.now();
      const currentYear = Number(localDay(now, ctx.ref.calendar.utcOffsetMinutes).slice(0, 4));
      const year = req.year ?? currentYear;
      const bad = yearProblem(year, currentYear);
      if (bad) throw new HubError('BAD_REQUEST', bad);
      const seq = (await this.store.docCounter(pattern.id, year)) + 1;
      const number = formatDocNumber(pattern, year, seq);
      try {
        await this.store.insertDocNumber({
          requestId: req.requestId,
          patternId: pattern.id,
          year,
          seq,
          number,
          ...(req.caseId !== undefined ? { caseId: req.caseId } : {}),
          actorId: actor.id,
          at: now,
        });
      } catch (err) {
        throw new HubError('UNAVAILABLE', `文号未能编号（${(err as Error).message}），未占用任何序号，请重试。`);
      }
      return { number, patternId: pattern.id, year, seq, at: now, repeated: false };
    });
  }

  private enqueue<R>(run: (ctx: BatchContext) => Promise<R>): Promise<R> {
    if (this.closed) return Promise.reject(new HubError('UNAVAILABLE', 'relay is shutting down'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ run, resolve, reject } as Job<unknown>);
      if (!this.running) {
        this.running = true;
        this.idle = new Promise((r) => (this.idleResolve = r));
        // Let every job that arrives in this turn of the event loop join the same transaction.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const jobs = this.queue.splice(0, this.queue.length);
        const failed = await this.runBatch(jobs);
        // Isolate a failed group commit: commit the jobs one by one so one bad job cannot fail the others.
        if (failed) for (const job of failed) await this.runBatch([job]);
      }
    } finally {
      this.running = false;
      this.idleResolve?.();
    }
  }

  /**
   * Decide and commit a batch, then resolve its jobs. A job that throws is rejected and leaves nothing in
   * the batch. If the write fails, a lone job is rejected; several jobs are handed back (to be retried one
   * by one), none of them settled.
   */
  private async runBatch(jobs: Job<unknown>[]): Promise<Job<unknown>[] | null> {
    const ctx = new BatchContext(this, this.head, this.ref);
    const done: Job<unknown>[] = [];
    for (const job of jobs) {
      try {
        job.result = await ctx.unit(() => job.run(ctx));
        done.push(job);
      } catch (err) {
        job.reject(err);
      }
    }
    const batch = ctx.seal();
    const retain = this.opts.retainEntries ?? 0;
    const lastStaged = batch.entries.at(-1)?.seq;
    if (retain > 0 && lastStaged !== undefined && lastStaged - retain > 0) batch.pruneThrough = lastStaged - retain;
    const fail = (err: HubError): Job<unknown>[] | null => {
      this.opts.log?.(`batch of ${done.length} not stored: ${err.message}`);
      if (done.length > 1) return done;
      done[0]?.reject(err);
      return null;
    };
    const writes =
      batch.entries.length + batch.clients.length + batch.outboxSettled.length + batch.users.length + batch.ref.length + batch.sms.length;
    if (writes > 0) {
      try {
        await this.store.commit(batch);
      } catch (err) {
        const msg = (err as Error).message;
        return fail(new HubError(/constraint/i.test(msg) ? 'CONFLICT' : 'UNAVAILABLE', `change not stored: ${msg}`));
      }
    }
    const last = batch.entries.at(-1);
    if (last) this.head = last.seq;
    this.ref = ctx.ref;
    for (const c of batch.cases) this.remember(c);
    for (const job of done) job.resolve(job.result);
    if (batch.entries.length > 0) this.onCommitted(batch.entries);
    if (batch.outbox.length > 0) this.onOutbox();
    if (batch.sms.length > 0) this.onSms();
    return null;
  }
}

/** Apply a reference-data change in the unit: the in-memory ref and the key the store writes. */
/**
 * A scoring scheme save, numbered (the kind's version + 1) and stamped with the saver and the relay's clock;
 * refused with SCHEME_CHANGED when it was edited from another version than the one in force.
 */
function stampSchemeSave(ref: RefData, save: SchemeSave, actor: Actor, now: number): RefChange {
  const inForce = schemeInForce(ref.assessmentSchemes, save.scheme.kind);
  if (save.basedOn !== inForce.version)
    throw new HubError(
      'SCHEME_CHANGED',
      schemeChangedMessage(inForce, (at) => formatLocal(at, ref.calendar)),
    );
  const version = inForce.version + 1;
  return {
    section: 'assessmentScheme',
    value: {
      scheme: { ...save.scheme, version: schemeVersionText(version), withoutData: 'unranked' },
      basedOn: save.basedOn,
      version,
      savedAt: now,
      savedBy: actor.name.slice(0, 64),
      savedById: actor.id,
    },
  };
}

/** A precedent ruling, checked again inside the batch (two reviews of one ruling cannot both pass) and stamped. */
function stampRuling(ref: RefData, ruling: PrecedentRuling, actor: Actor, now: number): RefChange {
  const problem = precedentRulingProblem(ref, ruling);
  if (problem) throw new HubError('INVALID_REFERENCE', problem);
  return {
    section: 'precedentRuling',
    value: { ...ruling, by: { id: actor.id, name: actor.name, role: actor.role, unitId: actor.unitId ?? 'centre' }, at: now },
  };
}

/** A 指导目录 action, checked again inside the batch (two approvals cannot both pass) and stamped; an approval is numbered. */
function stampCatalogAction(ref: RefData, a: CatalogProposalAction, actor: Actor, now: number): RefChange {
  const problem = catalogProposalProblem(ref, a);
  if (problem) throw new HubError('INVALID_REFERENCE', problem);
  const by = { id: actor.id, name: actor.name, role: actor.role, unitId: actor.unitId ?? 'centre' };
  const value: CatalogProposalAction =
    a.action === 'approve' ? { ...a, by, at: now, version: currentCatalogVersion(ref) + 1 } : { ...a, by, at: now };
  return { section: 'catalogProposal', value };
}

/** Users as sent, with the relay's password stamps kept (a client cannot set or clear them). */
function keepPasswordStamps(current: readonly User[], next: readonly User[]): User[] {
  const stamps = new Map(current.map((u) => [u.id, u.passwordSetAt]));
  return next.map(({ passwordSetAt: _p, ...u }) => {
    const at = stamps.get(u.id);
    return at !== undefined ? { ...u, passwordSetAt: at } : u;
  });
}

/**
 * Stages a reference-data entry, with who made it and what it changed (described against the data before
 * it, shared/refAudit.ts), and applies it to the batch's data. Returns its seq.
 */
function stageRef(
  ctx: BatchContext,
  change: RefChange,
  o: { changeId: string; at: number; origin: 'centre' | 'system'; actor?: Actor },
): number {
  const seq = ctx.nextSeq++;
  stage(ctx, {
    seq,
    changeId: o.changeId,
    at: o.at,
    origin: o.origin,
    kind: 'ref',
    ref: change,
    ...(o.actor ? { actor: o.actor } : {}),
    what: describeRefChange(ctx.ref, change),
  });
  writeRef(ctx, change);
  return seq;
}

function writeRef(ctx: BatchContext, change: RefChange): void {
  const ref = applyRefChange(ctx.ref, change);
  const key = refKeyOf(change);
  ctx.batch.ref.push({ key, value: ref[key] });
  ctx.setRef(ref);
}

/** Stage an entry; it must parse with the protocol schema first: the log never holds an invalid change. */
function stage(ctx: BatchContext, entry: LogEntry): void {
  const parsed = LogEntry.safeParse(entry);
  if (!parsed.success)
    throw new HubError('INVALID_ENTRY', `entry ${entry.seq} does not match LogEntry: ${formatIssues(parsed.error, { max: 1 })}`);
  ctx.batch.entries.push(entry);
}

/** Why a user may not push at all now (unknown, deactivated, or a role without case commands), or null. */
export function pushRefusal(user: User | undefined): { code: string; message: string } | null {
  if (!user || user.active === false) return { code: 'ACCOUNT_DISABLED', message: '账号已停用，不能提交操作' };
  if (ROLE_COMMANDS[user.role].length > 0) return null;
  return {
    code: 'FORBIDDEN',
    message: user.role === 'wall' ? '该账号为只读（会议大屏），不能提交操作' : '该账号不办理事件（管理员只维护基础数据），不能提交事件操作',
  };
}

/** The pushing user as the reference data has them now; throws FORBIDDEN / ACCOUNT_DISABLED when they may not push. */
function currentActor(ref: RefData, actor: Actor): Actor {
  const user = ref.users.find((u) => u.id === actor.id);
  const refusal = pushRefusal(user);
  if (refusal) throw new HubError(refusal.code, refusal.message);
  return actorOf(user!);
}

/** Users in the shape the store keeps (exported for seeding). */
export type SeedUser = { user: User; passwordHash: string | null };
