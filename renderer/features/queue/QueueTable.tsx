/**
 * The live queue table: virtualised rows over server-side pages (50,000 cases stay smooth), a keyboard
 * cursor kept by case id, new cases flashing in without moving the row under the cursor.
 *
 * Rows have one fixed height, so the window is computed here from scrollTop (no measuring, no forced
 * layout). Rows are keyed by case id: when a refresh shifts the list, each case keeps its element and only
 * its `top` changes, instead of every row on screen being rewritten with another case's content.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { shallowEqual } from 'react-redux';
import { SortAscendingOutlined, SortDescendingOutlined } from '@ant-design/icons';
import type { QueueRow } from '../../../shared/api.js';
import type { CalendarConfig } from '../../../shared/calendar/types.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { PAGE_SIZE, anchorConsumed, fetchPage, select, setSort, setVisible, type QueuePage, type QueueSort } from './queueSlice.js';
import { useLookups, type Lookups } from '../ref/lookups.js';
import { ClockBadge } from '../clock/ClockBadge.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';
import { useRefData } from '../ref/refData.js';

export const ROW_HEIGHT = 36;
/** Wait this long after scrolling stops before reading pages, so a fast drag does not read every page. */
const FETCH_DELAY_MS = 60;
/** Read the next page when the view is this many rows from it. */
const PREFETCH_ROWS = 40;
/** Rows rendered beyond the viewport on each side. */
const OVERSCAN = 8;
/** The rendered window moves in steps of this many rows: fewer renders while scrolling, each mounting a few rows. */
const RANGE_STEP = 4;

type ColKey = keyof typeof t.queue.columns;
const COLS: { key: ColKey; width: number | string; sort?: QueueSort['field'] }[] = [
  { key: 'code', width: 150, sort: 'code' },
  { key: 'title', width: 'minmax(180px, 1fr)' },
  { key: 'category', width: 100 },
  { key: 'place', width: 170 },
  { key: 'source', width: 88 },
  { key: 'grade', width: 64, sort: 'grade' },
  { key: 'status', width: 112 },
  { key: 'lead', width: 96 },
  { key: 'reportedAt', width: 92, sort: 'reportedAt' },
  { key: 'clocks', width: 300, sort: 'deadline' },
];
export const GRID_TEMPLATE = COLS.map((c) => (typeof c.width === 'number' ? `${c.width}px` : c.width)).join(' ');

const GRADE_COLOR = { urgent: 'red', important: 'orange', normal: 'grey' } as const;

interface RowProps {
  row: QueueRow | undefined;
  index: number;
  selected: boolean;
  lk: Lookups;
  calendar: CalendarConfig | undefined;
  onSelect(i: number): void;
  onOpen(id: string): void;
}

/**
 * One row: this outer element carries the position and the row state (re-rendered when a refresh shifts
 * the row); the cells are a memoised child that renders only when the case itself changes.
 */
const Row = memo(function Row({ row, index, selected, lk, calendar, onSelect, onOpen }: RowProps) {
  // Absolute `top`, not a transform: per-row transforms make Chromium layerize every row.
  const style = { top: index * ROW_HEIGHT, gridTemplateColumns: GRID_TEMPLATE };
  // Each row watches its own flash flag: a new case elsewhere re-renders neither the table nor this row.
  const flash = useAppSelector((s) => (row ? s.ui.flash[row.id] !== undefined : false));
  if (!row) {
    return (
      <div className="q-row q-row-loading" style={style} role="row" aria-rowindex={index + 2} data-index={index}>
        <div className="q-cell">{t.queue.loadingRow}</div>
      </div>
    );
  }
  return (
    <div
      className={`q-row${selected ? ' q-row-selected' : ''}${flash ? ' q-row-flash' : ''}${row.pendingCount > 0 ? ' q-row-pending' : ''}`}
      style={style}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="queue-row"
      data-case-id={row.id}
      data-index={index}
      onClick={() => onSelect(index)}
      onDoubleClick={() => onOpen(row.id)}
    >
      <RowCells row={row} flash={flash} lk={lk} calendar={calendar} />
    </div>
  );
});

