/**
 * The pull side of the sync engine, the correctness path: reads the log in pages from the cursor (the
 * next page requested while a batch is written), takes a snapshot after 'reset', checks the log identity,
 * and applies live 'change' messages only when seq == cursor + 1 (anything else is answered by a pull).
 * One loop (SyncLoop `{run, again}`): callers join a running pull and ask it for another round.
 */
import { z } from 'zod';
import { LogEntry, MAX_PULL_PAGE, SnapshotResponse, type LogTip } from '../../../shared/protocol.js';
import { formatIssues } from '../../../shared/validation.js';
import type { ApplyOutcome } from './replica.js';
import type { SyncLink } from './syncLink.js';
import { Ack, LoosePull, PullAck, RelayError, joinOrStart, type SyncLoop } from './wire.js';

/** Shown in SyncStatus.notice after the relay's log turned out to be replaced or restored (log identity). */
const LOG_CHANGED_NOTICE =
  '中继服务器的数据已被替换或从较早的备份恢复：本地缓存已按中继服务器现有的数据重新同步，此前显示的部分案件或变化可能已不存在。尚未确认的操作已保留，并会重新发送。';
const SNAPSHOT_PAGE = 1000;
/**
 * Catching up, log entries are written in transactions of up to this many (several pull pages): fewer
 * commits rewrite the same index and FTS pages fewer times; one batch blocks the core for ~0.2 s.
 */
export const APPLY_BATCH = 3000;
const MAX_BACKOFF_MS = 30_000;

type PullAnswer = Promise<z.infer<typeof PullAck>>;
/** The next page, requested before the current batch is written (the relay reads it meanwhile). */
type Ahead = { cursor: number; answer: PullAnswer } | null;
/** Pages read for one batch: the valid entries, the first invalid one's issues, or the relay's reset. */
type Batch = { entries: LogEntry[]; bad: string | null; reset: boolean; ahead: Ahead };

export class PullSide {
  readonly loop: SyncLoop = { run: null, again: false };
  /** The relay's head as last reported. */
  head: number | undefined;
  /** Shown in the status after the relay's log turned out to be another history. */
  notice: string | undefined;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private forceReset = false;
  /** A pull of this connection has checked the log identity: live changes may be folded onto the cursor. */
  private logVerified = false;
  private logChanged = false;
  private liveBuffer: LogEntry[] = [];
  private liveScheduled = false;

  constructor(private readonly link: SyncLink) {}

  /** A new connection: live changes wait until a pull has checked the log identity. */
  connected(): void {
    this.logVerified = false;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.liveBuffer = [];
  }

  /** Reads the log from the cursor up to the head (or takes a snapshot after 'reset'). */
  pull(forceReset = false): Promise<void> {
    if (forceReset) this.forceReset = true;
    return joinOrStart(this.loop, () => this.run());
  }

  // ---------------------------------------------------------------- live changes

  onLiveChange(raw: unknown): void {
    const parsed = LogEntry.safeParse(raw);
    if (!parsed.success) {
      const seq = typeof raw === 'object' && raw !== null && 'seq' in raw ? String((raw as { seq: unknown }).seq) : '?';
      this.link.o.log.warn(
        `relay sent an invalid change (seq ${seq}), ignored and pulling instead: ${formatIssues(parsed.error).slice(0, 300)}`,
      );
      void this.pull();
      return;
    }
    this.liveBuffer.push(parsed.data);
    if (!this.liveScheduled) {
      this.liveScheduled = true;
      // Batch the changes of one event-loop turn into one transaction (one fsync).
      setImmediate(() => this.flushLive());
    }
  }

