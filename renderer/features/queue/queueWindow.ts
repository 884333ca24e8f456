/** The virtual window of the queue table: which rows are in view and rendered, and how far a refresh moved a case. */
import type { QueueRow } from '../../../shared/api.js';
import { PAGE_SIZE, type QueuePage } from './queueSlice.js';
import { ROW_HEIGHT } from './queueRow.js';

/** Read the next page when the view is this many rows from it. */
const PREFETCH_ROWS = 40;
/** Rows rendered beyond the viewport on each side. */
const OVERSCAN = 8;
/** The rendered window moves in steps of this many rows: fewer renders while scrolling, each mounting a few rows. */
const RANGE_STEP = 4;

/** The rows in the window and the first row in view, from the scroll position (all in rows). */
export interface Win {
  /** First row at least partly in view. */
  top: number;
  /** Last row at least partly in view. */
  bottom: number;
  /** Rendered rows (overscan included, in RANGE_STEP steps). */
  start: number;
  end: number;
}

export function windowAt(scrollTop: number, height: number, total: number): Win {
  const top = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT));
  const bottom = Math.max(top, Math.min(total - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) - 1));
  const start = Math.max(0, Math.floor((top - OVERSCAN) / RANGE_STEP) * RANGE_STEP);
  const end = Math.max(-1, Math.min(total - 1, Math.ceil((bottom + OVERSCAN + 1) / RANGE_STEP) * RANGE_STEP - 1));
  return { top, bottom, start, end };
}

export const rowAt = (pages: Record<number, QueuePage>, i: number): QueueRow | undefined =>
  pages[Math.floor(i / PAGE_SIZE)]?.rows[i % PAGE_SIZE];

/** How many rows the case at index `i` of `old` moved by in `pages` (0 when it is not there). */
export function shiftOf(old: Record<number, QueuePage>, pages: Record<number, QueuePage>, i: number): number {
  const id = rowAt(old, i)?.id;
  if (!id || rowAt(pages, i)?.id === id) return 0;
  for (const [k, pg] of Object.entries(pages)) {
    const j = pg.rows.findIndex((r) => r.id === id);
    if (j >= 0) return Number(k) * PAGE_SIZE + j - i;
  }
  return 0;
}

/**
 * The pages to read for a window: those in view, and the next one ahead in each direction once the view
 * comes near it, so rows are ready before they scroll in (no burst of placeholder rows turning into
 * content at once). `vis*`: the pages with rows on screen (no overscan), refreshed on live changes;
 * `need*`: the range to read now (missing pages near the view, stale pages that came into view), -1 for none.
 */
export function pagesToRead(win: Win, total: number, pages: Record<number, QueuePage>) {
  const aheadFirst = Math.floor(Math.max(0, win.top - PREFETCH_ROWS) / PAGE_SIZE);
  const aheadLast = Math.max(aheadFirst, Math.floor(Math.min(Math.max(0, total - 1), win.bottom + PREFETCH_ROWS) / PAGE_SIZE));
  const visFirst = Math.floor(win.top / PAGE_SIZE);
  const visLast = Math.max(visFirst, Math.floor(win.bottom / PAGE_SIZE));
  let needFirst = -1;
  let needLast = -1;
  for (let p = aheadFirst; p <= aheadLast; p++) {
    const pg = pages[p];
    if (!pg || (pg.stale && !pg.loading && p >= visFirst && p <= visLast)) {
      if (needFirst < 0) needFirst = p;
      needLast = p;
    }
  }
  return { visFirst, visLast, needFirst, needLast };
}