const RowCells = memo(function RowCells({
  row,
  flash,
  lk,
  calendar,
}: {
  row: QueueRow;
  flash: boolean;
  lk: Lookups;
  calendar: CalendarConfig | undefined;
}) {
  const running = row.clocks.filter((c) => c.stoppedAt === undefined);
  return (
    <>
      <div className="q-cell q-code" role="gridcell">
        {row.code}
      </div>
      <div className="q-cell q-title" role="gridcell" title={row.title}>
        {flash && <span className="tag tag-blue">{t.queue.newCase}</span>}
        {row.mandatory && <span className="tag tag-volcano">{t.queue.mandatory}</span>}
        {row.fallback && <span className="tag tag-purple">{t.queue.fallback}</span>}
        <span className="q-title-text">{row.title}</span>
        {row.urgeCount > 0 && (
          <span className="tag tag-volcano" title={fmt(t.queue.urged, { n: row.urgeCount })}>
            {fmt(t.queue.urgedShort, { n: row.urgeCount })}
          </span>
        )}
        {row.pendingCount > 0 && (
          <span className="tag tag-orange" data-testid="row-pending">
            {fmt(t.queue.pending, { n: row.pendingCount })}
          </span>
        )}
        {row.upstreamIssue && (
          <span className="tag tag-red" title={t.queue.upstreamIssue}>
            {t.queue.upstreamShort}
          </span>
        )}
      </div>
      <div className="q-cell" role="gridcell">
        {row.category ?? t.app.dash}
      </div>
      <div className="q-cell" role="gridcell" title={lk.place(row.communityId, row.gridId)}>
        {lk.place(row.communityId, row.gridId)}
      </div>
      <div className="q-cell" role="gridcell">
        {t.enums.sources[row.source]}
      </div>
      <div className="q-cell" role="gridcell">
        {row.grade ? <span className={`tag tag-${GRADE_COLOR[row.grade]}`}>{t.enums.grades[row.grade]}</span> : t.app.dash}
      </div>
      <div className="q-cell" role="gridcell" data-testid="row-status" data-status={row.status}>
        {t.enums.statuses[row.status]}
      </div>
      <div className="q-cell" role="gridcell">
        {lk.deptName(row.leadDepartmentId) || t.app.dash}
      </div>
      <div className="q-cell q-time" role="gridcell">
        {fmtTime(row.reportedAt).slice(5)}
      </div>
      <div className="q-cell q-clocks" role="gridcell">
        {running.length === 0 ? (
          <span className="q-noclock">{t.queue.noClock}</span>
        ) : (
          running.map((c) => <ClockBadge key={c.id} clock={c} calendar={calendar} glyph />)
        )}
      </div>
    </>
  );
});

/** The rows in the window and the first row in view, from the scroll position (all in rows). */
interface Win {
  /** First row at least partly in view. */
  top: number;
  /** Last row at least partly in view. */
  bottom: number;
  /** Rendered rows (overscan included, in RANGE_STEP steps). */
  start: number;
  end: number;
}

function windowAt(scrollTop: number, height: number, total: number): Win {
  const top = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT));
  const bottom = Math.max(top, Math.min(total - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) - 1));
  const start = Math.max(0, Math.floor((top - OVERSCAN) / RANGE_STEP) * RANGE_STEP);
  const end = Math.max(-1, Math.min(total - 1, Math.ceil((bottom + OVERSCAN + 1) / RANGE_STEP) * RANGE_STEP - 1));
  return { top, bottom, start, end };
}

const rowAt = (pages: Record<number, QueuePage>, i: number): QueueRow | undefined => pages[Math.floor(i / PAGE_SIZE)]?.rows[i % PAGE_SIZE];

/** How many rows the case at index `i` of `old` moved by in `pages` (0 when it is not there). */
function shiftOf(old: Record<number, QueuePage>, pages: Record<number, QueuePage>, i: number): number {
  const id = rowAt(old, i)?.id;
  if (!id || rowAt(pages, i)?.id === id) return 0;
  for (const [k, pg] of Object.entries(pages)) {
    const j = pg.rows.findIndex((r) => r.id === id);
    if (j >= 0) return Number(k) * PAGE_SIZE + j - i;
  }
  return 0;
}

/**
 * The "n new cases above" pill: its own component with its own scroll listener, so neither flashing cases
 * nor scrolling row by row re-render the table; it renders only when its count changes.
 */
