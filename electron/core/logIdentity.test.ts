/**
 * Log identity with a real relay, real sockets and real SQLite files: a relay restored from an older backup
 * (or replaced) is noticed by the workstation, which rebuilds its cache from the relay's current data with a
 * visible notice and keeps its queued commands.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayHandle } from '../../relay/server.js';
import { districtReport, postWebhook, uid } from '../../relay/testing/testkit.js';
import { startTestRelay } from './testing/relayTestkit.js';
import { createCore, type Core } from './core.js';
import { memoryLogger } from './log.js';
import { ok, reportCommand, tempDir, waitForSync, waitSettled } from './testing/testkit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function relay(dataDir: string, port = 0): Promise<RelayHandle> {
  const r = await startTestRelay({ dataDir, port });
  cleanups.push(() => r.close());
  return r;
}

function core(relayUrl: string): Core {
  const c = createCore({ dataDir: tempDir(), relayUrl, log: memoryLogger(), validateOutput: true, requestTimeoutMs: 5000 });
  cleanups.push(() => c.close());
  return c;
}

/** Reports `n` new cases through the district webhook; answers their ids. */
async function report(r: RelayHandle, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const change = districtReport(uid('case'));
    const res = await postWebhook(r.url, change, r.config.webhookSecret);
    expect(res.status).toBe(200);
    ids.push(change.command.caseId);
  }
  return ids;
}

async function relayCaseIds(r: RelayHandle): Promise<string[]> {
  return (await r.store.listCases(undefined, 10_000)).cases.map((c) => c.id).sort();
}

async function coreCaseIds(c: Core): Promise<string[]> {
  return ok(await c.call('queue.list', { tab: 'all', limit: 500 })).rows.map((row) => row.id).sort();
}

describe('log identity', () => {
  it('a relay restored from an older backup (backup at 5, grown to 10, restored, 8 more): the workstation resets, matches the relay, shows a notice, keeps its outbox', async () => {
    const relayDir = tempDir('relay-');
    let r = await relay(relayDir);
    const port = r.port;
    await report(r, 5);
    expect(r.hub.head).toBe(5);
    // The operator's backup at head 5 (SQLite online backup of the running relay's log).
    const backup = path.join(tempDir('backup-'), 'relay.db');
    const src = new Database(path.join(relayDir, 'relay.db'), { readonly: true });
    await src.backup(backup);
    src.close();

    const lost = await report(r, 5);
    expect(r.hub.head).toBe(10);
    const c = core(r.url);
    ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(c, 10);
    expect(await coreCaseIds(c)).toEqual(await relayCaseIds(r));

    // The relay goes down; meanwhile the dispatcher queues a command.
    const offline = waitForSync(c, (s) => s.connection !== 'online');
    await r.close();
    await offline;
    const queued = reportCommand({ title: '中继恢复期间排队的上报' });
    const queuedId = ok(await c.call('command.submit', { command: queued })).mutationId;

    // Restore the backup (head 5) and add 8 changes: seq 6..13 are other entries than the ones the cache has.
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(relayDir, 'relay.db' + suffix), { force: true });
    fs.copyFileSync(backup, path.join(relayDir, 'relay.db'));
    r = await relay(relayDir, port);
    expect(r.hub.head).toBe(5);
    const fresh = await report(r, 8);
    expect(r.hub.head).toBe(13);

    const status = await waitSettled(c, 14, 60_000);
    // Exactly the relay's cases: the 5 that no longer exist are gone, the 8 new ones (and the queued one) are there.
    const ids = await coreCaseIds(c);
    for (const id of lost) expect(ids).not.toContain(id);
    for (const id of fresh) expect(ids).toContain(id);
    expect(ids).toEqual(await relayCaseIds(r));
    expect(status.notice).toMatch(/备份恢复/);
    expect(ids).toContain(queued.caseId);
    expect((await r.store.getAppliedCommand('centre', queuedId))?.id).toBe(queuedId);
    expect(status.cursor).toBe(r.hub.head);
    expect(ok(await c.call('outbox.list', {}))).toEqual([]);
  });

  it('a relay whose data was replaced by another log (same head): reset with the notice', async () => {
    const dirA = tempDir('relay-a-');
    let r = await relay(dirA);
    const port = r.port;
    await report(r, 3);
    const c = core(r.url);
    ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(c, 3);
    const offline = waitForSync(c, (s) => s.connection !== 'online');
    await r.close();
    await offline;
    // Another, fresh log on the same address with as many entries.
    r = await relay(tempDir('relay-b-'), port);
    const other = await report(r, 3);
    const status = await waitSettled(c, 3, 60_000);
    expect(await coreCaseIds(c)).toEqual(other.sort());
    expect(status.notice).toMatch(/替换/);
  });
});
