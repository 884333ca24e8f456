/** Login against the relay (POST /api/login). */
import { LoginResponse } from '../../../shared/protocol.js';

export class LoginError extends Error {
  constructor(
    readonly code: 'INVALID_CREDENTIALS' | 'RELAY_UNREACHABLE' | 'RELAY_ERROR' | 'OFFLINE_UNKNOWN_USER' | 'CLIENT_ID_TAKEN' | 'TOO_MANY_ATTEMPTS',
    message: string,
  ) {
    super(message);
  }
}

/**
 * POST {relayUrl}/api/login with this workstation's clientId and, once registered, its secret. Throws
 * LoginError; a network failure is RELAY_UNREACHABLE, a clientId registered to another workstation CLIENT_ID_TAKEN.
 */
export async function relayLogin(
  relayUrl: string,
  username: string,
  password: string,
  client: { clientId: string; clientSecret?: string | undefined },
  timeoutMs = 8000,
): Promise<LoginResponse> {
  let res: Response;
  try {
    res = await fetch(new URL('/api/login', relayUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, clientId: client.clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}) }),
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
  if (res.status === 409 && extractCode(body) === 'CLIENT_ID_TAKEN') throw new LoginError('CLIENT_ID_TAKEN', extractMessage(body) ?? '此工作站编号已由另一台工作站登记');
  if (res.status === 429) throw new LoginError('TOO_MANY_ATTEMPTS', extractMessage(body) ?? '登录尝试过于频繁，请稍后再试');
  if (res.status >= 500) throw new LoginError('RELAY_UNREACHABLE', `中继服务器暂时不可用（HTTP ${res.status}）`);
  if (!res.ok) throw new LoginError('RELAY_ERROR', extractMessage(body) ?? `登录失败（HTTP ${res.status}）`);
  // The relay may wrap its answer in an Ack envelope or send it bare.
  const value = body && typeof body === 'object' && 'ok' in body && 'value' in body ? (body as { value: unknown }).value : body;
  const parsed = LoginResponse.safeParse(value);
  if (!parsed.success) throw new LoginError('RELAY_ERROR', '中继服务器的登录应答格式不正确');
  return parsed.data;
}

function extractCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { code?: unknown; error?: { code?: unknown } };
  if (typeof b.error?.code === 'string') return b.error.code;
  return typeof b.code === 'string' ? b.code : undefined;
}

function extractMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { message?: unknown; error?: { message?: unknown } };
  if (typeof b.error?.message === 'string') return b.error.message;
  if (typeof b.message === 'string') return b.message;
  return undefined;
}
