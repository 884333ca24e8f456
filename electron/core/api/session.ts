/**
 * The one owner of the session: who is logged in and how (online, or offline from the local accounts),
 * the background re-login after an offline login, the session kept in the cache (resumed at start), and
 * the role a call runs with. Other parts ask it.
 */
import type { SessionInfo } from '../../../shared/api.js';
import type { User, UserRole } from '../../../shared/model.js';
import type { Store } from '../cache/store.js';
import type { Logger } from '../log.js';
import type { SyncEngine } from '../sync/syncEngine.js';
import type { CallContext } from '../types.js';
import type { LocalUsers } from '../cache/localUsers.js';
import { LoginError, relayLogin } from './auth.js';
import { ApiError } from './errors.js';
import type { HandlersFor } from './handlers.js';

const WALL_USER: User = { id: 'wall-display', username: 'wall', name: '会议大屏', role: 'wall', active: true };

/** This workstation's id, which a login may have to replace (CLIENT_ID_TAKEN). */
export interface ClientIdentity {
  readonly id: string;
  /** Takes a fresh id (kept in the cache; the old secret is forgotten). */
  renew(): string;
}

export interface SessionDeps {
  relayUrl: string;
  store: Store;
  users: LocalUsers;
  sync: SyncEngine;
  log: Logger;
  identity: ClientIdentity;
  /** Whether the sync engine is connected to the relay (online or syncing). */
  connected(): boolean;
  /** The sync status changed (the UI is told, coalesced). */
  statusChanged(): void;
}

interface Current {
  user: User;
  offline: boolean;
  /** Held in memory only after an offline login, to get a relay token once the relay is back. */
  password?: string;
}

