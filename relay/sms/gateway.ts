/**
 * The pluggable SMS sender: an interface, and the HTTP adapter for a generic JSON SMS gateway.
 *
 * POST {url}  content-type: application/json, idempotency-key: <the message's key>
 *   body {"idempotencyKey", "mobile", "text", "signName"}
 *   auth bearer: authorization: Bearer <key>
 *   auth hmac:   x-timestamp: <ms>, x-signature: hex HMAC-SHA256(key, "<timestamp>.<body>")
 * Answers: 2xx {"ok": true, "messageId", "status": "accepted" | "delivered"}; 4xx (not 408/429) is final
 * (the message fails); network errors, timeouts, 408, 429 and 5xx are retried. The gateway must treat a
 * repeated idempotency key as the same message (the relay repeats it after a crash or a lost answer).
 */
import crypto from 'node:crypto';
import { z } from 'zod';

export interface OutgoingSms {
  key: string;
  mobile: string;
  text: string;
}

export type SmsSendResult =
  { kind: 'sent'; gatewayId: string; delivered: boolean } | { kind: 'rejected'; error: string } | { kind: 'retry'; error: string };

export interface SmsSender {
  send(msg: OutgoingSms): Promise<SmsSendResult>;
}

const GatewayAnswer = z.union([
  z.object({ ok: z.literal(true), messageId: z.string().min(1).max(200), status: z.enum(['accepted', 'delivered']) }),
  z.object({ ok: z.literal(false), code: z.string().max(100), message: z.string().max(500) }),
]);

export function signSms(body: string, timestamp: string, key: string): string {
  return crypto.createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
}

export interface HttpGatewayOptions {
  url: string;
  auth: 'hmac' | 'bearer';
  key: string;
  signName: string;
  timeoutMs?: number;
}

export class HttpSmsGateway implements SmsSender {
  constructor(private readonly o: HttpGatewayOptions) {}

  async send(msg: OutgoingSms): Promise<SmsSendResult> {
    const body = JSON.stringify({ idempotencyKey: msg.key, mobile: msg.mobile, text: msg.text, signName: this.o.signName });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': encodeURIComponent(msg.key) };
    if (this.o.auth === 'bearer') headers.authorization = `Bearer ${this.o.key}`;
    else {
      const ts = String(Date.now());
      headers['x-timestamp'] = ts;
      headers['x-signature'] = signSms(body, ts, this.o.key);
    }
    let resp: Response;
    try {
      resp = await fetch(this.o.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000) });
    } catch (err) {
      return { kind: 'retry', error: `网关不可达：${(err as Error).message}`.slice(0, 500) };
    }
    let json: unknown = null;
    try {
      json = await resp.json();
    } catch {
      /* judged by the status alone */
    }
    const answer = GatewayAnswer.safeParse(json);
    if (resp.ok) {
      if (answer.success && answer.data.ok)
        return { kind: 'sent', gatewayId: answer.data.messageId, delivered: answer.data.status === 'delivered' };
      if (answer.success && !answer.data.ok) return { kind: 'rejected', error: `${answer.data.code} ${answer.data.message}` };
      return { kind: 'retry', error: `网关应答格式不正确（HTTP ${resp.status}）` };
    }
    const detail = answer.success && !answer.data.ok ? `：${answer.data.code} ${answer.data.message}` : '';
    if (resp.status >= 400 && resp.status < 500 && resp.status !== 408 && resp.status !== 429)
      return { kind: 'rejected', error: `网关拒绝（HTTP ${resp.status}）${detail}` };
    return { kind: 'retry', error: `网关暂时失败（HTTP ${resp.status}）${detail}` };
  }
}
