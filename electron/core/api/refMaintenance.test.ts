/**
 * Reference-data maintenance through the workstation core against a real relay: a dispatcher submits a
 * 指导目录 revision, a leader approves it and every workstation follows to version 2 with version 1 kept; a
 * dispatcher's approval is refused by the core; the admin creates a user with a password through users.save,
 * who then signs in on another workstation, and maintains departments with contacts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay } from '../testing/relayTestkit.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { ok, tempDir, waitSettled } from '../testing/testkit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function signedIn(relayUrl: string, username: string, password = 'grid2026'): Promise<Core> {
  const c = createCore({ dataDir: tempDir(), relayUrl, log: memoryLogger(), validateOutput: true });
  cleanups.push(() => c.close());
  ok(await c.call('session.login', { username, password }));
  await waitSettled(c);
  return c;
}

describe('reference-data maintenance through the core', () => {
  it('propose → approve publishes version 2 on every workstation; a dispatcher cannot approve', async () => {
    const r = await startTestRelay();
    cleanups.push(() => r.close());
    const dispatcher = await signedIn(r.url, 'dispatcher');
    const leader = await signedIn(r.url, 'leader');
    const ref0 = ok(await dispatcher.call('ref.get', {}));
    const items = ref0.catalog.map((i, k) => (k === 0 ? { ...i, name: i.name + '（修订）' } : i));
    ok(
      await dispatcher.call('ref.update', {
        change: { section: 'catalogProposal', value: { action: 'submit', proposal: { id: 'p-core', title: '修订', basedOn: 1, items } } },
      }),
    );
    const denied = await dispatcher.call('ref.update', {
      change: { section: 'catalogProposal', value: { action: 'approve', proposalId: 'p-core' } },
    });
    expect(denied).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '只有中心领导（街社区建设领导小组）可以审定或退回指导目录修订申请。' },
    });
    // The core names a stale proposal before the relay is asked.
    const stale = await dispatcher.call('ref.update', {
      change: { section: 'catalogProposal', value: { action: 'submit', proposal: { id: 'p-old', title: '旧', basedOn: 3, items } } },
    });
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '指导目录已更新为第1批，请基于现行目录重新起草。' },
    });

    await waitSettled(leader);
    const out = ok(
      await leader.call('ref.update', { change: { section: 'catalogProposal', value: { action: 'approve', proposalId: 'p-core' } } }),
    );
    await waitSettled(dispatcher, out.seq!);
    const seen = ok(await dispatcher.call('ref.get', {}));
    expect(seen.catalog[0]!.name).toBe(items[0]!.name);
    expect(seen.catalogVersions!.map((v) => v.version)).toEqual([1, 2]);
    expect(seen.catalogVersions![0]!.items[0]!.name).toBe(ref0.catalog[0]!.name);
    expect(seen.catalogProposals![0]).toMatchObject({ status: 'approved', publishedVersion: 2, decidedBy: { role: 'leader' } });
  });

  it('the admin creates a user who signs in, and keeps departments with contacts; others are refused', async () => {
    const r = await startTestRelay();
    cleanups.push(() => r.close());
    const admin = await signedIn(r.url, 'admin');
    const user = { id: 'u-core-new', username: 'newdispatch', name: '新调度', role: 'dispatcher' as const, unitId: 'centre', active: true };
    ok(await admin.call('users.save', { user, password: 'Welcome2026' }));
    const fresh = await signedIn(r.url, 'newdispatch', 'Welcome2026');
    expect(ok(await fresh.call('session.current', {}))).toMatchObject({ user: { id: 'u-core-new', role: 'dispatcher' } });
    expect(await fresh.call('users.save', { user: { ...user, role: 'admin' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const ref = ok(await admin.call('ref.get', {}));
    const dept = {
      id: 'dept-core',
      name: '测试科',
      shortName: '测试',
      contacts: [{ name: '吴联络', mobile: '13912345678', duty: '科长', sms: true }],
    };
    const saved = ok(await admin.call('ref.update', { change: { section: 'departments', value: [...ref.departments, dept] } }));
    await waitSettled(fresh, saved.seq!);
    expect(ok(await fresh.call('ref.get', {})).departments.find((d) => d.id === 'dept-core')).toMatchObject({
      contacts: [{ mobile: '13912345678' }],
    });
    const used = ref.catalog[0]!.defaultDepartmentId;
    const refused = await admin.call('ref.update', {
      change: { section: 'departments', value: ref.departments.filter((d) => d.id !== used) },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_REFERENCE', message: expect.stringContaining('不能删除') } });
  });
});
