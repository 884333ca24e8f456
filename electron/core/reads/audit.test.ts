/**
 * The operation log against a real relay and core: entries across cases, newest first, filtered by actor,
 * unit, type and period, with the case code; refused to a dispatcher and the wall; a period over a year
 * refused in Chinese.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay } from '../testing/relayTestkit.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { ok, reportCommand, tempDir, waitSettled } from '../testing/testkit.js';

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

describe('audit.list (操作日志)', () => {
  it('lists who did what across cases, filtered; only for supervisors, leaders and admins', async () => {
    const r = await startTestRelay();
    cleanups.push(() => r.close());
    const dispatcher = await signedIn(r.url, 'dispatcher');
    const ref = ok(await dispatcher.call('ref.get', {}));
    const item = ref.catalog[0]!;
    const a = reportCommand();
    const b = reportCommand();
    for (const command of [a, b, { type: 'accept' as const, caseId: a.caseId, catalogItemId: item.id, grade: item.limits[0]!.grade }]) {
      ok(await dispatcher.call('command.submit', { command }));
    }
    const settled = await waitSettled(dispatcher);
    const supervisor = await signedIn(r.url, 'supervisor');
    await waitSettled(supervisor, settled.cursor);

    const period = { from: Date.now() - 3_600_000, to: Date.now() + 60_000 };
    const all = ok(await supervisor.call('audit.list', { period }));
    expect(all.total).toBe(3);
    // Newest first (entries of one push share the relay's instant: their order among themselves is not fixed).
    expect([...all.rows.map((x) => x.type)].sort()).toEqual(['accepted', 'reported', 'reported']);
    expect(all.rows.map((x) => x.at)).toEqual([...all.rows.map((x) => x.at)].sort((p, q) => q - p));
    expect(all.rows.every((x) => x.actor.id === 'u-dispatcher' && x.code.startsWith('SJ'))).toBe(true);
    expect(all.rows.find((x) => x.type === 'accepted')!.caseId).toBe(a.caseId);
    expect(ok(await supervisor.call('audit.list', { period, type: 'reported' })).total).toBe(2);
    expect(ok(await supervisor.call('audit.list', { period, actorId: 'u-leader' })).total).toBe(0);
    expect(ok(await supervisor.call('audit.list', { period, unitId: 'centre' })).total).toBe(3);
    const page = ok(await supervisor.call('audit.list', { period, limit: 1, offset: 1 }));
    expect([page.total, page.rows.length]).toEqual([3, 1]);
    expect(page.rows[0]).toEqual(all.rows[1]);
    expect(ok(await supervisor.call('audit.list', { period: { from: period.to, to: period.to + 1000 } })).total).toBe(0);

    const long = await supervisor.call('audit.list', { period: { from: 0, to: 400 * 86_400_000 } });
    expect(long).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!long.ok) expect(long.error.message).toContain('不能超过一年');
    expect(await dispatcher.call('audit.list', { period })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await supervisor.call('audit.list', { period }, { roleCap: 'wall' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