const NewAbove = memo(function NewAbove({ scrollRef, onJump }: { scrollRef: React.RefObject<HTMLDivElement | null>; onJump(): void }) {
  const flash = useAppSelector((s) => s.ui.flash);
  const pages = useAppSelector((s) => s.queue.pages);
  // Indexes of the flashing cases among the loaded rows, ascending.
  const flashed = useMemo(() => {
    const out: number[] = [];
    if (Object.keys(flash).length === 0) return out;
    for (const [k, pg] of Object.entries(pages)) {
      const base = Number(k) * PAGE_SIZE;
      pg.rows.forEach((r, j) => {
        if (flash[r.id] !== undefined) out.push(base + j);
      });
    }
    return out.sort((x, y) => x - y);
  }, [flash, pages]);
  const [n, setN] = useState(0);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const count = () => {
      const top = Math.floor(el.scrollTop / ROW_HEIGHT);
      let c = 0;
      if (top > 0) while (c < flashed.length && flashed[c]! < top) c++;
      setN(c);
    };
    count();
    if (flashed.length === 0) return;
    el.addEventListener('scroll', count, { passive: true });
    return () => el.removeEventListener('scroll', count);
  }, [flashed, scrollRef]);
  if (n === 0) return null;
  return (
    <button type="button" className="q-new-above" data-testid="new-above" onClick={onJump}>
      {fmt(t.queue.newAbove, { n })}
    </button>
  );
});

export function QueueTable({ onOpen }: { onOpen(id: string, action?: string): void }) {
  const dispatch = useAppDispatch();
  // Only what the table draws: the anchor bookkeeping must not re-render it on every scrolled row.
  const { total, pages, version, selectedIndex, anchorShift, sort, loadedOnce } = useAppSelector(
    (s) => ({
      total: s.queue.total,
      pages: s.queue.pages,
      version: s.queue.version,
      selectedIndex: s.queue.selectedIndex,
      anchorShift: s.queue.anchorShift,
      sort: s.queue.view.sort,
      loadedOnce: s.queue.loadedOnce,
    }),
    shallowEqual,
  );
  const calendar = useRefData()?.calendar;
  const lk = useLookups();
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

  // Read the pages in view, and the next one ahead in each direction once the view comes near it, so
  // rows are ready before they scroll in (no burst of placeholder rows turning into content at once).
  const aheadFirst = Math.floor(Math.max(0, win.top - PREFETCH_ROWS) / PAGE_SIZE);
  const aheadLast = Math.max(aheadFirst, Math.floor(Math.min(Math.max(0, total - 1), win.bottom + PREFETCH_ROWS) / PAGE_SIZE));
  // Pages with rows on screen (no overscan): these are refreshed on live changes.
  const visFirst = Math.floor(win.top / PAGE_SIZE);
  const visLast = Math.max(visFirst, Math.floor(win.bottom / PAGE_SIZE));
  // Needed now: missing pages near the view, and stale pages that came into view.
  let needFirst = -1;
  let needLast = -1;
  for (let p = aheadFirst; p <= aheadLast; p++) {
    const pg = pages[p];
    if (!pg || (pg.stale && !pg.loading && p >= visFirst && p <= visLast)) {
      if (needFirst < 0) needFirst = p;
      needLast = p;
    }
  }
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

  const onSort = (field: QueueSort['field']) => {
    const dir = sort.field === field && sort.dir === 'desc' ? 'asc' : 'desc';
    dispatch(setSort({ field, dir }));
  };
  const onSelect = useCallback((i: number) => dispatch(select(i)), [dispatch]);
  const onJump = useCallback(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, []);

  const rows: React.ReactNode[] = [];
  const keys = new Set<string>();
  for (let i = win.start; i <= win.end; i++) {
    const row = rowAt(pages, i);
    // Pages read at different moments can hold the same case twice for a moment: keys must stay unique.
    let key = row ? row.id : `#${i}`;
    if (keys.has(key)) key = `${key}#${i}`;
    keys.add(key);
    rows.push(
      <Row key={key} row={row} index={i} selected={i === selectedIndex} lk={lk} calendar={calendar} onSelect={onSelect} onOpen={onOpen} />,
    );
  }

  return (
    <div className="q-table" role="grid" aria-rowcount={total + 1} data-testid="queue-table" data-total={total}>
      <div className="q-head" role="row" style={{ gridTemplateColumns: GRID_TEMPLATE }}>
        {COLS.map((c) => (
          <div
            key={c.key}
            className={`q-hcell${c.sort ? ' q-sortable' : ''}`}
            role="columnheader"
            aria-sort={c.sort && sort.field === c.sort ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
            onClick={c.sort ? () => onSort(c.sort!) : undefined}
            data-testid={`col-${c.key}`}
          >
            {t.queue.columns[c.key]}
            {c.sort && sort.field === c.sort && (sort.dir === 'asc' ? <SortAscendingOutlined /> : <SortDescendingOutlined />)}
          </div>
        ))}
      </div>
      <NewAbove scrollRef={scrollRef} onJump={onJump} />
      <div className="q-scroll" ref={scrollRef} data-testid="queue-scroll">
        {loadedOnce && total === 0 && <div className="q-empty">{t.queue.empty}</div>}
        <div className="q-canvas" style={{ height: total * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
