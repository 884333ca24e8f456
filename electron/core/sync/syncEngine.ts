/**
 * The sync engine: one Socket.IO connection to the relay. Pull is the correctness path (pages from the
 * cursor, 'reset' → snapshot); live 'change' messages are a fast path applied only when seq == cursor + 1.
 * The outbox is pushed idempotently (clientId + n) with backoff; a command counts as confirmed only when
 * the log shows it. Every relay message is validated; a bad one is logged and answered by a pull.
 */
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { AssessmentFrozenNotice, LogEntry, MAX_PULL_PAGE, MAX_PUSH_BATCH, PresenceList, SnapshotResponse, TimeResponse, WireError, type LogTip, type PresenceEntry } from '../../../shared/protocol.js';
import type { SyncStatus } from '../../../shared/api.js';
import { formatIssues } from '../../../shared/validation.js';
import type { ApplyOutcome } from './replica.js';
import type { Connection, SyncAuth, SyncOptions } from './syncTypes.js';
import { Ack, LoosePull, PullAck, PushAck, RelayError, joinOrStart, type SyncLoop } from './wire.js';

/** Shown in SyncStatus.notice after the relay's log turned out to be replaced or restored (log identity). */
const LOG_CHANGED_NOTICE =
  '中继服务器的数据已被替换或从较早的备份恢复：本地缓存已按中继服务器现有的数据重新同步，此前显示的部分案件或变化可能已不存在。尚未确认的操作已保留，并会重新发送。';
const SNAPSHOT_PAGE = 1000;
/**
 * Catching up, log entries are written in transactions of up to this many (several pull pages): fewer
 * commits rewrite the same index and FTS pages fewer times; one batch blocks the core for ~0.2 s.
 */
export const APPLY_BATCH = 3000;
const MAX_BACKOFF_MS = 30_000;

export class SyncEngine {
  private socket: Socket | null = null;
  private auth: SyncAuth | null = null;
  private connection: Connection = 'offline';
  private head: number | undefined;
  private error: string | undefined;
  private offsetMs: number;
  private lastSyncAt: number | undefined;
  /** The pull loop and the push loop (see SyncLoop). */
  private readonly pulls: SyncLoop = { run: null, again: false };
  private readonly pushes: SyncLoop = { run: null, again: false };
  private pushBackoffMs = 0;
  private pushTimer: NodeJS.Timeout | null = null;
  private pullTimer: NodeJS.Timeout | null = null;
  private pullFailures = 0;
  private liveBuffer: LogEntry[] = [];
  private liveScheduled = false;
  private closed = false;
  private presenceList: PresenceEntry[] = [];
  private readonly timeoutMs: number;

  private clientId: string;

  constructor(private readonly o: SyncOptions) {
    this.clientId = o.clientId;
    this.offsetMs = o.initialOffsetMs ?? 0;
    this.timeoutMs = o.requestTimeoutMs ?? 15_000;
  }

  get clockOffsetMs(): number {
    return this.offsetMs;
  }
  get presence(): PresenceEntry[] {
    return this.presenceList;
  }
  /** This workstation's entry in the presence list (its connection id), while connected. */
  get presenceId(): string | undefined {
    return this.socket?.connected ? this.socket.id : undefined;
  }
  /** The workstation took a new clientId (its old one is registered to another): used from the next start. */
  setClientId(clientId: string): void {
    this.clientId = clientId;
  }
  get currentHead(): number | undefined {
    return this.head;
  }

  status(outbox: { pending: number; rejected: number }, lastSyncAt: number | undefined): SyncStatus {
    const s: SyncStatus = {
      connection: this.connection,
      outboxSize: outbox.pending,
      rejectedCount: outbox.rejected,
      cursor: this.o.replica.cursor,
      clockOffsetMs: this.offsetMs,
      relayUrl: this.o.relayUrl,
    };
    const last = this.lastSyncAt ?? lastSyncAt;
    if (last !== undefined) s.lastSyncAt = last;
    if (this.head !== undefined) s.head = this.head;
    if (this.error !== undefined) s.error = this.error;
    if (this.notice !== undefined) s.notice = this.notice;
    return s;
  }

