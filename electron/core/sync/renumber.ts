/** Renumbering the outbox's unsent commands when their mutation numbers and the relay's disagree (Replica.recordPush). */
import type { Logger } from '../log.js';
import type { Store } from '../cache/store.js';

/** Renumbers the unsent commands above `lastN` consecutively from lastN + 1 (order kept, numbers only go down). */
export function compactAbove(store: Store, log: Logger, lastN: number): void {
  const all = store.outboxAll();
  const moving = all.filter((i) => i.status === 'pending' && i.appliedSeq === null && i.n > lastN).sort((a, b) => a.n - b.n);
  const ids = new Set(moving.map((i) => i.id));
  const taken = new Set(all.filter((i) => !ids.has(i.id)).map((i) => i.n));
  // Through negative numbers first, so that no step collides with another row's number.
  moving.forEach((it, i) => store.outboxRenumber(it.id, -(i + 1)));
  let next = lastN + 1;
  let top = lastN;
  for (const it of moving) {
    while (taken.has(next)) next++;
    const n = Math.min(next, it.n);
    store.outboxRenumber(it.id, n);
    taken.add(n);
    top = Math.max(top, n);
    next = n + 1;
  }
  store.setMeta('nextN', Math.max(top, ...taken) + 1);
  log.warn(`renumbered ${moving.length} outbox command(s) from ${lastN + 1}: their numbers ran too far ahead of the relay's`);
}

/** Moves the unsent commands numbered below `start` above every number in the outbox (order kept). */
export function renumberFrom(store: Store, log: Logger, start: number): void {
  const items = store.outboxAll().filter((i) => i.status === 'pending' && i.appliedSeq === null && i.n < start);
  if (items.length === 0) return;
  const maxN = store.outboxAll().reduce((m, i) => Math.max(m, i.n), 0);
  let n = Math.max(start, maxN + 1);
  for (const it of items) store.outboxRenumber(it.id, n++);
  // Keep the order: items numbered above `start` already keep theirs; these follow the highest.
  store.setMeta('nextN', Math.max(n, store.getNumber('nextN', 1)));
  log.warn(`renumbered ${items.length} outbox command(s) above the relay's last mutation number ${start - 1}`);
}
