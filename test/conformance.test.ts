/**
 * The conformance suites (test/conformance/) against our own implementations: a real relay (temp data
 * dir, free port, short demo history) and the district simulator as its platform. Every step must pass.
 * And the suites must be able to fail: pointed at tiny servers that answer wrongly they name the broken
 * steps, and the command line exits non-zero.
 *
 * Only this wrapper imports relay code (to start the implementations); the suite modules drive them
 * through the wire alone, which the first test checks.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RelayHandle } from '../relay/server.js';
import { startDistrictSim, type DistrictSim } from '../relay/district-sim/sim.js';
import { runRelayConformance } from './conformance/relay.js';
import { runDistrictConformance } from './conformance/district.js';
import { formatStep, jsonEqual, type SuiteResult } from './conformance/kit.js';
import { COMPARED_FIELDS, FOLDED_TYPES, foldCase } from './conformance/fold.js';
import { generateDemoHistory } from '../shared/demo/history.js';
import { createDemoRefData } from '../shared/demo/refData.js';

const SECRET = 'conformance-webhook-secret';
const USERS = { dispatcher: { username: 'dispatcher', password: 'grid2026' }, observer: { username: 'admin', password: 'grid2026' } };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** A tiny HTTP server answering every request with `answer`. */
async function fakeServer(
  answer: (req: http.IncomingMessage, body: string) => { status: number; body: unknown },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const a = answer(req, body);
      const text = JSON.stringify(a.body);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const failing = (r: SuiteResult) => r.steps.filter((s) => s.status !== 'pass').map(formatStep);
const failed = (r: SuiteResult) => r.steps.filter((s) => s.status === 'fail').map((s) => s.name);

/** Runs the command line runner; resolves with its exit code and output. */
function runCli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'test/conformance/main.ts', ...args], {
      env: { ...process.env, DISTRICT_WEBHOOK_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('the suite modules use the documented wire only', () => {
  it('import nothing from relay/, electron/ or shared/ (only Node, ajv, socket.io-client and each other)', () => {
    const dir = path.resolve('test/conformance');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['relay.ts', 'district.ts', 'kit.ts', 'main.ts']));
    let imports = 0;
    for (const f of files) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      const specs = [...src.matchAll(/(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      imports += specs.length;
      for (const s of specs)
        expect(s, `${f} imports ${s}`).toMatch(/^(node:[a-z_/]+|ajv(\/dist\/2020\.js)?|socket\.io-client|\.\/[a-zA-Z]+\.js)$/);
    }
    expect(imports).toBeGreaterThan(10); // the scan sees the imports at all
  });
});

describe('the documented fold (test/conformance/fold.ts) against the engine', () => {
  const history = generateDemoHistory({ seed: 7, now: Date.UTC(2026, 11, 3, 4), days: 10, casesPerDay: 30, ref: createDemoRefData() });
  const folded = history.cases.filter((c) => c.timeline.every((e) => FOLDED_TYPES.has(e.type)));
  const differences = (c: (typeof history.cases)[number], events: unknown[]) => {
    const f = foldCase(events as Record<string, unknown>[]);
    const snap = c as unknown as Record<string, unknown>;
    return COMPARED_FIELDS.filter((k) => !jsonEqual(f[k], snap[k]));
  };

  it('rebuilds every demo case of the folded types as the engine has it', () => {
    expect(folded.length).toBeGreaterThan(100);
    expect(new Set(folded.flatMap((c) => c.timeline.map((e) => e.type))).size).toBeGreaterThanOrEqual(8);
    for (const c of folded) expect(differences(c, c.timeline), c.id).toEqual([]);
  });

  it('a tampered entry or a missing one shows (so the relay suite’s comparison can fail)', () => {
    const c = folded.find((x) => x.timeline.some((e) => e.type === 'dispatched'))!;
    const tampered = c.timeline.map((e) => (e.type === 'dispatched' ? { ...e, data: { ...e.data, leadDepartmentId: 'dept-other' } } : e));
    expect(differences(c, tampered)).toContain('leadDepartmentId');
    expect(() => foldCase(c.timeline.filter((_, i) => i !== 1))).toThrow(/version/);
  });
});

describe('conformance of our relay and district simulator', () => {
  let relay: RelayHandle;
  let sim: DistrictSim;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-conformance-'));
    const simPort = await freePort();
    relay = await startRelay({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      districtUrl: `http://127.0.0.1:${simPort}`,
      webhookSecret: SECRET,
      demo: true,
      demoDays: 2,
      demoCasesPerDay: 20,
      quiet: true,
      outboxBaseMs: 100,
      outboxCapMs: 1000,
    });
    // The platform only answers forwards: no reports, and its departments would act days later.
    sim = await startDistrictSim({
      port: simPort,
      relayUrl: relay.url,
      webhookSecret: SECRET,
      reports: false,
      rate: 0,
      speed: 0.001,
      runId: `conf${process.pid}`,
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await sim?.close();
    await relay?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the relay passes every step of the relay suite', async () => {
    const r = await runRelayConformance({ relayUrl: relay.url, webhookSecret: SECRET, ...USERS });
    expect(failing(r)).toEqual([]);
    const fold = r.steps.find((s) => s.name.startsWith('folding the log'))!;
    // The demo history has cases of the folded types besides the suite's own: they were compared too.
    expect(Number(/(\d+) besides/.exec(fold.message ?? '')?.[1])).toBeGreaterThanOrEqual(10);
    expect(r.ok).toBe(true);
    expect(r.steps.length).toBeGreaterThanOrEqual(20);
  });

  it('the district simulator passes every step of the outbox contract checker (with the refusal by control)', async () => {
    const r = await runDistrictConformance({ districtUrl: sim.url, webhookSecret: SECRET, control: true });
    expect(failing(r)).toEqual([]);
    expect(r.steps.map((s) => s.name)).toContain('refusal decided by the platform: 4xx {ok: false, code, message}, same on repeat');
  });

  it('npm run conformance -- --district <sim> --district-control: prints ✓ per step and exits 0', async () => {
    const { code, out } = await runCli(['--district', sim.url, '--district-control']);
    expect(out).toContain('✓ valid signed forward delivered (2xx, {ok: true})');
    expect(out).toContain('✓ district outbox contract: 8/8 steps passed');
    expect(code, out).toBe(0);
  });
});

describe('the suites detect broken implementations', () => {
  it('a platform that accepts everything and answers repeats differently fails the named steps', async () => {
    let n = 0;
    const server = await fakeServer(() => ({ status: 200, body: { ok: true, n: ++n } }));
    try {
      const r = await runDistrictConformance({ districtUrl: server.url, webhookSecret: SECRET });
      expect(r.ok).toBe(false);
      expect(failed(r)).toEqual([
        'repeated idempotency-key gets the same answer',
        'percent-encoded idempotency-key (Chinese case id) delivered and deduplicated',
        'wrong signature refused',
        'missing signature refused',
        'malformed forward refused as {ok: false, code, message}',
      ]);
      const sig = r.steps.find((s) => s.name === 'wrong signature refused')!;
      expect(sig.message).toMatch(/expected a refusal .* got 200/);
    } finally {
      await server.close();
    }
  });

  it('a platform that answers 503 (or refusals without the documented body) fails, and dependent steps are skipped', async () => {
    const server = await fakeServer((req) => (req.headers['x-signature'] ? { status: 503, body: 'busy' } : { status: 400, body: 'no' }));
    try {
      const r = await runDistrictConformance({ districtUrl: server.url, webhookSecret: SECRET });
      const by = Object.fromEntries(r.steps.map((s) => [s.name, s]));
      expect(by['valid signed forward delivered (2xx, {ok: true})']!.status).toBe('fail');
      expect(by['valid signed forward delivered (2xx, {ok: true})']!.message).toContain('expected 2xx (delivered), got 503');
      expect(by['repeated idempotency-key gets the same answer']!.status).toBe('skip');
      expect(by['malformed forward refused as {ok: false, code, message}']!.message).toContain('got 503');
      expect(by['missing signature refused']!.status).toBe('fail'); // 400 with a body that is not {ok: false, code, message}
    } finally {
      await server.close();
    }
  });

  it('a relay that answers without the Ack envelope fails login and skips what needs it', async () => {
    const server = await fakeServer((req) =>
      req.url === '/healthz' ? { status: 200, body: { ok: true, value: { head: -1 } } } : { status: 200, body: { token: 'x' } },
    );
    try {
      const r = await runRelayConformance({ relayUrl: server.url, webhookSecret: SECRET, ...USERS, timeoutMs: 2000 });
      const by = Object.fromEntries(r.steps.map((s) => [s.name, s]));
      expect(r.ok).toBe(false);
      expect(by['GET /healthz']!.message).toContain('does not match HealthValue');
      expect(by['login (dispatcher, observer)']!.message).toContain('expected the Ack envelope');
      expect(by['login refusals (BAD_JSON, BAD_REQUEST, BAD_CREDENTIALS)']!.message).toContain('expected HTTP 400 BAD_JSON, got 200');
      expect(by['full pull from cursor 0 to head: gap-free seqs, every entry a valid LogEntry']!.status).toBe('skip');
    } finally {
      await server.close();
    }
  });

  it('the command line exits 1 and prints ✗ for a broken platform', async () => {
    const server = await fakeServer(() => ({ status: 200, body: { ok: true } }));
    try {
      const { code, out } = await runCli(['--district', server.url]);
      expect(out).toContain('✗ wrong signature refused');
      expect(code, out).toBe(1);
    } finally {
      await server.close();
    }
  });
});