  get lastSync(): number | undefined {
    return this.lastSyncAt;
  }

  private setConnection(c: Connection, error?: string | null): void {
    const changed = c !== this.connection || (error !== undefined && (error ?? undefined) !== this.error);
    this.connection = c;
    if (error !== undefined) this.error = error ?? undefined;
    if (changed) this.o.hooks.status();
  }

  private setError(error: string | undefined): void {
    if (error === this.error) return;
    this.error = error;
    this.o.hooks.status();
  }

  /** (Re)connects with a token. Replaces any previous connection. */
  start(auth: SyncAuth): void {
    this.stop();
    this.closed = false;
    this.auth = auth;
    this.setConnection('connecting', null);
    const socket = io(this.o.relayUrl, {
      // batch: one 'changes' message per relay commit instead of one per entry (the fan-out is the relay's bottleneck).
      auth: { token: auth.token, clientId: this.clientId, batch: true },
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.3,
      timeout: 10_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      // Live changes wait until a pull of this connection has checked the log identity (a restarted relay
      // may hold another history: its next seq must not be folded onto our cursor).
      this.logVerified = false;
      this.setConnection('syncing', null);
      this.pushBackoffMs = 0;
      if (this.openCaseId !== null) socket.emit('presence:open', { caseId: this.openCaseId }, () => undefined);
      void this.onConnected();
    });
    socket.on('disconnect', (reason: string) => {
      if (this.socket !== socket) return;
      // Closed by the relay (token expired or revoked): Socket.IO does not reconnect by itself.
      this.setConnection(this.closed || reason === 'io server disconnect' ? 'offline' : 'connecting');
    });
    socket.io.on('reconnect_attempt', () => {
      if (this.socket === socket && this.connection === 'offline') this.setConnection('connecting');
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      if (this.socket !== socket) return;
      const code = err.data?.code;
      if (code === 'TOKEN_EXPIRED' || code === 'TOKEN_INVALID' || code === 'UNAUTHENTICATED') {
        socket.disconnect();
        this.setConnection('offline', err.data?.message ?? '登录已失效，请重新登录');
        this.o.hooks.authFailed(code, err.data?.message ?? err.message);
        return;
      }
      this.setConnection('offline', `无法连接中继服务器：${err.message}`);
    });
    socket.on('auth:expired', (raw: unknown) => {
      const e = WireError.safeParse(raw);
      this.setConnection('offline', e.success ? e.data.message : '登录已过期，请重新登录');
      this.o.hooks.authFailed('TOKEN_EXPIRED', e.success ? e.data.message : 'token expired');
    });
    // The user was deactivated or given another role: the relay closes the socket and the token is void.
    socket.on('auth:revoked', (raw: unknown) => {
      const e = WireError.safeParse(raw);
      const message = e.success ? e.data.message : '账号权限已变更，请重新登录';
      this.setConnection('offline', message);
      this.o.hooks.authFailed(e.success ? e.data.code : 'ACCOUNT_REVOKED', message);
    });
    socket.on('change', (raw: unknown) => this.onLiveChange(raw));
    socket.on('changes', (raw: unknown) => {
      if (!Array.isArray(raw)) {
        this.o.log.warn('relay sent an invalid changes batch (not a list), pulling instead');
        void this.pull();
        return;
      }
      for (const entry of raw) this.onLiveChange(entry);
    });
    socket.on('presence', (raw: unknown) => {
      const list = PresenceList.safeParse(raw);
      if (!list.success) return this.o.log.warn(`relay sent an invalid presence list: ${formatIssues(list.error, { max: 1 })}`);
      this.presenceList = list.data;
      this.o.hooks.presence(list.data);
    });
    socket.on('assessment:frozen', (raw: unknown) => {
      const notice = AssessmentFrozenNotice.safeParse(raw);
      if (!notice.success) return this.o.log.warn(`relay sent an invalid assessment notice: ${formatIssues(notice.error, { max: 1 })}`);
      this.o.hooks.assessmentFrozen(notice.data);
    });
    socket.on('protocol_error', (raw: unknown) => this.o.log.warn(`relay protocol_error: ${JSON.stringify(raw).slice(0, 300)}`));
  }

