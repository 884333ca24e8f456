/**
 * The core against a real relay on loopback: login, pull, optimistic commands, confirmation through the
 * log, relay rejections, a second workstation seeing the changes, and offline re-login.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayHandle } from '../../../relay/server.js';
import { startTestRelay } from '../testing/relayTestkit.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { ok, reportCommand, tempDir, waitFor, waitSettled } from '../testing/testkit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function relay(dataDir = tempDir('relay-')): Promise<RelayHandle> {
  const r = await startTestRelay({ dataDir });
  cleanups.push(() => r.close());
  return r;
}

function core(relayUrl: string, dataDir = tempDir()): Core {
  const c = createCore({ dataDir, relayUrl, log: memoryLogger(), validateOutput: true });
  cleanups.push(() => c.close());
  return c;
}

describe('core ↔ relay', () => {
  it('logs in, reports a case optimistically and confirms it through the log', async () => {
    const r = await relay();
    const c = core(r.url);
    const session = ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    expect(session.user.role).toBe('dispatcher');
    expect(session.offline).toBe(false);
    await waitSettled(c);
    const ref = ok(await c.call('ref.get', {}));
    expect(ref.communities.length).toBeGreaterThan(0);

    const cmd = reportCommand();
    const sub = ok(await c.call('command.submit', { command: cmd }));
    expect(sub.n).toBe(1);
    // Visible at once, marked pending.
    const detail = ok(await c.call('case.get', { id: cmd.caseId }));
    expect(detail.case.status).toBe('reported');
    await waitSettled(c, 1);
    const after = ok(await c.call('case.get', { id: cmd.caseId }));
    expect(after.pending).toEqual([]);
    expect(after.case.timeline.map((e) => e.type)).toEqual(['reported']);
    const q = ok(await c.call('queue.list', { tab: 'pending_accept' }));
    expect(q.rows.map((row) => row.id)).toContain(cmd.caseId);
    expect(q.rows.find((row) => row.id === cmd.caseId)!.pendingCount).toBe(0);
    expect(q.counts.pending_accept).toBe(1);
    const relayCase = await r.store.getCase(cmd.caseId);
    expect(relayCase?.version).toBe(1);
    // Countdowns run on the relay's clock: the measured offset is small on one machine.
    const t = ok(await c.call('time.now', {}));
    expect(Math.abs(t.offsetMs)).toBeLessThan(2000);
    expect(Math.abs(t.now - Date.now() - t.offsetMs)).toBeLessThan(1000);
    // Presence comes from the relay and lists this workstation.
    ok(await c.call('presence.open', { caseId: cmd.caseId }));
    const presence = ok(await c.call('presence.list', {}));
    expect(presence.map((p) => p.userId)).toContain('u-dispatcher');
    expect(JSON.stringify(presence)).not.toContain(c.clientId);
  });

  it('lets the engine refuse what a role may not do, with its Chinese reason', async () => {
    const r = await relay();
    const d = core(r.url);
    ok(await d.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(d);
    const cmd = reportCommand();
    ok(await d.call('command.submit', { command: cmd }));
    await waitSettled(d, 1);
    ok(await d.call('session.logout', {}));
    ok(await d.call('session.login', { username: 'supervisor', password: 'grid2026' }));
    await waitSettled(d);
    const ref = ok(await d.call('ref.get', {}));
    const res = await d.call('command.submit', { command: { type: 'accept', caseId: cmd.caseId, catalogItemId: ref.catalog[0]!.id, grade: 'normal' } });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('FORBIDDEN_ROLE');
      expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('returns a local rejection at once with the engine’s Chinese message, and queues nothing', async () => {
    const r = await relay();
    const c = core(r.url);
    ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(c);
    const res = await c.call('command.submit', { command: { type: 'sign', caseId: 'no-such-case' } });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(ok(await c.call('outbox.list', {}))).toEqual([]);
  });

  it('shows another workstation’s change and a rejection by the relay', async () => {
    const r = await relay();
    const a = core(r.url);
    const b = core(r.url);
    ok(await a.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    ok(await b.call('session.login', { username: 'dispatcher2', password: 'grid2026' }));
    await Promise.all([waitSettled(a), waitSettled(b)]);
    const cmd = reportCommand();
    const seen = waitFor(b, 'changes', (ch) => ch.caseIds.includes(cmd.caseId));
    ok(await a.call('command.submit', { command: cmd }));
    await seen;
    ok(await b.call('case.get', { id: cmd.caseId }));
    await waitSettled(a, 1);
    await waitSettled(b, 1);

    // A and B both accept in the same turn, before either can see the other's: both are valid
    // locally, the relay applies the first and rejects the second, and the loser is told why.
    const ref = ok(await a.call('ref.get', {}));
    const rejectedNotice = Promise.race([a, b].map((w) => waitFor(w, 'notify', (n) => n.kind === 'rejected_command' && n.caseId === cmd.caseId)));
    const [ra, rb] = await Promise.all([
      a.call('command.submit', { command: { type: 'accept', caseId: cmd.caseId, catalogItemId: ref.catalog[0]!.id, grade: 'normal' } }),
      b.call('command.submit', { command: { type: 'accept', caseId: cmd.caseId, catalogItemId: ref.catalog[1]!.id, grade: 'important' } }),
    ]);
    expect(ra.ok && rb.ok).toBe(true);
    const notice = await rejectedNotice;
    expect(notice.body).toMatch(/[\u4e00-\u9fa5]/);
    await Promise.all([waitSettled(a, 2), waitSettled(b, 2)]);
    const outboxes = [ok(await a.call('outbox.list', {})), ok(await b.call('outbox.list', {}))].flat();
    expect(outboxes).toHaveLength(1);
    expect(outboxes[0]!.status).toBe('rejected');
    expect(outboxes[0]!.error?.code).toBeTruthy();
    // Both replicas converge on the relay's answer.
    const relayCase = await r.store.getCase(cmd.caseId);
    expect(ok(await a.call('case.get', { id: cmd.caseId })).case.status).toBe(relayCase!.status);
    expect(ok(await b.call('case.get', { id: cmd.caseId })).case.status).toBe(relayCase!.status);
    // The rejected item can be dismissed.
    const loser = ok(await a.call('outbox.list', {})).length > 0 ? a : b;
    ok(await loser.call('outbox.dismiss', { id: outboxes[0]!.id }));
    expect(ok(await loser.call('outbox.list', {}))).toEqual([]);
  });

  it('re-logs in offline with the salted verifier when the relay is down, and refuses a wrong password', async () => {
    const dir = tempDir('relay-');
    let r = await relay(dir);
    const dataDir = tempDir();
    const c = core(r.url, dataDir);
    ok(await c.call('session.login', { username: 'supervisor', password: 'grid2026' }));
    await waitSettled(c);
    ok(await c.call('session.logout', {}));
    const port = r.port;
    await r.close();
    const offline = ok(await c.call('session.login', { username: 'supervisor', password: 'grid2026' }));
    expect(offline.offline).toBe(true);
    expect(offline.user.role).toBe('supervisor');
    ok(await c.call('session.logout', {}));
    const wrong = await c.call('session.login', { username: 'supervisor', password: 'nope' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.code).toBe('OFFLINE_LOGIN_FAILED');
    const stranger = await c.call('session.login', { username: 'leader', password: 'grid2026' });
    expect(stranger.ok).toBe(false);
    // The cache holds a verifier, never the password.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(dataDir, 'workstation.db'), { readonly: true });
    const raw = JSON.stringify(db.prepare('SELECT * FROM local_users').all());
    db.close();
    expect(raw).not.toContain('grid2026');
    // The relay comes back on the same port: the offline session gets a token and syncs.
    r = await startTestRelay({ port, dataDir: dir });
    cleanups.push(() => r.close());
    ok(await c.call('session.login', { username: 'supervisor', password: 'grid2026' }));
    await waitSettled(c);
  });

  it('takes a snapshot after the relay answers reset, keeping the pending outbox', async () => {
    const dir = tempDir('relay-');
    let r = await startTestRelay({ dataDir: dir, retainEntries: 3 });
    cleanups.push(() => r.close());
    const port = r.port;
    const dataDir = tempDir();
    const a = core(r.url, dataDir);
    const b = core(r.url);
    ok(await a.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    ok(await b.call('session.login', { username: 'dispatcher2', password: 'grid2026' }));
    await Promise.all([waitSettled(a), waitSettled(b)]);
    // A goes away; B makes more changes than the relay keeps.
    await r.close();
    const pendingWhileAway = ok(await a.call('command.submit', { command: reportCommand({ title: '离线期间登记' }) }));
    await a.close();
    r = await startTestRelay({ port, dataDir: dir, retainEntries: 3 });
    cleanups.push(() => r.close());
    await waitSettled(b);
    for (let i = 0; i < 6; i++) ok(await b.call('command.submit', { command: reportCommand({ title: `快照测试${i}` }) }));
    await waitSettled(b, 6);
    expect(await r.store.floor()).toBeGreaterThan(2);
    // A returns with cursor 0 < floor - 1: reset, snapshot, then its own pending command is pushed.
    const again = core(r.url, dataDir);
    await waitSettled(again, 7, 30_000);
    const rows = ok(await again.call('queue.list', { tab: 'all', limit: 100 })).rows;
    expect(rows).toHaveLength(7);
    expect(rows.every((row) => row.pendingCount === 0)).toBe(true);
    const counts = (await r.store.readLog(0, 100)).filter((e) => e.kind === 'case' && e.event.commandId === pendingWhileAway.mutationId);
    expect(counts).toHaveLength(1);
  });

  it('notifies a new urgent-grade case', async () => {
    const r = await relay();
    const a = core(r.url);
    const b = core(r.url);
    ok(await a.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    ok(await b.call('session.login', { username: 'dispatcher2', password: 'grid2026' }));
    await Promise.all([waitSettled(a), waitSettled(b)]);
    const cmd = reportCommand({ title: '燃气管道泄漏' });
    ok(await b.call('command.submit', { command: cmd }));
    await waitSettled(b, 1);
    const ref = ok(await b.call('ref.get', {}));
    const item = ref.catalog.find((c) => c.limits.some((l) => l.grade === 'urgent'))!;
    const urgent = waitFor(a, 'notify', (n) => n.kind === 'urgent_case' && n.caseId === cmd.caseId);
    ok(await b.call('command.submit', { command: { type: 'accept', caseId: cmd.caseId, catalogItemId: item.id, grade: 'urgent' } }));
    const n = await urgent;
    expect(n.title).toContain('燃气管道泄漏');
  });

  it('after an offline login, gets a relay token by itself once the relay answers', async () => {
    const dir = tempDir('relay-');
    let r = await relay(dir);
    const c = core(r.url);
    ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(c);
    ok(await c.call('session.logout', {}));
    const port = r.port;
    await r.close();
    expect(ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' })).offline).toBe(true);
    r = await startTestRelay({ port, dataDir: dir });
    cleanups.push(() => r.close());
    await waitSettled(c, undefined, 30_000);
    expect(ok(await c.call('session.current', {}))?.offline).toBe(false);
  });
});

describe('catching up over many pull pages', () => {
  it('pulls several pages (the next one requested while a batch is written) to the same state as a snapshot', async () => {
    // A cache that has the reference data and cursor 0 (from an empty relay) meets a relay with a
    // seeded history of several thousand log entries: it catches up by pull, in batches of pages.
    const empty = await relay();
    const dataDir = tempDir();
    const a = core(empty.url, dataDir);
    ok(await a.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(a);
    await a.close();
    await empty.close();
    const seeded = await startTestRelay({ demo: true, demoDays: 12, demoCasesPerDay: 60 });
    cleanups.push(() => seeded.close());
    const head = await seeded.store.head();
    expect(head).toBeGreaterThan(2 * 1000 + 500);

    const pulled = core(seeded.url, dataDir);
    ok(await pulled.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    const status = await waitSettled(pulled, head, 60_000);
    expect(status.cursor).toBe(head);
    const fresh = core(seeded.url);
    ok(await fresh.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(fresh, head, 60_000);

    const page = async (c: Core, offset: number) => ok(await c.call('queue.list', { tab: 'all', sort: { field: 'code', dir: 'asc' }, limit: 200, offset }));
    const first = await page(pulled, 0);
    expect(first.counts).toEqual((await page(fresh, 0)).counts);
    expect(first.total).toBeGreaterThan(300);
    for (let offset = 0; offset < first.total; offset += 200) {
      const strip = (rows: Array<{ id: string; status: string; updatedAt: number }>) => rows.map((row) => `${row.id}|${row.status}|${row.updatedAt}`);
      expect(strip((await page(pulled, offset)).rows)).toEqual(strip((await page(fresh, offset)).rows));
    }
  }, 120_000);
});
