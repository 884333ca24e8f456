/**
 * District platform simulator. Plays everything that happens outside the centre:
 * - grid workers and the 12345 hotline report new cases (signed webhook to the relay);
 * - departments sign dispatches (bouncing about 1 in 20), ask for extensions, handle with realistic
 *   delays (sometimes late) and report results; they reply to urge notices;
 * - grid workers verify results and residents rate them (close with a satisfaction rating);
 * - it accepts the commands the relay forwards (POST /api/commands), remembers idempotency keys, learns of
 *   dispatches that way, and can be told to refuse a given command (tests).
 * Content and per-case behaviour are deterministic for a seed (and run id); delays are in simulated
 * minutes, scaled by `speed` (simulated seconds per real second).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Command } from '../../shared/commands.js';
import { createRng, hashSeed, type Rng } from '../../shared/demo/prng.js';
import { CaseEventType, type CaseEvent } from '../../shared/gridEvent.js';
import { DistrictForward, MAX_PUSH_BATCH, type DistrictChange } from '../../shared/protocol.js';
import type { RefData } from '../../shared/refData.js';
import { formatIssues } from '../../shared/validation.js';
import { checkSignature, signBody, signServiceRequest } from '../auth.js';
import { BOUNCE_TEXTS, EXTENSION_REASONS, makeReport, RESULT_TEXTS, URGE_REPLIES } from './content.js';
import { uploadSimPhotos } from './photos.js';

export interface DistrictSimOptions {
  /** Port of the simulator's own API (0 = any free port). Default 4810. */
  port?: number;
  host?: string;
  relayUrl?: string;
  /** Attach real photos (uploaded to the relay's POST /district/files) to reports and results; default true. */
  photos?: boolean;
  seed?: number;
  /** Changes per second sent to the relay (reports fill what follow-ups leave). Default 0.5. */
  rate?: number;
  /** Simulated seconds per real second for delays. Default 60 (an hour passes in a minute). */
  speed?: number;
  webhookSecret?: string;
  /** Reference data; fetched from the relay (GET /api/ref, service signature) when absent. */
  ref?: RefData;
  /** Prefix of case and change ids. Fix it to make a run fully reproducible; default derives from the clock. */
  runId?: string;
  /** Changes per webhook request (1 = POST /district/webhook; more = /district/webhook/batch). */
  batchSize?: number;
  /** HTTP requests in flight at once (keep-alive connections). */
  concurrency?: number;
  /** Build this many reports before starting, so generation costs nothing while sending. */
  pregenerate?: number;
  /** Stop producing after this many changes (0 = no limit). */
  maxChanges?: number;
  /** Produce new reports (false: only react to forwarded commands). Default true. */
  reports?: boolean;
  /** Start sending at once (default true). */
  autoStart?: boolean;
  log?: (msg: string) => void;
  /** Called with each webhook request's change ids when it is sent (bench hook). */
  onSend?: (changeIds: string[], at: number) => void;
}

export interface RejectRule {
  match: { caseId?: string; eventType?: CaseEvent['type']; idempotencyKey?: string };
  code: string;
  message: string;
  /** HTTP status of the refusal (default 422). */
  status?: number;
  /** How many commands to refuse (default 1; Infinity for all). */
  times?: number;
}

export interface SimStats {
  sent: number;
  applied: number;
  duplicate: number;
  rejected: number;
  rejectedByCode: Record<string, number>;
  errors: number;
  retries: number;
  requests: number;
  reports: number;
  followUps: number;
  commandsReceived: number;
  commandsDuplicate: number;
  commandsRefused: number;
  /** Forwards that arrived with a lower seq than an earlier one of the same case. */
  outOfOrder: number;
  queued: number;
  scheduled: number;
  inflight: number;
}

