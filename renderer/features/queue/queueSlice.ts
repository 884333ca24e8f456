/**
 * The live queue's working set: the current query, live tab counts, and only the pages of rows near the
 * visible window (server-side paging through queue.list). The cursor is kept by case id, so a refresh that
 * shifts rows (a new case on top) reports the shift and the table can keep that row where it was.
 */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { QueueQueryInput, QueueRow, QueueTab } from '../../../shared/api.js';
import { createAppThunk } from '../../store/thunk.js';
import type { RootState } from '../../store/index.js';

/** Rows per page: small pages keep each live refresh (and its validation) cheap. */
export const PAGE_SIZE = 50;
/** Pages kept beyond the visible ones, on each side. */
const KEEP_MARGIN = 2;

export type QueueFilters = Omit<QueueQueryInput, 'offset' | 'limit' | 'tab' | 'sort' | 'q'>;
export type QueueSort = { field: 'reportedAt' | 'updatedAt' | 'deadline' | 'code' | 'grade'; dir: 'asc' | 'desc' };

export interface QueueView {
  tab: QueueTab;
  filters: QueueFilters;
  sort: QueueSort;
  q: string;
}

export interface QueuePage {
  rows: QueueRow[];
  version: number;
  loading: boolean;
  stale: boolean;
}

export interface QueueState {
  view: QueueView;
  /** Bumped whenever the view changes; answers for older versions are dropped. */
  version: number;
  total: number;
  counts: Partial<Record<QueueTab, number>>;
  pages: Record<number, QueuePage>;
  /** Pages with rows on screen: refreshed on live changes; the others are re-read when they come into view. */
  visible: { first: number; last: number };
  selectedId: string | null;
  selectedIndex: number;
  /** Rows the selected case moved by in refreshes the table has not yet compensated. */
  anchorShift: number;
  loadedOnce: boolean;
  error: string | null;
}

export const defaultView: QueueView = { tab: 'all', filters: {}, sort: { field: 'reportedAt', dir: 'desc' }, q: '' };

const initialState: QueueState = {
  view: defaultView,
  version: 0,
  total: 0,
  counts: {},
  pages: {},
  visible: { first: 0, last: 0 },
  selectedId: null,
  selectedIndex: -1,
  anchorShift: 0,
  loadedOnce: false,
  error: null,
};

export function viewToQuery(v: QueueView, offset: number, limit = PAGE_SIZE): QueueQueryInput {
  const q = v.q.trim();
  return { ...v.filters, tab: v.tab, sort: v.sort, offset, limit, ...(q ? { q } : {}) };
}

/** Same content as far as the table shows: keep the old object so memoised rows skip rendering. */
function sameRow(a: QueueRow, b: QueueRow): boolean {
  return (
    a.id === b.id &&
    a.updatedAt === b.updatedAt &&
    a.status === b.status &&
    a.pendingCount === b.pendingCount &&
    a.urgeCount === b.urgeCount &&
    a.upstreamIssue === b.upstreamIssue &&
    a.clocks.length === b.clocks.length &&
    a.clocks.every((c, i) => c.deadline === b.clocks[i]?.deadline && c.pausedAt === b.clocks[i]?.pausedAt)
  );
}

/** Most pages read in one call (queue.list allows 500 rows). */
export const MAX_PAGES_PER_CALL = 10;

/**
 * Read pages `page` … `page + count - 1` in ONE queue.list call: one answer, one render, one anchor
 * correction, however many pages are in view.
 */
export const fetchPage = createAppThunk(
  'queue/fetchPage',
  async ({ page, count = 1 }: { page: number; count?: number; force?: boolean }, { extra, getState }) => {
    const st = getState().queue;
    const version = st.version;
    const n = Math.max(1, Math.min(MAX_PAGES_PER_CALL, count));
    const res = await extra.api.call('queue.list', viewToQuery(st.view, page * PAGE_SIZE, n * PAGE_SIZE));
    const old = new Map<string, QueueRow>();
    for (const p of Object.values(getState().queue.pages)) for (const r of p.rows) old.set(r.id, r);
    const rows = res.rows.map((r) => {
      const o = old.get(r.id);
      return o && sameRow(o, r) ? o : r;
    });
    return { page, count: n, version, rows, total: res.total, counts: res.counts };
  },
  {
    condition: ({ page, count = 1, force }, { getState }) => {
      const pages = getState().queue.pages;
      let wanted = false;
      for (let p = page; p < page + count; p++) {
        const pg = pages[p];
        if (pg?.loading) return false;
        if (force || !pg || pg.stale) wanted = true;
      }
      return wanted;
    },
  },
);

/** Re-read the pages in view (after live changes) in one call; pages out of view are re-read on demand. */
export const refreshVisible = createAppThunk('queue/refreshVisible', async (_: void, { dispatch, getState }) => {
  const { first, last } = getState().queue.visible;
  for (let p = first; p <= last; p += MAX_PAGES_PER_CALL) {
    await dispatch(fetchPage({ page: p, count: Math.min(MAX_PAGES_PER_CALL, last - p + 1), force: true }));
  }
});

function resetRows(s: QueueState) {
  s.version += 1;
  s.pages = {};
  s.selectedIndex = -1;
  s.selectedId = null;
  s.anchorShift = 0;
}