  /** A message shown in the status until the next successful sync (e.g. the cache was rebuilt). */
  setNotice(message: string): void {
    this.error = message;
  }

  private openCaseId: string | null = null;
  /** Tells the relay which case this workstation has open (presence); repeated after reconnects. */
  openCase(caseId: string | null): void {
    this.openCaseId = caseId;
    if (this.socket?.connected) this.socket.emit('presence:open', { caseId }, () => undefined);
  }

  /** Disconnects (logout, close). */
  stop(): void {
    this.closed = true;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    if (this.pullTimer) clearTimeout(this.pullTimer);
    this.pushTimer = this.pullTimer = null;
    const s = this.socket;
    this.socket = null;
    this.auth = null;
    if (s) {
      s.removeAllListeners();
      s.io.removeAllListeners();
      s.disconnect();
    }
    this.liveBuffer = [];
    this.presenceList = [];
    this.setConnection('offline');
  }

  get running(): boolean {
    return this.socket !== null;
  }

  private async onConnected(): Promise<void> {
    await this.measureTime().catch((e: unknown) => this.o.log.warn(`time request failed: ${(e as Error).message}`));
    await this.pull();
    this.schedulePush(0);
  }

  /** Pull now and push the outbox (sync.now). Resolves when both have finished this round. */
  async syncNow(): Promise<void> {
    if (!this.socket?.connected) return;
    await this.pull();
    await this.push();
  }

  // ---------------------------------------------------------------- requests

  /** True while the socket to the relay is connected (requests can be sent). */
  get connected(): boolean {
    return this.socket?.connected === true;
  }

  /** One acknowledged request to the relay (rejects with code OFFLINE, TIMEOUT or BAD_ANSWER). */
  relayRequest<T extends z.ZodType>(event: string, payload: unknown, schema: T): Promise<z.infer<T>> {
    return this.request(event, payload, schema);
  }

