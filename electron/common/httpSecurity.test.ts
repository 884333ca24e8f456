import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, MIME_TYPES, mimeTypeFor, SECURITY_HEADERS } from './httpSecurity.js';

describe('the security table of the app:// protocol and the web host', () => {
  it('gives both hosts the same CSP, without eval and with scripts only from the app', () => {
    expect(SECURITY_HEADERS['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  });

  it('maps every extension in lower case and unknown ones to octet-stream', () => {
    for (const ext of Object.keys(MIME_TYPES)) expect(ext).toBe(ext.toLowerCase());
    expect(mimeTypeFor('/x/A.XLSX')).toBe(MIME_TYPES['.xlsx']);
    expect(mimeTypeFor('/x/noext')).toBe('application/octet-stream');
  });
});
