import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LoginThrottle } from './loginThrottle.js';
import { startRelay } from './server.js';
import { postJson, removeTempDirs, tempDir, TEST_TOKEN_SECRET, TEST_WEBHOOK_SECRET } from './testkit.js';

afterAll(() => removeTempDirs());

describe('POST /api/login throttling (real relay on loopback)', () => {
  it('answers 429 with a Chinese message and Retry-After after five wrong passwords, even for the right one', async () => {
    const relay = await startRelay({
      port: 0,
      dataDir: tempDir(),
      demo: false,
      webhookSecret: TEST_WEBHOOK_SECRET,
      tokenSecret: TEST_TOKEN_SECRET,
      districtUrl: 'none',
      quiet: true,
      presenceIntervalMs: 0,
    });
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

  it('limits an address that guesses across many usernames', () => {
    const th = new LoginThrottle({ now: () => 0, maxFailuresPerAddress: 30 });
    for (let i = 0; i < 30; i++) th.failed(`user${i}`, 'x');
    expect(th.check('someone-new', 'x').allowed).toBe(false);
    expect(th.check('someone-new', 'y').allowed).toBe(true);
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
