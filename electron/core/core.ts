/**
 * The workstation core: cache + sync engine + the workstation API behind one dispatcher,
 * `core.call(method, rawInput, ctx)`, which validates the input with the method's schema and the caller's
 * role, answers ApiResult and never throws. Plain Node: hosted by Electron's utilityProcess or the browser
 * host (electron/web), and by tests directly.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import { Api, ApiStreams, type ApiMethod, type ApiResult, type SyncStatus } from '../../shared/api.js';
import { ROLE_LABELS } from '../../shared/engine/labels.js';
import { createAssessmentService } from './api/assessment.js';
import { LocalUsers } from './cache/localUsers.js';
import { toError } from './api/errors.js';
import { buildHandlers, type CoreParts } from './api/handlers.js';
import { AttachmentFiles, attachmentShas, droppedAttachmentNotice } from './files/attachmentFiles.js';
import { requireRef } from './api/reference.js';
import { Session } from './api/session.js';
import { Streams } from './api/streams.js';
import { errorCode, markDamaged, openCache } from './cache/db.js';
import { Store } from './cache/store.js';
import { consoleLogger } from './log.js';
import { QueueReader } from './reads/queue.js';
import { AuditReader } from './reads/audit.js';
import { RefAuditBackfill } from './reads/refAuditBackfill.js';
import { StatsReader } from './reads/stats.js';
import { wallView } from './reads/wallView.js';
import { formatIssues } from '../../shared/validation.js';
import { Replica } from './sync/replica.js';
import { SyncEngine } from './sync/syncEngine.js';
import type { CallContext, Core, CoreOptions } from './types.js';
import { startTrouble, waitingCore } from './waitingCore.js';

export type { CallContext, Core, CoreOptions, StreamListener } from './types.js';

const describeIssues = (error: z.ZodError): string => formatIssues(error, { root: '(输入)' });

/** Opens the cache and builds the parts: store, replica, sync engine, session, streams, readers. */
function openParts(opts: CoreOptions) {
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
  const audit = new AuditReader(db);
  const stats = new StatsReader(db, { workers: opts.statsWorkers ?? 0, log });

  let clientId = opts.clientId ?? store.getMeta('clientId');
  if (!clientId) clientId = crypto.randomUUID();
  if (store.getMeta('clientId') !== clientId) store.setMeta('clientId', clientId);
  const identity = {
    get id() {
      return clientId!;
    },
    renew() {
      clientId = crypto.randomUUID();
      store.setMeta('clientId', clientId);
      store.delMeta('clientSecret');
      sync.setClientId(clientId);
      return clientId;
    },
  };

  const syncStatus = (): SyncStatus => sync.status(store.outboxSizes(), streams.lastSyncMeta());
  const syncConnected = () => syncStatus().connection === 'online' || syncStatus().connection === 'syncing';
  const streams = new Streams({ store, log, syncStatus, cursor: () => replica.cursor });

  const files = new AttachmentFiles({
    dataDir: opts.dataDir,
    relayUrl: opts.relayUrl,
    token: () => sync.auth?.token ?? null,
    log,
    ...(opts.attachmentCacheBytes !== undefined ? { cacheBytes: opts.attachmentCacheBytes } : {}),
  });
  // The operation log's reference-data history the cache missed (set once the session exists, below).
  let refAuditBackfill: RefAuditBackfill | null = null;
  const sync: SyncEngine = new SyncEngine({
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
    beforeSend: async (mutations) => {
      const refused = await files.ensureUploaded(attachmentShas(mutations.map((m) => m.command)));
      if (refused.length === 0) return false;
      // Refused for good (e.g. an image that does not decode): never let it hold the push up. Every queued
      // command naming it goes without it (not only this batch), the file is discarded, the user is told.
      const pendingIds = store
        .outboxAll()
        .filter((i) => i.status === 'pending')
        .map((i) => i.id);
      const changed = replica.dropAttachments(pendingIds, new Set(refused.map((r) => r.sha256)));
      await files.discardPending(refused.map((r) => r.sha256));
      for (const { item, removed } of changed)
        for (const att of removed) {
          const refusal = refused.find((r) => r.sha256 === att.sha256) ?? refused[0]!;
          const body = droppedAttachmentNotice({ ...refusal, name: att.name });
          log.warn(`command ${item.id} (case ${item.caseId}) goes without attachment ${att.sha256?.slice(0, 12)}: refused by the relay`);
          streams.emit('notify', { kind: 'rejected_command', caseId: item.caseId, title: '附件已移除', body });
        }
      if (changed.length > 0) {
        streams.emit('changes', { caseIds: [...new Set(changed.map((c) => c.item.caseId))], seq: replica.cursor, newCaseIds: [] });
        streams.emitOutbox();
      }
      return true;
    },
    hooks: {
      applied: (out) => streams.applied(out),
      rejected: (items) => streams.rejected(items),
      status: () => {
        session.syncStatusChanged();
        streams.emitStatus();
        void refAuditBackfill?.kick();
      },
      presence: (list) => streams.emit('presence', list),
      assessmentFrozen: (notice) => streams.emit('assessments', notice),
      authFailed: (code, message) => {
        log.warn(`relay refused the token (${code}): ${message}`);
        session.tokenRefused();
      },
      outbox: () => {
        streams.emitOutbox();
        streams.emitStatus();
      },
    },
  });
  const session: Session = new Session({
    relayUrl: opts.relayUrl,
    store,
    users,
    sync,
    log,
    identity,
    connected: syncConnected,
    statusChanged: () => streams.emitStatus(),
  });

  refAuditBackfill = new RefAuditBackfill({ store, log, relay: sync, connected: syncConnected, role: () => session.user?.role ?? null });
  audit.attachBackfill(refAuditBackfill);

  const now = () => Date.now() + sync.clockOffsetMs;
  const assessments = createAssessmentService({
    relay: sync,
    candidates: (period, at) => stats.candidates(period, at),
    ref: () => requireRef(store),
    now,
    meta: { get: (k) => store.getMeta(k), set: (k, v) => store.setMeta(k, v) },
    log,
  });

  session.resume();
  const parts: CoreParts = {
    log,
    dataDir: opts.dataDir,
    ...(opts.tileCacheBytes !== undefined ? { tileCacheBytes: opts.tileCacheBytes } : {}),
    files,
    store,
    replica,
    sync,
    queue,
    audit,
    stats,
    assessments,
    session,
    streams,
    now,
    requireRef: () => requireRef(store),
    syncStatus,
  };
  return { parts, opened, identity, damaged };
}

