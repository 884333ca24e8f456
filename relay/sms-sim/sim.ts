/**
 * A local SMS gateway simulator (the demo's and the tests' stand-in for a carrier's gateway): it speaks the
 * generic JSON protocol of relay/sms/gateway.ts, checks the bearer key or the HMAC signature, keeps each
 * message once per idempotency key (a repeated key gets the same answer and is counted as a duplicate),
 * and can be told to fail (HTTP 503) for the next N requests or until told otherwise.
 *   POST /api/sms        send (the gateway protocol)
 *   GET  /api/messages   JSON: { messages, requests, duplicates, failed }
 *   POST /api/control    JSON { "fail": <n> | "always" | "off" }   (a test's lever; loopback only)
 *   GET  /               a page listing the received messages
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { signSms } from '../sms/gateway.js';

/** The street's time (UTC+8, as the demo calendar), as the centre's staff read it: 2026-12-04 09:30:05. */
export function streetTime(at: number): string {
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export interface SmsSimOptions {
  port?: number;
  host?: string;
  auth?: 'hmac' | 'bearer';
  key: string;
  log?: (msg: string) => void;
}

export interface ReceivedSms {
  messageId: string;
  idempotencyKey: string;
  mobile: string;
  text: string;
  signName: string;
  receivedAt: number;
}

export interface SmsSim {
  url: string;
  /** The endpoint to configure at the relay. */
  endpoint: string;
  messages(): ReceivedSms[];
  readonly counts: { requests: number; duplicates: number; failed: number };
  /** Fail the next `n` send requests with 503 ('always' until 'off'). */
  fail(n: number | 'always' | 'off'): void;
  close(): Promise<void>;
}

const SendBody = z.object({
  idempotencyKey: z.string().min(1).max(200),
  mobile: z.string().regex(/^1\d{10}$/),
  text: z.string().min(1).max(1000),
  signName: z.string().min(1).max(32),
});
const Control = z.object({ fail: z.union([z.number().int().min(0).max(1e6), z.literal('always'), z.literal('off')]) });

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readBody(req: http.IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export async function startSmsSim(o: SmsSimOptions): Promise<SmsSim> {
  const auth = o.auth ?? 'hmac';
  const byKey = new Map<string, ReceivedSms>();
  const list: ReceivedSms[] = [];
  const counts = { requests: 0, duplicates: 0, failed: 0 };
  let failLeft: number | 'always' = 0;
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      if (req.method === 'GET' && url.pathname === '/api/messages') return json(res, 200, { messages: list, ...counts });
      if (req.method === 'GET' && url.pathname === '/') {
        const rows = list
          .map(
            (m) =>
              `<tr><td>${esc(streetTime(m.receivedAt))}</td><td>${esc(m.mobile)}</td><td>${esc(m.text)}</td><td>${esc(m.idempotencyKey)}</td></tr>`,
          )
          .join('');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(
          `<!doctype html><meta charset="utf-8"><title>短信网关模拟</title><h1>短信网关模拟：已收到 ${list.length} 条</h1>` +
            `<p>请求 ${counts.requests} 次，重复 ${counts.duplicates} 次，模拟失败 ${counts.failed} 次</p>` +
            `<table border="1" cellpadding="4"><tr><th>时间（北京时间）</th><th>手机号</th><th>内容</th><th>幂等键</th></tr>${rows}</table>`,
        );
      }
      if (req.method === 'POST' && url.pathname === '/api/control') {
        const c = Control.safeParse(JSON.parse((await readBody(req)) || 'null'));
        if (!c.success) return json(res, 400, { ok: false, code: 'BAD_REQUEST', message: 'fail: 次数、"always" 或 "off"' });
        failLeft = c.data.fail === 'off' ? 0 : c.data.fail;
        return json(res, 200, { ok: true });
      }
      if (req.method !== 'POST' || url.pathname !== '/api/sms')
        return json(res, 404, { ok: false, code: 'NOT_FOUND', message: '无此地址' });
      const raw = await readBody(req);
      counts.requests++;
      if (auth === 'bearer') {
        if (!safeEqual(req.headers.authorization ?? '', `Bearer ${o.key}`))
          return json(res, 401, { ok: false, code: 'UNAUTHORIZED', message: '密钥不正确' });
      } else {
        const ts = String(req.headers['x-timestamp'] ?? '');
        const sig = String(req.headers['x-signature'] ?? '');
        if (!/^\d+$/.test(ts) || Math.abs(Date.now() - Number(ts)) > 5 * 60_000 || !safeEqual(sig, signSms(raw, ts, o.key)))
          return json(res, 401, { ok: false, code: 'BAD_SIGNATURE', message: '签名不正确或已过期' });
      }
      if (failLeft === 'always' || failLeft > 0) {
        if (failLeft !== 'always') failLeft--;
        counts.failed++;
        return json(res, 503, { ok: false, code: 'UNAVAILABLE', message: '网关暂时不可用（模拟）' });
      }
      let body: z.infer<typeof SendBody>;
      try {
        body = SendBody.parse(JSON.parse(raw));
      } catch {
        return json(res, 422, { ok: false, code: 'INVALID', message: '请求格式不正确' });
      }
      const seen = byKey.get(body.idempotencyKey);
      if (seen) {
        counts.duplicates++;
        return json(res, 200, { ok: true, messageId: seen.messageId, status: 'delivered' });
      }
      const m: ReceivedSms = { messageId: 'sim-' + crypto.randomUUID(), ...body, receivedAt: Date.now() };
      byKey.set(m.idempotencyKey, m);
      list.push(m);
      o.log?.(`sms to ${m.mobile.slice(0, 3)}****${m.mobile.slice(-4)}: ${m.text}`);
      return json(res, 200, { ok: true, messageId: m.messageId, status: 'delivered' });
    })().catch(() => {
      if (!res.headersSent) json(res, 400, { ok: false, code: 'BAD_REQUEST', message: '请求无法读取' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${o.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    endpoint: `${url}/api/sms`,
    messages: () => [...list],
    counts,
    fail(n) {
      failLeft = n === 'off' ? 0 : n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
