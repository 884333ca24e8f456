/**
 * Passwords (scrypt) and session tokens (HMAC-SHA256 signed, with expiry), plus the webhook signature.
 * Token format: `v1.<base64url(JSON claims)>.<base64url(HMAC-SHA256(secret, "v1." + claims))>`.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { UserRole } from '../shared/model.js';

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

/** Hash a password: `scrypt$N$r$p$<salt b64>$<hash b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

let dummy: Promise<string> | null = null;
/**
 * A hash of a random password with the same scrypt parameters as every stored hash. Logins of unknown,
 * inactive or password-less users are checked against it, so they cost the same scrypt work as a real
 * check and the answer time does not tell which usernames exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(24).toString('base64'));
  return dummy;
}

/**
 * Checks a login's password against the user's hash, or against the dummy hash when the user cannot sign in
 * (unknown, inactive, no password yet): one scrypt evaluation with the same parameters either way.
 */
export async function checkLoginPassword(password: string, rec: { user: { active?: boolean }; passwordHash: string | null } | null): Promise<boolean> {
  const usable = rec !== null && rec.user.active !== false && rec.passwordHash !== null;
  const matches = await verifyPassword(password, usable ? rec.passwordHash : await dummyPasswordHash());
  return usable && matches;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return key.length === expected.length && crypto.timingSafeEqual(key, expected);
}

function scrypt(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(password, salt, keylen, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Claims carried by a session token. The role is the user's role when the token was issued. */
export const TokenClaims = z.object({
  sub: z.string().min(1),
  name: z.string(),
  role: UserRole,
  unitId: z.string().optional(),
  /** The workstation the token was issued to; the handshake's clientId must match. */
  cid: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

export function signToken(claims: TokenClaims, secret: string): string {
  const body = 'v1.' + b64url(JSON.stringify(claims));
  return body + '.' + crypto.createHmac('sha256', secret).update(body).digest('base64url');
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; code: 'TOKEN_INVALID' | 'TOKEN_EXPIRED'; message: string };

export function verifyToken(token: string, secret: string, now: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return { ok: false, code: 'TOKEN_INVALID', message: 'malformed token' };
  const expected = crypto
    .createHmac('sha256', secret)
    .update(parts[0] + '.' + parts[1])
    .digest();
  const given = Buffer.from(parts[2]!, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    return { ok: false, code: 'TOKEN_INVALID', message: 'bad token signature' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, code: 'TOKEN_INVALID', message: 'malformed token claims' };
  }
  const claims = TokenClaims.safeParse(json);
  if (!claims.success) return { ok: false, code: 'TOKEN_INVALID', message: 'malformed token claims' };
  if (claims.data.exp <= now)
    return { ok: false, code: 'TOKEN_EXPIRED', message: 'token expired at ' + new Date(claims.data.exp).toISOString() };
  return { ok: true, claims: claims.data };
}

/**
 * Workstation registrations: the first successful login with a clientId registers it and issues a random
 * secret (only its SHA-256 is stored, in the store's meta area as `client:<clientId>`); every later login
 * with that clientId must present the secret. So a clientId belongs to the workstation that registered it,
 * whichever users sign in there, and no other account can log in (or push) under it.
 */
export class ClientRegistry {
  private readonly chains = new Map<string, Promise<unknown>>();
  constructor(private readonly meta: { getMeta(key: string): Promise<string | null>; setMeta(key: string, value: string): Promise<void> }) {}

  /** Does the presented secret prove this registered clientId? (false for an unregistered one) */
  async proves(clientId: string, secret: string | undefined): Promise<boolean> {
    const stored = await this.meta.getMeta(clientKey(clientId));
    return stored !== null && secret !== undefined && sameHash(stored, secret);
  }

  /**
   * After a successful password check: register an unregistered clientId (answering the new secret), accept
   * a registered one whose secret matches, refuse any other. Serialised per clientId so that two concurrent
   * first logins cannot both register it.
   */
  claim(clientId: string, secret: string | undefined): Promise<{ ok: true; issued?: string } | { ok: false }> {
    const run = async (): Promise<{ ok: true; issued?: string } | { ok: false }> => {
      const stored = await this.meta.getMeta(clientKey(clientId));
      if (stored !== null) return secret !== undefined && sameHash(stored, secret) ? { ok: true } : { ok: false };
      const issued = crypto.randomBytes(32).toString('base64url');
      await this.meta.setMeta(clientKey(clientId), sha256(issued));
      return { ok: true, issued };
    };
    const prev = this.chains.get(clientId) ?? Promise.resolve();
    const next = prev.then(run, run);
    this.chains.set(clientId, next);
    void next.finally(() => {
      if (this.chains.get(clientId) === next) this.chains.delete(clientId);
    }).catch(() => undefined);
    return next;
  }
}

const clientKey = (clientId: string) => 'client:' + clientId;
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
function sameHash(storedHex: string, secret: string): boolean {
  const a = Buffer.from(storedHex, 'hex');
  const b = crypto.createHash('sha256').update(secret).digest();
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** `sha256=<hex>` of HMAC-SHA256(secret, body). */
export function signBody(body: Buffer | string, secret: string): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/** Constant-time check of an `x-signature: sha256=<hex>` header against the raw body. */
export function checkSignature(body: Buffer, header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const hex = header.slice(7);
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const expected = crypto.createHmac('sha256', secret).update(body).digest();
  return crypto.timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}

/**
 * Service authentication for the district platform's reads (GET /api/ref): the webhook secret signs
 * `<METHOD> <path>\n<timestamp>`; the timestamp must be within 5 minutes of the relay's clock.
 */
export function signServiceRequest(method: string, pathname: string, timestamp: number, secret: string): string {
  return signBody(`${method.toUpperCase()} ${pathname}\n${timestamp}`, secret);
}

export function checkServiceRequest(
  method: string,
  pathname: string,
  tsHeader: unknown,
  sigHeader: string | string[] | undefined,
  secret: string,
  now: number,
): boolean {
  const ts = Number(tsHeader);
  if (!Number.isFinite(ts) || Math.abs(now - ts) > 5 * 60_000) return false;
  return checkSignature(Buffer.from(`${method.toUpperCase()} ${pathname}\n${ts}`), sigHeader, secret);
}