const queueSlice = createSlice({
  name: 'queue',
  initialState,
  reducers: {
    setTab(s, a: PayloadAction<QueueTab>) {
      s.view.tab = a.payload;
      resetRows(s);
    },
    setFilters(s, a: PayloadAction<QueueFilters>) {
      s.view.filters = a.payload;
      resetRows(s);
    },
    setSort(s, a: PayloadAction<QueueSort>) {
      s.view.sort = a.payload;
      resetRows(s);
    },
    setSearch(s, a: PayloadAction<string>) {
      s.view.q = a.payload;
      resetRows(s);
    },
    applyView(s, a: PayloadAction<QueueView>) {
      s.view = a.payload;
      resetRows(s);
    },
    setVisible(s, a: PayloadAction<{ first: number; last: number }>) {
      s.visible = a.payload;
    },
    /**
     * Live changes arrived: every loaded page may be out of date. Pages in view are re-read by the
     * throttled refresh; the others are marked to be re-read when they come into view.
     */
    markStale(s) {
      for (const [k, p] of Object.entries(s.pages)) {
        const n = Number(k);
        if (n < s.visible.first || n > s.visible.last) p.stale = true;
      }
    },
    select(s, a: PayloadAction<number>) {
      if (s.total === 0) return;
      const i = Math.max(0, Math.min(s.total - 1, a.payload));
      s.selectedIndex = i;
      s.selectedId = rowAtState(s, i)?.id ?? null;
    },
    moveSelection(s, a: PayloadAction<number>) {
      if (s.total === 0) return;
      const i = Math.max(0, Math.min(s.total - 1, (s.selectedIndex < 0 ? -1 : s.selectedIndex) + a.payload));
      s.selectedIndex = i;
      s.selectedId = rowAtState(s, i)?.id ?? null;
    },
    /** Select a case by id (a point on the map): its row when loaded, else the id alone until it is. */
    selectId(s, a: PayloadAction<string>) {
      s.selectedId = a.payload;
      s.selectedIndex = -1;
      for (const [k, p] of Object.entries(s.pages)) {
        const j = p.rows.findIndex((r) => r.id === a.payload);
        if (j >= 0) {
          s.selectedIndex = Number(k) * PAGE_SIZE + j;
          break;
        }
      }
    },
    anchorConsumed(s) {
      s.anchorShift = 0;
    },
  },
  extraReducers: (b) => {
    b.addCase(fetchPage.pending, (s, a) => {
      const { page, count = 1 } = a.meta.arg;
      for (let p = page; p < page + Math.min(MAX_PAGES_PER_CALL, Math.max(1, count)); p++) {
        const pg = s.pages[p];
        if (pg) pg.loading = true;
        else s.pages[p] = { rows: [], version: s.version, loading: true, stale: true };
      }
    })
      .addCase(fetchPage.fulfilled, (s, a) => {
        const { page, count, version, rows, total, counts } = a.payload;
        if (version !== s.version) return;
        for (let i = 0; i < count; i++) {
          const chunk = rows.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE);
          // A page past the end of the list does not exist (any more).
          if (chunk.length === 0 && (page + i) * PAGE_SIZE >= total) delete s.pages[page + i];
          else s.pages[page + i] = { rows: chunk, version, loading: false, stale: false };
        }
        s.total = total;
        s.counts = counts;
        s.loadedOnce = true;
        s.error = null;
        // Follow the selected case to its new index (the table keeps that row still on screen).
        if (s.selectedId) {
          const j = rows.findIndex((r) => r.id === s.selectedId);
          if (j >= 0) {
            const idx = page * PAGE_SIZE + j;
            if (s.selectedIndex >= 0 && idx !== s.selectedIndex) s.anchorShift += idx - s.selectedIndex;
            s.selectedIndex = idx;
          }
        }
        if (
          !s.selectedId &&
          s.selectedIndex >= 0 &&
          s.selectedIndex >= page * PAGE_SIZE &&
          s.selectedIndex < page * PAGE_SIZE + rows.length
        ) {
          s.selectedId = rows[s.selectedIndex - page * PAGE_SIZE]?.id ?? null;
        }
        if (s.selectedIndex >= total) s.selectedIndex = total - 1;
        // Keep only the working set.
        const lo = s.visible.first - KEEP_MARGIN;
        const hi = s.visible.last + KEEP_MARGIN;
        for (const k of Object.keys(s.pages)) {
          const n = Number(k);
          if ((n < lo || n > hi) && !s.pages[n]?.loading) delete s.pages[n];
        }
      })
      .addCase(fetchPage.rejected, (s, a) => {
        const { page, count = 1 } = a.meta.arg;
        for (let i = page; i < page + Math.max(1, count); i++) {
          const p = s.pages[i];
          if (p) {
            p.loading = false;
            p.stale = true;
          }
        }
        s.error = a.error.message ?? 'error';
      });
  },
});

function rowAtState(s: QueueState, i: number): QueueRow | undefined {
  return s.pages[Math.floor(i / PAGE_SIZE)]?.rows[i % PAGE_SIZE];
}

export const { setTab, setFilters, setSort, setSearch, applyView, setVisible, markStale, select, selectId, moveSelection, anchorConsumed } =
  queueSlice.actions;
export default queueSlice.reducer;

export const selectRowAt = (state: RootState, i: number): QueueRow | undefined => rowAtState(state.queue, i);
export const selectSelectedRow = (state: RootState): QueueRow | undefined =>
  state.queue.selectedIndex >= 0 ? rowAtState(state.queue, state.queue.selectedIndex) : undefined;
