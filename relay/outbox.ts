/**
 * Forwards events caused by centre commands to the district platform (POST {districtUrl}/api/commands),
 * from the durable outbox table. Per case, rows go out strictly in seq order (head of line); across cases
 * up to `concurrency` requests run at once. Transient failures (network, timeout, 5xx, 408, 429) retry with
 * exponential backoff, equal jitter and a cap, forever; a 4xx rejection becomes a compensating
 * 'upstream_rejected' entry in the log (written with the row's settlement in one transaction).
 */
import { DistrictForwardAnswer, idempotencyHeader } from '../shared/protocol.js';
import { signBody } from './auth.js';
import type { Hub } from './hub.js';
import type { LogStore, OutboxRow } from './store/types.js';

export interface ForwarderOptions {
  store: LogStore;
  hub: Hub;
  districtUrl: string;
  /** Signs the body (x-signature) so the platform can authenticate the relay. */
  secret: string;
  baseMs: number;
  capMs: number;
  concurrency?: number;
  timeoutMs?: number;
  log?: (msg: string) => void;
  random?: () => number;
  /** Called after each round of attempts (the district link may have changed). */
  onRound?: () => void;
}

/** What the forwarder knows of the district platform's answers (for the district link status). */
export interface ForwarderHealth {
  lastDeliveredAt?: number;
  /** The first failed attempt (network, timeout, 5xx) since the last delivery. */
  failingSince?: number;
  lastError?: string;
}

/** Delay before attempt `attempt + 1`: min(cap, base * 2^(attempt-1)), half fixed and half random. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const d = Math.min(capMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(d / 2 + random() * (d / 2));
}

type SendResult = { kind: 'delivered' } | { kind: 'rejected'; code: string; message: string } | { kind: 'retry'; error: string };

export class OutboxForwarder {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private stopped = false;
  private readonly inflight = new Set<Promise<unknown>>();
  readonly stats = { delivered: 0, rejected: 0, retries: 0 };
  readonly health: ForwarderHealth = {};

  constructor(private readonly o: ForwarderOptions) {}

  /** New rows were written, or start-up: look at the outbox soon. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inflight]);
  }

  private async round(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    this.running = true;
    try {
      do {
        this.again = false;
        const rows = await this.o.store.pendingOutbox(1000);
        const now = Date.now();
        // Head of line per case: only the oldest pending row of each case may go out.
        const heads = new Map<string, OutboxRow>();
        for (const r of rows) if (!heads.has(r.caseId)) heads.set(r.caseId, r);
        const due = [...heads.values()].filter((r) => r.nextAt <= now);
        let progressed = false;
        await runLimited(due, this.o.concurrency ?? 8, async (row) => {
          const p = this.deliver(row);
          this.inflight.add(p);
          try {
            if (await p) progressed = true;
          } finally {
            this.inflight.delete(p);
          }
        });
        // A delivered head may unblock the next row of its case right away.
        if (progressed) this.again = true;
      } while (this.again && !this.stopped);
    } catch (err) {
      this.o.log?.(`outbox round failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    this.o.onRound?.();
    const next = await this.o.store.nextOutboxAt().catch(() => null);
    if (next != null) this.timer = setTimeout(() => void this.round(), Math.max(5, next - Date.now()));
  }

  /** Returns true when the row was settled (delivered or rejected). */
  private async deliver(row: OutboxRow): Promise<boolean> {
    const res = await this.send(row);
    if (res.kind !== 'retry') {
      // The platform answered: it is reachable (a rejection is an answer too).
      this.health.lastDeliveredAt = Date.now();
      delete this.health.failingSince;
      delete this.health.lastError;
    }
    if (res.kind === 'delivered') {
      await this.o.store.updateOutbox(row.seq, { attempts: row.attempts + 1, nextAt: row.nextAt, status: 'delivered' });
      this.stats.delivered++;
      return true;
    }
    if (res.kind === 'rejected') {
      this.stats.rejected++;
      this.o.log?.(`district rejected seq ${row.seq} (${row.caseId}): ${res.code} ${res.message}`);
      await this.o.hub.compensate(row, res.code, res.message);
      return true;
    }
    const attempts = row.attempts + 1;
    this.stats.retries++;
    this.health.failingSince ??= Date.now();
    this.health.lastError = res.error.slice(0, 500);
    await this.o.store.updateOutbox(row.seq, {
      attempts,
      nextAt: Date.now() + backoffDelay(attempts, this.o.baseMs, this.o.capMs, this.o.random),
      status: 'pending',
      lastError: res.error,
    });
    return false;
  }

  private async send(row: OutboxRow): Promise<SendResult> {
    let resp: Response;
    try {
      resp = await fetch(this.o.districtUrl.replace(/\/$/, '') + '/api/commands', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyHeader(row.idempotencyKey),
          'x-signature': signBody(row.body, this.o.secret),
        },
        body: row.body,
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
    } catch (err) {
      return { kind: 'retry', error: (err as Error).message };
    }
    let body: unknown = null;
    try {
      body = await resp.json();
    } catch {
      /* a body that is not JSON is judged by the status alone */
    }
    const answer = DistrictForwardAnswer.safeParse(body);
    if (resp.status >= 200 && resp.status < 300) {
      if (answer.success && !answer.data.ok) return { kind: 'rejected', code: answer.data.code, message: answer.data.message };
      return { kind: 'delivered' };
    }
    if (resp.status >= 400 && resp.status < 500 && resp.status !== 408 && resp.status !== 429) {
      if (answer.success && !answer.data.ok) return { kind: 'rejected', code: answer.data.code, message: answer.data.message };
      return { kind: 'rejected', code: `HTTP_${resp.status}`, message: `区平台拒绝请求（HTTP ${resp.status}）` };
    }
    return { kind: 'retry', error: `HTTP ${resp.status}` };
  }
}

async function runLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) await fn(items[i++]!);
  });
  await Promise.all(workers);
}
