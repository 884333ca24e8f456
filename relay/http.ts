/**
 * HTTP endpoints of the relay: login, reference data, the district webhook, health and the Open311 read side.
 * Socket.IO shares the server and handles /socket.io/ itself.
 */
import type http from 'node:http';
import { z } from 'zod';
import { formatIssues } from '../shared/validation.js';
import { DistrictChange, DistrictChangeBatch, LoginRequest, MAX_PAYLOAD_BYTES } from '../shared/protocol.js';
import { checkServiceRequest, checkSignature, ClientRegistry, verifyToken } from './auth.js';
import type { CommandOutcome, Hub } from './hub.js';
import { HubError } from './hub.js';
import type { LogStore, StoreHealth } from './store/types.js';
import { LoginThrottle } from './loginThrottle.js';
import { decideLogin, type LoginDeps } from './login.js';
import { OPEN311_PREFIX } from './open311.js';
import { missingFile } from './files/refs.js';

export interface HttpDeps {
  hub: Hub;
  store: LogStore;
  webhookSecret: string;
  tokenSecret: string;
  tokenTtlMs: number;
  log: (msg: string) => void;
  health: () => Promise<Record<string, unknown>>;
  /** Wrong-password throttling for POST /api/login (default: 5 per account and address per 15 minutes). */
  loginThrottle?: LoginThrottle;
  /** Open311 GeoReport v2 read side (relay/open311.ts); absent: its paths answer 404. */
  open311?: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void>;
  /** The attachment store's endpoints (relay/files/http.ts: /api/files…, /district/files); absent: 404. */
  files?: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void>;
  /** Whether the attachment store holds a file: a district change naming a file not uploaded is refused. */
  hasFile?: (sha256: string) => Promise<boolean>;
  /** Bench/test hook: called when a webhook request has been read, before it is decided. */
  onWebhookReceived?: (changeIds: string[], at: number) => void;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** Errors carry the Ack envelope and, for the district platform's clients, code/message at the top level too. */
const fail = (res: http.ServerResponse, status: number, code: string, message: string) =>
  send(res, status, { ok: false, error: { code, message }, code, message });

/** Read the raw body, refusing more than MAX_PAYLOAD_BYTES (413) without buffering it. */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_PAYLOAD_BYTES) {
      reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `body exceeds ${MAX_PAYLOAD_BYTES} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_PAYLOAD_BYTES) {
        reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `body exceeds ${MAX_PAYLOAD_BYTES} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, 'BAD_JSON', 'body is not valid JSON: ' + (err as Error).message);
  }
}

export function issues(err: z.ZodError): string {
  return formatIssues(err, { root: '(body)' });
}

/** Attachments of district changes must have been uploaded first (POST /district/files): 422 otherwise. */
async function checkFiles(d: HttpDeps, changes: readonly DistrictChange[]): Promise<void> {
  if (!d.hasFile) return;
  for (const c of changes) {
    const missing = await missingFile(c.command, d.hasFile);
    if (missing) throw new HttpError(422, 'INVALID_REFERENCE', missing);
  }
}

/** The JSON answer of one district change. */
function outcomeBody(o: CommandOutcome): { status: number; body: Record<string, unknown> } {
  if (o.status === 'applied') return { status: 200, body: { ok: true, duplicate: false, ...(o.seq !== undefined ? { seq: o.seq } : {}) } };
  if (o.status === 'duplicate') return { status: 200, body: { ok: true, duplicate: true, ...(o.seq !== undefined ? { seq: o.seq } : {}) } };
  return { status: 422, body: { ok: false, code: o.code, message: o.message, error: { code: o.code, message: o.message } } };
}

