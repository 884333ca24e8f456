/**
 * Configuration (flags, environment, validation, exit code 2 for the CLI) and the auth primitives.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkServiceRequest,
  checkSignature,
  hashPassword,
  signBody,
  signServiceRequest,
  signToken,
  verifyPassword,
  verifyToken,
} from './auth.js';
import { ConfigError, configFromArgs, parseRelayConfig } from './config.js';
import { startRelay } from './server.js';
import { removeTempDirs, tempDir } from './testing/testkit.js';

const root = path.resolve(import.meta.dirname, '..');

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'relay/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('relay configuration', () => {
  it('has safe local defaults', () => {
    const c = parseRelayConfig({});
    expect(c).toMatchObject({
      port: 4800,
      host: '127.0.0.1',
      dataDir: '.data/relay',
      districtUrl: 'http://127.0.0.1:4810',
      sync: 'full',
      demo: true,
      retainEntries: 0,
    });
  });

  it('takes flags over environment and validates every value', () => {
    const c = configFromArgs(['--port', '5000', '--no-demo', '--retain-entries', '100'], {
      RELAY_PORT: '6000',
      RELAY_HOST: '127.0.0.2',
      RELAY_DATA_DIR: '/tmp/x',
    });
    expect(c).toMatchObject({ port: 5000, host: '127.0.0.2', dataDir: '/tmp/x', demo: false, retainEntries: 100 });
    expect(configFromArgs([], { RELAY_DEMO: '0' }).demo).toBe(false);
    const problems = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems.join('\n');
      }
      throw new Error('expected a ConfigError');
    };
    expect(problems(() => configFromArgs(['--port', 'abc'], {}))).toMatch(/port/);
    expect(problems(() => configFromArgs(['--port', '70000'], {}))).toMatch(/port/);
    expect(problems(() => configFromArgs(['--district-url', 'ftp://x'], {}))).toMatch(/districtUrl/);
    expect(problems(() => configFromArgs(['--webhook-secret', 'short'], {}))).toMatch(/webhookSecret/);
    expect(problems(() => configFromArgs(['--sync', 'sometimes'], {}))).toMatch(/sync/);
    expect(problems(() => configFromArgs(['--bogus'], {}))).toMatch(/bogus/);
    expect(problems(() => configFromArgs([], { RELAY_TOKEN_SECRET: 'tiny' }))).toMatch(/tokenSecret/);
  });

  it('makes the CLI print the problem and exit with code 2', async () => {
    const bad = await runCli(['--port', 'not-a-port']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/port/);
    const badEnv = await runCli([], { DISTRICT_WEBHOOK_SECRET: 'x' });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toMatch(/webhookSecret/);
  });

  it('makes startRelay reject a bad configuration without touching the data directory', async () => {
    const dir = tempDir();
    await expect(startRelay({ port: -1, dataDir: dir, quiet: true })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('auth primitives', () => {
  const secret = 'a-token-secret-of-sufficient-length';
  const claims = { sub: 'u1', name: '张敏', role: 'dispatcher' as const, cid: 'ws1', iat: 1000, exp: 5000 };

  it('verifies its own tokens and refuses tampered, foreign and expired ones', () => {
    const t = signToken(claims, secret);
    expect(verifyToken(t, secret, 2000)).toMatchObject({ ok: true, claims: { sub: 'u1', role: 'dispatcher' } });
    expect(verifyToken(t, secret, 5000)).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
    expect(verifyToken(t, 'another-secret-of-sufficient-length', 2000)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
    const [v, body, sig] = t.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expect(verifyToken(`${v}.${forgedBody}.${sig}`, secret, 2000)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
    expect(verifyToken(`${v}.${body}`, secret, 2000)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
    expect(verifyToken('', secret, 2000).ok).toBe(false);
  });

  it('hashes passwords with scrypt and a salt', async () => {
    const h1 = await hashPassword('grid2026');
    const h2 = await hashPassword('grid2026');
    expect(h1).not.toBe(h2);
    expect(h1.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('grid2026', h1)).toBe(true);
    expect(await verifyPassword('grid2027', h1)).toBe(false);
    expect(await verifyPassword('grid2026', null)).toBe(false);
    expect(await verifyPassword('grid2026', 'garbage')).toBe(false);
  });

  it('checks body signatures and service signatures in constant time', () => {
    const body = Buffer.from('{"a":1}');
    expect(checkSignature(body, signBody(body, 's3cret-123'), 's3cret-123')).toBe(true);
    expect(checkSignature(body, signBody(body, 's3cret-123').toUpperCase().replace('SHA256=', 'sha256='), 's3cret-123')).toBe(true);
    expect(checkSignature(body, signBody('{"a":2}', 's3cret-123'), 's3cret-123')).toBe(false);
    expect(checkSignature(body, undefined, 's3cret-123')).toBe(false);
    expect(checkSignature(body, ['sha256=00'], 's3cret-123')).toBe(false);
    const now = 1_800_000_000_000;
    const sig = signServiceRequest('GET', '/api/ref', now, 's3cret-123');
    expect(checkServiceRequest('GET', '/api/ref', String(now), sig, 's3cret-123', now + 1000)).toBe(true);
    expect(checkServiceRequest('GET', '/api/ref', String(now), sig, 's3cret-123', now + 10 * 60_000)).toBe(false);
    expect(checkServiceRequest('GET', '/api/other', String(now), sig, 's3cret-123', now)).toBe(false);
  });
});

afterAll(() => removeTempDirs());
