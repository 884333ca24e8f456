/**
 * startRelay: the relay as a module (tests and the workstation's tests start it in-process).
 * HTTP (login, ref, district webhook, health) and Socket.IO share one port.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createDemoRefData, DEMO_PASSWORD } from '../shared/demo/refData.js';
import { createDemoDivision } from '../shared/demo/geometry.js';
import { hashPassword } from './auth.js';
import { DEFAULT_WEBHOOK_SECRET, parseRelayConfig, type RelayConfig, type RelayConfigInput } from './config.js';
import { createHttpHandler } from './http.js';
import { Hub } from './hub.js';
import { ensureLogId } from './logIdentity.js';
import { OutboxForwarder } from './outbox.js';
import { DistrictLinkMonitor } from './districtLink.js';
import { createOpen311Handler } from './open311.js';
import { createFilesHandler } from './files/http.js';
import { FileStore } from './files/store.js';
import type { DistrictLink } from '../shared/protocol.js';
import { createSocketServer } from './sockets.js';
import { HttpSmsGateway } from './sms/gateway.js';
import { smsDefaultsOf } from './sms/settings.js';
import { SmsSettingsStore } from './sms/settingsStore.js';
import { SmsOutbox } from './sms/smsOutbox.js';
import { SqliteLogStore } from './store/sqlite.js';
import type { LogStore } from './store/types.js';

export interface StartRelayOptions extends RelayConfigInput {
  /** Where log lines go (default: console unless quiet). */
  log?: (msg: string) => void;
  /** Bench hook: a webhook request was read (before it is decided). */
  onWebhookReceived?: (changeIds: string[], at: number) => void;
}

export interface RelayHandle {
  url: string;
  port: number;
  config: RelayConfig;
  /** The token signing secret in use (tests and benches mint tokens with it). */
  tokenSecret: string;
  hub: Hub;
  store: LogStore;
  /** The attachment store (<data-dir>/files). */
  files: FileStore;
  forwarder: OutboxForwarder | null;
  districtLink: DistrictLinkMonitor;
  /** The SMS outbox sender (null when no gateway is configured). */
  sms: SmsOutbox;
  /** The SMS settings in force (the admin's saved ones, else the start flags). */
  smsSettings: SmsSettingsStore;
  close(): Promise<void>;
}

/** The token secret: configured, or generated once and kept in the data directory (mode 0600). */
function tokenSecretFor(config: RelayConfig): string {
  if (config.tokenSecret) return config.tokenSecret;
  const file = path.join(config.dataDir, 'token-secret');
  try {
    const s = fs.readFileSync(file, 'utf8').trim();
    if (s.length >= 16) return s;
  } catch {
    /* first start */
  }
  const s = crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(file, s + '\n', { mode: 0o600 });
  return s;
}

