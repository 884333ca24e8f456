/**
 * POST /api/login, decided: throttle reservation, one scrypt evaluation whatever the username, the
 * workstation's clientId registration, the token. The HTTP layer (http.ts) parses the body and sends the answer.
 */
import type { z } from 'zod';
import type { LoginRequest, LoginResponse } from '../shared/protocol.js';
import { checkLoginPassword, signToken, type ClientRegistry } from './auth.js';
import type { LoginThrottle } from './loginThrottle.js';
import type { LogStore } from './store/types.js';

export interface LoginDeps {
  store: LogStore;
  tokenSecret: string;
  tokenTtlMs: number;
  throttle: LoginThrottle;
  clients: ClientRegistry;
  log: (msg: string) => void;
}

export type LoginOutcome =
  | { ok: true; value: LoginResponse }
  | { ok: false; status: number; code: string; message: string; retryAfterS?: number };

export async function decideLogin(d: LoginDeps, req: z.output<typeof LoginRequest>, address: string): Promise<LoginOutcome> {
  // A registered workstation that proves its secret is exempt from the per-address budget (loginThrottle.ts).
  const proven = await d.clients.proves(req.clientId, req.clientSecret);
  const attempt = d.throttle.begin(req.username, address, proven);
  if ('allowed' in attempt) {
    const retryAfterS = Math.ceil(attempt.retryAfterMs / 1000);
    d.log(`login throttled: ${req.username} from ${address}${attempt.busy ? ' (attempts in flight)' : ''}`);
    if (attempt.busy) return { ok: false, status: 429, code: 'TOO_MANY_ATTEMPTS', message: '登录请求过于频繁，请稍后再试', retryAfterS };
    const minutes = Math.max(1, Math.ceil(attempt.retryAfterMs / 60_000));
    return { ok: false, status: 429, code: 'TOO_MANY_ATTEMPTS', message: `密码错误次数过多，请 ${minutes} 分钟后再试，或联系管理员`, retryAfterS };
  }
  let ok = false;
  let rec: Awaited<ReturnType<LogStore['getUserByUsername']>> = null;
  try {
    rec = await d.store.getUserByUsername(req.username);
    ok = await checkLoginPassword(req.password, rec);
  } finally {
    attempt.settle(ok);
  }
  if (!ok || !rec) return { ok: false, status: 401, code: 'BAD_CREDENTIALS', message: '用户名或密码错误' };
  const claim = await d.clients.claim(req.clientId, req.clientSecret);
  if (!claim.ok) {
    d.log(`login refused: clientId ${req.clientId} is registered to another workstation (user ${req.username} from ${address})`);
    return { ok: false, status: 409, code: 'CLIENT_ID_TAKEN', message: '此工作站编号已由另一台工作站登记，请重新登录（工作站将使用新的编号）' };
  }
  const now = Date.now();
  const u = rec.user;
  const expiresAt = now + d.tokenTtlMs;
  const token = signToken(
    { sub: u.id, name: u.name, role: u.role, ...(u.unitId ? { unitId: u.unitId } : {}), cid: req.clientId, iat: now, exp: expiresAt },
    d.tokenSecret,
  );
  const value: LoginResponse = { token, user: u, expiresAt, serverTime: now, ...(claim.issued ? { clientSecret: claim.issued } : {}) };
  return { ok: true, value };
}
