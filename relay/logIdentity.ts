/**
 * Log identity: pull and snapshot answers that let a workstation notice a relay whose data was replaced or
 * restored from an older backup (docs/protocol.md §1 "Log identity").
 *
 * The log id (meta log_id, random, created with the log) tells logs apart, but it lives inside relay.db and
 * a backup restores it too. So a pull also names the entry its cursor stands on (`tip`: changeId and
 * acceptance time); the relay compares it with its own entry at that seq. After a restore the entries past
 * the backup point were written again by other changes (other ids, other times): the tip differs, or the
 * cursor is past the head, and the answer is a reset with a cause the client shows to the user.
 */
import crypto from 'node:crypto';
import type { LogTip, PullResponse, SnapshotResponse } from '../shared/protocol.js';
import type { Hub } from './hub.js';
import type { LogStore } from './store/types.js';

/** The log's id, created once (the first start of a log, or of a log from before log ids). */
export async function ensureLogId(store: LogStore): Promise<string> {
  const have = await store.getMeta('log_id');
  if (have) return have;
  const id = crypto.randomUUID();
  await store.setMeta('log_id', id);
  return id;
}

const sameTip = (a: LogTip, b: LogTip) => a.changeId === b.changeId && a.at === b.at;

export async function answerPull(
  d: { hub: Hub; store: LogStore },
  req: { cursor: number; limit: number; logId?: string | undefined; tip?: LogTip | undefined },
): Promise<PullResponse> {
  const { cursor, limit } = req;
  const head = d.hub.head;
  const logId = d.hub.logId;
  const reset = (cause: 'pruned' | 'ahead' | 'other_log' | 'diverged', reason: string): PullResponse => ({ type: 'reset', head, reason, cause, logId });
  if (req.logId !== undefined && req.logId !== logId) return reset('other_log', `the cursor belongs to log ${req.logId}, this relay's log is ${logId}`);
  if (cursor > head) return reset('ahead', `cursor ${cursor} is ahead of the log head ${head}`);
  const floor = await d.store.floor();
  if (cursor < floor - 1) return reset('pruned', `cursor ${cursor} is older than the log keeps (oldest kept seq ${floor})`);
  if (cursor > 0 && req.tip !== undefined) {
    const mine = await d.store.entryTip(cursor);
    // The entry at the cursor was pruned: it cannot be checked, and a snapshot is what the client needs anyway.
    if (!mine) return reset('pruned', `entry ${cursor} is no longer kept (oldest kept seq ${floor})`);
    if (!sameTip(mine, req.tip))
      return reset('diverged', `entry ${cursor} of this log is ${mine.changeId}@${mine.at}, not the client's ${req.tip.changeId}@${req.tip.at}: the relay's data was restored or replaced`);
  }
  const entries = await d.store.readLog(cursor, limit);
  // Entries pruned between the checks would show as a gap: answer reset rather than skip them.
  if (entries.length > 0 && entries[0]!.seq !== cursor + 1) return reset('pruned', `entries after ${cursor} are no longer kept`);
  return { type: 'changes', entries, head: Math.max(head, entries.at(-1)?.seq ?? 0), logId };
}

export async function answerSnapshot(d: { hub: Hub; store: LogStore }, req: { after?: string | undefined; limit: number }): Promise<SnapshotResponse> {
  const page = await d.store.listCases(req.after, req.limit);
  const out: SnapshotResponse = { asOfSeq: page.asOfSeq, cases: page.cases, logId: d.hub.logId, tip: page.tip };
  if (page.cases.length === req.limit) out.next = page.cases.at(-1)!.id;
  if (req.after === undefined) out.ref = d.hub.ref;
  return out;
}
