/**
 * Relay benchmark: the district simulator pushes changes through the signed webhook while N socket.io
 * clients receive the live broadcast.
 *  - latency: webhook receipt (relay side, body read) → 'change' delivered at every client, p50/p99, at a
 *    fixed rate; in the same run a bare Socket.IO server broadcasts the same payloads at the same rate to
 *    the same clients (the baseline), interleaved round by round; medians over rounds; ratio relay/bare;
 *  - throughput: the simulator ramps its rate while the clients listen. A step is 'accepted' when the
 *    relay commits ≥95% of the offered rate with a receipt → commit p99 under 1 s, and 'delivered' when
 *    every client also had every change within a second of the step's end (end-to-end p99 under 1 s).
 *    Once with one 'change' message per entry (the default), once with clients that opted in to one
 *    'changes' message per commit (HandshakeAuth.batch).
 * Done at 100 and 1000 clients. Clients run in a child process, the simulator in another, so the relay's
 * process is measured alone. Loopback only; bounded; stops by itself.
 *
 *   npx tsx bench/relay.ts [--quick] [--clients 100,1000] [--sync full|normal] [--json out.json] [--profile relay.cpuprofile]
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { LogEntry } from '../shared/protocol.js';
import { signToken } from '../relay/auth.js';
import { startDistrictSim } from '../relay/district-sim/sim.js';
import { startRelay } from '../relay/server.js';

const SELF = fileURLToPath(import.meta.url);
const SECRET = 'bench-webhook-secret-0123';
const hr = () => performance.timeOrigin + performance.now();

export interface RelayBenchOptions {
  /** Client counts to measure (default [100, 1000]). */
  clients?: number[];
  /** Changes per second of the latency comparison, per client count (default 200 for 100, 20 for 1000). */
  latencyRate?: Record<number, number>;
  /** Seconds per latency round (default 2) and rounds (default 5; medians are reported). */
  roundSeconds?: number;
  rounds?: number;
  /** Offered rates of the throughput ramps, per client count. */
  ramp?: Record<number, { single: number[]; batch: number[] }>;
  stepSeconds?: number;
  /** Store durability (default 'full', as shipped). */
  sync?: 'full' | 'normal';
  quiet?: boolean;
  /** Write a CPU profile of this process (the relay; the clients and the simulator run elsewhere) to this file. */
  profile?: string;
}

export interface LatencyStats {
  p50: number;
  p99: number;
  deliveries: number;
}

export interface RampStep {
  offered: number;
  /** Changes per second the relay committed (after warm-up). */
  accepted: number;
  commitP50: number;
  commitP99: number;
  /** Commits (group-committed batches) per second in the step: a batched socket receives one message per commit. */
  commitsPerSecond: number;
  delivered: number;
  expected: number;
  /** End-to-end latency, webhook receipt → client. */
  p50: number;
  p99: number;
  acceptedOk: boolean;
  deliveredOk: boolean;
}

export interface RampResult {
  steps: RampStep[];
  /** Highest rate the relay sustained (accepted and committed) while broadcasting to the clients. */
  maxAccepted: number;
  /** Highest rate that also reached every client in time. */
  maxDelivered: number;
}

export interface RelayBenchRun {
  clients: number;
  latency: {
    rate: number;
    relay: LatencyStats;
    bare: LatencyStats;
    /** Ratios of the medians, and the median of the per-round ratios (paired, robust to load drift). */
    ratioP50: number;
    ratioP99: number;
    pairedRatioP99: number;
    /** Receipt → durable commit inside the relay, medians of the rounds. */
    commit: { p50: number; p99: number };
    /**
     * The fair baseline: a bare broadcast plus the measured commit (commit before broadcast is the relay's
     * guarantee), per round bare p99 + commit p99; the ratio is relay p99 over it (median of the rounds).
     */
    fairP99: number;
    ratioFairP99: number;
    rounds: Array<{ relay: LatencyStats; bare: LatencyStats; commit: { p50: number; p99: number } }>;
  };
  /** 'single': one 'change' message per entry (the default); 'batch': one 'changes' message per commit (opt-in). */
  throughput: { single: RampResult; batch: RampResult; bare: RampResult };
}

