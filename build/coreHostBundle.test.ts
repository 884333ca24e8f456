/**
 * The bundled core host (dist/electron/coreHost.cjs) run for real: under plain Node, with a stand-in for
 * Electron's `process.parentPort` built on the fork IPC channel (the one part of a utilityProcess Node
 * lacks). Real core, real SQLite file in a temp folder; the relay address refuses connections.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../electron/core/cache/db.js';
import { memoryLogger } from '../electron/core/log.js';
import { RecordPeriods } from '../electron/core/reads/recordPeriods.js';
import { StatsReader } from '../electron/core/reads/stats.js';
import { StatsPool, statsWorkerScript } from '../electron/core/reads/statsPool.js';
import { Store } from '../electron/core/cache/store.js';
import { generateDemoHistory } from '../shared/demo/history.js';
import { createDemoRefData } from '../shared/demo/refData.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tmp = '';
let child: ChildProcess | null = null;
const inbox: Array<Record<string, unknown>> = [];
const waiters: Array<() => void> = [];
let stderr = '';

/** Resolves with the first message (past or future) that matches. */
function nextMessage(pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const check = () => {
      const i = inbox.findIndex(pred);
      if (i === -1) return false;
      resolve(inbox.splice(i, 1)[0]!);
      return true;
    };
    if (check()) return;
    const waiter = () => {
      if (check()) waiters.splice(waiters.indexOf(waiter), 1);
    };
    waiters.push(waiter);
  });
}

let nextId = 1;
async function call(method: string, input: unknown, ctx?: Record<string, unknown>) {
  const id = nextId++;
  child!.send({ t: 'call', id, method, input, ...(ctx ? { ctx } : {}) });
  return (await nextMessage((m) => m.t === 'result' && m.id === id)).result;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-corehost-'));
  const outDir = path.join(tmp, 'bundle');
  await promisify(execFile)(process.execPath, [path.join(root, 'build', 'build-electron.mjs'), '--out-dir', outDir, '--no-sourcemap'], {
    cwd: root,
  });
  // Electron's parentPort delivers MessageEvent-like objects ({ data }) and has postMessage.
  const shim = path.join(tmp, 'parentPortShim.cjs');
  fs.writeFileSync(
    shim,
    "process.parentPort = { postMessage: (m) => process.send(m), on: (ev, l) => { if (ev === 'message') process.on('message', (data) => l({ data })); } };\n",
  );
  child = fork(path.join(outDir, 'coreHost.cjs'), [], {
    execArgv: ['--require', shim],
    // The bundle lives outside the repository here; let it find better-sqlite3 like the packaged app does.
    env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('message', (m) => {
    inbox.push(m as Record<string, unknown>);
    for (const w of [...waiters]) w();
  });
  child.send({ t: 'init', dataDir: path.join(tmp, 'data'), relayUrl: 'http://127.0.0.1:9' });
}, 120_000);

afterAll(() => {
  if (child && child.exitCode === null) child.kill();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('bundled core host under Node', () => {
  it('starts the real core and reports ready', async () => {
    const first = await nextMessage((m) => m.t === 'ready' || m.t === 'fatal');
    expect(first, stderr).toEqual({ t: 'ready' });
    expect(fs.existsSync(path.join(tmp, 'data', 'workstation.db'))).toBe(true);
  });

  it('answers public calls and refuses protected ones without a session', async () => {
    await expect(call('time.now', {})).resolves.toMatchObject({ ok: true, value: { offsetMs: expect.any(Number) } });
    await expect(call('session.current', {})).resolves.toEqual({ ok: true, value: null });
    await expect(call('queue.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('applies the wall display cap from the call context', async () => {
    const r = (await call('session.login', { username: 'dispatcher', password: 'grid2026' }, { roleCap: 'wall' })) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('runs the bundled stats worker (statsWorker.cjs beside coreHost.cjs) with the figures of the core thread', async () => {
    const file = path.join(tmp, 'stats', 'workstation.db');
    fs.mkdirSync(path.dirname(file));
    const db = openCache(file, { log: memoryLogger() }).db;
    const store = new Store(db);
    const ref = createDemoRefData();
    const now = Date.UTC(2026, 10, 26, 6, 30);
    const cases = generateDemoHistory({ seed: 3, now, days: 12, casesPerDay: 10, ref }).cases;
    store.tx(() => {
      for (const c of cases) {
        store.putCase(c, null, ref.calendar, c.timeline);
        store.putEvents(c.timeline);
      }
    });
    const reader = new StatsReader(db);
    await reader.catchUpRecords(ref);
    expect(statsWorkerScript(pathToFileURL(path.join(tmp, 'bundle', 'coreHost.cjs')).href)).toEqual({ url: pathToFileURL(path.join(tmp, 'bundle', 'statsWorker.cjs')) });
    // Run from a folder inside the repository, where require('better-sqlite3') finds node_modules as in
    // the packaged app (a worker thread does not see the NODE_PATH the forked host gets).
    const near = fs.mkdtempSync(path.join(root, 'node_modules', '.grid-stats-worker-'));
    fs.copyFileSync(path.join(tmp, 'bundle', 'statsWorker.cjs'), path.join(near, 'statsWorker.cjs'));
    const log = memoryLogger();
    const pool = new StatsPool(file, 1, log, { url: pathToFileURL(path.join(near, 'statsWorker.cjs')) });
    try {
      const period = { from: now - 10 * 86_400_000, to: now - 86_400_000 };
      const inWorker = await pool.run(period, ref, now);
      const here = new RecordPeriods(db).period(period, ref, now);
      expect(inWorker.candidates).toBeGreaterThan(50);
      expect(inWorker.ps.result('department')).toEqual(here.ps.result('department'));
      expect(log.lines).toEqual([]);
    } finally {
      await pool.close();
      db.close();
      fs.rmSync(near, { recursive: true, force: true });
    }
  });

  it('closes the core on shutdown and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child!.send({ t: 'shutdown' });
    await expect(nextMessage((m) => m.t === 'closed')).resolves.toEqual({ t: 'closed' });
    await expect(exited).resolves.toBe(0);
  });
});
