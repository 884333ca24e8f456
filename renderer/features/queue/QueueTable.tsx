/**
 * The live queue table: virtualised rows over server-side pages (50,000 cases stay smooth), a keyboard
 * cursor kept by case id, new cases flashing in without moving the row under the cursor.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { shallowEqual } from 'react-redux';
import { SortAscendingOutlined, SortDescendingOutlined } from '@ant-design/icons';
import type { QueueRow } from '../../../shared/api.js';
import type { CalendarConfig } from '../../../shared/calendar/types.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { PAGE_SIZE, anchorConsumed, fetchPage, select, setSort, setVisible, type QueueSort } from './queueSlice.js';
import { useLookups, type Lookups } from '../ref/lookups.js';
import { ClockBadge } from '../clock/ClockBadge.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';

export const ROW_HEIGHT = 36;
/** Wait this long after scrolling stops before reading pages, so a fast drag does not read every page. */
const FETCH_DELAY_MS = 60;
/** Read the next page when the view is this many rows from it. */
const PREFETCH_ROWS = 40;

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
  /** The virtualiser's element ref: it positions the row itself (no re-render per scrolled pixel). */
  measureRef: (el: HTMLDivElement | null) => void;
  selected: boolean;
  flash: boolean;
  lk: Lookups;
  calendar: CalendarConfig | undefined;
  onSelect(i: number): void;
  onOpen(id: string): void;
}

const Row = memo(function Row({ row, index, measureRef, selected, flash, lk, calendar, onSelect, onOpen }: RowProps) {
  // The virtualiser writes `top` (not a transform: per-row transforms make Chromium layerize every row).
  const style = { gridTemplateColumns: GRID_TEMPLATE };
  if (!row) {
    return (
      <div className="q-row q-row-loading" style={style} role="row" aria-rowindex={index + 2} ref={measureRef} data-index={index}>
        <div className="q-cell">{t.queue.loadingRow}</div>
      </div>
    );
  }
  const running = row.clocks.filter((c) => c.stoppedAt === undefined);
  return (
    <div
      className={`q-row${selected ? ' q-row-selected' : ''}${flash ? ' q-row-flash' : ''}${row.pendingCount > 0 ? ' q-row-pending' : ''}`}
      style={style}
      ref={measureRef}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="queue-row"
      data-case-id={row.id}
      data-index={index}
      onClick={() => onSelect(index)}
      onDoubleClick={() => onOpen(row.id)}
    >
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
    </div>
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
  const flash = useAppSelector((s) => s.ui.flash);
  const calendar = useAppSelector((s) => s.ref.data?.calendar);
  const lk = useLookups();
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Let React batch scroll renders instead of rendering synchronously inside each scroll event.
    useFlushSync: false,
    // Rows are positioned by the virtualiser itself; React renders only when the range of rows changes.
    directDomUpdates: true,
    directDomUpdatesMode: 'position',
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  // Read the pages in view, and the next one ahead in each direction once the view comes near it, so
  // rows are ready before they scroll in (no burst of placeholder rows turning into content at once).
  const aheadFirst = Math.floor(Math.max(0, firstIndex - PREFETCH_ROWS) / PAGE_SIZE);
  const aheadLast = Math.max(aheadFirst, Math.floor(Math.min(Math.max(0, total - 1), lastIndex + PREFETCH_ROWS) / PAGE_SIZE));
  // Pages with rows on screen (no overscan): these are refreshed on live changes.
  const visFirst = Math.floor((virtualizer.range?.startIndex ?? firstIndex) / PAGE_SIZE);
  const visLast = Math.max(visFirst, Math.floor((virtualizer.range?.endIndex ?? lastIndex) / PAGE_SIZE));
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

  const topIndex = Math.floor((virtualizer.scrollOffset ?? 0) / ROW_HEIGHT);

  // Keep the row under the cursor still when rows are inserted above it (the slice follows the cursor).
  useLayoutEffect(() => {
    if (anchorShift !== 0 && scrollRef.current) {
      scrollRef.current.scrollTop += anchorShift * ROW_HEIGHT;
      dispatch(anchorConsumed());
    }
  }, [anchorShift, dispatch]);

  // Without a cursor, while scrolled down, the first row in view is the anchor: when fresh pages move it,
  // scroll by as much. Kept here, not in the store: it changes with every scrolled row.
  const viewAnchor = useRef<{ id: string; index: number } | null>(null);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const a = viewAnchor.current;
    if (!el || !a || selectedIndex >= 0) return;
    for (const [k, pg] of Object.entries(pages)) {
      const j = pg.rows.findIndex((r) => r.id === a.id);
      if (j >= 0) {
        const idx = Number(k) * PAGE_SIZE + j;
        if (idx !== a.index) el.scrollTop += (idx - a.index) * ROW_HEIGHT;
        return;
      }
    }
  }, [pages, selectedIndex]);
  // After every render (and any correction above), remember what is at the top of the view now.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || el.scrollTop < ROW_HEIGHT / 2) {
      viewAnchor.current = null;
      return;
    }
    const i = Math.floor(el.scrollTop / ROW_HEIGHT);
    const id = pages[Math.floor(i / PAGE_SIZE)]?.rows[i % PAGE_SIZE]?.id;
    viewAnchor.current = id ? { id, index: i } : null;
  });

  // The cursor stays in view. Measured on the element itself: the virtualiser's own offset lags a
  // compensation made in the same commit, and scrolling to it would undo that compensation.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [selectedIndex]);

  // New cases that arrived above the view (kept out of it so the cursor row stays put): offer a jump.
  const newAbove = useMemo(() => {
    if (topIndex === 0) return 0;
    let n = 0;
    for (const [k, pg] of Object.entries(pages)) {
      const base = Number(k) * PAGE_SIZE;
      if (base >= topIndex) continue;
      pg.rows.forEach((r, j) => {
        if (base + j < topIndex && flash[r.id] !== undefined) n++;
      });
    }
    return n;
  }, [flash, pages, topIndex]);

  const onSort = (field: QueueSort['field']) => {
    const dir = sort.field === field && sort.dir === 'desc' ? 'asc' : 'desc';
    dispatch(setSort({ field, dir }));
  };
  const onSelect = useCallback((i: number) => dispatch(select(i)), [dispatch]);

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
      {newAbove > 0 && (
        <button
          type="button"
          className="q-new-above"
          data-testid="new-above"
          onClick={() => {
            if (scrollRef.current) scrollRef.current.scrollTop = 0;
          }}
        >
          {fmt(t.queue.newAbove, { n: newAbove })}
        </button>
      )}
      <div className="q-scroll" ref={scrollRef} data-testid="queue-scroll">
        {loadedOnce && total === 0 && <div className="q-empty">{t.queue.empty}</div>}
        <div className="q-canvas" ref={virtualizer.containerRef}>
          {items.map((it) => {
            const row = pages[Math.floor(it.index / PAGE_SIZE)]?.rows[it.index % PAGE_SIZE];
            return (
              <Row
                // Keyed by index, like the virtualiser's element cache: a shifted list changes content, not elements.
                key={it.key}
                row={row}
                index={it.index}
                measureRef={virtualizer.measureElement}
                selected={it.index === selectedIndex}
                flash={row ? flash[row.id] !== undefined : false}
                lk={lk}
                calendar={calendar}
                onSelect={onSelect}
                onOpen={onOpen}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
