/** docNumber.allocate through the core against a real relay: numbered online, a retry answers the same, offline refused in Chinese. */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay } from '../testing/relayTestkit.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { ok, tempDir, waitSettled } from '../testing/testkit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function signedIn(relayUrl: string, username: string): Promise<Core> {
  const c = createCore({ dataDir: tempDir(), relayUrl, log: memoryLogger(), validateOutput: true });
  cleanups.push(() => c.close());
  ok(await c.call('session.login', { username, password: 'grid2026' }));
  await waitSettled(c);
  return c;
}

describe('docNumber.allocate (文号)', () => {
  it('numbers online, answers a retry with the same number, refuses offline in Chinese', async () => {
    const r = await startTestRelay();
    cleanups.push(() => r.close());
    const admin = await signedIn(r.url, 'admin');
    const saved = ok(
      await admin.call('ref.update', {
        change: { section: 'docNumberPatterns', value: [{ id: 'urge', name: '督办通知', template: '黄石督〔{year}〕{seq}号', width: 0 }] },
      }),
    );
    await waitSettled(admin, saved.seq!);
    const sup = await signedIn(r.url, 'supervisor');
    const a = ok(await sup.call('docNumber.allocate', { requestId: 'core-rq-1', patternId: 'urge', caseId: 'case-1' }));
    expect(a.number).toMatch(/^黄石督〔\d{4}〕1号$/);
    const b = ok(await sup.call('docNumber.allocate', { requestId: 'core-rq-2', patternId: 'urge' }));
    expect(b.seq).toBe(2);
    const again = ok(await sup.call('docNumber.allocate', { requestId: 'core-rq-1', patternId: 'urge' }));
    expect(again).toMatchObject({ number: a.number, repeated: true });
    await r.close();
    const off = await sup.call('docNumber.allocate', { requestId: 'core-rq-3', patternId: 'urge' });
    expect(off.ok).toBe(false);
    if (!off.ok) expect(off.error.message).toContain('离线时不能取号');
  }, 60_000);
});
