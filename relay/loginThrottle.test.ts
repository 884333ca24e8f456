import crypto from 'node:crypto';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { LoginThrottle } from './loginThrottle.js';
import { startRelay, type RelayHandle } from './server.js';
import { postJson, removeTempDirs, tempDir, uid, testRelayOptions } from './testing/testkit.js';

afterAll(() => removeTempDirs());

const relays: RelayHandle[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (relays.length) await relays.pop()!.close();
});

async function testRelay(): Promise<RelayHandle> {
  const r = await startRelay(testRelayOptions(tempDir()));
  relays.push(r);
  return r;
}

const loginAt = (relay: RelayHandle, username: string, password: string, clientId = 'ws-t', clientSecret?: string) =>
  postJson(`${relay.url}/api/login`, { username, password, clientId, ...(clientSecret ? { clientSecret } : {}) });

describe('POST /api/login under concurrency and enumeration (real relay on loopback)', () => {
  it('a concurrent burst of guesses is cut off at the limit: the right password at the end of the burst is refused', async () => {
    const relay = await testRelay();
    for (const burst of [20, 100]) {
      const username = burst === 20 ? 'supervisor' : 'leader';
      const tries = [...Array.from({ length: burst }, () => 'wrong'), 'grid2026'];
      const answers = await Promise.all(tries.map((p) => loginAt(relay, username, p)));
      const statuses = answers.map((a) => a.status);
      // At most five evaluated (401); the rest, the right password included, refused before any scrypt.
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 200)).toEqual([]);
      expect(statuses.at(-1)).toBe(429);
      expect(answers.at(-1)!.json).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS' } });
    }
  });

  it('an unknown, an inactive and a known user each cost one scrypt evaluation with the same parameters', async () => {
    const relay = await testRelay();
    // Deactivate one user through the admin path (reference data), as an administrator would.
    const users = relay.hub.ref.users.map((u) => (u.username === 'dispatcher2' ? { ...u, active: false } : u));
    await relay.hub.updateRef({ id: 'u-admin', name: '系统管理员', role: 'admin', unitId: 'centre' }, { section: 'users', value: users });
    // Warm up: the dummy hash is made once, at the first login that needs it.
    await loginAt(relay, 'nobody-warmup', 'x', uid('ws'));
    const spy = vi.spyOn(crypto, 'scrypt');
    const work = async (username: string, password: string) => {
      spy.mockClear();
      await loginAt(relay, username, password, uid('ws'));
      return spy.mock.calls.map((c) => {
        const [, salt, keylen, opts] = c as unknown as [unknown, Buffer, number, { N: number; r: number; p: number }];
        return { saltBytes: salt.length, keylen, N: opts.N, r: opts.r, p: opts.p };
      });
    };
    const known = await work('dispatcher', 'wrong-password');
    expect(known).toHaveLength(1);
    expect(await work('no-such-user-' + uid('u'), 'wrong-password')).toEqual(known);
    expect(await work('dispatcher2', 'grid2026')).toEqual(known);
  });

  it('junk usernames from one address do not lock out a registered workstation behind it', async () => {
    const relay = await testRelay();
    const first = await loginAt(relay, 'dispatcher', 'grid2026', 'ws-desk');
    const secret = (first.json.value as { clientSecret: string }).clientSecret;
    for (let i = 0; i < 30; i++) expect((await loginAt(relay, `junk-${i}`, 'x', uid('ws'))).status).toBe(401);
    expect((await loginAt(relay, 'junk-30', 'x', uid('ws'))).status).toBe(429);
    // The address budget is spent: unproven clients from here are refused, whatever the username …
    expect((await loginAt(relay, 'supervisor', 'grid2026', uid('ws'))).status).toBe(429);
    // … but the workstation that proves its registration still signs its users in.
    expect((await loginAt(relay, 'dispatcher', 'grid2026', 'ws-desk', secret)).status).toBe(200);
    expect((await loginAt(relay, 'supervisor', 'grid2026', 'ws-desk', secret)).status).toBe(200);
    // Its own wrong passwords are still limited per username.
    for (let i = 0; i < 5; i++) expect((await loginAt(relay, 'leader', 'wrong', 'ws-desk', secret)).status).toBe(401);
    expect((await loginAt(relay, 'leader', 'grid2026', 'ws-desk', secret)).status).toBe(429);
  });
});

