/**
 * The sync engine, a coordinator: one Socket.IO connection to the relay, the connection state and status,
 * presence, the clock offset, and the two directions: `PullSide` (pullSide.ts: pages from the cursor,
 * 'reset' → snapshot, live changes applied only when seq == cursor + 1) and `PushSide` (pushSide.ts: the
 * outbox, idempotent, with backoff; confirmed only when the log shows it). Every relay message is
 * validated; a bad one is logged and answered by a pull.
 */
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import {
  AssessmentFrozenNotice,
  DistrictLink,
  PresenceList,
  TimeResponse,
  WireError,
  type PresenceEntry,
} from '../../../shared/protocol.js';
import type { SyncStatus } from '../../../shared/api.js';
import { formatIssues } from '../../../shared/validation.js';
import { PullSide } from './pullSide.js';
import { PushSide } from './pushSide.js';
import type { SyncLink } from './syncLink.js';
import type { Connection, SyncAuth, SyncOptions } from './syncTypes.js';
import { Ack, RelayError } from './wire.js';

export { APPLY_BATCH } from './pullSide.js';

export class SyncEngine implements SyncLink {
  private socket: Socket | null = null;
  private authState: SyncAuth | null = null;
  private conn: Connection = 'offline';
  private error: string | undefined;
  private offsetMs: number;
  private lastSyncAt: number | undefined;
  private stopped = false;
  private presenceList: PresenceEntry[] = [];
  /** How the relay's forwarding to the district platform stands, while connected (unknown otherwise). */
  private district: DistrictLink | undefined;
  private readonly timeoutMs: number;
  private openCaseId: string | null = null;
  private clientId: string;
  /** The two directions, each with its own loop state (SyncLoop `{run, again}`). */
  private readonly pulls: PullSide;
  private readonly pushes: PushSide;

  constructor(readonly o: SyncOptions) {
    this.clientId = o.clientId;
    this.offsetMs = o.initialOffsetMs ?? 0;
    this.timeoutMs = o.requestTimeoutMs ?? 15_000;
    this.pulls = new PullSide(this);
    this.pushes = new PushSide(this, () => this.pull());
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
    return this.pulls.head;
  }
  get auth(): SyncAuth | null {
    return this.authState;
  }
  get connection(): Connection {
    return this.conn;
  }
  get closed(): boolean {
    return this.stopped;
  }
  get started(): boolean {
    return this.socket !== null;
  }
  get pulling(): boolean {
    return this.pulls.loop.run !== null;
  }

  status(outbox: { pending: number; rejected: number }, lastSyncAt: number | undefined): SyncStatus {
    const s: SyncStatus = {
      connection: this.conn,
      outboxSize: outbox.pending,
      rejectedCount: outbox.rejected,
      cursor: this.o.replica.cursor,
      clockOffsetMs: this.offsetMs,
      relayUrl: this.o.relayUrl,
    };
    const last = this.lastSyncAt ?? lastSyncAt;
    if (last !== undefined) s.lastSyncAt = last;
    if (this.pulls.head !== undefined) s.head = this.pulls.head;
    if (this.error !== undefined) s.error = this.error;
    if (this.pulls.notice !== undefined) s.notice = this.pulls.notice;
    if (this.district !== undefined && this.socket?.connected) s.district = this.district;
    return s;
  }

  get lastSync(): number | undefined {
    return this.lastSyncAt;
  }

  setConnection(c: Connection, error?: string | null): void {
    const changed = c !== this.conn || (error !== undefined && (error ?? undefined) !== this.error);
    this.conn = c;
    if (error !== undefined) this.error = error ?? undefined;
    if (changed) this.o.hooks.status();
  }

  setError(error: string | undefined): void {
    if (error === this.error) return;
    this.error = error;
    this.o.hooks.status();
  }

  clearError(): void {
    this.error = undefined;
  }

  markSynced(): void {
    this.lastSyncAt = Date.now();
    // The status carries the cursor and the time of the last sync: it is sent even when the connection state
    // stays 'online' (a live change applied), or the indicator and anyone waiting on the cursor see a stale one.
    const wasOnline = this.conn === 'online' && this.error === undefined;
    if (this.socket?.connected && !this.pushes.loop.run && !this.pulls.loop.run) {
      this.setConnection('online', null);
      if (wasOnline) this.o.hooks.status();
    } else this.o.hooks.status();
  }