  private request<T extends z.ZodType>(event: string, payload: unknown, schema: T): Promise<z.infer<T>> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.reject(new RelayError('OFFLINE', '未连接中继服务器'));
    return new Promise((resolve, reject) => {
      const args = payload === undefined ? [] : [payload];
      socket.timeout(this.timeoutMs).emit(event, ...args, (err: Error | null, raw: unknown) => {
        if (err) return reject(new RelayError('TIMEOUT', `中继服务器未在 ${this.timeoutMs} ms 内应答 ${event}`));
        const parsed = schema.safeParse(raw);
        if (!parsed.success) return reject(new RelayError('BAD_ANSWER', `invalid ${event} answer: ${formatIssues(parsed.error, { max: 1 })}`));
        resolve(parsed.data);
      });
    });
  }

  private async measureTime(): Promise<void> {
    const t0 = Date.now();
    const ack = await this.request('time', undefined, Ack(TimeResponse));
    const t1 = Date.now();
    if (!ack.ok) throw new RelayError(ack.error.code, ack.error.message);
    // Midpoint estimate: the relay read its clock about half-way through the round trip.
    this.offsetMs = Math.round(ack.value.now - (t0 + t1) / 2);
    this.o.saveOffset?.(this.offsetMs);
    this.o.hooks.status();
  }

  // ---------------------------------------------------------------- live changes

  private onLiveChange(raw: unknown): void {
    const parsed = LogEntry.safeParse(raw);
    if (!parsed.success) {
      const seq = typeof raw === 'object' && raw !== null && 'seq' in raw ? String((raw as { seq: unknown }).seq) : '?';
      this.o.log.warn(`relay sent an invalid change (seq ${seq}), ignored and pulling instead: ${formatIssues(parsed.error).slice(0, 300)}`);
      void this.pull();
      return;
    }
    this.liveBuffer.push(parsed.data);
    if (!this.liveScheduled) {
      this.liveScheduled = true;
      // Batch the changes of one event-loop turn into one transaction (one fsync).
      setImmediate(() => this.flushLive());
    }
  }

  private flushLive(): void {
    this.liveScheduled = false;
    const batch = this.liveBuffer.sort((a, b) => a.seq - b.seq);
    this.liveBuffer = [];
    if (batch.length === 0 || this.closed) return;
    if (this.pulls.run || this.o.replica.snapshotInProgress()) {
      // A pull is running: it reads the log anyway; ask it to go round once more.
      this.pulls.again = true;
      return;
    }
    if (!this.logVerified) {
      void this.pull();
      return;
    }
    const cursor = this.o.replica.cursor;
    const fresh = batch.filter((e) => e.seq > cursor);
    if (fresh.length === 0) return;
    if (fresh[0]!.seq !== cursor + 1) {
      void this.pull();
      return;
    }
    try {
      const out = this.o.replica.applyEntries(fresh);
      this.head = Math.max(this.head ?? 0, fresh.at(-1)!.seq);
      this.afterApply(out);
      if (out.gap || out.needsReset) void this.pull(out.needsReset);
      else if (this.o.replica.cursor >= (this.head ?? 0)) this.markSynced();
    } catch (e) {
      this.reportApplyError(e);
      this.schedulePull();
    }
  }

  private afterApply(out: ApplyOutcome): void {
    if (out.applied > 0 || out.confirmed.length > 0) this.o.hooks.applied(out);
    if (out.confirmed.length > 0) this.o.hooks.outbox();
  }

  private markSynced(): void {
    this.lastSyncAt = Date.now();
    if (this.socket?.connected && !this.pushes.run && !this.pulls.run) this.setConnection('online', null);
    else this.o.hooks.status();
  }

  private reportApplyError(e: unknown): void {
    const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : '';
    const msg = code === 'SQLITE_FULL' ? '磁盘空间不足，无法写入本地缓存；已暂停同步，释放空间后自动重试' : `写入本地缓存失败：${(e as Error).message}`;
    this.o.log.error(`applying changes failed: ${(e as Error).message}`);
    this.setError(msg);
  }

  // ---------------------------------------------------------------- pull

  /** Reads the log from the cursor up to the head (or takes a snapshot after 'reset'). */
  pull(forceReset = false): Promise<void> {
    if (forceReset) this.forceReset = true;
    return joinOrStart(this.pulls, () => this.pullLoop());
  }
  private forceReset = false;

  private schedulePull(): void {
    if (this.pullTimer || this.closed) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(6, this.pullFailures));
    this.pullTimer = setTimeout(() => {
      this.pullTimer = null;
      void this.pull();
    }, delay);
    this.pullTimer.unref?.();
  }

  private async pullLoop(): Promise<void> {
    if (!this.socket?.connected) return;
    if (this.connection === 'online') this.setConnection('syncing');
    // The next page, requested before the current batch is written (the relay reads it meanwhile).
    let ahead: { cursor: number; answer: Promise<z.infer<typeof PullAck>> } | null = null;
    try {
      for (let rounds = 0; ; rounds++) {
        this.pulls.again = false;
        // A fresh cache has no reference data: only a snapshot carries the seeded bundle.
        if (this.forceReset || this.o.replica.snapshotInProgress() || this.o.replica.ref() === null) {
          ahead = null;
          await this.snapshot();
          continue;
        }
        // Read pages until a batch is full or the head is reached; the batch is written in one transaction.
        let cursor = this.o.replica.cursor;
        const entries: LogEntry[] = [];
        let bad: string | null = null;
        let reset = false;
        for (;;) {
          const answer = ahead?.cursor === cursor ? ahead.answer : this.request('pull', this.pullRequest(cursor), PullAck);
          ahead = null;
          const ack = await answer;
          if (!ack.ok) throw new RelayError(ack.error.code, ack.error.message);
          const res = LoosePull.safeParse(ack.value);
          if (!res.success) throw new RelayError('BAD_ANSWER', `invalid pull answer: ${formatIssues(res.error, { max: 1 })}`);
          this.head = res.data.head;
          if (res.data.type === 'reset') {
            this.o.log.warn(`relay answered reset (${res.data.cause ?? 'no cause'}: ${res.data.reason}): taking a snapshot`);
            if (res.data.cause !== undefined && res.data.cause !== 'pruned') {
              // Another history than ours (replaced, or restored from a backup): rebuilt with a visible notice.
              this.logChanged = true;
              this.notice = LOG_CHANGED_NOTICE;
            }
            reset = true;
            break;
          }
          this.logVerified = true;
          if (res.data.logId !== undefined) this.o.replica.adoptLogId(res.data.logId);
          // Validate entry by entry: apply the valid prefix, then stop at the first invalid one.
          const before = entries.length;
          for (const raw of res.data.entries) {
            const e = LogEntry.safeParse(raw);
            if (!e.success) {
              bad = formatIssues(e.error).slice(0, 300);
              break;
            }
            entries.push(e.data);
          }
          const last = entries.length > before ? entries[entries.length - 1]!.seq : cursor;
          const more = bad === null && last > cursor && last < res.data.head;
          if (more) {
            ahead = { cursor: last, answer: this.request('pull', this.pullRequest(last), PullAck) };
            // Awaited by the next round, or dropped (a gap, an error, a reset): never an unhandled rejection.
            ahead.answer.catch(() => undefined);
          }
          if (!more || entries.length >= APPLY_BATCH) break;
          cursor = last;
        }
        if (reset) {
          this.forceReset = true;
          continue;
        }
        const out = this.o.replica.applyEntries(entries);
        this.afterApply(out);
        if (out.needsReset) {
          this.forceReset = true;
          continue;
        }
        if (bad !== null) throw new RelayError('BAD_ENTRY', `relay log entry after seq ${this.o.replica.cursor} is invalid: ${bad}`);
        if (out.gap) throw new RelayError('GAP', `relay pull answer skipped sequence numbers after ${this.o.replica.cursor}`);
        if (this.o.replica.cursor >= (this.head ?? 0) && !this.pulls.again) break;
        if (entries.length === 0 && !this.pulls.again) break;
        if (rounds > 100_000) break;
      }
      this.pullFailures = 0;
      this.error = undefined;
      this.pulls.run = null;
      this.markSynced();
      // Caught up: move the batch's WAL into the database file now, while idle (see applyPragmas).
      setTimeout(() => this.o.replica.checkpoint(), 0).unref?.();
    } catch (e) {
      this.pullFailures++;
      if (e instanceof RelayError) {
        this.o.log.warn(`pull failed (${e.code}): ${e.message}`);
        if (e.code !== 'OFFLINE') this.setError(`同步失败：${e.message}`);
      } else this.reportApplyError(e);
      this.schedulePull();
    }
  }

  /**
   * A pull request from `cursor`, with the log identity: the log id, and at the cache's own cursor the entry
   * it stands on (a page further on comes from this connection, whose log the first page has checked).
   */
  private pullRequest(cursor: number): { cursor: number; limit: number; logId?: string; tip?: LogTip } {
    const pos = this.o.replica.logPosition();
    const req: { cursor: number; limit: number; logId?: string; tip?: LogTip } = { cursor, limit: MAX_PULL_PAGE };
    if (pos.logId !== undefined) req.logId = pos.logId;
    if (pos.tip !== undefined && cursor === this.o.replica.cursor) req.tip = pos.tip;
    return req;
  }

  private logVerified = false;
  private logChanged = false;
  private notice: string | undefined;

  private async snapshot(): Promise<void> {
    if (!this.o.replica.snapshotInProgress()) {
      this.o.log.info(`snapshot: dropping cached server state (the outbox is kept)${this.logChanged ? '; the relay holds another log history' : ''}`);
      this.o.replica.beginSnapshot({ logChanged: this.logChanged });
    }
    this.logChanged = false;
    this.forceReset = false;
    for (;;) {
      const progress = this.o.replica.snapshotInProgress();
      if (!progress) break;
      const req: { limit: number; after?: string } = { limit: SNAPSHOT_PAGE };
      if (progress.after !== undefined) req.after = progress.after;
      const ack = await this.request('snapshot', req, Ack(z.unknown()));
      if (!ack.ok) throw new RelayError(ack.error.code, ack.error.message);
      const page = SnapshotResponse.safeParse(ack.value);
      if (!page.success) throw new RelayError('BAD_ANSWER', `invalid snapshot page: ${formatIssues(page.error).slice(0, 300)}`);
      const done = this.o.replica.applySnapshotPage(page.data);
      this.o.hooks.applied({ applied: page.data.cases.length, gap: false, needsReset: false, caseIds: page.data.cases.map((c) => c.id), newCaseIds: [], urgent: [], confirmed: done.confirmed, refChanged: page.data.ref !== undefined });
      if (done.confirmed.length > 0) this.o.hooks.outbox();
      this.o.hooks.status();
    }
  }

  // ---------------------------------------------------------------- push

  /** Pushes pending commands soon (after `delayMs`, or the current backoff). */
  schedulePush(delayMs = 0): void {
    if (this.closed || !this.socket) return;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      void this.push();
    }, Math.max(delayMs, this.pushBackoffMs));
    this.pushTimer.unref?.();
  }

  push(): Promise<void> {
    return joinOrStart(this.pushes, () => this.pushLoop());
  }

  private async pushLoop(): Promise<void> {
    const auth = this.auth;
    if (!auth || !this.socket?.connected) return;
    try {
      for (;;) {
        this.pushes.again = false;
        const { mutations, blockedBy } = this.o.replica.nextPush(auth.userId, MAX_PUSH_BATCH);
        if (mutations.length === 0) {
          if (blockedBy) this.setError(`有 ${1} 条以上由其他用户（${blockedBy.actor.name}）提交的操作尚未发送：请该用户登录后同步，或撤销这些操作`);
          break;
        }
        if (this.connection === 'online') this.setConnection('syncing');
        this.o.replica.markSending(mutations.map((m) => m.id));
        this.o.beforePush?.(mutations.map((m) => m.id));
        const ack = await this.request('push', { mutations }, PushAck);
        if (!ack.ok) throw new RelayError(ack.error.code, ack.error.message);
        const rec = this.o.replica.recordPush(mutations, ack.value.results, ack.value.lastN);
        if (rec.rejected.length > 0) this.o.hooks.rejected(rec.rejected);
        this.o.hooks.outbox();
        // Applied commands are confirmed by the log: read it now rather than wait for the live messages.
        await this.pull();
        if (rec.unknown.length > 0) {
          const settled = this.o.replica.settleUnknown(rec.unknown);
          if (settled.length > 0) this.o.hooks.rejected(settled);
          this.o.hooks.outbox();
        }
        this.pushBackoffMs = 0;
        if (!this.pushes.again && mutations.length < MAX_PUSH_BATCH && !rec.renumbered) break;
      }
      this.pushes.run = null;
      if (this.socket?.connected && !this.pulls.run) this.markSynced();
    } catch (e) {
      const code = e instanceof RelayError ? e.code : 'ERROR';
      this.pushBackoffMs = Math.min(MAX_BACKOFF_MS, Math.max(500, this.pushBackoffMs * 2));
      this.o.log.warn(`push failed (${code}): ${(e as Error).message}; retrying in ${this.pushBackoffMs} ms`);
      if (code === 'FORBIDDEN') this.setError((e as Error).message);
      this.schedulePush(this.pushBackoffMs);
    }
  }
}