  private flushLive(): void {
    const { replica } = this.link.o;
    this.liveScheduled = false;
    const batch = this.liveBuffer.sort((a, b) => a.seq - b.seq);
    this.liveBuffer = [];
    if (batch.length === 0 || this.link.closed) return;
    if (this.loop.run || replica.snapshotInProgress()) {
      // A pull is running: it reads the log anyway; ask it to go round once more.
      this.loop.again = true;
      return;
    }
    const cursor = replica.cursor;
    const fresh = batch.filter((e) => e.seq > cursor);
    if (!this.logVerified) return void this.pull();
    if (fresh.length === 0) return;
    if (fresh[0]!.seq !== cursor + 1) return void this.pull();
    try {
      const out = replica.applyEntries(fresh);
      this.head = Math.max(this.head ?? 0, fresh.at(-1)!.seq);
      this.afterApply(out);
      if (out.gap || out.needsReset) void this.pull(out.needsReset);
      else if (replica.cursor >= (this.head ?? 0)) this.link.markSynced();
    } catch (e) {
      this.link.reportApplyError(e);
      this.schedule();
    }
  }

  private afterApply(out: ApplyOutcome): void {
    const { hooks } = this.link.o;
    if (out.applied > 0 || out.confirmed.length > 0) hooks.applied(out);
    if (out.confirmed.length > 0) hooks.outbox();
  }

  // ---------------------------------------------------------------- pull