export interface RelayBenchResult {
  command: string;
  machine: { cpus: number; model: string; node: string; loadavg: number[] };
  sync: 'full' | 'normal';
  runs: RelayBenchRun[];
  /** The targets of issue 17, each decided from the medians of this run's rounds. */
  targets: {
    p99Within1_5xBareAt200: boolean;
    p99Within1_5xFairAt200: boolean;
    delivered1000At100Batch: boolean;
  };
}

// ------------------------------------------------------------------ child: clients

type ClientsMsg =
  | { cmd: 'connect'; targets: Array<{ url: string; batch: boolean; auths: Array<{ token: string; clientId: string } | null> }> }
  | { cmd: 'close' }
  | { cmd: 'reset' }
  | { cmd: 'count' }
  | { cmd: 'collect'; sent: Array<[string, number]> }
  | { cmd: 'exit' };

async function clientsChild(): Promise<void> {
  let sockets: Socket[] = [];
  // Per key: receive times (ms, high-res) at every client.
  let times = new Map<string, number[]>();
  let delivered = 0;
  const keyOf = (e: LogEntry) => (e.kind === 'case' ? (e.event.commandId ?? e.changeId) : e.changeId);
  const send = (m: unknown) => process.send!(m);
  process.on('message', async (msg: ClientsMsg) => {
    if (msg.cmd === 'connect') {
      const record = (e: LogEntry, t: number) => {
        delivered++;
        const k = keyOf(e);
        const arr = times.get(k);
        if (arr) arr.push(t);
        else times.set(k, [t]);
      };
      const connectOne = (url: string, batch: boolean, auth: { token: string; clientId: string } | null) =>
        new Promise<Socket>((resolve, reject) => {
          const s = ioClient(url, {
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            ...(auth ? { auth: { ...auth, batch } } : {}),
          });
          s.on('change', (e: LogEntry) => record(e, hr()));
          s.on('changes', (es: LogEntry[]) => {
            const t = hr();
            for (const e of es) record(e, t);
          });
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
        });
      for (const target of msg.targets) {
        for (let i = 0; i < target.auths.length; i += 50)
          sockets.push(...(await Promise.all(target.auths.slice(i, i + 50).map((a) => connectOne(target.url, target.batch, a)))));
      }
      send({ ok: true, connected: sockets.length });
    } else if (msg.cmd === 'close') {
      for (const s of sockets) s.close();
      sockets = [];
      send({ ok: true });
    } else if (msg.cmd === 'reset') {
      times = new Map();
      delivered = 0;
      send({ ok: true });
    } else if (msg.cmd === 'count') {
      send({ ok: true, delivered });
    } else if (msg.cmd === 'collect') {
      const lat: number[] = [];
      for (const [k, t0] of msg.sent) for (const t of times.get(k) ?? []) lat.push(t - t0);
      send({ ok: true, delivered, ...percentiles(lat) });
    } else if (msg.cmd === 'exit') {
      for (const s of sockets) s.close();
      process.exit(0);
    }
  });
  send({ ok: true, ready: true });
}

// ------------------------------------------------------------------ child: district simulator

type SimMsg =
  | { cmd: 'start'; relayUrl: string; rate: number; batch: number; concurrency: number; pregenerate: number; runId: string }
  | { cmd: 'rate'; rate: number }
  | { cmd: 'idle' }
  | { cmd: 'stats' }
  | { cmd: 'exit' };

