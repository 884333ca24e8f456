import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, isAllowedNavigation, isPermissionAllowed } from './securityPolicy.js';
import { isBlockedRequestUrl, secureWebPreferences } from './webPreferences.js';

describe('shell.openExternal allow-list', () => {
  it('allows only https URLs of allow-listed hosts', () => {
    expect(isAllowedExternalUrl('https://www.gov.cn/zhengce/')).toBe(true);
    expect(isAllowedExternalUrl('https://WWW.GOV.CN/')).toBe(true);
  });

  it.each([
    'http://www.gov.cn/',
    'https://www.gov.cn.evil.example/',
    'https://evil.example/?u=https://www.gov.cn',
    'https://user:pw@www.gov.cn/',
    'https://www.gov.cn:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'not a url',
    `https://www.gov.cn/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isAllowedExternalUrl(undefined)).toBe(false);
    expect(isAllowedExternalUrl({ href: 'https://www.gov.cn/' })).toBe(false);
  });
});

describe('navigation', () => {
  it('stays inside app://renderer', () => {
    expect(isAllowedNavigation('app://renderer/index.html#/wall')).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:4820/',
      'file:///etc/passwd',
      'app://other/',
      'data:text/html,x',
      'javascript:alert(1)',
      'about:blank',
    ]) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });
});

describe('permissions', () => {
  it('grants notifications to the app and nothing else', () => {
    expect(isPermissionAllowed('notifications', 'app://renderer/index.html')).toBe(true);
    expect(isPermissionAllowed('notifications', 'app://renderer')).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('notifications', undefined)).toBe(false);
    for (const p of ['media', 'geolocation', 'openExternal', 'clipboard-read', 'fullscreen', 'display-capture', 'usb', 'unknown']) {
      expect(isPermissionAllowed(p, 'app://renderer/index.html'), p).toBe(false);
    }
  });
});

describe('webPreferences', () => {
  it('sandboxes every window with context isolation and no Node', () => {
    const wp = secureWebPreferences('/app/dist/electron/preload.cjs', false);
    expect(wp).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });

  it('cancels renderer requests to the network and the file system', () => {
    for (const url of ['https://example.com/x.js', 'http://127.0.0.1:4800/', 'ws://127.0.0.1:4820/api', 'file:///etc/passwd', '::bad']) {
      expect(isBlockedRequestUrl(url), url).toBe(true);
    }
    for (const url of [
      'app://renderer/assets/a.js',
      'data:image/png;base64,AAAA',
      'blob:app://renderer/123',
      'devtools://devtools/bundled/x',
    ]) {
      expect(isBlockedRequestUrl(url), url).toBe(false);
    }
  });
});
