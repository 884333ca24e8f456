import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APP_CSP,
  APP_INDEX_URL,
  appResponseHeaders,
  isAppUrl,
  mimeTypeFor,
  resolveAppPath,
  resolveAppUrl,
  WALL_URL,
} from './appProtocol.js';

const ROOT = '/opt/grid/dist/renderer';
const inside = (p: string) => p === ROOT || p.startsWith(`${ROOT}/`);

describe('resolveAppUrl', () => {
  it('serves index.html for the bare origin and for /', () => {
    expect(resolveAppUrl('app://renderer', ROOT)).toEqual({ ok: true, filePath: `${ROOT}/index.html` });
    expect(resolveAppUrl('app://renderer/', ROOT)).toEqual({ ok: true, filePath: `${ROOT}/index.html` });
    expect(resolveAppUrl(APP_INDEX_URL, ROOT)).toEqual({ ok: true, filePath: `${ROOT}/index.html` });
  });

  it('serves nested assets and ignores query and hash', () => {
    expect(resolveAppUrl('app://renderer/assets/index-abc123.js?v=1#x', ROOT)).toEqual({
      ok: true,
      filePath: `${ROOT}/assets/index-abc123.js`,
    });
    expect(resolveAppUrl(WALL_URL, ROOT)).toEqual({ ok: true, filePath: `${ROOT}/index.html` });
  });

  it('decodes percent-encoded names (Chinese file names)', () => {
    expect(resolveAppUrl(`app://renderer/fonts/${encodeURIComponent('黑体')}.woff2`, ROOT)).toEqual({
      ok: true,
      filePath: `${ROOT}/fonts/黑体.woff2`,
    });
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppUrl('app://evil/index.html', ROOT)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppUrl('file:///etc/passwd', ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppUrl('https://renderer/index.html', ROOT)).toMatchObject({ ok: false });
  });

  it.each([
    ['plain ..', 'app://renderer/../../../etc/passwd'],
    ['.. in the middle', 'app://renderer/assets/../../secret'],
    ['encoded %2e%2e', 'app://renderer/%2e%2e/%2e%2e/etc/passwd'],
    ['mixed-case %2E%2e', 'app://renderer/%2E%2e/etc/passwd'],
    ['half encoded .%2e', 'app://renderer/.%2e/etc/passwd'],
    ['encoded slash + dots', 'app://renderer/assets%2f..%2f..%2fetc%2fpasswd'],
    ['single dot segment', 'app://renderer/./index.html'],
    ['absolute path via //', 'app://renderer//etc/passwd'],
    ['absolute path via encoded slash', 'app://renderer/%2fetc%2fpasswd'],
    ['backslash', 'app://renderer/..\\..\\etc\\passwd'],
    ['encoded backslash', 'app://renderer/..%5c..%5cetc%5cpasswd'],
    ['drive letter', 'app://renderer/C:/Windows/win.ini'],
    ['encoded drive letter', 'app://renderer/C%3A%2FWindows%2Fwin.ini'],
    ['NTFS stream', 'app://renderer/index.html::$DATA'],
    ['NUL byte', 'app://renderer/index.html%00.png'],
    ['malformed encoding', 'app://renderer/%E0%A4%A'],
    ['empty segment', 'app://renderer/assets//x.js'],
  ])('refuses traversal attempt: %s', (_name, url) => {
    const r = resolveAppUrl(url, ROOT);
    expect(r.ok).toBe(false);
  });

  it('keeps a double-encoded dot-dot as a literal file name inside the root', () => {
    const r = resolveAppUrl('app://renderer/%252e%252e/%252e%252e/etc/passwd', ROOT);
    expect(r).toEqual({ ok: true, filePath: `${ROOT}/%2e%2e/%2e%2e/etc/passwd` });
  });

  it('applies the Windows rules with path.win32', () => {
    const winRoot = 'C:\\Program Files\\grid\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppPath('/assets/a.js', winRoot, path.win32)).toEqual({ ok: true, filePath: `${winRoot}\\assets\\a.js` });
    for (const attempt of [
      '/..\\..\\Windows',
      '/C:/Windows/win.ini',
      '/c:\\x',
      '//server/share/x',
      '/%5c%5cserver%5cshare',
      '/../x',
      '/a/%2e%2e/%2e%2e/x',
    ]) {
      expect(resolveAppPath(attempt, winRoot, path.win32).ok, attempt).toBe(false);
    }
  });

  it('never resolves outside the root, whatever the path (property)', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '%2E%2E',
        '.%2e',
        '%2e.',
        '%2f',
        '%5c',
        '\\',
        '/',
        '',
        'a',
        'assets',
        '%00',
        'C:',
        '%252e%252e',
        '..%2f',
      ),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const r = resolveAppPath(`/${segments.join('/')}`, ROOT);
        return !r.ok || inside(r.filePath);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('response headers', () => {
  it('sets a CSP that allows scripts only from the app itself', () => {
    const h = appResponseHeaders(`${ROOT}/index.html`);
    expect(h['Content-Security-Policy']).toBe(APP_CSP);
    const script = APP_CSP.split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self'");
    expect(APP_CSP).not.toMatch(/unsafe-eval/);
    expect(APP_CSP).toContain("object-src 'none'");
    expect(h['X-Content-Type-Options']).toBe('nosniff');
  });

  it('maps MIME types by extension', () => {
    expect(mimeTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('/x/font.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('isAppUrl', () => {
  it('accepts only the app origin', () => {
    expect(isAppUrl('app://renderer/index.html#/wall')).toBe(true);
    expect(isAppUrl('app://renderer')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://renderer/index.html')).toBe(false);
    expect(isAppUrl('file:///opt/grid/dist/renderer/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl(null)).toBe(false);
  });
});