export class Session {
  private current: Current | null = null;
  private reloginTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly d: SessionDeps) {}

  /** The logged-in user (null when nobody is). */
  get user(): User | null {
    return this.current?.user ?? null;
  }

  /** The role a call runs with: 'wall' for a wall-display connection, else the user's (null: nobody logged in). */
  role(ctx: CallContext): UserRole | null {
    if (ctx.roleCap === 'wall') return 'wall';
    return this.current?.user.role ?? null;
  }

  info(ctx: CallContext): SessionInfo | null {
    const clientId = this.d.identity.id;
    if (ctx.roleCap === 'wall') {
      const base = this.current?.user ?? WALL_USER;
      return { user: { ...base, role: 'wall' }, offline: !this.d.connected(), clientId };
    }
    return this.current ? { user: this.current.user, offline: this.current.offline, clientId } : null;
  }

  /** Resumes the last session (the relay token is kept for reconnects; logout forgets it). */
  resume(): void {
    const saved = this.d.store.getMeta('session');
    if (!saved) return;
    try {
      const user = (JSON.parse(saved) as { user: User }).user;
      this.current = { user, offline: true };
      if (!this.startSyncFor(user)) this.d.log.warn(`session of ${user.username} resumed without a valid relay token: log in again to sync`);
    } catch {
      this.d.store.delMeta('session');
    }
  }

  /** Online login; when the relay is unreachable, offline login from the local accounts (throttled). */
  async login(username: string, password: string): Promise<SessionInfo> {
    const { users, sync, log } = this.d;
    try {
      const res = await this.loginToRelay(username, password);
      await users.remember(username, password, res.user, res.token, res.expiresAt, Date.now());
      this.current = { user: res.user, offline: false };
      this.save();
      sync.start({ token: res.token, userId: res.user.id });
      log.info(`logged in online as ${username}`);
    } catch (e) {
      if (!(e instanceof LoginError) || e.code !== 'RELAY_UNREACHABLE') throw e instanceof LoginError ? new ApiError(e.code, e.message) : e;
      const verdict = await users.verifyOffline(username, password);
      if (!verdict.ok && verdict.throttled)
        throw new ApiError('TOO_MANY_ATTEMPTS', `无法连接中继服务器，且离线登录密码错误次数过多，请 ${Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000))} 分钟后再试`);
      if (!verdict.ok) throw new ApiError('OFFLINE_LOGIN_FAILED', '无法连接中继服务器，离线登录失败：该用户未曾在本机登录，或密码不正确');
      const local = verdict.local;
      this.current = { user: local.user, offline: true, password };
      this.save();
      if (!this.startSyncFor(local.user)) sync.stop();
      // Get a fresh token as soon as the relay answers again (the stored one may be old or missing).
      this.scheduleRelogin(2000);
      log.info(`logged in offline as ${username} (relay unreachable)`);
    }
    this.d.statusChanged();
    return { user: this.current!.user, offline: this.current!.offline, clientId: this.d.identity.id };
  }

  logout(): void {
    if (this.current) {
      try {
        this.d.users.clearToken(this.current.user.username);
      } catch (e) {
        this.d.log.warn(`could not forget the token: ${(e as Error).message}`);
      }
    }
    this.current = null;
    if (this.reloginTimer) clearTimeout(this.reloginTimer);
    this.reloginTimer = null;
    this.d.sync.stop();
    this.save();
    this.d.statusChanged();
  }

  /** The sync status changed: an offline session whose sync got connected is online again. */
  syncStatusChanged(): void {
    if (this.current?.offline && this.d.sync.running && this.d.connected()) this.current.offline = false;
  }

  /** The relay refused the token: forget it and get a new one (with the password held after an offline login). */
  tokenRefused(): void {
    if (!this.current) return;
    try {
      this.d.users.clearToken(this.current.user.username);
    } catch {
      // The token is refused anyway; forgetting it is only tidiness.
    }
    this.scheduleRelogin(0);
  }

  close(): void {
    this.closed = true;
    if (this.reloginTimer) clearTimeout(this.reloginTimer);
  }

  private startSyncFor(user: User): boolean {
    const tok = this.d.users.tokenOf(user.id);
    if (!tok || (tok.expiresAt !== null && tok.expiresAt <= Date.now())) return false;
    this.d.sync.start({ token: tok.token, userId: user.id });
    return true;
  }

  /** After an offline login, keep trying to get a relay token with the password held in memory. */
  private scheduleRelogin(delayMs: number): void {
    if (this.reloginTimer || this.closed || !this.current?.password) return;
    this.reloginTimer = setTimeout(() => {
      this.reloginTimer = null;
      const s = this.current;
      if (!s?.password || this.closed) return;
      this.loginToRelay(s.user.username, s.password)
        .then(async (res) => {
          if (this.current !== s) return;
          await this.d.users.remember(s.user.username, s.password!, res.user, res.token, res.expiresAt, Date.now());
          s.user = res.user;
          delete s.password;
          s.offline = false;
          this.save();
          this.d.sync.start({ token: res.token, userId: res.user.id });
        })
        .catch((e: unknown) => {
          if (e instanceof LoginError && e.code === 'INVALID_CREDENTIALS') {
            // The password changed on the relay: stop trying; the user must log in again online.
            if (this.current === s) delete s.password;
            this.d.log.warn('background re-login refused: password no longer valid');
            return;
          }
          this.scheduleRelogin(Math.min(60_000, Math.max(2000, delayMs * 2)));
        });
    }, delayMs);
    this.reloginTimer.unref?.();
  }

  private save(): void {
    if (this.current) this.d.store.setMeta('session', JSON.stringify({ user: this.current.user }));
    else this.d.store.delMeta('session');
  }

  /**
   * Online login with this workstation's clientId and secret. A clientId the relay has registered to another
   * workstation (e.g. this cache lost its secret) is replaced by a fresh one, once.
   */
  private async loginToRelay(username: string, password: string) {
    const { store, users, log, identity } = this.d;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await relayLogin(this.d.relayUrl, username, password, { clientId: identity.id, clientSecret: store.getMeta('clientSecret') });
        if (res.clientSecret) store.setMeta('clientSecret', res.clientSecret);
        users.clearOfflineFailures(username);
        return res;
      } catch (e) {
        if (attempt > 0 || !(e instanceof LoginError) || e.code !== 'CLIENT_ID_TAKEN') throw e;
        log.warn(`the relay has clientId ${identity.id} registered to another workstation: taking a new one`);
        identity.renew();
      }
    }
  }
}

/** session.login / current / logout: a wall-display connection can neither log in nor out. */
export function sessionHandlers(session: Session): HandlersFor<'session.login' | 'session.current' | 'session.logout'> {
  return {
    'session.login': async (input, ctx) => {
      if (ctx.roleCap) throw new ApiError('FORBIDDEN', '会议大屏连接不能登录或切换用户');
      return session.login(input.username, input.password);
    },
    'session.current': (_input, ctx) => session.info(ctx),
    'session.logout': (_input, ctx) => {
      if (ctx.roleCap) throw new ApiError('FORBIDDEN', '会议大屏连接不能退出登录');
      session.logout();
      return {};
    },
  };
}
