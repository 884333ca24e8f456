/**
 * The workstation core: cache + sync engine + the workstation API behind one dispatcher,
 * `core.call(method, rawInput, ctx)`, which validates the input with the method's schema and the caller's
 * role, answers ApiResult and never throws. Plain Node: hosted by Electron's utilityProcess or the browser
 * host (electron/web), and by tests directly.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Api, ApiStreams, type ApiMethod, type ApiResult, type ApiStreamData, type ApiStreamName, type CaseDetail, type QueueRow, type SessionInfo, type SyncStatus } from '../../shared/api.js';
import type { Actor, User, UserRole } from '../../shared/model.js';
import type { PresenceEntry } from '../../shared/protocol.js';
import { createAssessmentService } from './api/assessment.js';
import { wallView } from './reads/wallView.js';
import { ROLE_LABELS } from '../../shared/engine/labels.js';
import { formatIssues } from '../../shared/validation.js';
import { LocalUsers, LoginError, relayLogin } from './api/auth.js';
import { queueRowOf, type CaseColumns } from './cache/caseRow.js';
import { errorCode, isDamage, isTransient, markDamaged, openCache } from './cache/db.js';
import { consoleLogger, type Logger } from './log.js';
import { QueueReader } from './reads/queue.js';
import { updateRef } from './api/refAdmin.js';
import { Replica, type ApplyOutcome } from './sync/replica.js';
import { StatsError, StatsReader } from './reads/stats.js';
import type { PeriodInfo } from './reads/recordPeriods.js';
import { Store, ROW_SELECT, outboxItem, type OutboxRecord } from './cache/store.js';
import { SyncEngine } from './sync/syncEngine.js';

export interface CoreOptions {
  /** Folder of the cache (workstation.db). */
  dataDir: string;
  /** Base URL of the relay, e.g. http://127.0.0.1:4800. */
  relayUrl: string;
  /** Stable id of this workstation; generated and kept in the cache when absent. */
  clientId?: string;
  log?: Logger;
  /** Validate every answer against the method's output schema (tests; costs time). */
  validateOutput?: boolean;
  /** Test hook: cap the cache file size (PRAGMA max_page_count) to simulate a full disk. */
  maxPageCount?: number;
  /** Test hook: called just before a push goes to the relay. */
  beforePush?: (mutationIds: string[]) => void;
  /** Timeout of one relay request (ms). */
  requestTimeoutMs?: number;
  /** How often a core that could not open its cache at start (full disk) tries again (ms, default 3000). */
  openRetryMs?: number;
  /** Stats worker threads that count statistics periods beside the core's thread (StatsReaderOptions.workers); default 0. */
  statsWorkers?: number;
}

/** Who is calling: transports set it. A wall-display connection is capped to the read-only 'wall' role. */
export interface CallContext {
  roleCap?: 'wall';
  /** Transport-level id of the caller (for logs). */
  connectionId?: string;
}

export type StreamListener = <S extends ApiStreamName>(stream: S, data: ApiStreamData<S>) => void;

