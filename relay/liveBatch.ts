/**
 * Coalesces commits for the batched live room ('changes' messages, issue 17).
 *
 * Each message costs one frame and one write per socket, whatever it carries, so at high rates the frames per
 * socket, not the bytes, bound the fan-out. The first commit after a quiet spell is sent at once; commits that
 * follow within `windowMs` of the last message wait and leave together at the window's end. So a socket
 * receives at most one message per window, no entry waits longer than one window, and the entries of every
 * message are the committed entries in seq order, back to back (gap-free across messages). Entries reach this
 * only after their commit: commit before broadcast is unchanged, and pull stays the correctness path.
 */
import type { LogEntry } from '../shared/protocol.js';

export interface LiveBatchClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const realClock: LiveBatchClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class LiveBatcher {
  private pending: LogEntry[] = [];
  private timer: unknown = null;
  private lastSentAt = -Infinity;

  constructor(
    private readonly windowMs: number,
    private readonly send: (entries: LogEntry[]) => void,
    private readonly clock: LiveBatchClock = realClock,
  ) {}

  /** Entries of one commit, in seq order. */
  add(entries: readonly LogEntry[]): void {
    if (entries.length === 0) return;
    for (const e of entries) this.pending.push(e);
    if (this.timer !== null) return;
    const wait = this.lastSentAt + this.windowMs - this.clock.now();
    if (wait <= 0) this.flush();
    else this.timer = this.clock.setTimer(() => this.flush(), wait);
  }

  /** Send what is waiting now (also on shutdown, so nothing committed is held back). */
  flush(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const out = this.pending;
    this.pending = [];
    this.lastSentAt = this.clock.now();
    this.send(out);
  }
}
