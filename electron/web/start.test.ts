/**
 * The start script as a real process: `--web` brings up relay, district simulator, core and browser host,
 * prints where to look, and closes everything with exit code 0 on SIGINT/SIGTERM; `--electron` without
 * the Electron binary says so and points to start:web.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { electronBinary } from '../../scripts/start.js';
import { tempDir } from '../core/testing/testkit.js';

const root = path.resolve(import.meta.dirname, '../..');
const procs: ChildProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function run(
  args: string[],
  env: Record<string, string>,
): { proc: ChildProcess; output: () => string; exited: Promise<number | null>; waitFor(re: RegExp): Promise<string> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(proc);
  let out = '';
  const waiters: Array<() => void> = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const waitFor = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = re.exec(out);
        if (m) return resolve(m[0]);
        if (proc.exitCode !== null) return reject(new Error(`exited before ${re}: ${out}`));
        waiters.push(check);
      };
      proc.once('exit', check);
      check();
    });
  return { proc, output: () => out, exited, waitFor };
}

async function startWeb(): Promise<ReturnType<typeof run> & { web: string }> {
  // Distinct ports: three sequential free-port probes may return the same port twice (it was free each time).
  let [relay, district, web, sms] = [await freePort(), await freePort(), await freePort(), await freePort()];
  while (new Set([relay, district, web, sms]).size < 4)
    [relay, district, web, sms] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const r = run(['--web'], {
    RELAY_PORT: String(relay),
    DISTRICT_PORT: String(district),
    WEB_PORT: String(web),
    SMS_PORT: String(sms),
    DATA_DIR: tempDir('start-'),
    DEMO_DAYS: '1',
    DEMO_CASES_PER_DAY: '5',
    DISTRICT_RATE: '0',
  });
  await r.waitFor(/按 Ctrl-C 停止/);
  return { ...r, web: `http://127.0.0.1:${web}` };
}

describe('scripts/start.ts', () => {
  it('--web starts everything, prints URLs and demo users, serves the API, and exits 0 on SIGINT', async () => {
    const r = await startWeb();
    const out = r.output();
    expect(out).toContain(`${r.web}/`);
    expect(out).toMatch(/wall\?token=[0-9a-f]+/);
    // The workstation link carries its access token; without it the API is refused, loopback or not.
    const token = new RegExp(`${r.web}/\\?token=([0-9a-f]{32})`).exec(out)?.[1];
    expect(token).toBeDefined();
    await expect(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`${r.web.replace('http', 'ws')}/api`);
        ws.on('open', () => resolve('open'));
        ws.on('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.on('error', reject);
      }),
    ).rejects.toThrow(/401/);
    expect(out).toContain('grid2026');
    expect(out).toContain('dispatcher');
    const answer = await new Promise<unknown>((resolve, reject) => {
      const ws = new WebSocket(`${r.web.replace('http', 'ws')}/api?token=${token}`);
      ws.on('open', () =>
        ws.send(JSON.stringify({ t: 'call', id: '1', method: 'session.login', input: { username: 'dispatcher', password: 'grid2026' } })),
      );
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { t: string; result: unknown };
        if (m.t === 'result') {
          ws.close();
          resolve(m.result);
        }
      });
      ws.on('error', reject);
    });
    expect(answer).toMatchObject({ ok: true, value: { user: { username: 'dispatcher' } } });
    // The SMS gateway simulator's URL in the banner serves its page of received messages.
    const smsUrl = /短信网关模拟 \(SMS sim\):\s+(http:\/\/\S+)/.exec(out)?.[1];
    expect(smsUrl).toBeDefined();
    const page = await fetch(smsUrl!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('短信网关模拟');
    r.proc.kill('SIGINT');
    expect(await r.exited).toBe(0);
    for (const part of [
      'browser host closed',
      'workstation core closed',
      'district simulator closed',
      'relay closed',
      'SMS gateway simulator closed',
    ])
      expect(r.output()).toContain(part);
  });

  it('exits 0 on SIGTERM too', async () => {
    const r = await startWeb();
    r.proc.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    expect(r.output()).toContain('relay closed');
  });

  // Skipped where an Electron binary exists: then `--electron` really launches the app (covered by e2e/electron).
  it.skipIf('path' in electronBinary())('--electron without the Electron binary says so and suggests start:web', async () => {
    const r = run(['--electron'], { DATA_DIR: tempDir('start-') });
    expect(await r.exited).toBe(1);
    expect(r.output()).toMatch(/cannot launch Electron/);
    expect(r.output()).toContain('npm run start:web');
  });

  it('refuses to run without a mode', async () => {
    const r = run([], {});
    expect(await r.exited).toBe(2);
    expect(r.output()).toMatch(/--web or --electron/);
  });
});
