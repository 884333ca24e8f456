/**
 * The browser host: serves the built renderer (SPA fallback, path-traversal safe, CSP) and the
 * workstation API over a WebSocket at /api, for wall displays and end-to-end tests.
 *
 * Access: bound to 127.0.0.1 by default. Every page, asset and API connection needs a token, loopback
 * callers included (any local process or user could otherwise act as the signed-in user): `?token=` on
 * the first request, then the HttpOnly cookie set from it, or `Authorization: Bearer`. The access token
 * gives the signed-in user's rights (generated at start unless given; the start script prints the link
 * carrying it), the wall token a read-only connection capped to the 'wall' role. Only /healthz answers
 * without one. WebSocket upgrades from a foreign Origin are refused (a web page elsewhere in the same
 * browser must not drive the workstation), and so are untokened requests whose Host is not ours (DNS
 * rebinding). Policy and threat model: docs/security.md.
 *
 * Wire: the web host's dialect of the one host wire (shared/hostWire.ts, WebHostWire):
 *   → {t:'call', id, method, input}   ← {t:'result', id, result}   ← {t:'stream', stream, data}
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { z } from 'zod';
import { readWireText, refusedCall, WebHostWire } from '../../shared/hostWire.js';
import { MAX_PAYLOAD_BYTES } from '../../shared/protocol.js';
import { CONTENT_SECURITY_POLICY, mimeTypeFor, SECURITY_HEADERS } from '../common/httpSecurity.js';
import type { CallContext, Core } from '../core/core.js';
import { consoleLogger, type Logger } from '../core/log.js';

export interface WebHostOptions {
  core: Core;
  /** Default 4820; 0 picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Built renderer; default 'dist/renderer'. */
  staticDir?: string;
  /** Token of read-only wall displays (role capped to 'wall'). */
  wallToken?: string;
  /** Token of the workstation itself (the signed-in user's rights); default: a random one, see WebHost. */
  accessToken?: string;
  log?: Logger;
}

export interface WebHost {
  url: string;
  port: number;
  /** The access token (given or generated): `${url}/?token=${accessToken}` opens the workstation. */
  accessToken: string;
  close(): Promise<void>;
}

/** Content-Security-Policy of every page: the one of electron/common/httpSecurity.ts. */
export const CSP = CONTENT_SECURITY_POLICY;

const COOKIE = 'gcc_token';
const TOKEN_REQUIRED = '此工作台需要访问令牌：请使用启动时终端打印的链接（带 ?token=）打开，会议大屏请使用大屏链接。';
const INVALID_TOKEN = '访问令牌不正确：请使用启动时终端打印的链接重新打开。';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Buffered bytes after which a client that does not read its stream messages is dropped. */
const MAX_BUFFERED = 16 * 1024 * 1024;

