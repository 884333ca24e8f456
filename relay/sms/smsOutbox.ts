/**
 * Sends the relay's SMS outbox (table sms, rows written in the same commit as the entry that caused them)
 * through a SmsSender, one message at a time, oldest due first. A message is sent at most once per key:
 * the row is marked sent right after the gateway accepts it, and a crash in between repeats the same
 * idempotency key, which the gateway answers as the same message. Transient failures retry with backoff
 * (the district outbox's), up to `maxAttempts`; a final refusal marks the message failed.
 * Quiet hours are checked again at sending time: a non-urgent message due inside them waits for their end.
 * The overdue timer (every `scanMs`) asks the hub to queue the overdue notices of clocks past their deadline.
 */
import { quietUntil, type SmsSettings } from '../../shared/sms.js';
import type { Hub } from '../hub.js';
import { backoffDelay } from '../outbox.js';
import type { LogStore } from '../store/types.js';
import type { SmsSender } from './gateway.js';

export interface SmsOutboxOptions {
  store: LogStore;
  hub: Hub;
  sender: SmsSender;
  /** The settings in force, read at every message (null: the relay sends none; queued messages wait). */
  settings: () => SmsSettings | null;
  baseMs: number;
  capMs: number;
  maxAttempts?: number;
  /** Overdue scan interval (0 = no timer; tests call scanOverdue). */
  scanMs: number;
  now?: () => number;
  log?: (msg: string) => void;
}

export class SmsOutbox {
  private timer: NodeJS.Timeout | null = null;
  private scanTimer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private stopped = false;
  private current: Promise<void> | null = null;
  readonly stats = { sent: 0, failed: 0, retries: 0 };
  private readonly now: () => number;

  constructor(private readonly o: SmsOutboxOptions) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    this.kick();
    if (this.o.scanMs > 0) {
      this.scanTimer = setInterval(
        () => void this.scanOverdue().catch((e: Error) => this.o.log?.(`sms overdue scan failed: ${e.message}`)),
        this.o.scanMs,
      );
      this.scanTimer.unref();
      void this.scanOverdue().catch(() => undefined);
    }
  }

  /** New rows may be due: look soon. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), 0);
  }

  /** Queue the overdue notices of clocks that passed their deadline; returns how many rows were offered. */
  async scanOverdue(): Promise<number> {
    const n = await this.o.hub.queueOverdueSms(this.now());
    if (n > 0) this.kick();
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.scanTimer) clearInterval(this.scanTimer);
    await this.current;
  }

  /** Resolves when no message is due now (tests). */
  async drain(): Promise<void> {
    while (!this.stopped && this.o.settings()) {
      await this.current;
      const due = await this.o.store.dueSms(this.now(), 1);
      if (due.length === 0 && !this.running) return;
      this.kick();
      await new Promise((r) => setImmediate(r));
    }
  }

  private async round(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    // No gateway configured: queued messages wait for a save of the settings (which kicks the outbox).
    if (!this.o.settings()) return;
    this.running = true;
    const work = (async () => {
      do {
        this.again = false;
        const rows = await this.o.store.dueSms(this.now(), 100);
        for (const row of rows) {
          if (this.stopped) return;
          await this.deliver(row);
        }
        if (rows.length === 100) this.again = true;
      } while (this.again && !this.stopped);
    })();
    this.current = work.catch((e: Error) => this.o.log?.(`sms round failed: ${e.message}`));
    await this.current;
    this.running = false;
    if (this.stopped) return;
    const next = await this.o.store.nextSmsAt().catch(() => null);
    if (next != null) this.timer = setTimeout(() => void this.round(), Math.min(2 ** 31 - 1, Math.max(5, next - this.now())));
  }

  private async deliver(row: Awaited<ReturnType<LogStore['dueSms']>>[number]): Promise<void> {
    const settings = this.o.settings();
    if (!settings) return;
    const now = this.now();
    if (!row.urgent) {
      const ref = this.o.hub.ref;
      const until = quietUntil(now, settings.quietHours, ref.calendar.utcOffsetMinutes);
      if (until !== null) {
        await this.o.store.updateSms(row.id, {
          status: 'queued',
          attempts: row.attempts,
          nextAt: until,
          ...(row.lastError ? { lastError: row.lastError } : {}),
        });
        return;
      }
    }
    const res = await this.o.sender.send({ key: row.key, mobile: row.mobile, text: row.text });
    const attempts = row.attempts + 1;
    if (res.kind === 'sent') {
      this.stats.sent++;
      await this.o.store.updateSms(row.id, {
        status: res.delivered ? 'delivered' : 'sent',
        attempts,
        nextAt: row.nextAt,
        sentAt: this.now(),
        gatewayId: res.gatewayId,
      });
      return;
    }
    const max = this.o.maxAttempts ?? 12;
    if (res.kind === 'rejected' || attempts >= max) {
      this.stats.failed++;
      this.o.log?.(`sms ${row.key} failed: ${res.error}`);
      await this.o.store.updateSms(row.id, { status: 'failed', attempts, nextAt: row.nextAt, lastError: res.error });
      return;
    }
    this.stats.retries++;
    await this.o.store.updateSms(row.id, {
      status: 'queued',
      attempts,
      nextAt: this.now() + backoffDelay(attempts, this.o.baseMs, this.o.capMs),
      lastError: res.error,
    });
  }
}
