/**
 * The live queue table: virtualised rows over server-side pages (50,000 cases stay smooth), a keyboard
 * cursor kept by case id, new cases flashing in without moving the row under the cursor.
 *
 * Rows have one fixed height, so the window is computed from scrollTop (no measuring, no forced layout;
 * useQueueWindow.ts). Rows are keyed by case id: when a refresh shifts the list, each case keeps its
 * element and only its `top` changes, instead of every row on screen being rewritten with another case's
 * content. One row and the columns are in queueRow.tsx, the new-cases pill in NewAbove.tsx.
 */
import { useCallback } from 'react';
import { shallowEqual } from 'react-redux';
import { SortAscendingOutlined, SortDescendingOutlined } from '@ant-design/icons';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { select, setSort, type QueueSort } from './queueSlice.js';
import { useLookups, useRefData } from '../ref/index.js';
import { t } from '../../i18n/zh-CN.js';
import { COLS, GRID_TEMPLATE, ROW_HEIGHT, Row } from './queueRow.js';
import { rowAt } from './queueWindow.js';
import { NewAbove } from './NewAbove.js';
import { useQueueWindow } from './useQueueWindow.js';

export { GRID_TEMPLATE, ROW_HEIGHT };

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
  const { scrollRef, win } = useQueueWindow({ total, pages, version, selectedIndex, anchorShift });

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
