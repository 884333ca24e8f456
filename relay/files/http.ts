/**
 * HTTP endpoints of the attachment store (issue 15.2; docs/protocol.md "Attachments"):
 *   POST /api/files            raw file bytes, staff bearer token, x-file-name (percent-encoded UTF-8)
 *   POST /district/files       the same for the district platform, signed like the webhook (x-signature)
 *   GET  /api/files/<sha256>   the file (bearer token or service signature); /thumb for an image's thumbnail
 * Uploads are checked by content (shared/files.ts) and refused with a Chinese message (HTTP 422, or 413 over
 * the size limit); downloads carry their content type, nosniff, and download (attachment) for PDF.
 */
import type http from 'node:http';
import { checkServiceRequest, checkSignature, verifyToken } from '../auth.js';
import type { User } from '../../shared/model.js';
import { FileRefused, type FileStore } from './store.js';

export const FILES_PREFIX = '/api/files';
export const DISTRICT_FILES_PATH = '/district/files';

export interface FilesHttpDeps {
  files: FileStore;
  tokenSecret: string;
  webhookSecret: string;
  users: () => readonly User[];
  log: (msg: string) => void;
}

class HttpFail extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function readLimited(req: http.IncomingMessage, max: number, tooLarge: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      req.resume();
      reject(new HttpFail(413, 'FILE_TOO_LARGE', tooLarge));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > max) {
        done = true;
        reject(new HttpFail(413, 'FILE_TOO_LARGE', tooLarge));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function fileName(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || header === '') return '';
  try {
    return decodeURIComponent(header).slice(0, 200);
  } catch {
    throw new HttpFail(400, 'BAD_REQUEST', 'x-file-name is not valid percent-encoded UTF-8');
  }
}

const mb = (n: number) => (n / (1024 * 1024)).toFixed(Number.isInteger(n / (1024 * 1024)) ? 0 : 1);

export function createFilesHandler(d: FilesHttpDeps): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void> {
  const tooLarge = `文件超过了每个附件 ${mb(d.files.maxBytes)} MB 的上限，已拒收。`;

  function staff(req: http.IncomingMessage, now: number, allowWall: boolean): User | null {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const check = bearer !== undefined ? verifyToken(bearer, d.tokenSecret, now) : null;
    if (!check?.ok) return null;
    const user = d.users().find((u) => u.id === check.claims.sub);
    if (!user || user.active === false || user.role !== check.claims.role) return null;
    if (!allowWall && user.role === 'wall') return null;
    return user;
  }

  async function store(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, who: string): Promise<void> {
    const name = fileName(req.headers['x-file-name']);
    try {
      const out = await d.files.put(body, name);
      if (out.stored) d.log(`file stored ${out.sha256} (${out.mime}, ${out.size} bytes) from ${who}`);
      sendJson(res, 200, {
        ok: true,
        value: { sha256: out.sha256, size: out.size, mime: out.mime, duplicate: !out.stored },
      });
    } catch (err) {
      if (err instanceof FileRefused) throw new HttpFail(422, err.code, err.message);
      throw err;
    }
  }

  return async (req, res, url) => {
    const now = Date.now();
    try {
      const p = url.pathname;
      if (p === FILES_PREFIX || p === DISTRICT_FILES_PATH) {
        if (req.method !== 'POST') throw new HttpFail(405, 'METHOD_NOT_ALLOWED', `${req.method} ${p} is not an endpoint of the relay`);
        if (p === FILES_PREFIX) {
          const user = staff(req, now, false);
          if (!user) {
            req.resume();
            throw new HttpFail(401, 'UNAUTHENTICATED', 'a staff bearer token is required');
          }
          await store(req, res, await readLimited(req, d.files.maxBytes, tooLarge), user.id);
        } else {
          const body = await readLimited(req, d.files.maxBytes, tooLarge);
          if (!checkSignature(body, req.headers['x-signature'], d.webhookSecret))
            throw new HttpFail(401, 'BAD_SIGNATURE', 'missing or invalid x-signature');
          await store(req, res, body, 'district');
        }
        return;
      }
      const m = /^\/api\/files\/([0-9a-f]{64})(\/thumb)?$/u.exec(p);
      if (!m) throw new HttpFail(404, 'NOT_FOUND', `${req.method} ${p} is not an endpoint of the relay`);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw new HttpFail(405, 'METHOD_NOT_ALLOWED', `${req.method} ${p} is not an endpoint of the relay`);
      req.resume();
      const byService = checkServiceRequest('GET', p, req.headers['x-timestamp'], req.headers['x-signature'], d.webhookSecret, now);
      if (!byService && !staff(req, now, true))
        throw new HttpFail(401, 'UNAUTHENTICATED', 'a bearer token or a service signature is required');
      const file = await d.files.read(m[1]!, m[2] ? 'thumb' : 'full');
      if (!file) throw new HttpFail(404, 'NOT_FOUND', m[2] ? '该文件没有缩略图或尚未存储。' : '该文件尚未存储在中继。');
      const name = url.searchParams.get('name')?.slice(0, 200) ?? '';
      const headers: Record<string, string | number> = {
        'content-type': file.mime,
        'content-length': file.bytes.length,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=31536000, immutable',
        etag: `"${m[1]!}${m[2] ? '-thumb' : ''}"`,
      };
      if (file.mime === 'application/pdf')
        headers['content-disposition'] =
          `attachment; filename="${m[1]!.slice(0, 12)}.pdf"${name ? `; filename*=UTF-8''${encodeURIComponent(name)}` : ''}`;
      else headers['content-disposition'] = 'inline';
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : file.bytes);
    } catch (err) {
      if (err instanceof HttpFail) {
        if (err.status === 413) res.setHeader('connection', 'close');
        sendJson(res, err.status, { ok: false, error: { code: err.code, message: err.message }, code: err.code, message: err.message });
        return;
      }
      d.log(`http ${req.method} ${url.pathname} failed: ${(err as Error).stack ?? String(err)}`);
      sendJson(res, 500, {
        ok: false,
        error: { code: 'INTERNAL', message: 'internal error' },
        code: 'INTERNAL',
        message: 'internal error',
      });
    }
  };
}
