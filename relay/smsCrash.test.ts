/**
 * SMS durability across a crash: the relay runs as a child process (tsx relay/main.ts) with its SMS gateway
 * pointed at the simulator in this process, which refuses every request. A dispatch commits its SMS row; the
 * relay tries, fails, and is killed with SIGKILL. Restarted on the same data directory with the gateway
 * recovered, it sends the message exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { PushResponse } from '../shared/protocol.js';
import { startSmsSim, type SmsSim } from './sms-sim/sim.js';
import { connect, login, removeTempDirs, reportCmd, requestOk, tempDir, TEST_WEBHOOK_SECRET, uid, waitUntil } from './testing/testkit.js';

const root = path.resolve(import.meta.dirname, '..');
const KEY = 'sms-crash-key-0123456789';
const children: ChildProcess[] = [];
let sim: SmsSim | null = null;

function spawnRelay(dataDir: string, gateway: string): Promise<{ child: ChildProcess; url: string }> {
  const args = ['--import', 'tsx', 'relay/main.ts', '--port', '0', '--data-dir', dataDir, '--no-demo'];
  args.push('--webhook-secret', TEST_WEBHOOK_SECRET, '--district-url', 'none');
  args.push('--sms-gateway-url', gateway, '--sms-key', KEY, '--sms-auth', 'hmac', '--sms-quiet-hours', 'none');
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
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

function smsRows(dataDir: string): Array<{ status: string; attempts: number }> {
  const db = new Database(path.join(dataDir, 'relay.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT status, attempts FROM sms ORDER BY id').all() as Array<{ status: string; attempts: number }>;
  } finally {
    db.close();
  }
}

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await gone;
    }
  }
  await sim?.close();
  removeTempDirs();
});

describe('SMS outbox across SIGKILL', () => {
  it('a message committed but not sent when the relay is killed is sent exactly once after the restart', async () => {
    sim = await startSmsSim({ key: KEY, auth: 'hmac' });
    sim.fail('always');
    const dataDir = tempDir('relay-sms-crash-');
    const first = await spawnRelay(dataDir, sim.endpoint);
    const clientId = uid('ws');
    const socket = await connect(first.url, { token: await login(first.url, 'dispatcher', clientId), clientId });
    const caseId = uid('case');
    const res = await requestOk<PushResponse>(socket, 'push', {
      mutations: [
        { id: uid('m'), n: 1, command: reportCmd(caseId) },
        { id: uid('m'), n: 2, command: { type: 'accept', caseId, catalogItemId: 'sr01', grade: 'normal' } },
        { id: uid('m'), n: 3, command: { type: 'dispatch', caseId, leadDepartmentId: 'cgk', coDepartmentIds: [] } },
      ],
    });
    socket.close();
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    await waitUntil(() => sim!.counts.failed >= 1, 'a refused attempt');
    const gone = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await gone;
    expect(sim.messages()).toHaveLength(0);
    expect(smsRows(dataDir)).toMatchObject([{ status: 'queued' }]);

    sim.fail('off');
    const second = await spawnRelay(dataDir, sim.endpoint);
    expect(second.url).toMatch(/^http/);
    await waitUntil(() => smsRows(dataDir)[0]?.status === 'delivered', 'delivered after the restart', 30_000);
    expect(sim.messages()).toHaveLength(1);
    expect(sim.messages()[0]!.text).toContain('已派遣至城管科');
    expect(sim.counts.duplicates).toBe(0);
  });
});