  private schedule(): void {
    if (this.timer || this.link.closed) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(6, this.failures));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pull();
    }, delay);
    this.timer.unref?.();
  }

  private async run(): Promise<void> {
    if (!this.link.connected) return;
    if (this.link.connection === 'online') this.link.setConnection('syncing');
    try {
      await this.rounds();
      this.failures = 0;
      this.link.clearError();
      this.loop.run = null;
      this.link.markSynced();
      // Caught up: move the batch's WAL into the database file now, while idle (see applyPragmas).
      setTimeout(() => this.link.o.replica.checkpoint(), 0).unref?.();
    } catch (e) {
      this.failures++;
      if (e instanceof RelayError) {
        this.link.o.log.warn(`pull failed (${e.code}): ${e.message}`);
        if (e.code !== 'OFFLINE') this.link.setError(`同步失败：${e.message}`);
      } else this.link.reportApplyError(e);
      this.schedule();
    }
  }

  /** Batches (or a snapshot) until the cursor reaches the head and nobody asked for another round. */
  private async rounds(): Promise<void> {
    const { replica } = this.link.o;
    let ahead: Ahead = null;
    for (let rounds = 0; ; rounds++) {
      this.loop.again = false;
      // A fresh cache has no reference data: only a snapshot carries the seeded bundle.
      if (this.forceReset || replica.snapshotInProgress() || replica.ref() === null) {
        ahead = null;
        await this.snapshot();
        continue;
      }
      const batch = await this.readBatch(ahead);
      ahead = batch.ahead;
      if (batch.reset) {
        this.forceReset = true;
        continue;
      }
      const out = replica.applyEntries(batch.entries);
      this.afterApply(out);
      if (out.needsReset) {
        this.forceReset = true;
        continue;
      }
      if (batch.bad !== null) throw new RelayError('BAD_ENTRY', `relay log entry after seq ${replica.cursor} is invalid: ${batch.bad}`);
      if (out.gap) throw new RelayError('GAP', `relay pull answer skipped sequence numbers after ${replica.cursor}`);
      if (replica.cursor >= (this.head ?? 0) && !this.loop.again) return;
      if (batch.entries.length === 0 && !this.loop.again) return;
      if (rounds > 100_000) return;
    }
  }

  /** Reads pages until a batch is full or the head is reached; the batch is written in one transaction. */
  private async readBatch(ahead: Ahead): Promise<Batch> {
    let cursor = this.link.o.replica.cursor;
    const batch: Batch = { entries: [], bad: null, reset: false, ahead: null };
    for (;;) {
      const answer = ahead?.cursor === cursor ? ahead.answer : this.link.request('pull', this.pullRequest(cursor), PullAck);
      ahead = null;
      const ack = await answer;
      if (!ack.ok) throw new RelayError(ack.error.code, ack.error.message);
      const res = LoosePull.safeParse(ack.value);
      if (!res.success) throw new RelayError('BAD_ANSWER', `invalid pull answer: ${formatIssues(res.error, { max: 1 })}`);
      this.head = res.data.head;
      if (res.data.type === 'reset') {
        this.onReset(res.data);
        batch.reset = true;
        return batch;
      }
      this.logVerified = true;
      if (res.data.logId !== undefined) this.link.o.replica.adoptLogId(res.data.logId);
      const last = this.takeValid(res.data.entries, batch, cursor);
      const more = batch.bad === null && last > cursor && last < res.data.head;
      if (more) {
        batch.ahead = { cursor: last, answer: this.link.request('pull', this.pullRequest(last), PullAck) };
        // Awaited by the next round, or dropped (a gap, an error, a reset): never an unhandled rejection.
        batch.ahead.answer.catch(() => undefined);
      }
      if (!more || batch.entries.length >= APPLY_BATCH) return batch;
      ahead = batch.ahead;
      batch.ahead = null;
      cursor = last;
    }
  }

  /** Validates entry by entry: keeps the valid prefix, notes the first invalid one. The last seq kept. */
  private takeValid(raw: unknown[], batch: Batch, cursor: number): number {
    const before = batch.entries.length;
    for (const r of raw) {
      const e = LogEntry.safeParse(r);
      if (!e.success) {
        batch.bad = formatIssues(e.error).slice(0, 300);
        break;
      }
      batch.entries.push(e.data);
    }
    return batch.entries.length > before ? batch.entries[batch.entries.length - 1]!.seq : cursor;
  }

  private onReset(res: { reason: string; cause?: string | undefined }): void {
    this.link.o.log.warn(`relay answered reset (${res.cause ?? 'no cause'}: ${res.reason}): taking a snapshot`);
    if (res.cause !== undefined && res.cause !== 'pruned') {
      // Another history than ours (replaced, or restored from a backup): rebuilt with a visible notice.
      this.logChanged = true;
      this.notice = LOG_CHANGED_NOTICE;
    }
  }

  /**
   * A pull request from `cursor`, with the log identity: the log id, and at the cache's own cursor the entry
   * it stands on (a page further on comes from this connection, whose log the first page has checked).
   */
  private pullRequest(cursor: number): { cursor: number; limit: number; logId?: string; tip?: LogTip } {
    const { replica } = this.link.o;
    const pos = replica.logPosition();
    const req: { cursor: number; limit: number; logId?: string; tip?: LogTip } = { cursor, limit: MAX_PULL_PAGE };
    if (pos.logId !== undefined) req.logId = pos.logId;
    if (pos.tip !== undefined && cursor === replica.cursor) req.tip = pos.tip;
    return req;
  }

  private async snapshot(): Promise<void> {
    const { replica, hooks, log } = this.link.o;
    if (!replica.snapshotInProgress()) {
      log.info(
        `snapshot: dropping cached server state (the outbox is kept)${this.logChanged ? '; the relay holds another log history' : ''}`,
      );
      replica.beginSnapshot({ logChanged: this.logChanged });
    }
    this.logChanged = false;
    this.forceReset = false;
    for (;;) {
      const progress = replica.snapshotInProgress();
      if (!progress) break;
      const req: { limit: number; after?: string } = { limit: SNAPSHOT_PAGE };
      if (progress.after !== undefined) req.after = progress.after;
      const ack = await this.link.request('snapshot', req, Ack(z.unknown()));
      if (!ack.ok) throw new RelayError(ack.error.code, ack.error.message);
      const page = SnapshotResponse.safeParse(ack.value);
      if (!page.success) throw new RelayError('BAD_ANSWER', `invalid snapshot page: ${formatIssues(page.error).slice(0, 300)}`);
      const done = replica.applySnapshotPage(page.data);
      const caseIds = page.data.cases.map((c) => c.id);
      hooks.applied({
        applied: caseIds.length,
        gap: false,
        needsReset: false,
        caseIds,
        newCaseIds: [],
        urgent: [],
        confirmed: done.confirmed,
        refChanged: page.data.ref !== undefined,
      });
      if (done.confirmed.length > 0) hooks.outbox();
      hooks.status();
    }
  }
}