  reportApplyError(e: unknown): void {
    const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : '';
    const msg =
      code === 'SQLITE_FULL'
        ? '磁盘空间不足，无法写入本地缓存；已暂停同步，释放空间后自动重试'
        : `写入本地缓存失败：${(e as Error).message}`;
    this.o.log.error(`applying changes failed: ${(e as Error).message}`);
    this.setError(msg);
  }

  /** (Re)connects with a token. Replaces any previous connection. */
  start(auth: SyncAuth): void {
    this.stop();
    this.stopped = false;
    this.authState = auth;
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
      this.pulls.connected();
      this.setConnection('syncing', null);
      this.pushes.resetBackoff();
      if (this.openCaseId !== null) socket.emit('presence:open', { caseId: this.openCaseId }, () => undefined);
      void this.onConnected();
    });
    socket.on('disconnect', (reason: string) => {
      if (this.socket !== socket) return;
      this.district = undefined;
      // Closed by the relay (token expired or revoked): Socket.IO does not reconnect by itself.
      this.setConnection(this.stopped || reason === 'io server disconnect' ? 'offline' : 'connecting');
    });
    socket.io.on('reconnect_attempt', () => {
      if (this.socket === socket && this.conn === 'offline') this.setConnection('connecting');
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
    socket.on('change', (raw: unknown) => this.pulls.onLiveChange(raw));
    socket.on('changes', (raw: unknown) => {
      if (!Array.isArray(raw)) {
        this.o.log.warn('relay sent an invalid changes batch (not a list), pulling instead');
        void this.pull();
        return;
      }
      for (const entry of raw) this.pulls.onLiveChange(entry);
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
    socket.on('district:link', (raw: unknown) => {
      const link = DistrictLink.safeParse(raw);
      if (!link.success) return this.o.log.warn(`relay sent an invalid district link status: ${formatIssues(link.error, { max: 1 })}`);
      this.district = link.data;
      this.o.hooks.status();
    });
    socket.on('protocol_error', (raw: unknown) => this.o.log.warn(`relay protocol_error: ${JSON.stringify(raw).slice(0, 300)}`));
  }

  /** A message shown in the status until the next successful sync (e.g. the cache was rebuilt). */
  setNotice(message: string): void {
    this.error = message;
  }

  /** Tells the relay which case this workstation has open (presence); repeated after reconnects. */
  openCase(caseId: string | null): void {
    this.openCaseId = caseId;
    if (this.socket?.connected) this.socket.emit('presence:open', { caseId }, () => undefined);
  }

  /** Disconnects (logout, close). */
  stop(): void {
    this.stopped = true;
    this.pushes.stop();
    this.pulls.stop();
    const s = this.socket;
    this.socket = null;
    this.authState = null;
    if (s) {
      s.removeAllListeners();
      s.io.removeAllListeners();
      s.disconnect();
    }
    this.presenceList = [];
    this.district = undefined;
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

  request<T extends z.ZodType>(event: string, payload: unknown, schema: T): Promise<z.infer<T>> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.reject(new RelayError('OFFLINE', '未连接中继服务器'));
    return new Promise((resolve, reject) => {
      const args = payload === undefined ? [] : [payload];
      socket.timeout(this.timeoutMs).emit(event, ...args, (err: Error | null, raw: unknown) => {
        if (err) return reject(new RelayError('TIMEOUT', `中继服务器未在 ${this.timeoutMs} ms 内应答 ${event}`));
        const parsed = schema.safeParse(raw);
        if (!parsed.success)
          return reject(new RelayError('BAD_ANSWER', `invalid ${event} answer: ${formatIssues(parsed.error, { max: 1 })}`));
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

  /** Reads the log from the cursor up to the head (or takes a snapshot after 'reset'). */
  pull(forceReset = false): Promise<void> {
    return this.pulls.pull(forceReset);
  }

  /** Pushes pending commands soon (after `delayMs`, or the current backoff). */
  schedulePush(delayMs = 0): void {
    this.pushes.schedule(delayMs);
  }

  push(): Promise<void> {
    return this.pushes.push();
  }
}
