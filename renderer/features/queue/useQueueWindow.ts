/**
 * The queue table's virtual window over the scroll position: the rows in view and rendered, the pages to
 * read for them (and one ahead), the anchor that keeps the rows in view still when fresh pages shift them,
 * and the cursor kept in view.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useAppDispatch } from '../../store/hooks.js';
import { anchorConsumed, fetchPage, setVisible, type QueuePage } from './queueSlice.js';
import { ROW_HEIGHT } from './queueRow.js';
import { pagesToRead, shiftOf, windowAt, type Win } from './queueWindow.js';

/** Wait this long after scrolling stops before reading pages, so a fast drag does not read every page. */
const FETCH_DELAY_MS = 60;

export function useQueueWindow({
  total,
  pages,
  version,
  selectedIndex,
  anchorShift,
}: {
  total: number;
  pages: Record<number, QueuePage>;
  version: number;
  selectedIndex: number;
  anchorShift: number;
}): { scrollRef: React.RefObject<HTMLDivElement | null>; win: Win } {
  const dispatch = useAppDispatch();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);

  // Keep the rows in view still when fresh pages shift them (cases inserted above). With a cursor, the slice
  // follows the selected case and reports the shift (anchorShift); without one, while scrolled down, the
  // first row in view is the anchor. The shift is applied to the window in this very render, so the same
  // cases stay mounted (only their `top` changes), and to the scroll position right after the commit.
  const scrollPos = useRef(0);
  const anchor = useRef({ pages, shift: 0, applied: true });
  if (anchor.current.pages !== pages) {
    const a = anchor.current;
    const carried = a.applied ? 0 : a.shift;
    let shift = 0;
    // The position at the last scroll event (the state moves only every RANGE_STEP rows); not read from
    // the element here: a DOM read during render would force a layout the frame then does again.
    const st = scrollPos.current + carried * ROW_HEIGHT;
    if (selectedIndex < 0 && st >= ROW_HEIGHT / 2) shift = shiftOf(a.pages, pages, Math.floor(st / ROW_HEIGHT));
    anchor.current = { pages, shift: carried + shift, applied: false };
  }
  const pendingRows = (anchor.current.applied ? 0 : anchor.current.shift) + anchorShift;
  const win = windowAt(scrollTop + pendingRows * ROW_HEIGHT, height, total);
  // Window state changes only when the rendered rows change (every RANGE_STEP rows), not with every scrolled pixel.
  const winKey = `${win.start}:${win.end}`;
  const winKeyRef = useRef(winKey);
  winKeyRef.current = winKey;
  const heightRef = useRef(height);
  heightRef.current = height;
  const totalRef = useRef(total);
  totalRef.current = total;

  /** Re-read the scroll position (after a scroll event or a compensation made here). */
  const syncScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const st = el.scrollTop;
    scrollPos.current = st;
    const w = windowAt(st, heightRef.current, totalRef.current);
    if (`${w.start}:${w.end}` !== winKeyRef.current) setScrollTop(st);
  }, []);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    setHeight(el.clientHeight);
    scrollPos.current = el.scrollTop;
    setScrollTop(scrollPos.current);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    el.addEventListener('scroll', syncScroll, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', syncScroll);
    };
  }, [syncScroll]);
  // A shorter list can clamp the scroll position without a scroll event reaching the window first.
  useEffect(() => syncScroll(), [total, syncScroll]);

  const { visFirst, visLast, needFirst, needLast } = pagesToRead(win, total, pages);
  useEffect(() => {
    dispatch(setVisible({ first: visFirst, last: visLast }));
  }, [dispatch, visFirst, visLast]);
  useEffect(() => {
    if (needFirst < 0) return;
    const timer = setTimeout(() => void dispatch(fetchPage({ page: needFirst, count: needLast - needFirst + 1 })), FETCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [dispatch, needFirst, needLast, version]);

  useLayoutEffect(() => {
    const a = anchor.current;
    const rows = (a.applied ? 0 : a.shift) + anchorShift;
    a.applied = true;
    if (anchorShift !== 0) dispatch(anchorConsumed());
    const el = scrollRef.current;
    if (rows !== 0 && el) {
      el.scrollTop += rows * ROW_HEIGHT;
      scrollPos.current = el.scrollTop;
      setScrollTop(scrollPos.current);
    }
  }, [pages, anchorShift, dispatch]);

  // The cursor stays in view. Measured on the element itself: the window state lags a compensation made
  // in the same commit, and scrolling to it would undo that compensation.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [selectedIndex]);

  return { scrollRef, win };
}
