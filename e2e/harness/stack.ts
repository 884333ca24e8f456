/**
 * The real system for end-to-end tests, in-process: a relay (temp data dir, port 0), the district
 * simulator (deterministic: fixed seed and run id, no random reports, follow-ups slowed so the test drives
 * the departments), and per test a workstation core with its browser host serving dist/renderer.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startRelay, type RelayHandle } from '../../relay/server.js';
import { startDistrictSim, type DistrictSim } from '../../relay/district-sim/sim.js';
import { startSmsSim, type SmsSim } from '../../relay/sms-sim/sim.js';
import { createCore, type Core } from '../../electron/core/index.js';
import { memoryLogger } from '../../electron/core/log.js';
import { startWebHost, type WebHost } from '../../electron/web/server.js';
import type { BrowserContext } from '@playwright/test';
import type { DistrictChange } from '../../shared/protocol.js';
import type { Command } from '../../shared/commands.js';

export const WEBHOOK_SECRET = 'e2e-webhook-secret';
const TOKEN_SECRET = 'e2e-token-secret-0123456789abcdef';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `grid-e2e-${prefix}-`));
}

/** A free TCP port on loopback (for processes that need a port number before they listen). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export interface Street {
  relayUrl: string;
  sim: DistrictSim;
  /** The SMS gateway simulator the relay sends its notices to (streets started with `sms: true`). */
  smsSim: SmsSim | null;
  /** Stop the relay (the network outage); its data stays on disk. */
  stopRelay(): Promise<void>;
  /** Start it again on the same port and data. */
  startRelay(): Promise<void>;
  /**
   * Post one signed change from the district platform (report, department action …); `occurredAt` (default
   * now) dates it earlier, as a change that reaches the centre late.
   */
  district(actor: DistrictChange['actor'], command: Command, occurredAt?: number): Promise<void>;
  close(): Promise<void>;
}

let changeSeq = 0;

/** Options of a street: the default has a short demo history; `demo: false` gives an empty street. */
export interface StreetOptions {
  demo?: boolean;
  seed?: number;
  /** Prefix of run ids and change ids, so two kinds of street never share ids. */
  label?: string;
  /** Start the SMS gateway simulator and send the relay's SMS notices there (docs/sms.md); no quiet hours. */
  sms?: boolean;
}

export async function startStreet(opts: StreetOptions = {}): Promise<Street> {
  const { demo = true, seed = 42, label = 'e2e', sms = false } = opts;
  const dataDir = tempDir(demo ? 'relay' : 'relay-empty');
  const simPort = await freePort();
  const SMS_KEY = 'e2e-sms-gateway-key';
  const smsSim = sms ? await startSmsSim({ key: SMS_KEY, auth: 'hmac' }) : null;
  const relayOpts = {
    host: '127.0.0.1',
    dataDir,
    districtUrl: `http://127.0.0.1:${simPort}`,
    webhookSecret: WEBHOOK_SECRET,
    tokenSecret: TOKEN_SECRET,
    demo,
    ...(demo ? { demoDays: 3, demoCasesPerDay: 25 } : {}),
    quiet: true,
    outboxBaseMs: 100,
    outboxCapMs: 1000,
    ...(smsSim
      ? { smsGatewayUrl: smsSim.endpoint, smsKey: SMS_KEY, smsAuth: 'hmac' as const, smsQuietHours: 'none', smsBaseMs: 100, smsCapMs: 500 }
      : {}),
  };
  let relay: RelayHandle | null = await startRelay({ ...relayOpts, port: 0 });
  const relayPort = relay.port;
  const relayUrl = relay.url;
  const sim = await startDistrictSim({
    port: simPort,
    relayUrl,
    seed,
    runId: `${label}${process.pid}`,
    reports: false,
    rate: 0,
    // Simulated departments react after hours of real time: the tests play their part explicitly.
    speed: 0.001,
    webhookSecret: WEBHOOK_SECRET,
    log: () => undefined,
  });
  return {
    relayUrl,
    sim,
    smsSim,
    async stopRelay() {
      await relay?.close();
      relay = null;
    },
    async startRelay() {
      relay = await startRelay({ ...relayOpts, port: relayPort });
    },
    async district(actor, command, occurredAt) {
      const change: DistrictChange = {
        changeId: `${label}-${process.pid}-${Date.now()}-${++changeSeq}`,
        occurredAt: occurredAt ?? Date.now(),
        actor,
        command,
      };
      const res = await sim.sendChange(change);
      if (res.status >= 300 || (res.json.results as { status?: string }[] | undefined)?.some((r) => r.status === 'rejected')) {
        throw new Error(`district change refused: ${res.status} ${JSON.stringify(res.json)}`);
      }
    },
    async close() {
      await sim.close();
      await relay?.close();
      await smsSim?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Workstation {
  core: Core;
  host: WebHost;
  url: string;
  close(): Promise<void>;
}

/**
 * The access token of every e2e workstation. One for all: the browser keeps the token in a cookie per
 * host name (not per port), so workstations on other ports of 127.0.0.1 must accept the same one.
 */
export const E2E_ACCESS_TOKEN = 'e2e-workstation-access-token';

/**
 * The browser context carries the workstations' access token: the cookie the printed ?token= link sets,
 * for 127.0.0.1 (cookies are per host name, so it reaches every port).
 */
export async function grantAccess(context: BrowserContext, url = 'http://127.0.0.1'): Promise<void> {
  await context.addCookies([{ name: 'gcc_token', value: E2E_ACCESS_TOKEN, url, httpOnly: true, sameSite: 'Strict' }]);
}

/** A fresh workstation (own cache) with its browser host. */
export async function startWorkstation(relayUrl: string, opts: { wallToken?: string } = {}): Promise<Workstation> {
  const dataDir = tempDir('core');
  const core = createCore({ dataDir, relayUrl, log: memoryLogger() });
  const host = await startWebHost({
    core,
    port: 0,
    staticDir: path.resolve('dist/renderer'),
    log: memoryLogger(),
    accessToken: E2E_ACCESS_TOKEN,
    ...(opts.wallToken ? { wallToken: opts.wallToken } : {}),
  });
  return {
    core,
    host,
    url: host.url,
    async close() {
      await host.close();
      await core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