async function simChild(): Promise<void> {
  let sim: Awaited<ReturnType<typeof startDistrictSim>> | null = null;
  process.on('message', async (msg: SimMsg) => {
    if (msg.cmd === 'start') {
      await sim?.close();
      sim = await startDistrictSim({
        port: 0,
        relayUrl: msg.relayUrl,
        webhookSecret: SECRET,
        rate: msg.rate,
        batchSize: msg.batch,
        concurrency: msg.concurrency,
        pregenerate: msg.pregenerate,
        runId: msg.runId,
        speed: 1,
        log: () => {},
      });
      process.send!({ ok: true });
    } else if (msg.cmd === 'rate') {
      sim?.setRate(msg.rate);
      process.send!({ ok: true });
    } else if (msg.cmd === 'idle') {
      await sim?.whenIdle();
      process.send!({ ok: true });
    } else if (msg.cmd === 'stats') {
      process.send!({ ok: true, stats: sim?.stats() });
    } else if (msg.cmd === 'exit') {
      await sim?.close();
      process.exit(0);
    }
  });
  process.send!({ ok: true, ready: true });
}

// ------------------------------------------------------------------ parent helpers

function percentiles(xs: number[]): LatencyStats {
  if (xs.length === 0) return { p50: NaN, p99: NaN, deliveries: 0 };
  const s = Float64Array.from(xs).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: round(at(0.5)), p99: round(at(0.99)), deliveries: s.length };
}
const round = (x: number) => Math.round(x * 100) / 100;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Child {
  private queue: Array<(m: Record<string, unknown>) => void> = [];
  readonly proc: ChildProcess;
  readonly ready: Promise<unknown>;
  constructor(role: string) {
    this.proc = fork(SELF, [`--role=${role}`], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.proc.on('message', (m: Record<string, unknown>) => this.queue.shift()?.(m));
    this.ready = new Promise((r) => this.queue.push(r));
  }
  ask<T = Record<string, unknown>>(msg: unknown, timeoutMs = 120_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`child did not answer ${JSON.stringify(msg).slice(0, 80)}`)), timeoutMs);
      this.queue.push((m) => {
        clearTimeout(t);
        resolve(m as T);
      });
      this.proc.send(msg as object);
    });
  }
  async exit(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    const done = new Promise((r) => this.proc.once('exit', r));
    this.proc.send({ cmd: 'exit' });
    await Promise.race([done, sleep(5000)]);
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
  }
}

/** Wait until the clients have `expected` deliveries, at most `graceMs`; returns the count reached. */
async function waitDeliveries(clients: Child, expected: number, graceMs: number): Promise<number> {
  const end = Date.now() + graceMs;
  let n = 0;
  do {
    n = (await clients.ask<{ delivered: number }>({ cmd: 'count' })).delivered;
    if (n >= expected) return n;
    await sleep(25);
  } while (Date.now() < end);
  return n;
}

// ------------------------------------------------------------------ the benchmark

