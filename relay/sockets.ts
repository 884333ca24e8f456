/**
 * Socket.IO side of the relay: handshake authentication, pull / snapshot / push / time / presence /
 * ref:update / assessment:freeze / assessment:list requests (each answered with the Ack envelope), and the
 * live 'change' broadcast.
 */
import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import type { Actor, User } from '../shared/model.js';
import {
  HandshakeAuth,
  MAX_PAYLOAD_BYTES,
  PresenceOpen,
  PullRequest,
  PushRequest,
  RefChange,
  RefHistoryRequest,
  FileDivisionRequest,
  SnapshotRequest,
  type Ack,
  type DistrictLink,
  type LogEntry,
  type PresenceEntry,
  type PullResponse,
  type SnapshotResponse,
  AssessmentFreezeRequest,
  AssessmentListRequest,
  UserSaveRequest,
} from '../shared/protocol.js';
import {
  CATALOG_APPROVE_FORBIDDEN,
  CATALOG_APPROVE_ROLES,
  CATALOG_PROPOSE_FORBIDDEN,
  CATALOG_PROPOSE_ROLES,
} from '../shared/engine/catalogVersions.js';
import { FREEZE_FORBIDDEN_MESSAGE, FREEZE_ROLES, freezeOnRelay } from './assessments.js';
import { DOC_NUMBER_FORBIDDEN, DOC_NUMBER_ROLES, DocNumberRequest } from '../shared/docNumber.js';
import { SMS_FULL_MOBILE_ROLES, SMS_SETTINGS_FORBIDDEN, SMS_SETTINGS_ROLES, SmsSettingsSaveRequest } from '../shared/sms.js';
import { SmsSettingsError, type SmsSettingsStore } from './sms/settingsStore.js';
import { SMS_LOG_FORBIDDEN, SmsListRequest, maySeeSmsLog, smsForRole } from '../shared/smsLog.js';
import type { AssessmentFrozenNotice } from '../shared/assessment/api.js';
import { hashPassword, verifyToken, type TokenClaims } from './auth.js';
import { HubError, pushRefusal, type Hub } from './hub.js';
import { refUpdateRefusal } from './refChecks.js';
import { SCHEME_EDIT_FORBIDDEN_MESSAGE, SCHEME_EDIT_ROLES } from '../shared/assessment/streetSchemes.js';
import { PRECEDENT_RULING_FORBIDDEN, PRECEDENT_RULING_ROLES } from '../shared/engine/precedentRuling.js';
import { issues } from './http.js';
import { AUDIT_FORBIDDEN, AUDIT_ROLES } from '../shared/refAudit.js';
import { answerPull, answerSnapshot } from './logIdentity.js';
import { LiveBatcher } from './liveBatch.js';
import type { LogStore } from './store/types.js';

export interface SocketDeps {
  hub: Hub;
  store: LogStore;
  tokenSecret: string;
  presenceIntervalMs: number;
  /** Batched live sockets get at most one 'changes' message per this many ms (relay/liveBatch.ts); default 0. */
  liveBatchMs?: number;
  log: (msg: string) => void;
  /** The district link status sent to each new socket ('district:link'). */
  districtLink?: () => DistrictLink;
  /** The SMS settings (短信设置) the admin reads and saves ('sms:settings:get' / 'sms:settings:save'). */
  smsSettings?: SmsSettingsStore;
}

interface SocketData {
  claims: TokenClaims;
  clientId: string;
  actor: Actor;
  batch: boolean;
}

class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const SOCKET_EVENTS = [
  'pull',
  'snapshot',
  'push',
  'time',
  'presence:open',
  'ref:update',
  'ref:fileDivision',
  'user:save',
  'assessment:freeze',
  'assessment:list',
  'docNumber:allocate',
  'ref:history',
  'sms:list',
  'sms:settings:get',
  'sms:settings:save',
] as const;