function openCore(opts: CoreOptions): Core {
  const { parts, opened, identity, damaged } = openParts(opts);
  const { log, session, streams, sync, stats, store } = parts;
  const handlers = buildHandlers(parts);
  let closed = false;

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
        const role = session.role(ctx);
        if (!role) return { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } };
        if (!spec.roles.includes(role))
          return { ok: false, error: { code: 'FORBIDDEN', message: `当前角色（${ROLE_LABELS[role]}）无权执行此操作` } };
      }
      const handler = handlers[m] as (input: unknown, ctx: CallContext) => unknown;
      const raw = await handler(parsed.data, ctx);
      // The wall role is answered with residents' personal data masked, by the core (reads/wallView.ts).
      const value = session.role(ctx) === 'wall' ? wallView(m, raw) : raw;
      if (opts.validateOutput) {
        const check = spec.output.safeParse(value);
        if (!check.success) throw new Error(`output of ${m} does not match its schema: ${describeIssues(check.error)}`);
      }
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: toError(e, String(method), log, damaged) };
    }
  }

  const core: Core = {
    get clientId() {
      return identity.id;
    },
    dataDir: opts.dataDir,
    recovered: opened.recovered,
    call: call as Core['call'],
    subscribe: streams.subscribe,
    subscribeAll: streams.subscribeAll,
    statsInfo: () => ({ ...stats.lastPeriod }),
    async close() {
      if (closed) return;
      closed = true;
      session.close();
      streams.close();
      sync.stop();
      await stats.close();
      store.close();
    },
  };
  if (opened.recovered) {
    sync.setNotice(
      `本地缓存文件无法使用（${opened.recovered.reason}），已移至 ${opened.recovered.movedTo} 并重建；登录后将从中继服务器重新同步。`,
    );
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
    return waitingCore(opts, e, openCore);
  }
}

/** The stream schemas, re-exported for transports that validate what they forward. */
export { ApiStreams };
