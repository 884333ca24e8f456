/**
 * The operation log against a real relay and core: entries across cases, newest first, filtered by actor,
 * unit, type and period, with the case code; refused to a dispatcher and the wall; a period over a year
 * refused in Chinese. Reference-data changes beside them: the admin's department contact and a password
 * reset, a leader's approval of a 指导目录 revision, each with who, when and what (names only, never a mobile
 * or password), filtered by kind, section, actor and unit, offline too; a cache from before them (schema 7,
 * a real file downgraded) gets them from the relay at its first sync.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay } from '../testing/relayTestkit.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { ok, reportCommand, tempDir, waitSettled } from '../testing/testkit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function signedIn(relayUrl: string, username: string, dataDir = tempDir()): Promise<Core> {
  const c = createCore({ dataDir, relayUrl, log: memoryLogger(), validateOutput: true });
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
    const listed = ok(await supervisor.call('audit.list', { period }));
    expect(listed.total).toBe(3);
    const all = { ...listed, rows: listed.rows.map((x) => (x.kind === 'case' ? x : expect.unreachable('a case entry'))) };
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

  it('lists reference-data changes beside case entries: who, when, what; filters; backfilled into an older cache', async () => {
    const r = await startTestRelay();
    cleanups.push(() => r.close());
    const supervisorDir = tempDir();
    const supervisor = await signedIn(r.url, 'supervisor', supervisorDir);
    const admin = await signedIn(r.url, 'admin');
    const dispatcher = await signedIn(r.url, 'dispatcher');
    const leader = await signedIn(r.url, 'leader');
    const t0 = Date.now();

    const ref = ok(await admin.call('ref.get', {}));
    const dept = ref.departments[0]!;
    const mobile = '13987654321';
    const contacts = [...(dept.contacts ?? []), { name: '赵联络', mobile, duty: '科员', sms: true }];
    ok(
      await admin.call('ref.update', {
        change: { section: 'departments', value: ref.departments.map((d) => (d.id === dept.id ? { ...d, contacts } : d)) },
      }),
    );
    const user = ref.users.find((u) => u.username === 'dispatcher2')!;
    ok(await admin.call('users.save', { user, password: 'Secret2026x' }));
    const items = ref.catalog.map((i, k) => (k === 0 ? { ...i, name: i.name + '（修订）' } : i));
    ok(
      await dispatcher.call('ref.update', {
        change: {
          section: 'catalogProposal',
          value: { action: 'submit', proposal: { id: 'p-audit', title: '第二批修订', basedOn: 1, items } },
        },
      }),
    );
    await waitSettled(leader, (await waitSettled(dispatcher)).cursor);
    const approved = ok(
      await leader.call('ref.update', { change: { section: 'catalogProposal', value: { action: 'approve', proposalId: 'p-audit' } } }),
    );
    const t1 = Date.now();
    await waitSettled(supervisor, approved.seq!);

    const period = { from: t0 - 1000, to: t1 + 60_000 };
    const listed = ok(await supervisor.call('audit.list', { period, kind: 'ref' }));
    const rows = listed.rows.map((x) => (x.kind === 'ref' ? x : expect.unreachable('a reference-data entry')));
    // Newest first: approval (with the versions and the catalogue it published), the submission, the password, the contact.
    expect(rows.map((x) => x.section)).toEqual([
      'catalog',
      'catalogVersion',
      'catalogVersion',
      'catalogProposal',
      'catalogProposal',
      'users',
      'departments',
    ]);
    expect(listed.total).toBe(7);
    const bySection = (s: string) => rows.filter((x) => x.section === s);
    expect(bySection('departments')[0]).toMatchObject({
      actor: { id: 'u-admin', role: 'admin' },
      what: [{ op: 'update', section: 'departments', name: dept.shortName, fields: ['contacts'] }],
    });
    expect(bySection('users')[0]).toMatchObject({
      actor: { id: 'u-admin' },
      what: [{ op: 'password', section: 'users', name: 'dispatcher2' }],
    });
    expect(bySection('catalogProposal').map((x) => [x.actor?.id, x.what[0]!.op, x.what[0]!.version])).toEqual([
      ['u-leader', 'approve', 2],
      ['u-dispatcher', 'submit', undefined],
    ]);
    for (const x of rows) {
      expect(x.at).toBeGreaterThanOrEqual(t0 - 1000);
      expect(x.at).toBeLessThanOrEqual(t1 + 1000);
    }
    // Names, never values: no mobile, password or hash in what the log holds.
    const text = JSON.stringify(listed);
    for (const secret of [mobile, 'Secret2026x', 'scrypt']) expect(text).not.toContain(secret);

    // Filters: section, actor, unit, kind; a case entry type leaves the reference data out.
    expect(ok(await supervisor.call('audit.list', { period, section: 'departments' })).total).toBe(1);
    expect(ok(await supervisor.call('audit.list', { period, actorId: 'u-admin' })).total).toBe(2);
    expect(ok(await supervisor.call('audit.list', { period, actorId: 'u-leader', kind: 'ref' })).total).toBe(4);
    expect(ok(await supervisor.call('audit.list', { period, unitId: 'centre', kind: 'ref' })).total).toBe(7);
    expect(ok(await supervisor.call('audit.list', { period, unitId: dept.id })).total).toBe(0);
    expect(ok(await supervisor.call('audit.list', { period, kind: 'case' })).total).toBe(0);
    expect(ok(await supervisor.call('audit.list', { period, type: 'reported' })).total).toBe(0);
    expect(ok(await supervisor.call('audit.list', { period })).total).toBe(7);
    // The roles of the case log: a leader and the admin read it too, a dispatcher does not.
    expect(ok(await leader.call('audit.list', { period, kind: 'ref' })).total).toBe(7);
    expect(await dispatcher.call('audit.list', { period })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // A cache from before (schema 7: no ref_audit, no timeline_at), then the first sync fetches the history.
    await supervisor.close();
    const db = new Database(path.join(supervisorDir, 'workstation.db'));
    db.exec(
      "DROP TABLE ref_audit; DROP INDEX timeline_at; DELETE FROM schema_migrations WHERE version = 8; DELETE FROM meta WHERE key = 'refAuditThrough'",
    );
    db.pragma('user_version = 7');
    db.close();
    const upgraded = await signedIn(r.url, 'supervisor', supervisorDir);
    const again = ok(await upgraded.call('audit.list', { period, kind: 'ref' }));
    expect(again.total).toBe(7);
    // The relay's account of each change (it had the data before it): the same words as on arrival.
    expect(again.rows).toEqual(listed.rows);

    // Offline: read from the cache.
    await r.close();
    expect(ok(await upgraded.call('audit.list', { period, section: 'users' })).rows[0]).toMatchObject({
      kind: 'ref',
      what: [{ op: 'password' }],
    });
  });
});