export async function runRelayBench(opts: RelayBenchOptions = {}): Promise<RelayBenchResult> {
  const say = opts.quiet ? () => {} : (m: string) => console.log(`[bench:relay] ${m}`);
  const counts = opts.clients ?? [100, 1000];
  const latencyRates: Record<number, number> = { 100: 200, 1000: 20, ...opts.latencyRate };
  const roundSeconds = opts.roundSeconds ?? 2;
  const rounds = opts.rounds ?? 5;
  const stepSeconds = opts.stepSeconds ?? 3;
  const ramps: Record<number, { single: number[]; batch: number[] }> = {
    100: { single: [250, 500, 1000, 1500, 2000], batch: [500, 1000, 1500, 1750, 2000, 3000] },
    // 1000 clients: steps from 50/s, so the most they receive within 1 s is a figure, not "below the first step".
    1000: { single: [50, 100, 250, 500, 1000], batch: [50, 100, 150, 250, 500, 1000] },
    ...opts.ramp,
  };
  const sync = opts.sync ?? 'full';
  const runs: RelayBenchRun[] = [];
  const profiler = opts.profile ? await startProfile() : null;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-relay-'));
  const clients = new Child('clients');
  const simProc = new Child('sim');
  await Promise.all([clients.ready, simProc.ready]);
  const received = new Map<string, number>();
  const relay = await startRelay({
    port: 0,
    dataDir,
    demo: false,
    districtUrl: 'none',
    webhookSecret: SECRET,
    sync,
    quiet: true,
    // 1000 clients joining would otherwise broadcast a 1000-entry presence list every 250 ms.
    presenceIntervalMs: 2000,
    onWebhookReceived: (ids) => {
      const t = hr();
      for (const id of ids) received.set(id, t);
    },
  });
  // A bare Socket.IO server: the same clients, the same payloads, nothing else.
  const bareHttp = http.createServer();
  const bare = new Server(bareHttp, { serveClient: false });
  await new Promise<void>((r) => bareHttp.listen(0, '127.0.0.1', () => r()));
  const bareUrl = `http://127.0.0.1:${(bareHttp.address() as AddressInfo).port}`;
  let runSeq = 0;

  /** Count the entries the relay commits while `fn` runs (and keep them when asked). */
  async function watchCommits<T>(
    fn: (state: { count: number; commits: number; entries: LogEntry[] | null }) => Promise<T>,
    keep: boolean,
  ): Promise<T> {
    const state = { count: 0, commits: 0, entries: keep ? ([] as LogEntry[]) : null };
    const prev = relay.hub.onCommitted;
    relay.hub.onCommitted = (entries) => {
      prev(entries);
      state.count += entries.length;
      state.commits++;
      state.entries?.push(...entries);
    };
    try {
      return await fn(state);
    } finally {
      relay.hub.onCommitted = prev;
    }
  }

  /**
   * Ramp the offered rate. Per step: 'accepted' holds when the relay took ≥95% of the offered rate with a
   * receipt → commit p99 under 1 s while broadcasting to the clients; 'delivered' when, in addition, every
   * client had every change within a second of the step's end with an end-to-end p99 under 1 s. The ramp
   * stops at the first step where acceptance fails.
   */
  async function ramp(n: number, rates: number[], label: string): Promise<RampResult> {
    const steps: RampStep[] = [];
    let maxAccepted = 0;
    let maxDelivered = 0;
    for (const offered of rates) {
      let warmEnd = Infinity;
      await clients.ask({ cmd: 'reset' });
      received.clear();
      const committedAt = new Map<string, number>();
      const step = await watchCommits(async (state) => {
        const prev = relay.hub.onCommitted;
        relay.hub.onCommitted = (entries) => {
          const t = hr();
          for (const e of entries) if (e.kind === 'case' && e.event.commandId) committedAt.set(e.event.commandId, t);
          prev(entries);
        };
        try {
          await simProc.ask({
            cmd: 'start',
            relayUrl: relay.url,
            rate: offered,
            batch: Math.max(1, Math.min(100, Math.ceil(offered / 40))),
            concurrency: 8,
            pregenerate: Math.ceil(offered * (stepSeconds + 0.5) * 1.1),
            runId: `tp${n}${label}${offered}x${runSeq++}`,
          });
          // The first half second is warm-up (connections, first ticks); rate and latency are measured after it.
          await sleep(500);
          warmEnd = hr();
          const t0 = Date.now();
          const c0 = state.count;
          const k0 = state.commits;
          await sleep(stepSeconds * 1000);
          const elapsed = (Date.now() - t0) / 1000;
          const inStep = state.count - c0;
          const commitsPerSecond = Math.round((state.commits - k0) / elapsed);
          await simProc.ask({ cmd: 'rate', rate: 0 });
          await simProc.ask({ cmd: 'idle' });
          const expected = state.count * n;
          const delivered = await waitDeliveries(clients, expected, 1000);
          return { rate: inStep / elapsed, commitsPerSecond, expected, delivered };
        } finally {
          relay.hub.onCommitted = prev;
        }
      }, false);
      const measured = [...received.entries()].filter(([, t]) => t >= warmEnd);
      const commit = percentiles(measured.flatMap(([id, t]) => (committedAt.has(id) ? [committedAt.get(id)! - t] : [])));
      const lat = await clients.ask<LatencyStats>({ cmd: 'collect', sent: measured });
      const accepted = step.rate >= 0.95 * offered && commit.p99 < 1000;
      const delivered = accepted && step.delivered >= step.expected && lat.p99 < 1000;
      steps.push({
        offered,
        accepted: Math.round(step.rate),
        commitP50: commit.p50,
        commitP99: commit.p99,
        commitsPerSecond: step.commitsPerSecond,
        delivered: step.delivered,
        expected: step.expected,
        p50: lat.p50,
        p99: lat.p99,
        acceptedOk: accepted,
        deliveredOk: delivered,
      });
      say(
        `${label} offered ${offered}/s: accepted ${Math.round(step.rate)}/s (receipt→commit p50 ${commit.p50} p99 ${commit.p99} ms, ${step.commitsPerSecond} commits/s) ${accepted ? 'ok' : 'NOT ok'}; delivered ${step.delivered}/${step.expected}, end-to-end p50 ${lat.p50} p99 ${lat.p99} ms ${delivered ? 'ok' : 'NOT ok'}`,
      );
      // Let the clients drain whatever is still in flight before the next step.
      await waitDeliveries(clients, step.expected, 30_000);
      if (accepted) maxAccepted = Math.max(maxAccepted, Math.round(step.rate));
      if (delivered) maxDelivered = Math.max(maxDelivered, Math.round(step.rate));
      if (!accepted) break;
    }
    return { steps, maxAccepted, maxDelivered };
  }

  /**
   * The same ramp on the bare Socket.IO server: one 'changes' message per 25 ms tick carrying the tick's
   * entries (as the relay batches a commit), so the relay's delivered/s has a same-run physical limit.
   */
  async function rampBare(n: number, rates: number[], template: LogEntry[]): Promise<RampResult> {
    const steps: RampStep[] = [];
    let maxDelivered = 0;
    const base = template.find((e) => e.kind === 'case');
    if (!base || base.kind !== 'case') return { steps, maxAccepted: 0, maxDelivered: 0 };
    for (const offered of rates) {
      await clients.ask({ cmd: 'reset' });
      const sent: Array<[string, number]> = [];
      const tick = 25;
      const perTick = offered * (tick / 1000);
      const t0 = hr();
      const end = t0 + stepSeconds * 1000;
      let due = 0;
      let i = 0;
      for (let k = 0; hr() < end; k++) {
        const wait = t0 + k * tick - hr();
        if (wait > 1) await sleep(wait);
        due += perTick;
        const batch: LogEntry[] = [];
        const at = hr();
        for (; i < Math.floor(due); i++) {
          const id = `bare-tp${n}-${offered}-${runSeq}-${i}`;
          batch.push({ ...base, event: { ...base.event, commandId: id } });
          sent.push([id, at]);
        }
        if (batch.length > 0) bare.emit('changes', batch);
      }
      runSeq++;
      const elapsed = (hr() - t0) / 1000;
      const expected = sent.length * n;
      const delivered = await waitDeliveries(clients, expected, 1000);
      const lat = await clients.ask<LatencyStats>({ cmd: 'collect', sent });
      const ok = delivered >= expected && lat.p99 < 1000;
      const rate = Math.round(sent.length / elapsed);
      steps.push({
        offered,
        accepted: rate,
        commitP50: 0,
        commitP99: 0,
        commitsPerSecond: Math.round(1000 / tick),
        delivered,
        expected,
        p50: lat.p50,
        p99: lat.p99,
        acceptedOk: true,
        deliveredOk: ok,
      });
      say(
        `bare batch offered ${offered}/s: sent ${rate}/s; delivered ${delivered}/${expected}, end-to-end p50 ${lat.p50} p99 ${lat.p99} ms ${ok ? 'ok' : 'NOT ok'}`,
      );
      await waitDeliveries(clients, expected, 30_000);
      if (ok) maxDelivered = Math.max(maxDelivered, rate);
      else break;
    }
    return { steps, maxAccepted: maxDelivered, maxDelivered };
  }

  try {
    for (const n of counts) {
      say(`--- ${n} clients`);
      const latencyRate = latencyRates[n] ?? 200;
      const tokens = Array.from({ length: n }, (_, i) => {
        const clientId = `bench-${n}-${i}`;
        return {
          clientId,
          token: signToken(
            { sub: 'u-wall', name: '会议大屏', role: 'wall', cid: clientId, iat: Date.now(), exp: Date.now() + 3600_000 },
            relay.tokenSecret,
          ),
        };
      });

      // ---- latency, interleaved rounds: relay path, then a bare broadcast of the entries it produced
      await clients.ask(
        {
          cmd: 'connect',
          targets: [
            { url: relay.url, batch: false, auths: tokens },
            { url: bareUrl, batch: false, auths: tokens.map(() => null) },
          ],
        },
        600_000,
      );
      await sleep(2500); // let the joins' presence broadcasts pass
      const samples: RelayBenchRun['latency']['rounds'] = [];
      let lastCaptured: LogEntry[] = [];
      let lastCommit = { p50: NaN, p99: NaN };
      const relayRound = async (runId: string): Promise<LatencyStats> => {
        await clients.ask({ cmd: 'reset' });
        received.clear();
        const committedAt = new Map<string, number>();
        const loop = monitorEventLoopDelay({ resolution: 1 });
        loop.enable();
        const captured = await watchCommits(async (state) => {
          const prev = relay.hub.onCommitted;
          relay.hub.onCommitted = (entries) => {
            const t = hr();
            for (const e of entries) if (e.kind === 'case' && e.event.commandId) committedAt.set(e.event.commandId, t);
            prev(entries);
          };
          try {
            await simProc.ask({
              cmd: 'start',
              relayUrl: relay.url,
              rate: latencyRate,
              batch: 1,
              concurrency: 16,
              pregenerate: latencyRate * roundSeconds + 100,
              runId,
            });
            await sleep(roundSeconds * 1000);
            await simProc.ask({ cmd: 'rate', rate: 0 });
            await simProc.ask({ cmd: 'idle' });
          } finally {
            relay.hub.onCommitted = prev;
          }
          return state.entries!;
        }, true);
        loop.disable();
        const toCommit = percentiles([...committedAt].flatMap(([id, t]) => (received.has(id) ? [t - received.get(id)!] : [])));
        say(
          `  relay internals: receipt → commit p50 ${toCommit.p50} ms p99 ${toCommit.p99} ms; event-loop delay p99 ${round(loop.percentile(99) / 1e6)} ms max ${round(loop.max / 1e6)} ms`,
        );
        await waitDeliveries(clients, captured.length * n, 10_000);
        lastCaptured = captured;
        lastCommit = { p50: toCommit.p50, p99: toCommit.p99 };
        return clients.ask<LatencyStats>({ cmd: 'collect', sent: [...received.entries()] });
      };
      const bareRound = async (runId: string): Promise<LatencyStats> => {
        await clients.ask({ cmd: 'reset' });
        const bareSent: Array<[string, number]> = [];
        const payloads = lastCaptured.map((e, i) =>
          e.kind === 'case' ? { ...e, event: { ...e.event, commandId: `bare-${runId}-${i}` } } : e,
        );
        const t0 = hr();
        const interval = 1000 / latencyRate;
        for (let i = 0; i < payloads.length; i++) {
          const wait = t0 + i * interval - hr();
          if (wait > 1) await sleep(wait);
          const p = payloads[i]!;
          bareSent.push([p.kind === 'case' ? p.event.commandId! : p.changeId, hr()]);
          bare.emit('change', p);
        }
        await waitDeliveries(clients, payloads.length * n, 10_000);
        return clients.ask<LatencyStats>({ cmd: 'collect', sent: bareSent });
      };
      for (let r = 0; r < rounds; r++) {
        const runId = `lat${n}r${r}x${runSeq++}`;
        // Alternate the order (bare first on odd rounds, with the previous round's entries) so that a drift in
        // the machine's load does not always favour the same side.
        let relayStats: LatencyStats;
        let bareStats: LatencyStats;
        if (r % 2 === 1 && lastCaptured.length > 0) {
          bareStats = await bareRound(runId);
          relayStats = await relayRound(runId);
        } else {
          relayStats = await relayRound(runId);
          bareStats = await bareRound(runId);
        }
        samples.push({ relay: pick(relayStats), bare: pick(bareStats), commit: lastCommit });
        say(
          `latency ${latencyRate}/s round ${r + 1}: relay p50 ${relayStats.p50} ms p99 ${relayStats.p99} ms (${relayStats.deliveries} deliveries) | bare p50 ${bareStats.p50} p99 ${bareStats.p99} (${bareStats.deliveries})`,
        );
      }
      const relayMed = {
        p50: median(samples.map((s) => s.relay.p50)),
        p99: median(samples.map((s) => s.relay.p99)),
        deliveries: samples.reduce((a, s) => a + s.relay.deliveries, 0),
      };
      const bareMed = {
        p50: median(samples.map((s) => s.bare.p50)),
        p99: median(samples.map((s) => s.bare.p99)),
        deliveries: samples.reduce((a, s) => a + s.bare.deliveries, 0),
      };

      // ---- throughput ramps: one 'change' per entry (default), then one 'changes' per commit (opt-in)
      const rates = ramps[n] ?? ramps[100]!;
      const single = await ramp(n, rates.single, 'single');
      await clients.ask({ cmd: 'close' });
      await clients.ask({ cmd: 'connect', targets: [{ url: bareUrl, batch: true, auths: tokens.map(() => null) }] }, 600_000);
      await sleep(500);
      const bareRamp = await rampBare(n, rates.batch, lastCaptured);
      await clients.ask({ cmd: 'close' });
      await clients.ask({ cmd: 'connect', targets: [{ url: relay.url, batch: true, auths: tokens }] }, 600_000);
      await sleep(2500);
      const batch = await ramp(n, rates.batch, 'batch');
      await clients.ask({ cmd: 'close' });
      await sleep(500);
      runs.push({
        clients: n,
        latency: {
          rate: latencyRate,
          relay: relayMed,
          bare: bareMed,
          ratioP50: round(relayMed.p50 / bareMed.p50),
          ratioP99: round(relayMed.p99 / bareMed.p99),
          pairedRatioP99: round(median(samples.map((x) => x.relay.p99 / x.bare.p99))),
          commit: { p50: median(samples.map((x) => x.commit.p50)), p99: median(samples.map((x) => x.commit.p99)) },
          fairP99: round(median(samples.map((x) => x.bare.p99 + x.commit.p99))),
          ratioFairP99: round(median(samples.map((x) => x.relay.p99 / (x.bare.p99 + x.commit.p99)))),
          rounds: samples,
        },
        throughput: { single, batch, bare: bareRamp },
      });
    }
  } finally {
    await clients.exit();
    await simProc.exit();
    bare.close();
    await relay.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (profiler && opts.profile) {
      fs.writeFileSync(opts.profile, JSON.stringify(await profiler.stop()));
      say(`CPU profile of the relay's process written to ${opts.profile} (summary: npx tsx bench/profileSummary.ts ${opts.profile})`);
    }
  }
  const at100 = runs.find((r) => r.clients === 100);
  const result: RelayBenchResult = {
    command: 'npx tsx bench/relay.ts',
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadavg: os.loadavg().map(round) },
    sync,
    runs,
    targets: {
      p99Within1_5xBareAt200: at100 !== undefined && at100.latency.rate === 200 && at100.latency.ratioP99 <= 1.5,
      p99Within1_5xFairAt200: at100 !== undefined && at100.latency.rate === 200 && at100.latency.ratioFairP99 <= 1.5,
      delivered1000At100Batch: (at100?.throughput.batch.maxDelivered ?? 0) >= 1000,
    },
  };
  if (!opts.quiet) printTable(result);
  return result;
}

