/**
 * Recovery from a damaged cache with real SQLite files and a real relay: damage that the start-up identity
 * probe does not read (it is answered from a covering index) must still lead to a move-aside that carries
 * the queued commands over, at start or, when a query meets it while running, at the next start.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay } from './testing/relayTestkit.js';
import { createCore, type Core } from './core.js';
import { memoryLogger } from './log.js';
import { ok, reportCommand, tempDir, waitSettled } from './testing/testkit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function core(relayUrl: string, dataDir: string): Core & { log: ReturnType<typeof memoryLogger> } {
  const log = memoryLogger();
  const c = createCore({ dataDir, relayUrl, log, validateOutput: true, requestTimeoutMs: 5000 });
  cleanups.push(() => c.close());
  return Object.assign(c, { log });
}

/** A cache synced with a relay holding ~60 cases, then 10 commands queued while the relay is down. */
async function cacheWithQueuedCommands() {
  const relayDir = tempDir('relay-');
  const r = await startTestRelay({ dataDir: relayDir, demo: true, demoDays: 1, demoCasesPerDay: 60 });
  const port = r.port;
  const dataDir = tempDir();
  const first = core(r.url, dataDir);
  ok(await first.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
  await waitSettled(first);
  await r.close();
  const queued: string[] = [];
  for (let i = 0; i < 10; i++) queued.push(ok(await first.call('command.submit', { command: reportCommand({ title: `损坏前排队的上报${i}` }) })).mutationId);
  await first.close();
  return { relayDir, port, dataDir, queued, file: path.join(dataDir, 'workstation.db') };
}

/** The queued commands in the cache file, read directly (the session went with the moved file). */
function outboxIds(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id FROM outbox ORDER BY n').pluck().all() as string[];
  } finally {
    db.close();
  }
}

/**
 * Overwrites one page of `table` with garbage (its indexes stay intact): the root page, or with `lastLeaf`
 * the b-tree's last leaf (the highest rids), which neither the identity probe nor PRAGMA optimize reads.
 */
function damageTable(file: string, table: string, opts: { dropStats?: boolean; lastLeaf?: boolean } = {}): void {
  const db = new Database(file);
  // Current statistics (a cache in daily use has them): PRAGMA optimize then analyzes only what lacks them.
  db.exec('ANALYZE');
  const root = opts.lastLeaf
    ? (db.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path DESC LIMIT 1").pluck().get(table) as number)
    : (db.prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(table) as number);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  // Without statistics for the table, the next start's PRAGMA optimize runs ANALYZE on it (reads every page).
  if (opts.dropStats) db.prepare('DELETE FROM sqlite_stat1 WHERE tbl = ?').run(table);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
  fs.closeSync(fd);
}

describe('damaged cache', () => {
  it('damage found by PRAGMA optimize at start (past the identity probe): moved aside with its 10 queued commands', async () => {
    const s = await cacheWithQueuedCommands();
    damageTable(s.file, 'cases', { dropStats: true });
    // The identity probe alone does not see it: a covering index answers it.
    const probe = new Database(s.file, { readonly: true });
    expect(() => probe.prepare('SELECT rid FROM cases LIMIT 1').get()).not.toThrow();
    expect(() => probe.prepare('SELECT count(title) FROM cases').get()).toThrow(/malformed|corrupt/i);
    probe.close();

    const c = core(`http://127.0.0.1:${s.port}`, s.dataDir);
    expect(c.recovered?.reason).toMatch(/SQLITE_CORRUPT/);
    expect(c.recovered?.salvagedOutbox).toBe(10);
    expect(fs.existsSync(c.recovered!.movedTo)).toBe(true);
    expect(outboxIds(s.file)).toEqual(s.queued);
  });

  it('damage a query meets while running: CACHE_CORRUPT, then the next start moves the file aside, keeps the queue and syncs afresh', async () => {
    const s = await cacheWithQueuedCommands();
    const ro = new Database(s.file, { readonly: true });
    const lastCase = ro.prepare('SELECT id FROM cases ORDER BY rid DESC LIMIT 1').pluck().get() as string;
    ro.close();
    damageTable(s.file, 'case_docs', { lastLeaf: true });
    const c1 = core(`http://127.0.0.1:${s.port}`, s.dataDir);
    expect(c1.recovered?.reason).toBeUndefined();
    const res = await c1.call('case.get', { id: lastCase });
    expect(res.ok ? 'ok' : res.error.code).toBe('CACHE_CORRUPT');
    if (!res.ok) expect(res.error.message).toMatch(/重启工作站/);
    await c1.close();

    // As the message says: after a restart the file is moved aside and the queued commands are carried over.
    const r = await startTestRelay({ dataDir: s.relayDir, port: s.port });
    cleanups.push(() => r.close());
    const c2 = core(r.url, s.dataDir);
    expect(c2.recovered?.reason).toMatch(/damaged/);
    expect(c2.recovered?.salvagedOutbox).toBe(10);
    expect(outboxIds(s.file)).toEqual(s.queued);
    ok(await c2.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(c2, undefined, 60_000);
    expect(ok(await c2.call('case.get', { id: lastCase })).case.id).toBe(lastCase);
    for (const id of s.queued) expect((await r.store.getAppliedCommand('centre', id))?.id).toBe(id);

    // And it stays repaired: a third start finds a sound cache.
    await c2.close();
    const c3 = core(r.url, s.dataDir);
    expect(c3.recovered).toBeUndefined();
    expect(ok(await c3.call('case.get', { id: lastCase })).case.id).toBe(lastCase);
  });
});
