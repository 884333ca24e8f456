/** The overdue cases, longest overdue first, with the bounced count beside them (the 'overdue' panel). */
import type { QueueRow } from '../../../../shared/api.js';
import type { RefData } from '../../../../shared/refData.js';
import { clockMeasure } from '../../../../shared/clocks.js';
import { maskAddress, maskText } from '../../../../shared/assessment/mask.js';
import { w, fmt } from '../strings.js';
import { overdueSpan } from '../../../lib/format.js';
import { MAX_ITEMS } from '../options.js';
import { unitOf, nameOf, Row, BigCount } from './parts.js';
import { C, panelBox, ellipsis } from '../theme.js';
import { type WallData } from '../useWallData.js';

function lateClock(row: QueueRow, now: number) {
  return row.clocks
    .filter((k) => k.stoppedAt === undefined && k.pausedAt === undefined && k.deadline < now)
    .sort((a, b) => a.deadline - b.deadline)[0];
}

function overdueText(row: QueueRow, ref: RefData, now: number): string {
  const late = lateClock(row, now);
  if (!late) return '';
  const minutes = clockMeasure(late, ref.calendar).between(late.deadline, now);
  return fmt(w.overdueBy, { t: overdueSpan(minutes, late.natural) });
}

export function OverduePanel({ data, now }: { data: WallData; now: number }) {
  const { overdue, ref } = data;
  const rows = overdue.rows.slice(0, MAX_ITEMS);
  return (
    <div style={{ ...panelBox, height: '100%' }}>
      <BigCount label={w.overdueTotal} n={overdue.total} tone={overdue.total > 0 ? C.bad : C.good} testId="wall-overdue-total" />
      {rows.length === 0 ? <div style={{ fontSize: 40, color: C.good, marginTop: 60 }}>{w.noOverdue}</div> : null}
      {rows.map((r) => (
        <Row key={r.id} testId="wall-overdue-row">
          <span style={{ ...ellipsis, flex: '1 1 0', color: C.text }}>{maskText(r.title)}</span>
          <span style={{ ...ellipsis, width: 420, color: C.muted }}>
            {nameOf(ref.communities, r.communityId)} · {maskAddress(r.address) || '—'}
          </span>
          <span style={{ ...ellipsis, width: 200 }}>{unitOf(lateClock(r, now)?.unitId ?? r.leadDepartmentId, ref)}</span>
          <span style={{ width: 330, textAlign: 'right', color: C.bad, fontWeight: 700 }}>{overdueText(r, ref, now)}</span>
        </Row>
      ))}
    </div>
  );
}
