/**
 * Faults with real processes: the relay down for a while, the workstation SIGKILLed in the middle of a
 * push, corrupt / foreign / too-new cache files, a full disk, a relay that sends invalid changes, and bad
 * API payloads. Each checks that nothing is lost or applied twice and that the core keeps running.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayHandle } from '../../relay/server.js';
import { startTestRelay } from './testing/relayTestkit.js';
import { API_METHODS, type ApiResult, type QueueRow } from '../../shared/api.js';
import type { Command } from '../../shared/commands.js';
import { createDemoRefData } from '../../shared/demo/refData.js';
import { decide } from '../../shared/engine/index.js';
import type { LogEntry } from '../../shared/protocol.js';
import { createCore, type Core } from './core.js';
import { memoryLogger } from './log.js';
import { digestCases, ok, reportCommand, tempDir, waitFor, waitForSync, waitSettled } from './testing/testkit.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function relay(dataDir = tempDir('relay-'), port = 0): Promise<RelayHandle> {
  const r = await startTestRelay({ port, dataDir });
  cleanups.push(() => r.close());
  return r;
}

function core(relayUrl: string, dataDir = tempDir(), extra: Partial<Parameters<typeof createCore>[0]> = {}): Core & { log: ReturnType<typeof memoryLogger> } {
  const log = memoryLogger();
  const c = createCore({ dataDir, relayUrl, log, validateOutput: true, requestTimeoutMs: 5000, ...extra });
  cleanups.push(() => c.close());
  return Object.assign(c, { log });
}

async function allRows(c: Core): Promise<QueueRow[]> {
  const rows: QueueRow[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = ok(await c.call('queue.list', { tab: 'all', limit: 500, offset, sort: { field: 'code', dir: 'asc' } }));
    rows.push(...page.rows);
    if (page.rows.length < 500) return rows;
  }
}

/** Digest of the relay's cases vs the workstation's merged view (id, version via updatedAt, status). */
async function relayDigest(r: RelayHandle): Promise<string> {
  const cases: Array<{ id: string; version: number; status: string }> = [];
  let after: string | undefined;
  for (;;) {
    const page = await r.store.listCases(after, 1000);
    cases.push(...page.cases.map((c) => ({ id: c.id, version: c.updatedAt, status: c.status })));
    if (page.cases.length < 1000) break;
    after = page.cases.at(-1)!.id;
  }
  return digestCases(cases);
}
const coreDigest = async (c: Core) => digestCases((await allRows(c)).map((r) => ({ id: r.id, version: r.updatedAt, status: r.status })));

/** How many log entries each command id produced. */
async function logCommandCounts(r: RelayHandle): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const e of await r.store.readLog(0, 1_000_000)) {
    if (e.kind === 'case' && e.event.commandId) counts.set(e.event.commandId, (counts.get(e.event.commandId) ?? 0) + 1);
  }
  return counts;
}