export async function startRelay(opts: StartRelayOptions = {}): Promise<RelayHandle> {
  const { log: logOpt, onWebhookReceived, ...input } = opts;
  const config = parseRelayConfig(input);
  // Checked before anything opens: a bad template or quiet-hours setting stops the start with its reason.
  const smsDefaults = smsDefaultsOf(config);
  const log = logOpt ?? (config.quiet ? () => {} : (msg: string) => console.log(`[relay] ${msg}`));
  if (config.webhookSecret === DEFAULT_WEBHOOK_SECRET)
    log('WARNING: using the development webhook secret; set DISTRICT_WEBHOOK_SECRET outside local use');

  fs.mkdirSync(config.dataDir, { recursive: true });
  const tokenSecret = tokenSecretFor(config);
  const store = await SqliteLogStore.open({ dataDir: config.dataDir, sync: config.sync });
  const smsStore = await SmsSettingsStore.open(store, smsDefaults, log);
  let hub: Hub | undefined;
  try {
    let ref = await store.getRef();
    if (!ref) {
      // The embedded street comes with its synthetic demo geometry (demo: true, not surveyed) as division v1.
      ref = { ...createDemoRefData(), divisions: [createDemoDivision()] };
      const users = await Promise.all(ref.users.map(async (user) => ({ user, passwordHash: await hashPassword(DEMO_PASSWORD) })));
      await store.seedRef(ref, users);
      await store.setMeta('seed', 'ref');
      log(
        `seeded reference data (${ref.communities.length} communities, ${ref.grids.length} grids, demo division) and ${users.length} users`,
      );
    }
    hub = new Hub({ store, ref, forward: true, log, retainEntries: config.retainEntries }, await store.head());
    hub.logId = await ensureLogId(store);
    if ((await store.getMeta('seed')) === 'ref') {
      if (config.demo && hub.head === 0) {
        const { generateDemoHistory } = await import('../shared/demo/history.js');
        const t0 = Date.now();
        const history = generateDemoHistory({
          seed: config.demoSeed,
          now: Date.now(),
          days: config.demoDays,
          casesPerDay: config.demoCasesPerDay,
          ref,
        });
        const n = await hub.seedHistory(history.events, history.cases, history.precedents);
        log(`seeded demo history: ${history.cases.length} cases, ${n} log entries in ${Date.now() - t0} ms`);
      }
      await store.setMeta('seed', 'done');
    }
  } catch (err) {
    await store.close();
    throw err;
  }
  const theHub = hub;

  const forwarder =
    config.districtUrl === 'none'
      ? null
      : new OutboxForwarder({
          store,
          hub: theHub,
          districtUrl: config.districtUrl,
          secret: config.webhookSecret,
          baseMs: config.outboxBaseMs,
          capMs: config.outboxCapMs,
          log,
          onRound: () => districtLink.refresh(),
        });
  // Sockets are created below; the monitor tells them through this late-bound call.
  let tellSockets: (link: DistrictLink) => void = () => undefined;
  const districtLink = new DistrictLinkMonitor(store, forwarder?.health ?? null, (link) => tellSockets(link), log);
  const files = new FileStore({ dir: path.join(config.dataDir, 'files'), maxBytes: config.maxFileMb * 1024 * 1024 });
  // Workstation pushes naming an attachment file the store lacks are rejected (district changes: hasFile below).
  theHub.hasFile = (sha256) => files.has(sha256);
  const server = http.createServer({ keepAliveTimeout: 30_000 });
  const handler = createHttpHandler({
    hub: theHub,
    store,
    webhookSecret: config.webhookSecret,
    tokenSecret,
    tokenTtlMs: config.tokenTtlMinutes * 60_000,
    log,
    onWebhookReceived,
    hasFile: (sha256) => files.has(sha256),
    files: createFilesHandler({ files, tokenSecret, webhookSecret: config.webhookSecret, users: () => theHub.ref.users, log }),
    open311: createOpen311Handler({ store, ref: () => theHub.ref, token: config.open311Token ?? null }),
    health: async () => ({
      head: theHub.head,
      floor: await store.floor(),
      cases: await store.caseCount(),
      clients: sockets.presenceCount(),
      outbox: await store.outboxStats(),
      forwarder: forwarder?.stats ?? null,
      district: districtLink.current,
      store: await store.health(),
      serverTime: Date.now(),
    }),
  });
  server.on('request', handler);
  const sockets = createSocketServer(server, {
    hub: theHub,
    store,
    tokenSecret,
    presenceIntervalMs: config.presenceIntervalMs,
    liveBatchMs: config.liveBatchMs,
    log,
    districtLink: () => districtLink.current,
    smsSettings: smsStore,
  });
  tellSockets = (link) => sockets.districtLink(link);
  theHub.onCommitted = (entries) => sockets.broadcast(entries);
  if (forwarder) {
    theHub.onOutbox = () => forwarder.kick();
    forwarder.kick();
  }
  await districtLink.compute();
  if (config.retainEntries > 0) await store.prune(config.retainEntries);
  // SMS: the admin's saved settings (短信设置) or the start flags; a save takes effect without a restart.
  // Overdue notices are for deadlines passed since SMS started at this relay (not the whole history).
  const startOverdue = async () => {
    let since = await store.getMeta('sms_overdue_since');
    if (since === null) {
      since = String(Date.now());
      await store.setMeta('sms_overdue_since', since);
    }
    theHub.smsOverdueSince = Number(since);
  };
  if (smsStore.current()) await startOverdue();
  theHub.smsSettings = () => smsStore.current();
  let gateway: { for: string; sender: HttpSmsGateway } | null = null;
  const sms = new SmsOutbox({
    store,
    hub: theHub,
    // One HTTP adapter per gateway setting: a save of the URL, auth, key or sign name is used for the next message.
    sender: {
      send(msg) {
        const s = smsStore.all();
        const id = JSON.stringify([s.gatewayUrl, s.auth, s.key, s.signName]);
        if (gateway?.for !== id)
          gateway = { for: id, sender: new HttpSmsGateway({ url: s.gatewayUrl, auth: s.auth, key: s.key, signName: s.signName }) };
        return gateway.sender.send(msg);
      },
    },
    settings: () => smsStore.current(),
    baseMs: config.smsBaseMs,
    capMs: config.smsCapMs,
    scanMs: config.smsScanMs,
    log,
  });
  smsStore.onChange((s) => {
    if (!s) return;
    void (async () => {
      if (!Number.isFinite(theHub.smsOverdueSince)) await startOverdue();
      sms.kick();
    })().catch((e: Error) => log(`sms start failed: ${e.message}`));
  });
  theHub.onSms = () => sms.kick();
  sms.start();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log(`listening on ${url} (data ${path.resolve(config.dataDir)}, log ${theHub.logId}, head ${theHub.head}, sync ${config.sync})`);

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    config,
    tokenSecret,
    hub: theHub,
    store,
    files,
    forwarder,
    districtLink,
    sms,
    smsSettings: smsStore,
    close() {
      closing ??= (async () => {
        server.closeIdleConnections();
        await theHub.close();
        await forwarder?.stop();
        await sms.stop();
        districtLink.close();
        await sockets.close();
        server.closeAllConnections();
        await store.close();
      })();
      return closing;
    },
  };
}