export interface DistrictSim {
  url: string;
  port: number;
  runId: string;
  ref: RefData;
  stats(): SimStats;
  setRate(rate: number): void;
  pause(): void;
  resume(): void;
  /** Refuse forwarded commands matching the rule (tests of the compensating change). */
  rejectCommands(rule: RejectRule): void;
  /** Answer the next `n` forwarded commands with a transient error (tests of retry). */
  failCommands(n: number, status?: number): void;
  /** Forwarded commands in arrival order (first delivery of each idempotency key). */
  readonly received: DistrictForward[];
  /** Send one signed change now, bypassing the rate (tests). */
  sendChange(change: DistrictChange): Promise<{ status: number; json: Record<string, unknown> }>;
  /** Resolves when nothing is queued or in flight. */
  whenIdle(): Promise<void>;
  close(): Promise<void>;
}

/** Bodies of the control endpoints (POST /api/control/reject, /api/control/fail). */
const ControlReject = z.object({
  match: z.object({ caseId: z.string().optional(), eventType: CaseEventType.optional(), idempotencyKey: z.string().optional() }),
  code: z.string().min(1),
  message: z.string().min(1),
  status: z.number().int().min(400).max(499).optional(),
  times: z.number().int().positive().optional(),
});
const ControlFail = z.object({ n: z.number().int().min(0).max(10_000), status: z.number().int().min(500).max(599).optional() });

interface Outgoing {
  change: DistrictChange;
  json: string;
  caseId: string;
  /** Run when the relay applied the change. */
  then?: () => void;
  attempts: number;
}

interface Action {
  dueAt: number;
  seq: number;
  make: () => Outgoing | null;
}

/** What the simulator knows of a case from its own reports and the forwarded centre events. */
interface SimCase {
  lead?: string;
  mandatory: boolean;
  status?: string;
  workerId?: string;
  extensionAsked: boolean;
  closeScheduled: boolean;
  verifyScheduled: boolean;
  lastForwardSeq: number;
  steps: number;
  limitMinutes?: number;
  /** Merged into this case as a duplicate (合并): the departments and grid workers stop acting on it. */
  mergedInto?: string;
}

/** Small binary heap of actions by due time (then insertion order). */
class ActionHeap {
  private a: Action[] = [];
  get size() {
    return this.a.length;
  }
  peek(): Action | undefined {
    return this.a[0];
  }
  push(x: Action): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p]!, a[i]!)) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): Action | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
const less = (x: Action, y: Action) => x.dueAt < y.dueAt || (x.dueAt === y.dueAt && x.seq < y.seq);