export interface Core {
  readonly clientId: string;
  readonly dataDir: string;
  /** Set when the cache file was unusable at start: where it was moved and why. */
  readonly recovered: { movedTo: string; reason: string; salvagedOutbox: number } | undefined;
  call<M extends ApiMethod>(method: M, input: unknown, ctx?: CallContext): Promise<ApiResult<z.infer<(typeof Api)[M]['output']>>>;
  call(method: string, input: unknown, ctx?: CallContext): Promise<ApiResult<unknown>>;
  /** Subscribes to one push stream; returns the unsubscribe function. */
  subscribe<S extends ApiStreamName>(stream: S, listener: (data: ApiStreamData<S>) => void): () => void;
  /** Subscribes to every push stream (transports forward them all). */
  subscribeAll(listener: StreamListener): () => void;
  /** How the last statistics period was counted (benchmarks and checks). */
  statsInfo(): PeriodInfo;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const WALL_USER: User = { id: 'wall-display', username: 'wall', name: '会议大屏', role: 'wall', active: true };

const describeIssues = (error: z.ZodError): string => formatIssues(error, { root: '(输入)' });

interface Session {
  user: User;
  offline: boolean;
  /** Held in memory only after an offline login, to get a relay token once the relay is back. */
  password?: string;
}

function openCore(opts: CoreOptions): Core {
  const log = opts.log ?? consoleLogger();
  const file = path.join(opts.dataDir, 'workstation.db');
  const opened = openCache(file, { log, ...(opts.maxPageCount !== undefined ? { maxPageCount: opts.maxPageCount } : {}) });
  const db = opened.db;
  const store = new Store(db);
  // A query or write that meets a damaged file: the next start moves it aside (outbox salvaged) and syncs afresh.
  const damaged = (e: unknown) => markDamaged(file, `${errorCode(e)}: ${(e as Error).message}`);
  store.onDamage = damaged;
  const replica = new Replica(store, log);
  const users = new LocalUsers(db);
  const queue = new QueueReader(db);
  const stats = new StatsReader(db, { workers: opts.statsWorkers ?? 0, log });

  let clientId = opts.clientId ?? store.getMeta('clientId');
  if (!clientId) clientId = crypto.randomUUID();
  if (store.getMeta('clientId') !== clientId) store.setMeta('clientId', clientId);

  const streamListeners = new Set<StreamListener>();
  let closed = false;
  let session: Session | null = null;
  let reloginTimer: NodeJS.Timeout | null = null;

  function emit<S extends ApiStreamName>(stream: S, data: ApiStreamData<S>): void {
    if (closed) return;
    for (const l of streamListeners) {
      try {
        l(stream, data);
      } catch (e) {
        log.warn(`stream listener for ${stream} failed: ${(e as Error).message}`);
      }
    }
  }

  const lastSyncMeta = () => {
    const v = store.getMeta('lastSyncAt');
    return v === undefined ? undefined : Number(v);
  };

  function syncStatus(): SyncStatus {
    return sync.status(store.outboxSizes(), lastSyncMeta());
  }

  function emitOutbox(): void {
    const all = store.outboxAll();
    emit('outbox', { size: all.filter((i) => i.status === 'pending').length, rejected: all.filter((i) => i.status === 'rejected').map(outboxItem) });
  }

  let statusQueued = false;
  function emitStatus(): void {
    // Coalesce bursts (connect → pull → push) into one message per event-loop turn.
    if (statusQueued) return;
    statusQueued = true;
    setImmediate(() => {
      statusQueued = false;
      if (closed) return;
      const s = syncStatus();
      if (s.lastSyncAt !== undefined && s.lastSyncAt !== lastSyncMeta()) {
        try {
          store.setMeta('lastSyncAt', s.lastSyncAt);
        } catch {
          // A full disk must not stop the status from reaching the UI.
        }
      }
      emit('sync', s);
    });
  }

  function onApplied(out: ApplyOutcome): void {
    if (out.caseIds.length > 0 || out.confirmed.length > 0 || out.refChanged) {
      emit('changes', { caseIds: out.caseIds, seq: replica.cursor, newCaseIds: out.newCaseIds, ...(out.refChanged ? { refChanged: true } : {}) });
    }
    for (const c of out.urgent) {
      emit('notify', { kind: 'urgent_case', caseId: c.id, title: `紧急案件：${c.title}`, body: `${c.code} ${c.address}` });
    }
  }

  function onRejected(items: OutboxRecord[]): void {
    for (const it of items) {
      emit('notify', { kind: 'rejected_command', caseId: it.caseId, title: '操作未被接受', body: it.error?.message ?? '中继服务器拒绝了该操作' });
    }
    emit('changes', { caseIds: [...new Set(items.map((i) => i.caseId))], seq: replica.cursor, newCaseIds: [] });
    emitOutbox();
    emitStatus();
  }

  const sync = new SyncEngine({
    relayUrl: opts.relayUrl,
    clientId,
    replica,
    log,
    initialOffsetMs: store.getNumber('clockOffsetMs', 0),
    saveOffset: (ms) => {
      try {
        store.setMeta('clockOffsetMs', ms);
      } catch {
        // Not worth failing over: the offset is measured again at the next connect.
      }
    },
    ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    ...(opts.beforePush ? { beforePush: opts.beforePush } : {}),
    hooks: {
      applied: onApplied,
      rejected: onRejected,
      status: () => {
        if (session?.offline && sync.running && syncConnected()) session.offline = false;
        emitStatus();
      },
      presence: (list) => emit('presence', list),
      assessmentFrozen: (notice) => emit('assessments', notice),
      authFailed: (code, message) => {
        log.warn(`relay refused the token (${code}): ${message}`);
        if (session) {
          const username = session.user.username;
          try {
            users.clearToken(username);
          } catch {
            // The token is refused anyway; forgetting it is only tidiness.
          }
          scheduleRelogin(0);
        }
      },
      outbox: () => {
        emitOutbox();
        emitStatus();
      },
    },
  });
  const syncConnected = () => syncStatus().connection === 'online' || syncStatus().connection === 'syncing';

  const now = () => Date.now() + sync.clockOffsetMs;
  const assessments = createAssessmentService({
    relay: sync,
    candidates: (period, at) => stats.candidates(period, at),
    ref: () => requireRef(),
    now,
    meta: { get: (k) => store.getMeta(k), set: (k, v) => store.setMeta(k, v) },
    log,
  });

  // ---------------------------------------------------------------- session

  function startSyncFor(user: User): boolean {
    const tok = users.tokenOf(user.id);
    if (!tok || (tok.expiresAt !== null && tok.expiresAt <= Date.now())) return false;
    sync.start({ token: tok.token, userId: user.id });
    return true;
  }

  /** After an offline login, keep trying to get a relay token with the password held in memory. */
  function scheduleRelogin(delayMs: number): void {
    if (reloginTimer || closed || !session?.password) return;
    reloginTimer = setTimeout(() => {
      reloginTimer = null;
      const s = session;
      if (!s?.password || closed) return;
      loginToRelay(s.user.username, s.password)
        .then(async (res) => {
          if (session !== s) return;
          await users.remember(s.user.username, s.password!, res.user, res.token, res.expiresAt, Date.now());
          s.user = res.user;
          delete s.password;
          s.offline = false;
          saveSession();
          sync.start({ token: res.token, userId: res.user.id });
        })
        .catch((e: unknown) => {
          if (e instanceof LoginError && e.code === 'INVALID_CREDENTIALS') {
            // The password changed on the relay: stop trying; the user must log in again online.
            if (session === s) delete s.password;
            log.warn('background re-login refused: password no longer valid');
            return;
          }
          scheduleRelogin(Math.min(60_000, Math.max(2000, delayMs * 2)));
        });
    }, delayMs);
    reloginTimer.unref?.();
  }

  function saveSession(): void {
    if (session) store.setMeta('session', JSON.stringify({ user: session.user }));
    else store.delMeta('session');
  }

  function sessionInfo(ctx: CallContext): SessionInfo | null {
    if (ctx.roleCap === 'wall') {
      const base = session?.user ?? WALL_USER;
      return { user: { ...base, role: 'wall' }, offline: !syncConnected(), clientId: clientId! };
    }
    return session ? { user: session.user, offline: session.offline, clientId: clientId! } : null;
  }

  /**
   * Online login with this workstation's clientId and secret. A clientId the relay has registered to another
   * workstation (e.g. this cache lost its secret) is replaced by a fresh one, once.
   */
  async function loginToRelay(username: string, password: string) {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await relayLogin(opts.relayUrl, username, password, { clientId: clientId!, clientSecret: store.getMeta('clientSecret') });
        if (res.clientSecret) store.setMeta('clientSecret', res.clientSecret);
        users.clearOfflineFailures(username);
        return res;
      } catch (e) {
        if (attempt > 0 || !(e instanceof LoginError) || e.code !== 'CLIENT_ID_TAKEN') throw e;
        log.warn(`the relay has clientId ${clientId!} registered to another workstation: taking a new one`);
        clientId = crypto.randomUUID();
        store.setMeta('clientId', clientId);
        store.delMeta('clientSecret');
        sync.setClientId(clientId);
      }
    }
  }

  async function login(username: string, password: string): Promise<SessionInfo> {
    try {
      const res = await loginToRelay(username, password);
      await users.remember(username, password, res.user, res.token, res.expiresAt, Date.now());
      session = { user: res.user, offline: false };
      saveSession();
      sync.start({ token: res.token, userId: res.user.id });
      log.info(`logged in online as ${username}`);
    } catch (e) {
      if (!(e instanceof LoginError) || e.code !== 'RELAY_UNREACHABLE') throw e instanceof LoginError ? new ApiError(e.code, e.message) : e;
      const verdict = await users.verifyOffline(username, password);
      if (!verdict.ok && verdict.throttled)
        throw new ApiError('TOO_MANY_ATTEMPTS', `无法连接中继服务器，且离线登录密码错误次数过多，请 ${Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000))} 分钟后再试`);
      if (!verdict.ok) throw new ApiError('OFFLINE_LOGIN_FAILED', '无法连接中继服务器，离线登录失败：该用户未曾在本机登录，或密码不正确');
      const local = verdict.local;
      session = { user: local.user, offline: true, password };
      saveSession();
      if (!startSyncFor(local.user)) sync.stop();
      // Get a fresh token as soon as the relay answers again (the stored one may be old or missing).
      scheduleRelogin(2000);
      log.info(`logged in offline as ${username} (relay unreachable)`);
    }
    emitStatus();
    return { user: session!.user, offline: session!.offline, clientId: clientId! };
  }

  function logout(): void {
    if (session) {
      try {
        users.clearToken(session.user.username);
      } catch (e) {
        log.warn(`could not forget the token: ${(e as Error).message}`);
      }
    }
    session = null;
    if (reloginTimer) clearTimeout(reloginTimer);
    reloginTimer = null;
    sync.stop();
    saveSession();
    emitStatus();
  }

  // Resume the last session (the relay token is kept for reconnects; logout forgets it).
  {
    const saved = store.getMeta('session');
    if (saved) {
      try {
        const user = (JSON.parse(saved) as { user: User }).user;
        session = { user, offline: true };
        if (!startSyncFor(user)) log.warn(`session of ${user.username} resumed without a valid relay token: log in again to sync`);
      } catch {
        store.delMeta('session');
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  function effectiveRole(ctx: CallContext): UserRole | null {
    if (ctx.roleCap === 'wall') return 'wall';
    return session?.user.role ?? null;
  }

  function actorOf(user: User): Actor {
    return { id: user.id, name: user.name, role: user.role, unitId: user.unitId ?? 'centre' };
  }

  function requireRef() {
    const ref = store.getRef();
    if (!ref) throw new ApiError('NOT_READY', '尚未从中继服务器取得基础数据，请联网同步后再试');
    return ref;
  }

  const rowById = db.prepare(`SELECT ${ROW_SELECT} FROM local_cases c WHERE c.id = ? UNION ALL SELECT ${ROW_SELECT} FROM cases c WHERE c.id = ? LIMIT 1`);
  function rowsByIds(ids: readonly string[], limit: number): QueueRow[] {
    const pending = store.pendingCounts();
    const out: QueueRow[] = [];
    for (const id of ids.slice(0, limit)) {
      const r = rowById.get(id, id) as CaseColumns | undefined;
      if (r) out.push(queueRowOf(r, pending.get(id) ?? 0));
    }
    return out;
  }

  function viewersOf(caseId: string): PresenceEntry[] {
    const self = sync.presenceId;
    return sync.presence.filter((p) => p.openCaseId === caseId && p.id !== self);
  }

  // ---------------------------------------------------------------- handlers

  type Handlers = { [M in ApiMethod]: (input: z.infer<(typeof Api)[M]['input']>, ctx: CallContext) => Promise<z.infer<(typeof Api)[M]['output']>> | z.infer<(typeof Api)[M]['output']> };

  const handlers: Handlers = {
    'session.login': async (input, ctx) => {
      if (ctx.roleCap) throw new ApiError('FORBIDDEN', '会议大屏连接不能登录或切换用户');
      return login(input.username, input.password);
    },
    'session.current': (_input, ctx) => sessionInfo(ctx),
    'session.logout': (_input, ctx) => {
      if (ctx.roleCap) throw new ApiError('FORBIDDEN', '会议大屏连接不能退出登录');
      logout();
      return {};
    },
    'queue.list': (input) => queue.list(input, now(), store.pendingCounts(), store.serverVersion),
    'case.get': (input) => {
      const merged = replica.mergedCase(input.id);
      if (!merged) throw new ApiError('NOT_FOUND', `案件 ${input.id} 不在本地缓存中`);
      const detail: CaseDetail = { case: merged.state, pending: store.outboxForCase(input.id).map(outboxItem), viewers: viewersOf(input.id) };
      return detail;
    },
    'command.submit': (input) => {
      const user = session!.user;
      const out = replica.submit(input.command, actorOf(user), user.id, now());
      if (!out.ok) throw new ApiError(out.code, out.message);
      const isNew = input.command.type === 'report';
      emit('changes', { caseIds: [input.command.caseId], seq: replica.cursor, newCaseIds: isNew ? [input.command.caseId] : [] });
      emitOutbox();
      emitStatus();
      sync.schedulePush(0);
      return { mutationId: out.mutationId, n: out.n };
    },
    'outbox.list': () => store.outboxAll().map(outboxItem),
    'outbox.dismiss': (input) => {
      const out = replica.dismiss(input.id);
      if (!out.ok) throw new ApiError(out.code, out.message);
      emit('changes', { caseIds: [out.caseId], seq: replica.cursor, newCaseIds: [] });
      emitOutbox();
      emitStatus();
      return {};
    },
    'ref.get': () => requireRef(),
    'ref.update': async (input) => {
      const out = await updateRef(sync, input.change);
      if (!out.ok) throw new ApiError(out.code, out.message);
      log.info(`ref.update ${input.change.section}: seq ${out.value.seq}, ${out.value.recalculated} deadlines recalculated`);
      return { seq: out.value.seq };
    },
    'sync.status': () => syncStatus(),
    'sync.now': async () => {
      await sync.syncNow();
      return syncStatus();
    },
    'presence.list': () => sync.presence,
    'presence.open': (input) => {
      sync.openCase(input.caseId);
      return {};
    },
    'stats.query': (input) => stats.query({ period: input.period, groupBy: input.groupBy }, requireRef(), now(), replica.cursor),
    'stats.drill': async (input) => {
      const q: { period: { from: number; to: number }; metricId: string; groupBy?: string; groupKey?: string } = { period: input.period, metricId: input.metricId };
      if (input.groupBy !== undefined) q.groupBy = input.groupBy;
      if (input.groupKey !== undefined) q.groupKey = input.groupKey;
      return rowsByIds(await stats.drillIds(q, requireRef(), now(), replica.cursor), input.limit);
    },
    'time.now': () => ({ now: now(), offsetMs: sync.clockOffsetMs }),
    'assessment.inputs': (input) => assessments.inputs(input),
    'assessment.freeze': async (input) => {
      const out = await assessments.freeze(input);
      if (!out.ok) throw new ApiError(out.code, out.message);
      return out.value;
    },
    'assessment.list': async (input) => {
      const out = await assessments.list(input);
      if (!out.ok) throw new ApiError(out.code, out.message);
      return out.value;
    },
  };

  function toError(e: unknown, method: string): { code: string; message: string } {
    if (e instanceof ApiError || e instanceof StatsError) return { code: e.code, message: e.message };
    const code = errorCode(e);
    if (code === 'SQLITE_FULL') {
      log.error(`${method}: disk full (${(e as Error).message})`);
      return { code: 'DISK_FULL', message: '磁盘空间不足，本地缓存无法写入：本次操作未保存，已有数据未受影响。请释放磁盘空间后重试。' };
    }
    if (isDamage(code)) {
      log.error(`${method}: cache damaged (${(e as Error).message})`);
      damaged(e);
      return { code: 'CACHE_CORRUPT', message: '本地缓存文件已损坏：请重启工作站，系统会把损坏的文件移到一旁并重新同步。' };
    }
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_IOERR')) {
      log.error(`${method}: storage error ${code} (${(e as Error).message})`);
      return { code: 'STORAGE_ERROR', message: `本地缓存暂时无法访问（${code}），请稍后重试` };
    }
    log.error(`${method} failed: ${(e as Error).stack ?? String(e)}`);
    return { code: 'INTERNAL', message: `工作站内部错误：${(e as Error).message ?? String(e)}` };
  }

  async function call(method: string, rawInput: unknown, ctx: CallContext = {}): Promise<ApiResult<unknown>> {
    try {
      if (closed) return { ok: false, error: { code: 'CLOSED', message: '工作站核心已关闭' } };
      if (typeof method !== 'string' || !Object.hasOwn(Api, method)) {
        return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `未知的接口：${String(method).slice(0, 64)}` } };
      }
      const m = method as ApiMethod;
      const spec = Api[m];
      const parsed = spec.input.safeParse(rawInput === undefined ? {} : rawInput);
      if (!parsed.success) return { ok: false, error: { code: 'INVALID_INPUT', message: `参数不正确：${describeIssues(parsed.error)}` } };
      if (spec.roles !== 'public') {
        const role = effectiveRole(ctx);
        if (!role) return { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } };
        if (!spec.roles.includes(role)) return { ok: false, error: { code: 'FORBIDDEN', message: `当前角色（${ROLE_LABELS[role]}）无权执行此操作` } };
      }
      const handler = handlers[m] as (input: unknown, ctx: CallContext) => unknown;
      const raw = await handler(parsed.data, ctx);
      // The wall role is answered with residents' personal data masked, by the core (wallView.ts).
      const value = effectiveRole(ctx) === 'wall' ? wallView(m, raw) : raw;
      if (opts.validateOutput) {
        const check = spec.output.safeParse(value);
        if (!check.success) throw new Error(`output of ${m} does not match its schema: ${describeIssues(check.error)}`);
      }
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: toError(e, String(method)) };
    }
  }

  const core: Core = {
    get clientId() {
      return clientId!;
    },
    dataDir: opts.dataDir,
    recovered: opened.recovered,
    call: call as Core['call'],
    subscribe(stream, listener) {
      const l: StreamListener = (s, data) => {
        if ((s as string) === stream) (listener as (d: unknown) => void)(data);
      };
      streamListeners.add(l);
      return () => void streamListeners.delete(l);
    },
    subscribeAll(listener) {
      streamListeners.add(listener);
      return () => void streamListeners.delete(listener);
    },
    statsInfo: () => ({ ...stats.lastPeriod }),
    async close() {
      if (closed) return;
      closed = true;
      if (reloginTimer) clearTimeout(reloginTimer);
      sync.stop();
      streamListeners.clear();
      await stats.close();
      try {
        db.pragma('optimize');
      } catch {
        // Only a planner hint.
      }
      db.close();
    },
  };
  if (opened.recovered) {
    sync.setNotice(`本地缓存文件无法使用（${opened.recovered.reason}），已移至 ${opened.recovered.movedTo} 并重建；登录后将从中继服务器重新同步。`);
  }
  return core;
}

