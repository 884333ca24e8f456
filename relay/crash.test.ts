/**
 * Durability: the relay runs as a child process (tsx relay/main.ts), is killed with SIGKILL in the middle of
 * a burst of webhooks and pushes, and restarted on the same data directory. Every acknowledged change must
 * be in the log, the log must be whole and gap-free, and clients resume from their cursors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogEntry, PullResponse, PushResponse } from '../shared/protocol.js';
import {
  connect,
  districtReport,
  login,
  postWebhook,
  readLogFile,
  removeTempDirs,
  reportCmd,
  request,
  requestOk,
  tempDir,
  TEST_WEBHOOK_SECRET,
  uid,
} from './testing/testkit.js';

const root = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];

function spawnRelay(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'relay/main.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--no-demo',
      '--webhook-secret',
      TEST_WEBHOOK_SECRET,
      '--district-url',
      'none',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /RELAY_READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`relay exited early (${code}): ${err}${out}`)));
  });
}

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await gone;
    }
  }
  removeTempDirs();
});

describe('SIGKILL in the middle of a burst', () => {
  it('loses no acknowledged change and serves every client from its cursor after restart', async () => {
    const dataDir = tempDir('relay-crash-');
    const first = await spawnRelay(dataDir);
    const clientId = uid('ws');
    const token = await login(first.url, 'dispatcher', clientId);
    const socket = await connect(first.url, { token, clientId });
    const live: LogEntry[] = [];
    socket.on('change', (e: LogEntry) => live.push(e));

    const ackedChanges = new Set<string>();
    const sentChanges: ReturnType<typeof districtReport>[] = [];
    const ackedMutations = new Map<string, number>();
    let stop = false;
    let killed!: () => void;
    const killedP = new Promise<void>((r) => (killed = r));
    const acks = () => ackedChanges.size + ackedMutations.size;

    // Four webhook senders and one pushing workstation, until the relay dies.
    const webhookLoop = async () => {
      while (!stop) {
        const change = districtReport(uid('case'));
        sentChanges.push(change);
        try {
          const r = await postWebhook(first.url, change);
          if (r.status === 200) ackedChanges.add(change.changeId);
        } catch {
          return; // connection refused or reset: the relay is gone
        }
      }
    };
    let n = 0;
    const pushLoop = async () => {
      while (!stop && socket.connected) {
        const batch = [1, 2, 3].map(() => ({ id: uid('m'), n: ++n, command: reportCmd(uid('case')) }));
        const ack = await request<PushResponse>(socket, 'push', { mutations: batch }, 5_000).catch(() => null);
        if (ack?.ok) for (const r of ack.value.results) if (r.status === 'applied') ackedMutations.set(r.id, r.n);
      }
    };
    const loops = [webhookLoop(), webhookLoop(), webhookLoop(), webhookLoop(), pushLoop()];
    const killer = (async () => {
      while (acks() < 300) await new Promise((r) => setImmediate(r));
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      stop = true;
      killed();
    })();
    await killedP;
    await killer;
    socket.close();
    await Promise.all(loops);
    expect(ackedChanges.size).toBeGreaterThan(0);
    expect(ackedMutations.size).toBeGreaterThan(0);

    // Restart on the same directory.
    const second = await spawnRelay(dataDir);
    try {
      const { entries, problems } = readLogFile(dataDir);
      expect(problems).toEqual([]);
      const commandIds = new Set(entries.flatMap((e) => (e.kind === 'case' && e.event.commandId ? [e.event.commandId] : [])));
      for (const id of ackedChanges) expect(commandIds.has(id), `acknowledged webhook ${id} lost`).toBe(true);
      for (const id of ackedMutations.keys()) expect(commandIds.has(id), `acknowledged mutation ${id} lost`).toBe(true);

      // The workstation resumes: its mutation numbers are remembered, and pull from its cursor fills the rest.
      const token2 = await login(second.url, 'dispatcher', clientId);
      const again = await connect(second.url, { token: token2, clientId });
      try {
        const maxAcked = Math.max(...ackedMutations.values());
        const dup = await requestOk<PushResponse>(again, 'push', {
          mutations: [{ id: [...ackedMutations.keys()].at(-1)!, n: maxAcked, command: reportCmd(uid('case')) }],
        });
        expect(dup.results[0]!.status).toBe('duplicate');
        let cursor = 0;
        for (const e of live) if (e.seq === cursor + 1) cursor = e.seq;
        expect(cursor).toBeGreaterThan(0);
        const pulled: LogEntry[] = [];
        for (let i = 0; i < 10_000; i++) {
          const page = await requestOk<PullResponse>(again, 'pull', { cursor, limit: 500 });
          if (page.type !== 'changes') throw new Error('unexpected reset');
          if (page.entries.length === 0) break;
          pulled.push(...page.entries);
          cursor = page.entries.at(-1)!.seq;
        }
        expect(cursor).toBe(entries.at(-1)!.seq);
        expect(pulled.map((e) => e.changeId)).toEqual(entries.slice(entries.length - pulled.length).map((e) => e.changeId));

        // The district resends what it never got an answer for: stored at most once.
        for (const change of sentChanges.filter((c) => !ackedChanges.has(c.changeId))) {
          const r = await postWebhook(second.url, change);
          expect(r.status).toBe(200);
        }
        const after = readLogFile(dataDir);
        expect(after.problems).toEqual([]);
        const counts = new Map<string, number>();
        for (const e of after.entries)
          if (e.kind === 'case' && e.origin === 'district') counts.set(e.event.commandId!, (counts.get(e.event.commandId!) ?? 0) + 1);
        expect([...counts.values()].every((c) => c === 1)).toBe(true);
        expect(counts.size).toBe(new Set(sentChanges.map((c) => c.changeId)).size);
      } finally {
        again.close();
      }
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  });
});
