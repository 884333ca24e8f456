/**
 * The push side of the sync engine: sends the outbox idempotently (clientId + n) in batches, with backoff
 * on failure; a command counts as confirmed only when the log shows it, so every answered push is followed
 * by a pull. One loop (SyncLoop `{run, again}`): callers join a running push and ask it for another round.
 */
import { MAX_PUSH_BATCH } from '../../../shared/protocol.js';
import type { SyncLink } from './syncLink.js';
import { PushAck, RelayError, joinOrStart, type SyncLoop } from './wire.js';

const MAX_BACKOFF_MS = 30_000;

export class PushSide {
  readonly loop: SyncLoop = { run: null, again: false };
  private backoffMs = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly link: SyncLink,
    /** Reads the log (the confirmation of what was pushed). */
    private readonly pull: () => Promise<void>,
  ) {}

  /** A new connection: push at once, without the old backoff. */
  resetBackoff(): void {
    this.backoffMs = 0;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Pushes pending commands soon (after `delayMs`, or the current backoff). */
  schedule(delayMs = 0): void {
    if (this.link.closed || !this.link.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.push();
      },
      Math.max(delayMs, this.backoffMs),
    );
    this.timer.unref?.();
  }

  push(): Promise<void> {
    return joinOrStart(this.loop, () => this.run());
  }

  private async run(): Promise<void> {
    const auth = this.link.auth;
    if (!auth || !this.link.connected) return;
    try {
      while (await this.round(auth.userId));
      this.loop.run = null;
      if (this.link.connected && !this.link.pulling) this.link.markSynced();
    } catch (e) {
      const code = e instanceof RelayError ? e.code : 'ERROR';
      this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(500, this.backoffMs * 2));
      this.link.o.log.warn(`push failed (${code}): ${(e as Error).message}; retrying in ${this.backoffMs} ms`);
      if (code === 'FORBIDDEN') this.link.setError((e as Error).message);
      this.schedule(this.backoffMs);
    }
  }

  /** One batch: send, record the answers, read the log. True when another round is due. */
  private async round(userId: string): Promise<boolean> {
    const { o } = this.link;
    this.loop.again = false;
    const { mutations, blockedBy } = o.replica.nextPush(userId, MAX_PUSH_BATCH);
    if (mutations.length === 0) {
      if (blockedBy)
        this.link.setError(`有 ${1} 条以上由其他用户（${blockedBy.actor.name}）提交的操作尚未发送：请该用户登录后同步，或撤销这些操作`);
      return false;
    }
    if (this.link.connection === 'online') this.link.setConnection('syncing');
    // The files a command names reach the relay before the command does (issue 15.2).
    // A file refused for good was taken out of the commands naming it: read them again, then send.
    if (await o.beforeSend?.(mutations)) return true;
    o.replica.markSending(mutations.map((m) => m.id));
    o.beforePush?.(mutations.map((m) => m.id));
    const ack = await this.link.request('push', { mutations }, PushAck);
    if (!ack.ok) throw new RelayError(ack.error.code, ack.error.message);
    const rec = o.replica.recordPush(mutations, ack.value.results, ack.value.lastN);
    if (rec.rejected.length > 0) o.hooks.rejected(rec.rejected);
    o.hooks.outbox();
    // Applied commands are confirmed by the log: read it now rather than wait for the live messages.
    await this.pull();
    if (rec.unknown.length > 0) {
      const settled = o.replica.settleUnknown(rec.unknown);
      if (settled.length > 0) o.hooks.rejected(settled);
      o.hooks.outbox();
    }
    this.backoffMs = 0;
    return this.loop.again || mutations.length >= MAX_PUSH_BATCH || rec.renumbered;
  }
}
