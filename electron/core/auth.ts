/**
 * Login against the relay (POST /api/login) and offline re-login for users who logged in here before.
 * The offline verifier is scrypt(password, per-user random salt); the password itself is never stored.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { LoginResponse } from '../../shared/protocol.js';
import { User } from '../../shared/model.js';

/** scrypt cost of the offline verifier (N=2^15: ~50 ms here, slows down guessing from a stolen file). */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, keylen: 32 } as const;

export interface LocalUser {
  user: User;
  token: string | null;
  tokenExpiresAt: number | null;
}

export class LoginError extends Error {
  constructor(
    readonly code: 'INVALID_CREDENTIALS' | 'RELAY_UNREACHABLE' | 'RELAY_ERROR' | 'OFFLINE_UNKNOWN_USER',
    message: string,
  ) {
    super(message);
  }
}

function scrypt(password: string, salt: Buffer, params: typeof SCRYPT): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(password.normalize('NFC'), salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: 128 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export class LocalUsers {
  private readonly s;
  constructor(db: Database.Database) {
    this.s = {
      get: db.prepare('SELECT * FROM local_users WHERE username = ?'),
      upsert: db.prepare(
        `INSERT INTO local_users (username, user, salt, verifier, params, token, token_expires_at, last_login_at)
         VALUES (@username, @user, @salt, @verifier, @params, @token, @token_expires_at, @last_login_at)
         ON CONFLICT(username) DO UPDATE SET user = excluded.user, salt = excluded.salt, verifier = excluded.verifier, params = excluded.params,
           token = excluded.token, token_expires_at = excluded.token_expires_at, last_login_at = excluded.last_login_at`,
      ),
      clearToken: db.prepare('UPDATE local_users SET token = NULL, token_expires_at = NULL WHERE username = ?'),
      byUserId: db.prepare("SELECT * FROM local_users WHERE json_extract(user, '$.id') = ?"),
    };
  }

  /** Records a successful online login: a fresh salt and verifier, the user profile and the relay token. */
  async remember(username: string, password: string, user: User, token: string, expiresAt: number, now: number): Promise<void> {
    const salt = crypto.randomBytes(16);
    const verifier = await scrypt(password, salt, SCRYPT);
    this.s.upsert.run({
      username,
      user: JSON.stringify(user),
      salt,
      verifier,
      params: JSON.stringify(SCRYPT),
      token,
      token_expires_at: expiresAt,
      last_login_at: now,
    });
  }

  /** Checks a password against the stored verifier (constant time). Null when unknown or wrong. */
  async verify(username: string, password: string): Promise<LocalUser | null> {
    const row = this.s.get.get(username) as { user: string; salt: Buffer; verifier: Buffer; params: string; token: string | null; token_expires_at: number | null } | undefined;
    if (!row) {
      // Same cost as a real check, so timing does not tell which usernames logged in here.
      await scrypt(password, Buffer.alloc(16), SCRYPT);
      return null;
    }
    const params = { ...SCRYPT, ...(JSON.parse(row.params) as Partial<typeof SCRYPT>) };
    const key = await scrypt(password, row.salt, params);
    if (key.length !== row.verifier.length || !crypto.timingSafeEqual(key, row.verifier)) return null;
    const user = User.safeParse(JSON.parse(row.user));
    if (!user.success) return null;
    return { user: user.data, token: row.token, tokenExpiresAt: row.token_expires_at };
  }

  tokenOf(userId: string): { token: string; expiresAt: number | null } | null {
    const row = this.s.byUserId.get(userId) as { token: string | null; token_expires_at: number | null } | undefined;
    return row?.token ? { token: row.token, expiresAt: row.token_expires_at } : null;
  }

  clearToken(username: string): void {
    this.s.clearToken.run(username);
  }
}

/** POST {relayUrl}/api/login. Throws LoginError; a network failure is RELAY_UNREACHABLE. */
export async function relayLogin(relayUrl: string, username: string, password: string, clientId: string, timeoutMs = 8000): Promise<LoginResponse> {
  let res: Response;
  try {
    res = await fetch(new URL('/api/login', relayUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, clientId }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new LoginError('RELAY_UNREACHABLE', `无法连接中继服务器（${(e as Error).message}）`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (res.status === 401 || res.status === 403) {
    const msg = extractMessage(body) ?? '用户名或密码错误';
    throw new LoginError('INVALID_CREDENTIALS', msg);
  }
  if (res.status >= 500) throw new LoginError('RELAY_UNREACHABLE', `中继服务器暂时不可用（HTTP ${res.status}）`);
  if (!res.ok) throw new LoginError('RELAY_ERROR', extractMessage(body) ?? `登录失败（HTTP ${res.status}）`);
  // The relay may wrap its answer in an Ack envelope or send it bare.
  const value = body && typeof body === 'object' && 'ok' in body && 'value' in body ? (body as { value: unknown }).value : body;
  const parsed = LoginResponse.safeParse(value);
  if (!parsed.success) throw new LoginError('RELAY_ERROR', '中继服务器的登录应答格式不正确');
  return parsed.data;
}

function extractMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { message?: unknown; error?: { message?: unknown } };
  if (typeof b.error?.message === 'string') return b.error.message;
  if (typeof b.message === 'string') return b.message;
  return undefined;
}
