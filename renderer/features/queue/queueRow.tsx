/** One row of the queue table and its cells; the table's columns and row height. */
import { memo } from 'react';
import type { QueueRow } from '../../../shared/api.js';
import type { CalendarConfig } from '../../../shared/calendar/types.js';
import type { QueueSort } from './queueSlice.js';
import { useAppSelector } from '../../store/hooks.js';
import { type Lookups } from '../ref/index.js';
import { ClockBadge } from '../clock/index.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';

export const ROW_HEIGHT = 36;
export type ColKey = keyof typeof t.queue.columns;
export const COLS: { key: ColKey; width: number | string; sort?: QueueSort['field'] }[] = [
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

export interface RowProps {
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
export const Row = memo(function Row({ row, index, selected, lk, calendar, onSelect, onOpen }: RowProps) {
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