async function fetchRef(relayUrl: string, secret: string, log: (m: string) => void): Promise<RefData> {
  const deadline = Date.now() + 60_000;
  for (let attempt = 0; ; attempt++) {
    const ts = Date.now();
    try {
      const res = await fetch(relayUrl.replace(/\/$/, '') + '/api/ref', {
        headers: { 'x-timestamp': String(ts), 'x-signature': signServiceRequest('GET', '/api/ref', ts, secret) },
      });
      const body = (await res.json()) as { ok: boolean; value?: { ref: RefData }; error?: { message: string } };
      if (res.ok && body.ok && body.value) return body.value.ref;
      throw new Error(`GET /api/ref: ${res.status} ${body.error?.message ?? ''}`);
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`cannot fetch reference data from the relay at ${relayUrl}: ${(err as Error).message}`);
      if (attempt % 10 === 0) log(`waiting for the relay at ${relayUrl} (${(err as Error).message})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function startDistrictSim(opts: DistrictSimOptions = {}): Promise<DistrictSim> {
  const log = opts.log ?? ((m: string) => console.log(`[district-sim] ${m}`));
  const relayUrl = (opts.relayUrl ?? 'http://127.0.0.1:4800').replace(/\/$/, '');
  const secret = opts.webhookSecret ?? 'dev-webhook-secret';
  const seed = opts.seed ?? 42;
  let rate = opts.rate ?? 0.5;
  const speed = opts.speed ?? 60;
  const runId = opts.runId ?? `sim${seed}-${Date.now().toString(36)}`;
  const batchSize = Math.max(1, Math.min(MAX_PUSH_BATCH, opts.batchSize ?? (rate > 50 ? Math.min(100, Math.ceil(rate / 40)) : 1)));
  const concurrency = Math.max(1, opts.concurrency ?? (rate > 50 ? 8 : 2));
  const maxChanges = opts.maxChanges ?? 0;
  const produceReports = opts.reports ?? true;
  const ref = opts.ref ?? (await fetchRef(relayUrl, secret, log));
  // Real photos for reports and results (uploaded once; names only when the relay does not take them).
  const photos = opts.photos === false ? null : await uploadSimPhotos(relayUrl, secret, log);
  const deptName = new Map(ref.departments.map((d) => [d.id, d.name]));
  const workerName = new Map(ref.gridWorkers.map((w) => [w.id, w.name]));

  const reportRng = createRng(hashSeed(`${seed}:reports`));
  const cases = new Map<string, SimCase>();
  const heap = new ActionHeap();
  const outgoing: Outgoing[] = [];
  const pregenerated: Outgoing[] = [];
  const received: DistrictForward[] = [];
  const answers = new Map<string, { status: number; body: unknown }>();
  const rules: RejectRule[] = [];
  let failNext = 0;
  let failStatus = 503;
  let actionSeq = 0;
  let reportCount = 0;
  let produced = 0;
  let inflight = 0;
  let paused = opts.autoStart === false;
  let closed = false;
  const startedAt = Date.now();
  const stats: SimStats = {
    sent: 0,
    applied: 0,
    duplicate: 0,
    rejected: 0,
    rejectedByCode: {},
    errors: 0,
    retries: 0,
    requests: 0,
    reports: 0,
    followUps: 0,
    commandsReceived: 0,
    commandsDuplicate: 0,
    commandsRefused: 0,
    outOfOrder: 0,
    queued: 0,
    scheduled: 0,
    inflight: 0,
  };
  const idleWaiters: Array<() => void> = [];

  /** Simulated "now": the sim's clock runs `speed` times faster than the wall clock (time of day mix). */
  const simNow = () => startedAt + (Date.now() - startedAt) * speed;
  /** Real ms for a delay in simulated minutes. */
  const realMs = (simMinutes: number) => (simMinutes * 60_000) / speed;
  const caseRng = (caseId: string, c: SimCase): Rng => createRng(hashSeed(`${seed}:${caseId}:${c.steps++}`));
  const simCase = (caseId: string): SimCase => {
    let c = cases.get(caseId);
    if (!c) {
      c = { mandatory: false, extensionAsked: false, closeScheduled: false, verifyScheduled: false, lastForwardSeq: 0, steps: 0 };
      cases.set(caseId, c);
    }
    return c;
  };

  const outgoingFor = (caseId: string, kind: string, actor: DistrictChange['actor'], command: Command, then?: () => void): Outgoing => {
    const c = simCase(caseId);
    const change: DistrictChange = { changeId: `${caseId}/${kind}/${c.steps}`.slice(-64), occurredAt: Date.now(), actor, command };
    return { change, json: JSON.stringify(change), caseId, attempts: 0, ...(then ? { then } : {}) };
  };
  const schedule = (simMinutes: number, make: () => Outgoing | null) =>
    heap.push({ dueAt: Date.now() + realMs(simMinutes), seq: actionSeq++, make });
  const dept = (id: string): DistrictChange['actor'] => ({ kind: 'department', id, name: deptName.get(id) ?? id });
  const worker = (id: string): DistrictChange['actor'] => ({ kind: 'gridWorker', id, name: workerName.get(id) ?? id });

  // ---------------------------------------------------------------- behaviour

  function newReport(): Outgoing {
    const n = ++reportCount;
    const caseId = `${runId}-${String(n).padStart(6, '0')}`;
    const now = Date.now();
    const plan = makeReport(reportRng, ref, { caseId, changeId: `${caseId}/report`, ticket: `${plan0(n)}` }, now, simNow());
    if (photos && plan.change.command.type === 'report' && plan.change.command.attachments.length > 0)
      plan.change.command.attachments = [photos.before[n % photos.before.length]!];
    const c = simCase(caseId);
    if (plan.workerId) c.workerId = plan.workerId;
    const out: Outgoing = { change: plan.change, json: JSON.stringify(plan.change), caseId, attempts: 0 };
    if (plan.selfHandle && plan.workerId) {
      const w = plan.workerId;
      out.then = () =>
        schedule(5 + caseRng(caseId, c).int(0, 25), () =>
          outgoingFor(caseId, 'selfHandle', worker(w), { type: 'selfHandle', caseId, note: '网格员现场处置完毕，已恢复正常。' }),
        );
    }
    return out;
  }
  const plan0 = (n: number) => `WG${runId.slice(-6)}${String(n).padStart(6, '0')}`;

  function onDispatched(caseId: string, c: SimCase): void {
    const lead = c.lead;
    if (!lead) return;
    const rng = caseRng(caseId, c);
    if (!c.mandatory && rng.chance(0.05)) {
      const [reasonCode, text] = rng.pick(BOUNCE_TEXTS);
      schedule(rng.int(10, 60), () => outgoingFor(caseId, 'bounce', dept(lead), { type: 'bounce', caseId, reasonCode, text }));
      return;
    }
    schedule(rng.int(5, 90), () => outgoingFor(caseId, 'sign', dept(lead), { type: 'sign', caseId }, () => onSigned(caseId, c, lead)));
  }

  function onSigned(caseId: string, c: SimCase, lead: string): void {
    const rng = caseRng(caseId, c);
    const limit = Math.min(c.limitMinutes ?? 480, 3 * 24 * 60);
    if (!c.extensionAsked && rng.chance(0.1)) {
      c.extensionAsked = true;
      schedule(Math.max(30, limit * 0.3), () =>
        outgoingFor(caseId, 'requestExtension', dept(lead), {
          type: 'requestExtension',
          caseId,
          minutes: rng.pick([240, 480, 1440, 2880]),
          reason: rng.pick(EXTENSION_REASONS),
        }),
      );
    }
    // Most handle within the limit; about one in seven runs late.
    const late = rng.chance(0.15);
    const delay = limit * (late ? 1.1 + rng.next() * 0.5 : 0.2 + rng.next() * 0.7);
    scheduleResult(caseId, c, lead, delay);
  }

  function scheduleResult(caseId: string, c: SimCase, lead: string, delay: number): void {
    const rng = caseRng(caseId, c);
    schedule(delay, () =>
      outgoingFor(
        caseId,
        'reportResult',
        dept(lead),
        {
          type: 'reportResult',
          caseId,
          text: rng.pick(RESULT_TEXTS),
          attachments: photos ? [rng.pick(photos.after)] : [{ name: '处置后照片.jpg', kind: 'photo' }],
        },
        () => onHandled(caseId, c),
      ),
    );
  }

  function onHandled(caseId: string, c: SimCase): void {
    if (c.verifyScheduled || !c.workerId) return;
    c.verifyScheduled = true;
    const rng = caseRng(caseId, c);
    const w = c.workerId;
    const passed = rng.chance(0.9);
    schedule(rng.int(30, 240), () => {
      c.verifyScheduled = false;
      return outgoingFor(
        caseId,
        'verify',
        worker(w),
        { type: 'verify', caseId, passed, note: passed ? '网格员现场核查，已处置到位。' : '网格员现场核查，问题仍然存在，需返工。' },
        passed ? () => onVerified(caseId, c) : undefined,
      );
    });
  }

  function onVerified(caseId: string, c: SimCase): void {
    if (c.closeScheduled || !c.workerId) return;
    c.closeScheduled = true;
    const rng = caseRng(caseId, c);
    const w = c.workerId;
    const satisfaction = rng.weighted([
      ['satisfied', 75],
      ['basic', 18],
      ['unsatisfied', 7],
    ] as const);
    schedule(rng.int(60, 720), () =>
      outgoingFor(caseId, 'close', worker(w), { type: 'close', caseId, satisfaction, note: '回访居民，听取评价。' }, () => {
        c.closeScheduled = false;
      }),
    );
  }

  /** A centre event forwarded by the relay: update what we know and play the departments' part. */
  function learn(ev: CaseEvent): void {
    const c = simCase(ev.caseId);
    const d = ev.data as Record<string, unknown>;
    switch (ev.type) {
      case 'dispatched':
        c.lead = String(d.leadDepartmentId);
        c.mandatory = d.mandatory === true;
        if (typeof d.limitMinutes === 'number') c.limitMinutes = d.limitMinutes;
        c.status = 'dispatched';
        onDispatched(ev.caseId, c);
        break;
      case 'rework_ordered':
        c.status = String(d.status ?? 'rework');
        if (c.lead && c.status === 'rework') scheduleResult(ev.caseId, c, c.lead, 60 + caseRng(ev.caseId, c).int(0, 180));
        break;
      case 'verified':
        if (d.passed === true) onVerified(ev.caseId, c);
        break;
      case 'urged': {
        const urge = d.urge as { id?: string; departmentId?: string } | undefined;
        if (urge?.id && urge.departmentId) {
          const u = urge as { id: string; departmentId: string };
          const rng = caseRng(ev.caseId, c);
          schedule(rng.int(30, 240), () =>
            outgoingFor(ev.caseId, 'replyUrge', dept(u.departmentId), {
              type: 'replyUrge',
              caseId: ev.caseId,
              urgeId: u.id,
              text: rng.pick(URGE_REPLIES),
            }),
          );
        }
        break;
      }
      case 'merged':
        // The duplicate is handled through its original; nothing more to play for it.
        c.mergedInto = String(d.intoCaseId);
        c.status = 'merged';
        break;
      case 'unmerged':
        delete c.mergedInto;
        c.status = String(d.status ?? '');
        if (c.lead && (c.status === 'signed' || c.status === 'rework'))
          scheduleResult(ev.caseId, c, c.lead, 60 + caseRng(ev.caseId, c).int(0, 240));
        else if (c.status === 'dispatched') onDispatched(ev.caseId, c);
        break;
      case 'duplicate_merged':
      case 'duplicate_unmerged':
      case 'merge_closed':
      case 'linked':
      case 'unlinked':
        // Bookkeeping of the centre's: the status of the case does not change.
        if (ev.type === 'merge_closed') c.status = 'closed';
        break;
      case 'resumed':
        c.status = String(d.status ?? '');
        if (c.lead && (c.status === 'signed' || c.status === 'rework'))
          scheduleResult(ev.caseId, c, c.lead, 60 + caseRng(ev.caseId, c).int(0, 240));
        else if (c.status === 'dispatched') onDispatched(ev.caseId, c);
        break;
      default:
        c.status = ev.type;
    }
  }

  // ---------------------------------------------------------------- sending

  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  function post(path: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const u = new URL(relayUrl + path);
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-signature': signBody(body, secret) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            let json: Record<string, unknown> = {};
            try {
              json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            } catch {
              /* non-JSON answer: judged by status */
            }
            resolve({ status: res.statusCode ?? 0, json });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  function settle(o: Outgoing, status: number, json: Record<string, unknown>): 'done' | 'retry' {
    if (status === 200 && json.ok === true) {
      if (json.duplicate === true) stats.duplicate++;
      else stats.applied++;
      o.then?.();
      return 'done';
    }
    if (status === 422 || (status === 200 && json.ok === false)) {
      stats.rejected++;
      const code = String(json.code ?? 'UNKNOWN');
      stats.rejectedByCode[code] = (stats.rejectedByCode[code] ?? 0) + 1;
      return 'done';
    }
    if (status >= 500 || status === 0 || status === 429) return 'retry';
    stats.errors++;
    log(`change ${o.change.changeId} refused: ${status} ${JSON.stringify(json).slice(0, 200)}`);
    return 'done';
  }

  function retry(batch: Outgoing[]): void {
    for (const o of batch) {
      o.attempts++;
      stats.retries++;
      const delay = Math.min(30_000, 200 * 2 ** Math.min(8, o.attempts));
      heap.push({ dueAt: Date.now() + delay * (0.5 + Math.random() * 0.5), seq: actionSeq++, make: () => o });
    }
  }

  async function sendBatch(batch: Outgoing[]): Promise<void> {
    inflight++;
    stats.requests++;
    stats.sent += batch.length;
    const at = Date.now();
    opts.onSend?.(
      batch.map((o) => o.change.changeId),
      at,
    );
    try {
      if (batch.length === 1) {
        const o = batch[0]!;
        const r = await post('/district/webhook', o.json);
        if (settle(o, r.status, r.json) === 'retry') retry([o]);
      } else {
        const r = await post('/district/webhook/batch', `{"changes":[${batch.map((o) => o.json).join(',')}]}`);
        const results = r.json.results as Array<Record<string, unknown>> | undefined;
        if (r.status === 200 && Array.isArray(results)) {
          const again: Outgoing[] = [];
          batch.forEach((o, i) => {
            const res = results[i] ?? {};
            const status = res.ok === true ? 200 : 422;
            if (settle(o, status, res) === 'retry') again.push(o);
          });
          if (again.length) retry(again);
        } else if (r.status >= 500 || r.status === 429) retry(batch);
        else {
          stats.errors += batch.length;
          log(`batch refused: ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
        }
      }
    } catch {
      retry(batch);
    } finally {
      inflight--;
      pump();
      checkIdle();
    }
  }

  /** Start requests for queued changes while there is room. */
  function pump(): void {
    while (!closed && outgoing.length > 0 && inflight < concurrency) {
      void sendBatch(outgoing.splice(0, batchSize));
    }
  }

  function checkIdle(): void {
    if (outgoing.length === 0 && inflight === 0) for (const w of idleWaiters.splice(0)) w();
  }

  // ---------------------------------------------------------------- pacing

  let tokens = 0;
  let lastTick = Date.now();
  const limitReached = () => maxChanges > 0 && produced >= maxChanges;
  function tick(): void {
    if (closed) return;
    const now = Date.now();
    const dt = (now - lastTick) / 1000;
    lastTick = now;
    if (!paused) {
      // The bucket holds at most a quarter second of changes, so a stall is not followed by a burst.
      tokens = Math.min(tokens + rate * dt, Math.max(1, rate * 0.25));
      const room = () => outgoing.length < batchSize * concurrency * 4;
      while (tokens >= 1 && room() && !limitReached()) {
        let o: Outgoing | null = null;
        const top = heap.peek();
        if (top && top.dueAt <= now) {
          heap.pop();
          o = top.make();
          // A duplicate merged since the action was planned is handled through its original: drop the action.
          if (o && cases.get(o.caseId)?.mergedInto !== undefined && o.change.command.type !== 'report') o = null;
          if (o) {
            if (o.attempts === 0) stats.followUps++;
            else produced--; // a retry is not a new change
          } else continue;
        } else if (produceReports) {
          o = pregenerated.shift() ?? newReport();
          stats.reports++;
        } else break;
        tokens -= 1;
        produced++;
        outgoing.push(o);
      }
      pump();
    }
    timer = setTimeout(tick, rate >= 20 || heap.size > 0 ? 10 : 50);
  }

  for (let i = 0; i < (opts.pregenerate ?? 0); i++) pregenerated.push(newReport());

  // ---------------------------------------------------------------- the platform's API (forwards from the relay)

  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1024 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (req.method === 'GET' && req.url === '/healthz') return reply(200, { ok: true, value: api.stats() });
      if (req.method === 'POST' && req.url?.startsWith('/api/control/')) {
        // Test control from other processes (e.g. end-to-end tests running `npm run district-sim`), signed like webhooks.
        if (!checkSignature(raw, req.headers['x-signature'], secret))
          return reply(401, { ok: false, code: 'BAD_SIGNATURE', message: '签名无效' });
        let body: unknown;
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          return reply(400, { ok: false, code: 'BAD_JSON', message: 'body is not JSON' });
        }
        const parsed = (req.url === '/api/control/reject' ? ControlReject : ControlFail).safeParse(body);
        if (!parsed.success)
          return reply(400, { ok: false, code: 'BAD_REQUEST', message: formatIssues(parsed.error, { max: 1, root: '(body)' }) });
        if (req.url === '/api/control/reject') api.rejectCommands(parsed.data as RejectRule);
        else if (req.url === '/api/control/fail')
          api.failCommands((parsed.data as { n: number }).n, (parsed.data as { status?: number }).status);
        else return reply(404, { ok: false, code: 'NOT_FOUND', message: 'unknown control' });
        return reply(200, { ok: true });
      }
      if (req.method !== 'POST' || req.url !== '/api/commands')
        return reply(404, { ok: false, code: 'NOT_FOUND', message: 'unknown endpoint' });
      if (size > 1024 * 1024) return reply(413, { ok: false, code: 'PAYLOAD_TOO_LARGE', message: 'body too large' });
      if (!checkSignature(raw, req.headers['x-signature'], secret))
        return reply(401, { ok: false, code: 'BAD_SIGNATURE', message: '签名无效' });
      let parsed;
      try {
        parsed = DistrictForward.safeParse(JSON.parse(raw.toString('utf8')));
      } catch {
        return reply(400, { ok: false, code: 'BAD_JSON', message: 'body is not JSON' });
      }
      if (!parsed.success)
        return reply(400, { ok: false, code: 'BAD_REQUEST', message: formatIssues(parsed.error, { max: 1, root: '(body)' }) });
      const fwd = parsed.data;
      let key = '';
      try {
        key = decodeURIComponent(String(req.headers['idempotency-key'] ?? ''));
      } catch {
        // not percent-decodable: refused below as not matching the body
      }
      if (!key || key !== fwd.idempotencyKey)
        return reply(400, { ok: false, code: 'BAD_IDEMPOTENCY_KEY', message: 'idempotency-key header must match the body' });
      const seen = answers.get(key);
      if (seen) {
        stats.commandsDuplicate++;
        return reply(seen.status, seen.body);
      }
      if (failNext > 0) {
        failNext--;
        return reply(failStatus, { ok: false, code: 'UNAVAILABLE', message: 'district platform temporarily unavailable' });
      }
      stats.commandsReceived++;
      const rule = rules.find(
        (r) =>
          (r.times ?? 1) > 0 &&
          (r.match.caseId === undefined || r.match.caseId === fwd.event.caseId) &&
          (r.match.eventType === undefined || r.match.eventType === fwd.event.type) &&
          (r.match.idempotencyKey === undefined || r.match.idempotencyKey === key),
      );
      let answer: { status: number; body: unknown };
      if (rule) {
        rule.times = (rule.times ?? 1) - 1;
        stats.commandsRefused++;
        answer = { status: rule.status ?? 422, body: { ok: false, code: rule.code, message: rule.message } };
      } else {
        answer = { status: 200, body: { ok: true } };
        const c = simCase(fwd.event.caseId);
        if (fwd.seq < c.lastForwardSeq) stats.outOfOrder++;
        c.lastForwardSeq = Math.max(c.lastForwardSeq, fwd.seq);
        received.push(fwd);
        learn(fwd.event);
      }
      answers.set(key, answer);
      reply(answer.status, answer.body);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 4810, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let timer: NodeJS.Timeout = setTimeout(tick, 0);

  const api: DistrictSim = {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    runId,
    ref,
    received,
    stats: () => ({
      ...stats,
      rejectedByCode: { ...stats.rejectedByCode },
      queued: outgoing.length + pregenerated.length,
      scheduled: heap.size,
      inflight,
    }),
    setRate(r) {
      rate = Math.max(0, r);
      if (rate === 0) tokens = 0;
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      lastTick = Date.now();
    },
    rejectCommands(rule) {
      rules.push({ ...rule });
    },
    failCommands(n, status = 503) {
      failNext = n;
      failStatus = status;
    },
    async sendChange(change) {
      return post('/district/webhook', JSON.stringify(change));
    },
    whenIdle() {
      if (outgoing.length === 0 && inflight === 0) return Promise.resolve();
      return new Promise((r) => idleWaiters.push(r));
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      agent.destroy();
      for (const w of idleWaiters.splice(0)) w();
    },
  };
  log(
    `district platform on ${api.url} → relay ${relayUrl} (seed ${seed}, run ${runId}, rate ${rate}/s, speed ×${speed}, batch ${batchSize}, concurrency ${concurrency})`,
  );
  return api;
}

/** A random run id, for callers that want fresh ids without the clock. */
export const randomRunId = () => 'sim-' + crypto.randomBytes(4).toString('hex');
