/**
 * The local accounts: offline re-login for users who logged in here before, and their relay tokens.
 * The offline verifier is scrypt(password, per-user random salt); the password itself is never stored.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { User } from '../../../shared/model.js';

/** scrypt cost of the offline verifier (N=2^15: ~50 ms here, slows down guessing from a stolen file). */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, keylen: 32 } as const;

/**
 * Offline re-login throttle: after this many wrong passwords for one username within the window, offline
 * login for it is refused for the rest of the window. Failures are kept in the cache (meta
 * `offlineLoginFailures`), so closing and reopening the workstation does not reset them; attempts in flight
 * count, so a burst of concurrent guesses stops at the limit too.
 */
export const OFFLINE_THROTTLE = { maxFailures: 5, windowMs: 15 * 60_000, maxTracked: 200 } as const;
const FAILURES_KEY = 'offlineLoginFailures';

export interface LocalUser {
  user: User;
  token: string | null;
  tokenExpiresAt: number | null;
}

function scrypt(password: string, salt: Buffer, params: typeof SCRYPT): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(password.normalize('NFC'), salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: 128 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export type OfflineVerdict = { ok: true; local: LocalUser } | { ok: false; throttled: false } | { ok: false; throttled: true; retryAfterMs: number };

export class LocalUsers {
  private readonly s;
  private readonly inFlight = new Map<string, number>();
  constructor(db: Database.Database) {
    this.s = {
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
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

  /**
   * Offline re-login with the throttle: the attempt is reserved before the scrypt check and a failure is
   * written to the cache before answering. A success clears the username's failures.
   */
  async verifyOffline(username: string, password: string, now = Date.now()): Promise<OfflineVerdict> {
    const key = username.trim().toLowerCase();
    const recent = this.failures(now)[key] ?? [];
    const busy = this.inFlight.get(key) ?? 0;
    const max = OFFLINE_THROTTLE.maxFailures;
    if (recent.length >= max) return { ok: false, throttled: true, retryAfterMs: recent[recent.length - max]! + OFFLINE_THROTTLE.windowMs - now };
    if (recent.length + busy >= max) return { ok: false, throttled: true, retryAfterMs: 1000 };
    this.inFlight.set(key, busy + 1);
    let local: LocalUser | null = null;
    try {
      local = await this.verify(username, password);
    } finally {
      const n = (this.inFlight.get(key) ?? 1) - 1;
      if (n > 0) this.inFlight.set(key, n);
      else this.inFlight.delete(key);
      this.recordOffline(key, local !== null, Date.now());
    }
    return local ? { ok: true, local } : { ok: false, throttled: false };
  }

  /** Forgets a username's offline failures (after a successful online login). */
  clearOfflineFailures(username: string): void {
    this.recordOffline(username.trim().toLowerCase(), true, Date.now());
  }

  private failures(now: number): Record<string, number[]> {
    let all: Record<string, number[]> = {};
    try {
      const raw = this.s.getMeta.get(FAILURES_KEY) as string | undefined;
      if (raw) all = JSON.parse(raw) as Record<string, number[]>;
    } catch {
      all = {};
    }
    const out: Record<string, number[]> = {};
    for (const [k, list] of Object.entries(all)) {
      const kept = Array.isArray(list) ? list.filter((t) => typeof t === 'number' && t > now - OFFLINE_THROTTLE.windowMs) : [];
      if (kept.length > 0) out[k] = kept;
    }
    return out;
  }

  private recordOffline(key: string, ok: boolean, now: number): void {
    const all = this.failures(now);
    if (ok) {
      if (!(key in all)) return;
      delete all[key];
    } else all[key] = [...(all[key] ?? []), now];
    // Bounded: random usernames cannot grow the record without limit (the oldest entries go first).
    const keys = Object.keys(all);
    if (keys.length > OFFLINE_THROTTLE.maxTracked) {
      keys.sort((a, b) => Math.max(...all[a]!) - Math.max(...all[b]!));
      for (const k of keys.slice(0, keys.length - OFFLINE_THROTTLE.maxTracked)) if (k !== key) delete all[k];
    }
    this.s.setMeta.run(FAILURES_KEY, JSON.stringify(all));
  }

  tokenOf(userId: string): { token: string; expiresAt: number | null } | null {
    const row = this.s.byUserId.get(userId) as { token: string | null; token_expires_at: number | null } | undefined;
    return row?.token ? { token: row.token, expiresAt: row.token_expires_at } : null;
  }

  clearToken(username: string): void {
    this.s.clearToken.run(username);
  }
}