export function createHttpHandler(d: HttpDeps): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const login: LoginDeps = {
    store: d.store,
    tokenSecret: d.tokenSecret,
    tokenTtlMs: d.tokenTtlMs,
    throttle: d.loginThrottle ?? new LoginThrottle(),
    clients: new ClientRegistry(d.store),
    log: d.log,
  };
  const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>> = {
    'POST /api/login': async (req, res) => {
      const body = LoginRequest.safeParse(parseJson(await readBody(req)));
      if (!body.success) throw new HttpError(400, 'BAD_REQUEST', issues(body.error));
      const out = await decideLogin(login, body.data, req.socket.remoteAddress ?? 'unknown');
      if (!out.ok) {
        if (out.retryAfterS !== undefined) res.setHeader('retry-after', String(out.retryAfterS));
        throw new HttpError(out.status, out.code, out.message);
      }
      send(res, 200, { ok: true, value: out.value });
    },
    'GET /api/ref': async (req, res) => {
      const now = Date.now();
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const check = bearer !== undefined ? verifyToken(bearer, d.tokenSecret, now) : null;
      // Revocation: the token's user must still be active with the role the token was issued for.
      const user = check?.ok ? d.hub.ref.users.find((u) => u.id === check.claims.sub) : undefined;
      const byToken = check?.ok === true && user !== undefined && user.active !== false && user.role === check.claims.role;
      const byService = checkServiceRequest(
        'GET',
        '/api/ref',
        req.headers['x-timestamp'],
        req.headers['x-signature'],
        d.webhookSecret,
        now,
      );
      if (!byToken && !byService) throw new HttpError(401, 'UNAUTHENTICATED', 'a bearer token or a service signature is required');
      send(res, 200, { ok: true, value: { ref: d.hub.ref, head: d.hub.head } });
    },
    'POST /district/webhook': async (req, res) => {
      const raw = await readBody(req);
      if (!checkSignature(raw, req.headers['x-signature'], d.webhookSecret))
        throw new HttpError(401, 'BAD_SIGNATURE', 'missing or invalid x-signature');
      const change = DistrictChange.safeParse(parseJson(raw));
      if (!change.success) throw new HttpError(400, 'BAD_REQUEST', issues(change.error));
      await checkFiles(d, [change.data]);
      const at = Date.now();
      d.onWebhookReceived?.([change.data.changeId], at);
      const [outcome] = await d.hub.district([change.data], at);
      const { status, body } = outcomeBody(outcome!);
      send(res, status, body);
    },
    'POST /district/webhook/batch': async (req, res) => {
      const raw = await readBody(req);
      if (!checkSignature(raw, req.headers['x-signature'], d.webhookSecret))
        throw new HttpError(401, 'BAD_SIGNATURE', 'missing or invalid x-signature');
      const batch = DistrictChangeBatch.safeParse(parseJson(raw));
      if (!batch.success) throw new HttpError(400, 'BAD_REQUEST', issues(batch.error));
      await checkFiles(d, batch.data.changes);
      const at = Date.now();
      d.onWebhookReceived?.(
        batch.data.changes.map((c) => c.changeId),
        at,
      );
      const outcomes = await d.hub.district(batch.data.changes, at);
      send(res, 200, {
        ok: true,
        results: outcomes.map((o, i) => ({ changeId: batch.data.changes[i]!.changeId, ...outcomeBody(o).body })),
      });
    },
    'GET /healthz': async (_req, res) => {
      const value = await d.health();
      const store = value.store as StoreHealth | undefined;
      if (!store || store.state === 'ok') return send(res, 200, { ok: true, value });
      // 503 so that a monitor or load balancer sees a relay that cannot store changes as unhealthy.
      const why = store.errors.map((e) => `${e.op}: ${e.code} ${e.message}`).join('; ') || `writer ${store.writer}`;
      const message = `store ${store.state}: ${why}`;
      send(res, 503, { ok: false, error: { code: 'UNAVAILABLE', message }, code: 'UNAVAILABLE', message, value });
    },
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://relay');
    if (url.pathname.startsWith(OPEN311_PREFIX) && d.open311) {
      void d.open311(req, res, url);
      return;
    }
    if (d.files && (url.pathname === '/api/files' || url.pathname.startsWith('/api/files/') || url.pathname === '/district/files')) {
      void d.files(req, res, url);
      return;
    }
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) {
      const known = Object.keys(routes).some((k) => k.endsWith(' ' + url.pathname));
      req.resume();
      fail(
        res,
        known ? 405 : 404,
        known ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND',
        `${req.method} ${url.pathname} is not an endpoint of the relay`,
      );
      return;
    }
    route(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) {
        if (err.status === 413) res.setHeader('connection', 'close');
        fail(res, err.status, err.code, err.message);
      } else if (err instanceof HubError) {
        fail(res, err.code === 'UNAVAILABLE' ? 503 : err.code === 'CONFLICT' ? 409 : 500, err.code, err.message);
      } else {
        d.log(`http ${req.method} ${url.pathname} failed: ${(err as Error).stack ?? String(err)}`);
        fail(res, 500, 'INTERNAL', 'internal error');
      }
    });
  };
}