export function isLoopback(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

function cookieToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

type Access = { ok: true; ctx: CallContext; setCookie?: string } | { ok: false; status: number; message: string };

/**
 * Resolves a path below `root`, or null when it escapes it (../, encoded separators, NUL, absolute).
 * Exported for tests.
 */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = path.posix.normalize('/' + decoded).replace(/^\/+/, '');
  if (rel.split('/').some((seg) => seg === '..')) return null;
  const full = path.resolve(root, rel);
  const base = path.resolve(root);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  return full;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const log = opts.log ?? consoleLogger('[web]');
  const host = opts.host ?? '127.0.0.1';
  const root = path.resolve(opts.staticDir ?? 'dist/renderer');
  const core = opts.core;
  let port = opts.port ?? 4820;
  const accessToken = opts.accessToken ?? crypto.randomBytes(16).toString('hex');

  /** Host header values we answer to (DNS rebinding guard). */
  const allowedHosts = () => {
    const names = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${host}:${port}`]);
    if (host.includes(':')) names.add(`[${host}]:${port}`);
    return names;
  };

  function access(req: http.IncomingMessage, url: URL): Access {
    const given = url.searchParams.get('token') ?? cookieToken(req.headers.cookie) ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const setCookie = url.searchParams.get('token') ? `${COOKIE}=${encodeURIComponent(url.searchParams.get('token')!)}; Path=/; HttpOnly; SameSite=Strict` : undefined;
    const withCookie = (ctx: CallContext): Access => (setCookie ? { ok: true, ctx, setCookie } : { ok: true, ctx });
    if (given) {
      if (safeEqual(given, accessToken)) return withCookie({});
      if (opts.wallToken && safeEqual(given, opts.wallToken)) return withCookie({ roleCap: 'wall' });
      return { ok: false, status: 403, message: INVALID_TOKEN };
    }
    if (!isLoopback(req.socket.remoteAddress)) return { ok: false, status: 401, message: TOKEN_REQUIRED };
    // Without a token only our own host names are answered: a rebinding domain pointing at 127.0.0.1 is not.
    if (!allowedHosts().has(String(req.headers.host ?? '').toLowerCase())) return { ok: false, status: 403, message: 'unknown Host header' };
    return { ok: false, status: 401, message: TOKEN_REQUIRED };
  }

  /** A refusal: a page gets a short Chinese explanation, anything else plain text. */
  function refusePage(req: http.IncomingMessage, res: http.ServerResponse, status: number, message: string): void {
    if (!/text\/html/.test(String(req.headers.accept ?? ''))) return sendPlain(res, status, message);
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>需要访问令牌</title></head>` +
        `<body style="font-family:sans-serif;margin:4em auto;max-width:40em;line-height:1.6"><h1>需要访问令牌</h1><p>${escapeHtml(message)}</p></body></html>`,
    );
  }

  function sendPlain(res: http.ServerResponse, status: number, text: string): void {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  }

  function serveFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, extraHeaders: Record<string, string>): void {
    const stat = fs.statSync(file);
    const isIndex = path.basename(file) === 'index.html';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      ...extraHeaders,
      'content-type': mimeTypeFor(file),
      'content-length': String(stat.size),
      // Vite puts a content hash in asset names: cache them; never cache the page that names them.
      'cache-control': isIndex ? 'no-cache' : file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const server = http.createServer((req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendPlain(res, 405, 'method not allowed');
      if (url.pathname === '/healthz') return sendPlain(res, 200, 'ok');
      const a = access(req, url);
      if (!a.ok) return refusePage(req, res, a.status, a.message);
      const extra: Record<string, string> = a.setCookie ? { 'set-cookie': a.setCookie } : {};
      const file = resolveStatic(root, url.pathname);
      if (!file) return sendPlain(res, 400, 'bad path');
      if (fs.existsSync(file) && fs.statSync(file).isFile()) return serveFile(req, res, file, extra);
      // SPA fallback: a client-side route (no file extension) gets index.html; a missing asset is a 404.
      if (path.extname(url.pathname) === '') {
        const index = path.join(root, 'index.html');
        if (fs.existsSync(index)) return serveFile(req, res, index, extra);
        return sendPlain(res, 503, `renderer not built: ${index} is missing (run npm run build)`);
      }
      return sendPlain(res, 404, 'not found');
    } catch (e) {
      log.error(`static request failed: ${(e as Error).message}`);
      if (!res.headersSent) sendPlain(res, 500, 'internal error');
      else res.destroy();
    }
  });

  // Frames up to 4× the wire limit are read and refused with a Chinese answer; larger ones close the link.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_PAYLOAD_BYTES });
  const clients = new Map<WebSocket, { ctx: CallContext; alive: boolean }>();
  let connectionSeq = 0;

  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, message: string) => {
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${message}`);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/api') return refuse(404, 'not found');
      const origin = req.headers.origin;
      if (origin !== undefined) {
        let parsedOrigin: URL;
        try {
          parsedOrigin = new URL(origin);
        } catch {
          return refuse(403, 'bad origin');
        }
        // Scheme and host both: this host serves plain http only, so an https: (or any other) page on our
        // host and port is another origin.
        if (parsedOrigin.protocol !== 'http:' || parsedOrigin.host.toLowerCase() !== String(req.headers.host ?? '').toLowerCase())
          return refuse(403, 'cross-origin WebSocket refused');
      }
      const a = access(req, url);
      if (!a.ok) return refuse(a.status, a.message);
      wss.handleUpgrade(req, socket, head, (ws) => {
        const ctx: CallContext = { ...a.ctx, connectionId: `ws-${++connectionSeq}` };
        clients.set(ws, { ctx, alive: true });
        wireClient(ws, ctx);
      });
    } catch (e) {
      log.error(`upgrade failed: ${(e as Error).message}`);
      refuse(500, 'internal error');
    }
  });

  function send(ws: WebSocket, msg: z.infer<typeof WebHostWire.fromHost>): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED) {
      log.warn('dropping a WebSocket client that does not read its messages');
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(msg));
  }

  function wireClient(ws: WebSocket, ctx: CallContext): void {
    ws.on('pong', () => {
      const c = clients.get(ws);
      if (c) c.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      const read = readWireText(WebHostWire.toHost, isBinary ? null : data.toString(), MAX_PAYLOAD_BYTES);
      if (!read.ok) {
        // Answered even without a readable id (id null): the page learns it sent garbage; the link stays.
        log.warn(`refused a WebSocket frame: ${read.reason}`);
        send(ws, { t: 'result', id: read.id, result: refusedCall(read.reason) });
        return;
      }
      const { id, method, input } = read.message;
      core.call(method, input, ctx).then(
        (result) => send(ws, { t: 'result', id, result }),
        (e: unknown) => send(ws, { t: 'result', id, result: { ok: false, error: { code: 'INTERNAL', message: String((e as Error).message) } } }),
      );
    });
    ws.on('close', () => clients.delete(ws));
    ws.on('error', (e) => log.warn(`WebSocket error: ${e.message}`));
  }

  const unsubscribe = core.subscribeAll((stream, data) => {
    const frame = { t: 'stream' as const, stream, data };
    for (const ws of clients.keys()) send(ws, frame);
  });

  // Drop connections that stopped answering pings (a wall display whose network went away).
  const heartbeat = setInterval(() => {
    for (const [ws, c] of clients) {
      if (!c.alive) {
        ws.terminate();
        clients.delete(ws);
        continue;
      }
      c.alive = false;
      ws.ping();
    }
  }, 30_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    accessToken,
    close() {
      closing ??= (async () => {
        clearInterval(heartbeat);
        unsubscribe();
        for (const ws of clients.keys()) ws.close(1001, 'host shutting down');
        clients.clear();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