/** A V8 CPU profile of this process through the inspector (no flags needed; `--cpu-prof` is refused in NODE_OPTIONS). */
async function startProfile(): Promise<{ stop: () => Promise<object> }> {
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post<{ profile: object }>('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

const pick = (s: LatencyStats): LatencyStats => ({ p50: s.p50, p99: s.p99, deliveries: s.deliveries });

function printTable(r: RelayBenchResult): void {
  const f = (x: number, w: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a').padStart(w);
  console.log(
    `\nRelay benchmark — ${r.machine.cpus} CPUs (${r.machine.model}), Node ${r.machine.node}, load ${r.machine.loadavg.join(' ')}, sync=${r.sync}`,
  );
  console.log(
    'latency: webhook receipt → delivered at every client (medians of the rounds); bare = plain Socket.IO broadcast of the same entries',
  );
  console.log("fair = bare p99 + the relay's receipt → durable commit p99, per round (commit before broadcast is the guarantee)");
  console.log(
    'clients | rate/s | relay p50 ms | relay p99 ms | bare p50 ms | bare p99 ms | commit p99 ms | fair p99 ms | p50 ratio | p99 ratio | p99/fair ratio',
  );
  for (const run of r.runs) {
    const l = run.latency;
    console.log(
      `${String(run.clients).padStart(7)} | ${String(l.rate).padStart(6)} | ${f(l.relay.p50, 12)} | ${f(l.relay.p99, 12)} | ${f(l.bare.p50, 11)} | ${f(l.bare.p99, 11)} | ${f(l.commit.p99, 13)} | ${f(l.fairP99, 11)} | ${f(l.ratioP50, 9)} | ${f(l.ratioP99, 9)} | ${f(l.ratioFairP99, 14)}`,
    );
  }
  console.log(
    'throughput: highest rate accepted (≥95% of offered, receipt→commit p99 < 1 s) / also delivered to every client (e2e p99 < 1 s)',
  );
  console.log(
    "clients | 'change' per entry: accepted/s | delivered/s | 'changes' per commit: accepted/s | delivered/s | bare 'changes': delivered/s | delivered ratio",
  );
  for (const run of r.runs) {
    const t = run.throughput;
    const ratio = t.bare.maxDelivered > 0 ? t.batch.maxDelivered / t.bare.maxDelivered : NaN;
    console.log(
      `${String(run.clients).padStart(7)} | ${String(t.single.maxAccepted).padStart(30)} | ${String(t.single.maxDelivered).padStart(11)} | ${String(t.batch.maxAccepted).padStart(32)} | ${String(t.batch.maxDelivered).padStart(11)} | ${String(t.bare.maxDelivered).padStart(27)} | ${f(ratio, 15)}`,
    );
  }
  const t = r.targets;
  const v = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(
    `targets (medians of this run's rounds): relay p99 ≤ 1.5× bare p99 at 100 clients, 200/s: ${v(t.p99Within1_5xBareAt200)}; relay p99 ≤ 1.5× (bare + commit) p99: ${v(t.p99Within1_5xFairAt200)}; ≥1000/s delivered to 100 clients (batched, e2e p99 < 1 s): ${v(t.delivered1000At100Batch)}`,
  );
}

const role = process.argv.find((a) => a.startsWith('--role='))?.slice(7);
if (role === 'clients') void clientsChild();
else if (role === 'sim') void simChild();
else if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const quick = process.argv.includes('--quick');
  const clientsArg = arg('--clients');
  const syncArg = arg('--sync');
  const profileArg = arg('--profile');
  runRelayBench({
    ...(profileArg ? { profile: profileArg } : {}),
    ...(clientsArg ? { clients: clientsArg.split(',').map(Number) } : {}),
    ...(quick ? { rounds: 1, roundSeconds: 2, stepSeconds: 2 } : {}),
    ...(syncArg === 'normal' || syncArg === 'full' ? { sync: syncArg } : {}),
  }).then(
    (result) => {
      const out = arg('--json');
      if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2));
      console.log(JSON.stringify(result));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
