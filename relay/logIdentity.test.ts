/**
 * The relay's side of log identity over real sockets and real files: pull and snapshot carry the log id and
 * the tip; a different log id, a cursor past the head, or a different entry at the cursor (a log restored
 * from an older backup and written again) answer reset with the cause.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry, PullResponse, SnapshotResponse } from '../shared/protocol.js';
import { startRelay, type RelayHandle } from './server.js';
import { connect, districtReport, login, postWebhook, removeTempDirs, requestOk, tempDir, TEST_TOKEN_SECRET, TEST_WEBHOOK_SECRET, uid } from './testing/testkit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  removeTempDirs();
});

async function relayAt(dataDir: string): Promise<RelayHandle> {
  const r = await startRelay({ port: 0, dataDir, demo: false, districtUrl: 'none', webhookSecret: TEST_WEBHOOK_SECRET, tokenSecret: TEST_TOKEN_SECRET, quiet: true });
  cleanups.push(() => r.close());
  return r;
}

async function wall(r: RelayHandle): Promise<Socket> {
  const clientId = uid('ws');
  const s = await connect(r.url, { token: await login(r.url, 'wall', clientId), clientId });
  cleanups.push(() => void s.close());
  return s;
}

async function grow(r: RelayHandle, n: number): Promise<void> {
  for (let i = 0; i < n; i++) expect((await postWebhook(r.url, districtReport(uid('case')))).status).toBe(200);
}

const tipOf = (e: LogEntry) => ({ changeId: e.changeId, at: e.at });

describe('log identity on the relay', () => {
  it('answers the log id and tips, and reset (diverged / ahead / other_log) for a restored or replaced log', async () => {
    const dir = tempDir();
    let r = await relayAt(dir);
    await grow(r, 5);
    const backup = path.join(tempDir('backup-'), 'relay.db');
    const src = new Database(path.join(dir, 'relay.db'), { readonly: true });
    await src.backup(backup);
    src.close();
    await grow(r, 5);

    let s = await wall(r);
    const first = await requestOk<PullResponse>(s, 'pull', { cursor: 0, limit: 100 });
    if (first.type !== 'changes') throw new Error('expected changes');
    const logId = first.logId!;
    expect(logId).toMatch(/^[0-9a-f-]{36}$/);
    const old10 = first.entries.find((e) => e.seq === 10)!;
    const snap = await requestOk<SnapshotResponse>(s, 'snapshot', { limit: 100 });
    expect(snap).toMatchObject({ asOfSeq: 10, logId, tip: tipOf(old10) });
    // The same history: pages go on.
    expect((await requestOk<PullResponse>(s, 'pull', { cursor: 10, limit: 10, logId, tip: tipOf(old10) })).type).toBe('changes');

    // Restore the backup (head 5), then 8 more changes: seq 10 is now another entry, same log id.
    await r.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dir, 'relay.db' + suffix), { force: true });
    fs.copyFileSync(backup, path.join(dir, 'relay.db'));
    r = await relayAt(dir);
    expect(r.hub.logId).toBe(logId);
    s = await wall(r);
    const ahead = await requestOk<PullResponse>(s, 'pull', { cursor: 10, limit: 10, logId, tip: tipOf(old10) });
    expect(ahead).toMatchObject({ type: 'reset', cause: 'ahead', head: 5 });
    await grow(r, 8);
    const diverged = await requestOk<PullResponse>(s, 'pull', { cursor: 10, limit: 10, logId, tip: tipOf(old10) });
    expect(diverged).toMatchObject({ type: 'reset', cause: 'diverged', head: 13, logId });
    // Entries up to the backup point are the same entries: a cursor there is fine.
    const old5 = first.entries.find((e) => e.seq === 5)!;
    const ok5 = await requestOk<PullResponse>(s, 'pull', { cursor: 5, limit: 100, logId, tip: tipOf(old5) });
    expect(ok5.type === 'changes' && ok5.entries.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);

    // Another log altogether.
    const other = await relayAt(tempDir());
    expect(other.hub.logId).not.toBe(logId);
    const so = await wall(other);
    expect(await requestOk<PullResponse>(so, 'pull', { cursor: 0, limit: 10, logId })).toMatchObject({ type: 'reset', cause: 'other_log' });
  });
});