describe('relay down for a while', () => {
  it('keeps working, queues 50 commands, and applies each exactly once when the relay returns', async () => {
    const relayDir = tempDir('relay-');
    let r = await relay(relayDir);
    const port = r.port;
    const c = core(r.url);
    ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(c);
    const ref = ok(await c.call('ref.get', {}));

    const offline = waitForSync(c, (s) => s.connection === 'connecting' || s.connection === 'offline');
    await r.close();
    await offline;

    const ids: string[] = [];
    const mutations: string[] = [];
    for (let i = 0; i < 25; i++) {
      const report = reportCommand({ title: `停电期间上报${i}号井盖破损` });
      ids.push(report.caseId);
      mutations.push(ok(await c.call('command.submit', { command: report })).mutationId);
      const accept: Command = { type: 'accept', caseId: report.caseId, catalogItemId: ref.catalog[0]!.id, grade: 'normal' };
      mutations.push(ok(await c.call('command.submit', { command: accept })).mutationId);
    }
    const status = ok(await c.call('sync.status', {}));
    expect(status.outboxSize).toBe(50);
    expect(status.connection).not.toBe('online');
    const page = ok(await c.call('queue.list', { tab: 'pending_dispatch', limit: 100 }));
    expect(page.rows.filter((row) => ids.includes(row.id)).every((row) => row.pendingCount === 2)).toBe(true);
    expect(page.counts.pending_dispatch).toBe(25);

    r = await relay(relayDir, port);
    await waitSettled(c, 50, 60_000);
    const counts = await logCommandCounts(r);
    for (const m of mutations) expect(counts.get(m), m).toBe(1);
    expect(await coreDigest(c)).toBe(await relayDigest(r));
    expect(ok(await c.call('outbox.list', {}))).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------ SIGKILL mid-push

interface Child {
  proc: ChildProcess;
  clientId: string;
  call<T = unknown>(method: string, input: unknown): Promise<ApiResult<T>>;
  onMessage(fn: (m: { t: string; [k: string]: unknown }) => void): void;
  exited: Promise<number | null>;
}

function startChild(dataDir: string, relayUrl: string): Promise<Child> {
  const proc = fork(path.join(here, 'childCore.ts'), [dataDir, relayUrl], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  cleanups.push(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const waiting = new Map<number, (r: ApiResult<unknown>) => void>();
  const listeners: Array<(m: { t: string; [k: string]: unknown }) => void> = [];
  let seq = 0;
  return new Promise((resolve, reject) => {
    proc.on('message', (raw) => {
      const m = raw as { t: string; id?: number; result?: ApiResult<unknown>; clientId?: string };
      if (m.t === 'result') waiting.get(m.id!)?.(m.result!);
      for (const l of listeners) l(m);
      if (m.t === 'ready')
        resolve({
          proc,
          clientId: m.clientId!,
          exited,
          onMessage: (fn) => listeners.push(fn),
          call: (method, input) =>
            new Promise((res) => {
              const id = ++seq;
              waiting.set(id, res as (r: ApiResult<unknown>) => void);
              proc.send({ t: 'call', id, method, input });
            }),
        });
    });
    proc.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

describe('workstation killed in the middle of a push', () => {
  it('keeps the outbox intact across SIGKILL and applies nothing twice', async () => {
    const r = await relay();
    const dataDir = tempDir();
    const onlineNow = (c: Child) =>
      new Promise<void>((resolve) => c.onMessage((m) => m.t === 'stream' && m.stream === 'sync' && (m.data as { connection: string }).connection === 'online' && resolve()));
    // 1. Log in once (the session and token stay in the cache).
    const first = await startChild(dataDir, r.url);
    const online = onlineNow(first);
    expect((await first.call('session.login', { username: 'dispatcher', password: 'grid2026' })).ok).toBe(true);
    await online;
    first.proc.send({ t: 'shutdown' });
    expect(await first.exited).toBe(0);

    // 2. Work offline: ten commands wait in the outbox.
    const offline = await startChild(dataDir, 'http://127.0.0.1:9');
    const cmds = Array.from({ length: 10 }, (_, i) => reportCommand({ title: `推送中断测试${i}` }));
    const mutationIds: string[] = [];
    for (const command of cmds) mutationIds.push(ok(await offline.call<{ mutationId: string }>('command.submit', { command })).mutationId);
    offline.proc.send({ t: 'shutdown' });
    expect(await offline.exited).toBe(0);

    // 3. Back online it pushes all ten; SIGKILL as soon as the relay has committed them, before its answer.
    let killed = false;
    const broadcast = r.hub.onCommitted;
    const pushing = await startChild(dataDir, r.url);
    r.hub.onCommitted = (entries: LogEntry[]) => {
      if (!killed && entries.some((e) => e.kind === 'case' && mutationIds.includes(e.event.commandId ?? ''))) {
        killed = true;
        pushing.proc.kill('SIGKILL');
      }
      broadcast?.(entries);
    };
    expect(await pushing.exited).toBeNull();
    expect(killed).toBe(true);
    const applied = [...(await logCommandCounts(r)).keys()].filter((id) => mutationIds.includes(id));
    expect(applied.length).toBeGreaterThan(0);

    // 4. Restart offline: the outbox is intact (nothing was confirmed, nothing lost).
    const check = await startChild(dataDir, 'http://127.0.0.1:9');
    const outbox = ok(await check.call<Array<{ id: string; status: string; attempts: number }>>('outbox.list', {}));
    expect(outbox.map((o) => o.id).sort()).toEqual([...mutationIds].sort());
    expect(outbox.every((o) => o.status === 'pending')).toBe(true);
    // The attempt was recorded before the request left.
    expect(outbox.filter((o) => applied.includes(o.id)).every((o) => o.attempts > 0)).toBe(true);
    check.proc.send({ t: 'shutdown' });
    expect(await check.exited).toBe(0);

    // 5. Restart against the relay: duplicates are recognised, each command is in the log exactly once.
    r.hub.onCommitted = broadcast;
    const again = await startChild(dataDir, r.url);
    await new Promise<void>((resolve) =>
      again.onMessage((m) => m.t === 'stream' && m.stream === 'sync' && (m.data as { connection: string; outboxSize: number }).connection === 'online' && (m.data as { outboxSize: number }).outboxSize === 0 && resolve()),
    );
    const counts = await logCommandCounts(r);
    for (const m of mutationIds) expect(counts.get(m), m).toBe(1);
    expect(ok(await again.call<unknown[]>('outbox.list', {}))).toEqual([]);
    for (const cmd of cmds) expect(ok(await again.call<{ case: { version: number } }>('case.get', { id: cmd.caseId })).case.version).toBe(1);
    again.proc.send({ t: 'shutdown' });
    expect(await again.exited).toBe(0);
  });
});

// ------------------------------------------------------------------------------------ cache files

describe('unusable cache files', () => {
  it('moves a corrupt file aside (not deleting it) and builds a fresh cache', async () => {
    const dataDir = tempDir();
    const garbage = Buffer.from('this is not a database, just garbage bytes '.repeat(200));
    fs.writeFileSync(path.join(dataDir, 'workstation.db'), garbage);
    const c = core('http://127.0.0.1:9', dataDir);
    expect(c.recovered?.reason).toMatch(/not a readable SQLite database/);
    expect(fs.readFileSync(c.recovered!.movedTo)).toEqual(garbage);
    expect(c.log.lines.some((l) => l.startsWith('error') && l.includes('moved it to'))).toBe(true);
    expect(ok(await c.call('sync.status', {}, { roleCap: 'wall' })).error).toMatch(/已移至/);
    expect(ok(await c.call('time.now', {})).now).toBeGreaterThan(0);
  });

  it('moves a foreign SQLite database aside', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'workstation.db');
    const foreign = new Database(file);
    foreign.exec("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('茉莉花')");
    foreign.close();
    const c = core('http://127.0.0.1:9', dataDir);
    expect(c.recovered?.reason).toMatch(/foreign/);
    const moved = new Database(c.recovered!.movedTo, { readonly: true });
    expect(moved.prepare('SELECT title FROM songs').pluck().get()).toBe('茉莉花');
    moved.close();
  });

  it('salvages the outbox and client id of a cache written by a newer version', async () => {
    const r = await relay();
    const dataDir = tempDir();
    const first = core(r.url, dataDir);
    ok(await first.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(first);
    await r.close();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(ok(await first.call('command.submit', { command: reportCommand() })).mutationId);
    const clientId = first.clientId;
    await first.close();
    const db = new Database(path.join(dataDir, 'workstation.db'));
    db.pragma('user_version = 99');
    db.close();
    const second = core('http://127.0.0.1:9', dataDir);
    expect(second.recovered?.reason).toMatch(/newer/);
    expect(second.recovered?.salvagedOutbox).toBe(3);
    expect(second.clientId).toBe(clientId);
    // The session went with the old file (and a wall display may not read the outbox): look in the new file.
    const fresh = new Database(path.join(dataDir, 'workstation.db'), { readonly: true });
    expect(fresh.prepare('SELECT id FROM outbox ORDER BY n').pluck().all()).toEqual(ids);
    fresh.close();
  });
});

describe('full disk', () => {
  it('answers DISK_FULL, loses nothing, keeps running, and syncs once there is room', async () => {
    const r = await relay();
    const dataDir = tempDir();
    const first = core(r.url, dataDir);
    ok(await first.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(first);
    const kept = reportCommand({ title: '磁盘满之前的上报' });
    const relayUp = r;
    await relayUp.close();
    const keptId = ok(await first.call('command.submit', { command: kept })).mutationId;
    await first.close();

    const file = path.join(dataDir, 'workstation.db');
    const probe = new Database(file);
    probe.pragma('wal_checkpoint(TRUNCATE)');
    const pages = probe.pragma('page_count', { simple: true }) as number;
    probe.close();
    const full = core('http://127.0.0.1:9', dataDir, { maxPageCount: pages });
    let lastError = '';
    for (let i = 0; i < 40; i++) {
      const res = await full.call('command.submit', { command: reportCommand({ description: '很长的描述'.repeat(700) }) });
      if (!res.ok) {
        lastError = res.error.code;
        expect(res.error.message).toMatch(/磁盘空间不足/);
        break;
      }
    }
    expect(lastError).toBe('DISK_FULL');
    expect(full.log.lines.some((l) => l.includes('disk full'))).toBe(true);
    // Still answering, and the earlier command is still there.
    expect(ok(await full.call('outbox.list', {})).map((o) => o.id)).toContain(keptId);
    expect(ok(await full.call('queue.list', { tab: 'pending_accept' })).rows.map((x) => x.id)).toContain(kept.caseId);
    await full.close();

    const r2 = await relay();
    const roomy = core(r2.url, dataDir);
    ok(await roomy.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(roomy, undefined, 30_000);
    expect((await r2.store.getCase(kept.caseId))?.title).toBe('磁盘满之前的上报');
  });
});

// ------------------------------------------------------------------------------------ invalid relay

describe('a relay that sends invalid changes', () => {
  it('rejects them by schema, logs them, and continues through pull', async () => {
    const ref = createDemoRefData();
    const actor = { id: 'u-dispatcher', name: '张敏', role: 'dispatcher' as const, unitId: 'centre' };
    const log: LogEntry[] = [];
    for (let i = 0; i < 3; i++) {
      const cmd = reportCommand({ caseId: `fake-${i}` });
      const d = decide(null, cmd, { actor, now: Date.now(), ref, commandId: `m-${i}` });
      if (!d.ok) throw new Error(d.message);
      log.push({ seq: i + 1, changeId: `chg-${i}`, at: Date.now(), origin: 'centre', kind: 'case', event: d.events[0]! });
    }
    const user = ref.users.find((u) => u.username === 'dispatcher')!;
    const server = http.createServer((req, res) => {
      if (req.url === '/api/login') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, value: { token: 'fake-token', user, expiresAt: Date.now() + 3600_000, serverTime: Date.now() } }));
      } else res.writeHead(404).end();
    });
    const io = new Server(server);
    let served = 1;
    io.on('connection', (socket) => {
      socket.on('time', (ack: (a: unknown) => void) => ack({ ok: true, value: { now: Date.now() } }));
      socket.on('snapshot', (_req: unknown, ack: (a: unknown) => void) => ack({ ok: true, value: { asOfSeq: 1, cases: [], ref } }));
      socket.on('pull', (req: { cursor: number }, ack: (a: unknown) => void) => ack({ ok: true, value: { type: 'changes', entries: log.slice(req.cursor, served), head: served } }));
      socket.on('push', (_req: unknown, ack: (a: unknown) => void) => ack({ ok: false, error: { code: 'UNAVAILABLE', message: 'fake relay' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => io.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const c = core(url);
    ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    // The snapshot says seq 1; case fake-0 arrives through pull.
    await waitForSync(c, (s) => s.connection === 'online' && s.cursor === 1);
    served = 3;
    const caughtUp = waitForSync(c, (s) => s.cursor === 3);
    // An invalid change (no event) with the next seq, then a valid one with a gap: both lead to a pull.
    io.emit('change', { seq: 2, changeId: 'bad', at: Date.now(), origin: 'centre', kind: 'case' });
    io.emit('change', { ...log[0], seq: 'two' });
    await caughtUp;
    expect(c.log.lines.some((l) => l.includes('invalid change'))).toBe(true);
    const rows = await allRows(c);
    expect(rows.map((x) => x.id).sort()).toEqual(['fake-1', 'fake-2']);
    // A pull answer with an invalid entry stops before it and reports the problem, keeping what was valid.
    log.push({ ...log[2]!, seq: 4 }, { seq: 5, broken: true } as never);
    served = 5;
    const stuck = waitForSync(c, (s) => (s.error ?? '').includes('invalid'));
    void c.call('sync.now', {});
    await stuck;
    expect(ok(await c.call('sync.status', {})).cursor).toBe(4);
    expect(ok(await c.call('time.now', {})).now).toBeGreaterThan(0);
    // An invalid assessment notice is logged and not passed on; the valid one after it is.
    const notices: unknown[] = [];
    const passed = new Promise<void>((resolve) =>
      c.subscribe('assessments', (n) => {
        notices.push(n);
        resolve();
      }),
    );
    const valid = { id: 'asm-seat-1-2', kind: 'seat', period: { from: 1, to: 2, label: '测试' }, frozenAt: Date.now(), frozenBy: '王书记' };
    io.emit('assessment:frozen', { ...valid, kind: 'nobody' });
    io.emit('assessment:frozen', valid);
    await passed;
    expect(notices).toEqual([valid]);
    expect(c.log.lines.some((l) => l.includes('invalid assessment notice'))).toBe(true);
  });
});

// ------------------------------------------------------------------------------------ bad API input

describe('API calls with bad payloads', () => {
  it('answer clear errors, never throw, lose nothing, and the core keeps running', async () => {
    const r = await relay();
    const c = core(r.url);
    ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(c);
    await r.close();
    const kept = ok(await c.call('command.submit', { command: reportCommand() })).mutationId;
    const bad: Array<[string, unknown, string]> = [
      ['queue.list', { tab: 'nope' }, 'INVALID_INPUT'],
      ['queue.list', { limit: 100000 }, 'INVALID_INPUT'],
      ['queue.list', 'a string', 'INVALID_INPUT'],
      ['case.get', { id: '' }, 'INVALID_INPUT'],
      ['command.submit', { command: { type: 'explode', caseId: 'x' } }, 'INVALID_INPUT'],
      ['command.submit', { command: { ...reportCommand(), title: 'x'.repeat(5000) } }, 'INVALID_INPUT'],
      ['stats.query', { period: { from: 10, to: 5 } }, 'INVALID_INPUT'],
      ['no.such', {}, 'UNKNOWN_METHOD'],
      ['__proto__', {}, 'UNKNOWN_METHOD'],
      ['constructor', {}, 'UNKNOWN_METHOD'],
    ];
    for (const [method, input, code] of bad) {
      const res = await c.call(method, input);
      expect(res.ok, method).toBe(false);
      if (!res.ok) {
        expect(res.error.code, method).toBe(code);
        expect(res.error.message.length).toBeGreaterThan(0);
      }
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...API_METHODS.filter((m) => m !== 'session.login' && m !== 'session.logout' && m !== 'sync.now')), fc.anything(), async (method, input) => {
        const res = await c.call(method, input);
        expect(typeof res.ok).toBe('boolean');
        if (!res.ok) expect(typeof res.error.message).toBe('string');
      }),
      { numRuns: 300 },
    );
    expect(ok(await c.call('outbox.list', {})).map((o) => o.id)).toContain(kept);
    expect(ok(await c.call('time.now', {})).now).toBeGreaterThan(0);
  });

  it('refuses calls by role: wall is read-only, nobody logged in may only use public calls', async () => {
    const c = core('http://127.0.0.1:9');
    expect((await c.call('queue.list', {})) as ApiResult<unknown>).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await c.call('command.submit', { command: reportCommand() }, { roleCap: 'wall' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await c.call('queue.list', {}, { roleCap: 'wall' })).ok).toBe(true);
    const notify = waitFor(c, 'sync', () => true).catch(() => null);
    expect(ok(await c.call('time.now', {})).now).toBeGreaterThan(0);
    void notify;
  });
});

describe('a core in a child process on the host wire', () => {
  it('refuses a malformed call in Chinese, drops id-less garbage, and goes on answering', async () => {
    const child = await startChild(tempDir(), 'http://127.0.0.1:9');
    const results: Array<{ id?: number; result?: ApiResult<unknown> }> = [];
    child.onMessage((m) => m.t === 'result' && results.push(m as never));
    child.proc.send({ t: 'call', id: 9001, input: {} });
    child.proc.send({ t: 'restart' });
    child.proc.send([1, 2]);
    expect((await child.call('time.now', {})).ok).toBe(true);
    const refusal = results.find((r) => r.id === 9001)?.result;
    expect(refusal).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^消息格式不正确：“call”消息：method/) } });
    expect(results.filter((r) => r.id !== 9001)).toHaveLength(1);
    child.proc.send({ t: 'shutdown' });
    expect(await child.exited).toBe(0);
  });
});