/**
 * Opens the core; on storage trouble at start (a full disk: the pragmas or the first read meet SQLITE_FULL /
 * SQLITE_IOERR, an unwritable folder, a lock) answers a waiting core instead of throwing: every call answers
 * DISK_FULL / STORAGE_ERROR with a Chinese message, the cache file is left as it is (its queued commands
 * stay), and opening is retried (every `openRetryMs` and at each call) until it works; from then on the
 * waiting core passes everything to the real one, streams included.
 */
export function createCore(opts: CoreOptions): Core {
  try {
    return openCore(opts);
  } catch (e) {
    if (!startTrouble(e)) throw e;
    return waitingCore(opts, e);
  }
}

/** Storage trouble at start that may pass (never damage: openCache moves a damaged file aside itself). */
function startTrouble(e: unknown): boolean {
  const code = errorCode(e);
  return isTransient(code) || ['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'EDQUOT'].includes(code);
}

/** Free bytes on the file system of `dir` (or of its nearest existing parent); null if unknown. */
function freeBytes(dir: string): number | null {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      const s = fs.statfsSync(d);
      return s.bavail * s.bsize;
    } catch {
      if (path.dirname(d) === d) return null;
    }
  }
}

function waitingCore(opts: CoreOptions, first: unknown): Core {
  const log = opts.log ?? consoleLogger();
  const retryMs = opts.openRetryMs ?? 3000;
  let inner: Core | null = null;
  let closed = false;
  let problem = describeStartTrouble(opts.dataDir, first);
  log.error(`cannot open the cache in ${opts.dataDir} (${errorCode(first)}: ${(first as Error).message}); the core waits and retries every ${retryMs} ms`);
  const listeners = new Map<StreamListener, (() => void) | null>();

  const status = (): SyncStatus => ({ connection: 'offline', outboxSize: 0, rejectedCount: 0, cursor: 0, clockOffsetMs: 0, relayUrl: opts.relayUrl, error: problem.message });
  function tryOpen(): Core | null {
    if (inner || closed) return inner;
    try {
      inner = openCore(opts);
    } catch (e) {
      if (!startTrouble(e)) log.error(`opening the cache failed: ${(e as Error).stack ?? String(e)}`);
      problem = describeStartTrouble(opts.dataDir, e);
      for (const l of listeners.keys()) l('sync', status());
      return null;
    }
    clearInterval(timer);
    log.info(`cache in ${opts.dataDir} opened after waiting for storage`);
    for (const l of listeners.keys()) listeners.set(l, inner.subscribeAll(l));
    return inner;
  }
  const timer = setInterval(tryOpen, retryMs);
  timer.unref?.();

  const shell: Core = {
    get clientId() {
      return inner?.clientId ?? opts.clientId ?? '';
    },
    dataDir: opts.dataDir,
    get recovered() {
      return inner?.recovered;
    },
    call: (async (method: string, input: unknown, ctx?: CallContext) => {
      const c = tryOpen();
      if (c) return c.call(method, input, ctx);
      if (closed) return { ok: false, error: { code: 'CLOSED', message: '工作站核心已关闭' } };
      return { ok: false, error: { code: problem.code, message: problem.message } };
    }) as Core['call'],
    subscribe(stream, listener) {
      return shell.subscribeAll((s, data) => {
        if ((s as string) === stream) (listener as (d: unknown) => void)(data);
      });
    },
    subscribeAll(listener) {
      listeners.set(listener, inner ? inner.subscribeAll(listener) : null);
      return () => {
        listeners.get(listener)?.();
        listeners.delete(listener);
      };
    },
    statsInfo: () => inner?.statsInfo() ?? { fast: false, candidates: 0, exactPath: 0, rebuilt: 0, worker: false },
    async close() {
      closed = true;
      clearInterval(timer);
      listeners.clear();
      await inner?.close();
    },
  };
  return shell;
}

function describeStartTrouble(dataDir: string, e: unknown): { code: string; message: string } {
  const code = errorCode(e);
  const free = freeBytes(dataDir);
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === 'EDQUOT' || (free !== null && free < 4 * 1024 * 1024)) {
    return { code: 'DISK_FULL', message: '磁盘空间不足，工作站无法打开本地缓存：已排队的操作仍保存在本机，不会丢失。请释放磁盘空间，工作站会自动重试并恢复工作。' };
  }
  return { code: 'STORAGE_ERROR', message: `本地缓存暂时无法打开（${code}）：已排队的操作仍保存在本机，不会丢失。工作站会自动重试；如持续出现，请检查磁盘和数据目录的权限。` };
}

/** The stream schemas, re-exported for transports that validate what they forward. */
export { ApiStreams };
