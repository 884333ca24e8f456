/**
 * Pure logic of the `app://` protocol that serves the built renderer (dist/renderer): URL → file path with
 * path-traversal guards, response headers (MIME type, CSP). No Electron import, so vitest runs it under Node.
 */
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, mimeTypeFor, SECURITY_HEADERS } from '../common/httpSecurity.js';

export const APP_SCHEME = 'app';
/** The single host the UI is served from: `app://renderer/index.html`. */
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;
/** Hash route of the wall display (the renderer uses hash routing). */
export const WALL_URL = `${APP_INDEX_URL}#/wall`;

/** Content-Security-Policy of every app:// response: the one of electron/common/httpSecurity.ts. */
export const APP_CSP = CONTENT_SECURITY_POLICY;

export { mimeTypeFor };

/** Headers of a successful app:// response. */
export function appResponseHeaders(filePath: string): Record<string, string> {
  return {
    'Content-Type': mimeTypeFor(filePath),
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': SECURITY_HEADERS['x-content-type-options']!,
    'Cache-Control': 'no-cache',
  };
}

export type AppPathResult = { ok: true; filePath: string } | { ok: false; status: 400 | 403 | 404; reason: string };

type PathImpl = Pick<typeof path, 'resolve' | 'relative' | 'isAbsolute' | 'sep' | 'normalize'>;

/**
 * Resolve a raw (still percent-encoded) URL path against the renderer root. Refuses `..` segments (plain or
 * encoded), backslashes, NUL, drive letters and absolute paths, then checks containment on the resolved path
 * as the last line of defence. `pathImpl` lets tests run the Windows rules on Linux.
 */
export function resolveAppPath(rawPathname: string, rootDir: string, pathImpl: PathImpl = path): AppPathResult {
  if (rawPathname.includes('\\') || /%5c/i.test(rawPathname)) return deny(400, 'backslash');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
  } catch {
    return deny(400, 'malformed percent-encoding');
  }
  if (decoded.includes('\0')) return deny(400, 'NUL byte');
  if (decoded.includes('\\')) return deny(400, 'backslash');
  if (!decoded.startsWith('/')) decoded = `/${decoded}`;
  // `//host/x` or `//etc` would be an absolute/UNC path once the leading slash is stripped.
  if (decoded.startsWith('//')) return deny(403, 'absolute path');
  const relative = decoded.slice(1);
  if (relative === '') return { ok: true, filePath: pathImpl.resolve(rootDir, 'index.html') };
  if (/^[a-zA-Z]:/.test(relative)) return deny(403, 'drive letter');
  // Colons only appear in drive letters and NTFS alternate data streams (`index.html::$DATA`).
  if (relative.includes(':')) return deny(400, 'colon');
  if (pathImpl.isAbsolute(relative)) return deny(403, 'absolute path');
  const segments = relative.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return deny(403, 'dot segment');
  if (segments.some((s) => s === '')) return deny(400, 'empty segment');

  const root = pathImpl.resolve(rootDir);
  const filePath = pathImpl.resolve(root, ...segments);
  const rel = pathImpl.relative(root, filePath);
  if (rel === '' || rel.startsWith('..') || pathImpl.isAbsolute(rel)) return deny(403, 'outside root');
  return { ok: true, filePath };
}

/**
 * Resolve a full app:// request URL. Only `app://renderer/...` is served; query and hash are ignored.
 * The path is taken from the raw string rather than from WHATWG URL parsing so the guards see exactly
 * what was asked for (URL parsing already folds `..` and `%2e%2e`, which would hide attempts from tests).
 */
export function resolveAppUrl(requestUrl: string, rootDir: string, pathImpl: PathImpl = path): AppPathResult {
  const prefix = `${APP_SCHEME}://`;
  if (!requestUrl.toLowerCase().startsWith(prefix)) return deny(400, 'not app://');
  const rest = requestUrl.slice(prefix.length);
  const slash = rest.indexOf('/');
  const host = (slash === -1 ? rest : rest.slice(0, slash)).toLowerCase();
  if (host !== APP_HOST) return deny(404, 'unknown host');
  let pathname = slash === -1 ? '/' : rest.slice(slash);
  const cut = pathname.search(/[?#]/);
  if (cut !== -1) pathname = pathname.slice(0, cut);
  return resolveAppPath(pathname, rootDir, pathImpl);
}

/** True for a URL of the app's own origin (`app://renderer/...`). */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string') return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

function deny(status: 400 | 403 | 404, reason: string): AppPathResult {
  return { ok: false, status, reason };
}