export function createSocketServer(server: http.Server, d: SocketDeps) {
  const io = new Server(server, {
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    serveClient: false,
    // Connection-state recovery stays off: pull(cursor) is the correctness path, the log is the buffer.
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });

  // ---- handshake authentication: refused connections get connect_error with data.code
  io.use((socket, next) => {
    const refuse = (code: string, message: string) => {
      const err = new Error(message) as Error & { data: { code: string; message: string } };
      err.data = { code, message };
      next(err);
    };
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return refuse('UNAUTHENTICATED', '未登录：连接需要令牌（auth.token）和工作站编号（auth.clientId）');
    const check = verifyToken(auth.data.token, d.tokenSecret, Date.now());
    if (!check.ok) return refuse(check.code, check.code === 'TOKEN_EXPIRED' ? '登录已过期，请重新登录' : '令牌无效，请重新登录');
    if (check.claims.cid !== auth.data.clientId) return refuse('TOKEN_INVALID', '令牌不属于此工作站，请重新登录');
    d.store
      .getUser(check.claims.sub)
      .then((rec) => {
        if (!rec || rec.user.active === false) return refuse('TOKEN_INVALID', '账号不存在或已停用');
        const c = check.claims;
        // The token's role is the role at login: a token from before a role change is no longer valid.
        if (rec.user.role !== c.role) return refuse('TOKEN_INVALID', '账号角色已变更，请重新登录');
        const data: SocketData = {
          claims: c,
          clientId: auth.data.clientId,
          batch: auth.data.batch === true,
          // The actor is always the authenticated user, never anything the client sends.
          actor: { id: c.sub, name: c.name, role: c.role, unitId: c.unitId ?? 'centre' },
        };
        socket.data = data;
        next();
      })
      .catch((err: unknown) => refuse('UNAVAILABLE', 'relay store unavailable: ' + (err as Error).message));
  });

  // ---- presence
  const presence = new Map<string, PresenceEntry & { socketId: string }>();
  const presenceList = (): PresenceEntry[] =>
    [...presence.values()].map(({ socketId: _s, ...e }) => e).sort((a, b) => a.since - b.since || a.id.localeCompare(b.id));
  let presenceTimer: NodeJS.Timeout | null = null;
  let lastPresenceAt = 0;
  const broadcastPresence = () => {
    if (presenceTimer) return;
    const wait = Math.max(0, lastPresenceAt + d.presenceIntervalMs - Date.now());
    presenceTimer = setTimeout(() => {
      presenceTimer = null;
      lastPresenceAt = Date.now();
      io.emit('presence', presenceList());
    }, wait);
  };

  // ---- live changes, emitted after commit, in seq order: one LogEntry per 'change' message, or one
  // 'changes' message per commit for sockets that asked for batches (large fan-out, high rates).
  const single = io.to('live:single');
  const batched = io.to('live:batch');
  const batcher = new LiveBatcher(d.liveBatchMs ?? 0, (entries) => batched.emit('changes', entries));
  const broadcast = (entries: LogEntry[]) => {
    for (const e of entries) single.emit('change', e);
    batcher.add(entries);
    if (entries.some((e) => e.kind === 'ref' && e.ref.section === 'users')) revokeChanged(d.hub.ref.users);
  };

  /** After a users change: close the sockets of users who were deactivated, removed or given another role. */
  const revokeChanged = (users: readonly User[]) => {
    const byId = new Map(users.map((u) => [u.id, u]));
    for (const socket of io.sockets.sockets.values()) {
      const data = socket.data as SocketData | undefined;
      if (!data?.claims) continue;
      const u = byId.get(data.claims.sub);
      const reason =
        !u || u.active === false
          ? { code: 'ACCOUNT_DISABLED', message: '账号已停用，连接已断开；如有疑问请联系管理员' }
          : u.role !== data.claims.role
            ? { code: 'ROLE_CHANGED', message: '账号角色已变更，连接已断开，请重新登录' }
            : null;
      if (!reason) continue;
      d.log(`closing socket of ${data.claims.sub} (${reason.code})`);
      socket.emit('auth:revoked', reason);
      socket.disconnect(true);
    }
  };

  io.on('connection', (socket: Socket) => {
    const data = socket.data as SocketData;
    void socket.join(data.batch ? 'live:batch' : 'live:single');
    const expiresIn = data.claims.exp - Date.now();
    const expiry = setTimeout(
      () => {
        socket.emit('auth:expired', { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' });
        socket.disconnect(true);
      },
      Math.min(expiresIn, 2 ** 31 - 1),
    );

    presence.set(data.clientId, {
      // The connection's public Socket.IO id: other workstations never learn this one's clientId.
      id: socket.id,
      userId: data.claims.sub,
      name: data.claims.name,
      role: data.claims.role,
      openCaseId: null,
      since: Date.now(),
      socketId: socket.id,
    });
    socket.emit('presence', presenceList());
    broadcastPresence();
    if (d.districtLink) socket.emit('district:link', d.districtLink());

    socket.on('disconnect', () => {
      clearTimeout(expiry);
      const p = presence.get(data.clientId);
      if (p?.socketId === socket.id) {
        presence.delete(data.clientId);
        broadcastPresence();
      }
    });

    /** The user as the reference data has them now (role and active flag may have changed since login). */
    const currentUser = (): User | undefined => {
      const u = d.hub.ref.users.find((x) => x.id === data.claims.sub);
      return u && u.active !== false ? u : undefined;
    };

    /** Register a request handler: validate with the schema, answer with the Ack envelope. */
    const handle = <S extends z.ZodType, R>(event: string, schema: S | null, fn: (input: z.output<S>) => Promise<R>) => {
      socket.on(event, (...args: unknown[]) => {
        const ack = typeof args.at(-1) === 'function' ? (args.pop() as (a: Ack<R>) => void) : null;
        const reply = (a: Ack<R>) => {
          if (ack) ack(a);
          else if (!a.ok) socket.emit('protocol_error', { event, ...a.error });
        };
        let input: unknown = undefined;
        if (schema) {
          const parsed = schema.safeParse(args[0] === undefined ? {} : args[0]);
          if (!parsed.success) return reply({ ok: false, error: { code: 'BAD_REQUEST', message: `${event}: ${issues(parsed.error)}` } });
          input = parsed.data;
        }
        fn(input as z.output<S>).then(
          (value) => reply({ ok: true, value }),
          (err: unknown) => {
            if (err instanceof RequestError || err instanceof HubError)
              reply({ ok: false, error: { code: err.code, message: err.message } });
            else {
              d.log(`socket ${event} failed: ${(err as Error).stack ?? String(err)}`);
              reply({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
            }
          },
        );
      });
    };

    // Log identity checks (restored or replaced relay data): relay/logIdentity.ts.
    handle('pull', PullRequest, async (req): Promise<PullResponse> => answerPull(d, req));

    handle('snapshot', SnapshotRequest, async (req): Promise<SnapshotResponse> => answerSnapshot(d, req));

    handle('push', PushRequest, async ({ mutations }) => {
      // Fast refusal on the current reference data; the hub checks again when it takes the commands.
      const refusal = pushRefusal(currentUser());
      if (refusal) throw new RequestError(refusal.code, refusal.message);
      return d.hub.push(data.clientId, data.actor, mutations);
    });

    handle('time', null, async () => ({ now: Date.now() }));

    handle('presence:open', PresenceOpen, async ({ caseId }) => {
      const p = presence.get(data.clientId);
      if (p && p.socketId === socket.id && p.openCaseId !== caseId) {
        p.openCaseId = caseId;
        broadcastPresence();
      }
      return { openCaseId: caseId };
    });

    handle('ref:update', RefChange, async (change) => {
      const role = currentUser()?.role;
      // Scoring schemes are the leadership's policy as well as configuration: leaders and admins (streetSchemes.ts).
      if (change.section === 'assessmentScheme') {
        if (!role || !SCHEME_EDIT_ROLES.includes(role)) throw new RequestError('FORBIDDEN', SCHEME_EDIT_FORBIDDEN_MESSAGE);
      } else if (change.section === 'precedentRuling') {
        // The leadership group's review (领导小组研究): leaders, and admins recording it for them.
        if (!role || !PRECEDENT_RULING_ROLES.includes(role)) throw new RequestError('FORBIDDEN', PRECEDENT_RULING_FORBIDDEN);
      } else if (change.section === 'catalogProposal') {
        // 申请 by the centre's staff, 审定 / 退回 by the leadership only (shared/engine/catalogVersions.ts).
        const submit = change.value.action === 'submit';
        const allowed = submit ? CATALOG_PROPOSE_ROLES : CATALOG_APPROVE_ROLES;
        if (!role || !allowed.includes(role))
          throw new RequestError('FORBIDDEN', submit ? CATALOG_PROPOSE_FORBIDDEN : CATALOG_APPROVE_FORBIDDEN);
      } else if (role !== 'admin') throw new RequestError('FORBIDDEN', '只有管理员可以修改基础数据');
      const refusal = refUpdateRefusal(d.hub.ref, change);
      if (refusal) throw new RequestError('INVALID_REFERENCE', refusal);
      return d.hub.updateRef(data.actor, change);
    });

    handle('ref:fileDivision', FileDivisionRequest, async (req) => {
      if (currentUser()?.role !== 'admin') throw new RequestError('FORBIDDEN', '只有管理员可以备案网格划分');
      const out = await d.hub.fileDivision(data.actor, req.division);
      d.log(`division filed: ${out.divisionId} v${out.version} by ${data.actor.id} (+${out.gridsAdded} grids, −${out.gridsRetired})`);
      return out;
    });

    handle('user:save', UserSaveRequest, async (req) => {
      if (currentUser()?.role !== 'admin') throw new RequestError('FORBIDDEN', '只有管理员可以维护用户和角色');
      const hash = req.password !== undefined ? await hashPassword(req.password) : undefined;
      const out = await d.hub.saveUser(data.actor, req.user, hash);
      d.log(
        `user saved: ${out.user.id} (${out.user.role}${out.user.active === false ? ', inactive' : ''}${hash ? ', password set' : ''}) by ${data.actor.id}`,
      );
      return out;
    });

    handle('docNumber:allocate', DocNumberRequest, async (req) => {
      const role = currentUser()?.role;
      if (!role || !(DOC_NUMBER_ROLES as readonly string[]).includes(role)) throw new RequestError('FORBIDDEN', DOC_NUMBER_FORBIDDEN);
      const out = await d.hub.allocateDocNumber(data.actor, req);
      if (!out.repeated) d.log(`doc number ${out.number} (${out.patternId} ${out.year}/${out.seq}) to ${data.actor.id}`);
      return out;
    });

    handle('assessment:freeze', AssessmentFreezeRequest, async (req) => {
      const role = currentUser()?.role;
      if (!role || !FREEZE_ROLES.includes(role)) throw new RequestError('FORBIDDEN', FREEZE_FORBIDDEN_MESSAGE);
      const out = await freezeOnRelay(d.store, d.hub.ref, data.actor, req, Date.now());
      if (!out.duplicate) {
        d.log(`assessment frozen: ${out.assessment.id} by ${data.actor.id}`);
        const a = out.assessment;
        const notice: AssessmentFrozenNotice = { id: a.id, kind: a.kind, period: a.period, frozenAt: a.frozenAt, frozenBy: a.frozenBy };
        io.emit('assessment:frozen', notice);
      }
      return out;
    });

    // The log's reference-data entries for the operation log (操作日志): the roles that read it.
    handle('ref:history', RefHistoryRequest, async (q) => {
      const role = currentUser()?.role;
      if (!role || !AUDIT_ROLES.includes(role)) throw new RequestError('FORBIDDEN', AUDIT_FORBIDDEN);
      const entries = await d.store.readRefLog(q.after, q.limit + 1);
      return { entries: entries.slice(0, q.limit), more: entries.length > q.limit };
    });

    // The SMS log: supervisors, leaders and the admin; mobiles masked here, per role, before they leave the relay.
    handle('sms:list', SmsListRequest, async (q) => {
      const role = currentUser()?.role;
      if (!role || !maySeeSmsLog(role)) throw new RequestError('FORBIDDEN', SMS_LOG_FORBIDDEN);
      const rows = await d.store.listSms({
        from: q.from,
        to: q.to,
        ...(q.status ? { status: q.status } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.caseCode ? { caseCode: q.caseCode } : {}),
        limit: q.offset + q.limit + 1,
      });
      const page = rows.slice(q.offset, q.offset + q.limit);
      return {
        messages: page.map((m) => smsForRole(m, role)),
        hasMore: rows.length > q.offset + q.limit,
        masked: !SMS_FULL_MOBILE_ROLES.includes(role),
      };
    });

    // The SMS settings: the admin only (the role is read from the relay's user table, not the token), key never answered.
    const smsSettingsAllowed = () => {
      const role = currentUser()?.role;
      if (!role || !SMS_SETTINGS_ROLES.includes(role)) throw new RequestError('FORBIDDEN', SMS_SETTINGS_FORBIDDEN);
      if (!d.smsSettings) throw new RequestError('UNAVAILABLE', '此中继服务器未启用短信设置');
      return d.smsSettings;
    };
    handle('sms:settings:get', null, async () => smsSettingsAllowed().view());
    handle('sms:settings:save', SmsSettingsSaveRequest, async (req) => {
      const settings = smsSettingsAllowed();
      try {
        return await settings.save(data.actor, req, Date.now());
      } catch (err) {
        if (err instanceof SmsSettingsError) throw new RequestError('BAD_REQUEST', err.message);
        throw err;
      }
    });

    handle('assessment:list', AssessmentListRequest, async (filter) => ({ assessments: await d.store.listAssessments(filter) }));

    socket.onAny((event: string, ...args: unknown[]) => {
      if ((SOCKET_EVENTS as readonly string[]).includes(event)) return;
      const err = { code: 'UNKNOWN_EVENT', message: `unknown request '${String(event).slice(0, 64)}'; known: ${SOCKET_EVENTS.join(', ')}` };
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as (a: Ack<never>) => void)({ ok: false, error: err });
      else socket.emit('protocol_error', { event: String(event).slice(0, 64), ...err });
    });
  });

  return {
    io,
    broadcast,
    /** Tells every workstation how forwarding to the district platform stands. */
    districtLink: (link: DistrictLink) => io.emit('district:link', link),
    presenceCount: () => presence.size,
    async close() {
      if (presenceTimer) clearTimeout(presenceTimer);
      batcher.flush();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        // io.close also closes the HTTP server; resolve even if it was already closed.
        setTimeout(resolve, 2000).unref();
      });
    },
  };
}
