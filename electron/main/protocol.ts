/** Electron wiring of the app:// protocol; the decisions live in appProtocol.ts. */
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME, appResponseHeaders, resolveAppUrl } from './appProtocol.js';

/**
 * Must run before `app.whenReady()`: a standard, secure scheme gets a real origin and the fetch API;
 * corsEnabled because vite emits `<script type="module" crossorigin>`, fetched in CORS mode.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/** Serve files of `rootDir` (dist/renderer) on app://renderer/ for one session. */
export function serveAppProtocol(session: Session, rootDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppUrl(request.url, rootDir);
    if (!resolved.ok) {
      console.warn(`[app://] refused ${request.url}: ${resolved.reason}`);
      return new Response(null, { status: resolved.status });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    try {
      const body = await readFile(resolved.filePath);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: appResponseHeaders(resolved.filePath) });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}