describe('POST /api/login throttling (real relay on loopback)', () => {
  it('answers 429 with a Chinese message and Retry-After after five wrong passwords, even for the right one', async () => {
    const relay = await startRelay(testRelayOptions(tempDir()));
    try {
      const login = (username: string, password: string) => postJson(`${relay.url}/api/login`, { username, password, clientId: 'ws-t' });
      for (let i = 0; i < 5; i++) expect((await login('supervisor', 'wrong')).status).toBe(401);
      const res = await fetch(`${relay.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'supervisor', password: 'grid2026', clientId: 'ws-t' }),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(800);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('TOO_MANY_ATTEMPTS');
      expect(body.error.message).toMatch(/密码错误次数过多/);
      // Another account from the same machine still logs in.
      expect((await login('leader', 'grid2026')).status).toBe(200);
    } finally {
      await relay.close();
    }
  });
});

describe('LoginThrottle', () => {
  it('refuses the sixth try after five failures, per username and address, until the window has passed', () => {
    let now = 1_000_000;
    const th = new LoginThrottle({ now: () => now });
    for (let i = 0; i < 5; i++) {
      expect(th.check('dispatcher', '10.0.0.5').allowed).toBe(true);
      th.failed('dispatcher', '10.0.0.5');
      now += 1000;
    }
    const refused = th.check('Dispatcher ', '10.0.0.5');
    expect(refused.allowed).toBe(false);
    expect(refused.allowed === false && refused.retryAfterMs).toBe(15 * 60_000 - 5000);
    // Another workstation and another account are not affected.
    expect(th.check('dispatcher', '10.0.0.6').allowed).toBe(true);
    expect(th.check('supervisor', '10.0.0.5').allowed).toBe(true);
    now += 15 * 60_000 - 5000;
    expect(th.check('dispatcher', '10.0.0.5').allowed).toBe(true);
  });

  it('a successful login clears the account’s failures', () => {
    const th = new LoginThrottle({ now: () => 0 });
    for (let i = 0; i < 4; i++) th.failed('leader', 'a');
    th.succeeded('leader', 'a');
    for (let i = 0; i < 4; i++) th.failed('leader', 'a');
    expect(th.check('leader', 'a').allowed).toBe(true);
  });

  it('limits an address that guesses across many usernames, except for a proven workstation', () => {
    const th = new LoginThrottle({ now: () => 0, maxFailuresPerAddress: 30 });
    for (let i = 0; i < 30; i++) th.failed(`user${i}`, 'x');
    expect(th.check('someone-new', 'x').allowed).toBe(false);
    expect(th.check('someone-new', 'x', true).allowed).toBe(true);
    expect(th.check('someone-new', 'y').allowed).toBe(true);
  });

  it('counts reserved attempts until they are settled', () => {
    const th = new LoginThrottle({ now: () => 0, maxFailures: 2 });
    const a = th.begin('u', 'a');
    const b = th.begin('u', 'a');
    expect('settle' in a && 'settle' in b).toBe(true);
    expect(th.begin('u', 'a')).toMatchObject({ allowed: false, busy: true });
    if ('settle' in a) a.settle(true);
    expect('settle' in th.begin('u', 'a')).toBe(true);
  });

  it('never allows more than maxFailures failed tries of one key inside any window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120_000 }), { maxLength: 60 }), (gaps) => {
        let now = 0;
        const windowMs = 60_000;
        const th = new LoginThrottle({ now: () => now, windowMs, maxFailures: 3, maxFailuresPerAddress: 1000 });
        const tried: number[] = [];
        for (const g of gaps) {
          now += g;
          if (th.check('u', 'a').allowed) {
            tried.push(now);
            th.failed('u', 'a');
          }
        }
        for (const t of tried) expect(tried.filter((x) => x > t - windowMs && x <= t).length).toBeLessThanOrEqual(3);
      }),
    );
  });
});
