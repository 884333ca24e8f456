/**
 * ref.update against a real relay on loopback: an admin's closure is logged by the relay and comes back to
 * the core's reference data; other roles are refused; offline the change is refused with a clear reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayHandle } from '../../../relay/server.js';
import { startTestRelay } from '../testing/relayTestkit.js';
import { withClosure } from '../../../shared/calendar/config.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { ok, tempDir, waitSettled } from '../testing/testkit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function relay(): Promise<RelayHandle> {
  const r = await startTestRelay();
  cleanups.push(() => r.close());
  return r;
}

function core(relayUrl: string): Core {
  const c = createCore({ dataDir: tempDir(), relayUrl, log: memoryLogger(), validateOutput: true });
  cleanups.push(() => c.close());
  return c;
}

const HOUR = 3_600_000;
const closure = (id: string) => ({ id, from: Date.UTC(2026, 6, 20, 0), to: Date.UTC(2026, 6, 20, 0) + 8 * HOUR, reason: '台风红色预警，全街道停工停课', createdBy: 'admin' });

describe('ref.update', () => {
  it('saves an admin closure through the relay log into the core’s reference data', async () => {
    const r = await relay();
    const c = core(r.url);
    ok(await c.call('session.login', { username: 'admin', password: 'grid2026' }));
    await waitSettled(c);
    const before = ok(await c.call('ref.get', {}));
    expect(before.calendar.closures.map((x) => x.id)).not.toContain('typhoon-1');

    const value = withClosure(before.calendar, closure('typhoon-1'));
    const out = ok(await c.call('ref.update', { change: { section: 'calendar', value } }));
    expect(out.seq).toBeGreaterThan(0);
    await waitSettled(c, out.seq!);

    const after = ok(await c.call('ref.get', {}));
    expect(after.calendar.closures).toEqual([closure('typhoon-1')]);
    // The relay logged it as a 'ref' entry and serves it to everyone.
    const [entry] = await r.store.readLog(out.seq! - 1, 1);
    expect(entry?.kind === 'ref' && entry.ref.section === 'calendar' && entry.ref.value.closures.map((x) => x.id)).toEqual(['typhoon-1']);
    expect(r.hub.ref.calendar.closures.map((x) => x.id)).toEqual(['typhoon-1']);

    // A second workstation sees the closure through the log too.
    const other = core(r.url);
    ok(await other.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(other, out.seq!);
    expect(ok(await other.call('ref.get', {})).calendar.closures.map((x) => x.id)).toEqual(['typhoon-1']);

    // Open pages follow reference data: the live change stream says when it changed (and only then).
    const pushes: Array<{ refChanged?: boolean | undefined; caseIds: string[] }> = [];
    const heard = new Promise<void>((resolve) =>
      other.subscribe('changes', (ch) => {
        pushes.push(ch);
        if (ch.refChanged) resolve();
      }),
    );
    const second = ok(await c.call('ref.update', { change: { section: 'calendar', value: withClosure(after.calendar, closure('typhoon-2')) } }));
    await heard;
    expect(pushes.filter((p) => p.refChanged)).toHaveLength(1);
    await waitSettled(other, second.seq!);
    expect(ok(await other.call('ref.get', {})).calendar.closures.map((x) => x.id)).toEqual(['typhoon-1', 'typhoon-2']);
  });

  it('refuses a dispatcher with FORBIDDEN and leaves the calendar alone', async () => {
    const r = await relay();
    const c = core(r.url);
    ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(c);
    const ref = ok(await c.call('ref.get', {}));
    const res = await c.call('ref.update', { change: { section: 'calendar', value: withClosure(ref.calendar, closure('x')) } });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('FORBIDDEN');
    expect(r.hub.ref.calendar.closures).toEqual([]);
  });

  it('rejects bad input with INVALID_INPUT', async () => {
    const r = await relay();
    const c = core(r.url);
    ok(await c.call('session.login', { username: 'admin', password: 'grid2026' }));
    const res = await c.call('ref.update', { change: { section: 'calendar', value: { closures: 'nope' } } });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('INVALID_INPUT');
  });

  it('refuses offline with OFFLINE and a Chinese reason', async () => {
    const r = await relay();
    const c = core(r.url);
    ok(await c.call('session.login', { username: 'admin', password: 'grid2026' }));
    await waitSettled(c);
    const ref = ok(await c.call('ref.get', {}));
    ok(await c.call('session.logout', {}));
    await r.close();
    expect(ok(await c.call('session.login', { username: 'admin', password: 'grid2026' })).offline).toBe(true);
    const res = await c.call('ref.update', { change: { section: 'calendar', value: withClosure(ref.calendar, closure('y')) } });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('OFFLINE');
      expect(res.error.message).toBe('离线状态下不能修改基础数据，请恢复连接后重试。');
    }
  });
});
