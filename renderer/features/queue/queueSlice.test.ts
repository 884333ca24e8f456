import { describe, expect, it } from 'vitest';
import { makeStore } from '../../store/index.js';
import { stubApi } from '../../testing/stubApi.js';
import { counts, rows } from '../../testing/fixtures.js';
import { PAGE_SIZE, fetchPage, moveSelection, select, setTab, setVisible, refreshVisible, selectRowAt, setSearch } from './queueSlice.js';
import type { QueueRow } from '../../../shared/api.js';

/** A server of `all` rows answering queue.list pages like the core does. */
function server(all: { current: QueueRow[] }) {
  const s = stubApi();
  s.on('queue.list', (q) => {
    const offset = q.offset as number;
    const limit = q.limit as number;
    return { rows: all.current.slice(offset, offset + limit), total: all.current.length, counts: { ...counts, all: all.current.length } };
  });
  return s;
}

describe('queueSlice', () => {
  it('loads pages on demand and keeps only the working set', async () => {
    const all = { current: rows(20 * PAGE_SIZE) };
    const s = server(all);
    const store = makeStore(undefined, { api: s.api });
    await store.dispatch(fetchPage({ page: 0 }));
    expect(store.getState().queue.total).toBe(20 * PAGE_SIZE);
    expect(selectRowAt(store.getState(), 5)?.id).toBe('r5');
    // Scroll far down: pages near the view are kept, far ones dropped.
    store.dispatch(setVisible({ first: 8, last: 8 }));
    await store.dispatch(fetchPage({ page: 8 }));
    const pages = Object.keys(store.getState().queue.pages).map(Number);
    expect(pages).toEqual([8]);
    expect(selectRowAt(store.getState(), 8 * PAGE_SIZE + 3)?.id).toBe(`r${8 * PAGE_SIZE + 3}`);
  });

  it('does not refetch a loaded fresh page, but does when forced or stale', async () => {
    const all = { current: rows(50) };
    const s = server(all);
    const store = makeStore(undefined, { api: s.api });
    await store.dispatch(fetchPage({ page: 0 }));
    await store.dispatch(fetchPage({ page: 0 }));
    expect(s.calls.filter((c) => c.method === 'queue.list')).toHaveLength(1);
    await store.dispatch(refreshVisible());
    expect(s.calls.filter((c) => c.method === 'queue.list')).toHaveLength(2);
  });

  it('keeps the cursor on the same case when new cases arrive above it, and reports the shift', async () => {
    const all = { current: rows(300) };
    const s = server(all);
    const store = makeStore(undefined, { api: s.api });
    await store.dispatch(fetchPage({ page: 0 }));
    store.dispatch(select(10));
    expect(store.getState().queue.selectedId).toBe('r10');
    // Three new cases on top (newest first).
    all.current = [...rows(3, 'new'), ...all.current];
    await store.dispatch(refreshVisible());
    const q = store.getState().queue;
    expect(q.selectedId).toBe('r10');
    expect(q.selectedIndex).toBe(13);
    expect(q.anchorShift).toBe(3);
    expect(q.total).toBe(303);
  });

  it('reuses row objects whose content did not change (memoised rows skip rendering)', async () => {
    const all = { current: rows(20) };
    const s = server(all);
    const store = makeStore(undefined, { api: s.api });
    await store.dispatch(fetchPage({ page: 0 }));
    const before = selectRowAt(store.getState(), 4);
    all.current = all.current.map((r, i) => (i === 5 ? { ...r, updatedAt: r.updatedAt + 1 } : { ...r }));
    await store.dispatch(refreshVisible());
    expect(selectRowAt(store.getState(), 4)).toBe(before);
    expect(selectRowAt(store.getState(), 5)?.updatedAt).toBe(all.current[5]!.updatedAt);
  });

  it('drops answers for an outdated view', async () => {
    const all = { current: rows(20) };
    const s = stubApi();
    let release: () => void = () => undefined;
    s.on('queue.list', (q) =>
      q.tab === 'all'
        ? new Promise((r) => (release = () => r({ rows: all.current, total: 20, counts })))
        : { rows: all.current.slice(0, 2), total: 2, counts },
    );
    const store = makeStore(undefined, { api: s.api });
    const slow = store.dispatch(fetchPage({ page: 0 }));
    store.dispatch(setTab('overdue'));
    await store.dispatch(fetchPage({ page: 0 }));
    release();
    await slow;
    expect(store.getState().queue.total).toBe(2);
  });

  it('moves the cursor within bounds', async () => {
    const all = { current: rows(3) };
    const store = makeStore(undefined, { api: server(all).api });
    await store.dispatch(fetchPage({ page: 0 }));
    store.dispatch(moveSelection(1));
    expect(store.getState().queue.selectedIndex).toBe(0);
    store.dispatch(moveSelection(5));
    expect(store.getState().queue.selectedId).toBe('r2');
    store.dispatch(moveSelection(-9));
    expect(store.getState().queue.selectedId).toBe('r0');
  });

  it('sends the view (tab, filters, search, sort) with each page request', async () => {
    const all = { current: rows(3) };
    const s = server(all);
    const store = makeStore(undefined, { api: s.api });
    store.dispatch(setTab('bounced'));
    store.dispatch(setSearch('  井盖 '));
    await store.dispatch(fetchPage({ page: 2 }));
    expect(s.calls.at(-1)?.input).toMatchObject({ tab: 'bounced', q: '井盖', offset: 2 * PAGE_SIZE, limit: PAGE_SIZE });
  });
});
