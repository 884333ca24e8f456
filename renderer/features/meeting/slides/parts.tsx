/** Pieces the meeting's slides share: case rows, unit names, overdue text and the large type sizes. */
import type { QueueRow } from '../../../../shared/api.js';
import type { RefData } from '../../../../shared/refData.js';
import { formatLocal } from '../../../../shared/calendar/localDay.js';
import { maskAddress, maskText } from '../../../../shared/assessment/mask.js';
import { overdueSpan } from '../../../lib/format.js';
import { clockMeasure } from '../../../../shared/clocks.js';
import { m, fmt } from '../strings.js';

export const nameOf = (list: readonly { id: string; name: string; shortName?: string }[] | undefined, id: string | undefined) => {
  const x = id && list ? list.find((e) => e.id === id) : undefined;
  return x ? (x.shortName ?? x.name) : '—';
};

export function overdueText(r: QueueRow, ref: RefData, now: number): string {
  const late = r.clocks
    .filter((k) => k.stoppedAt === undefined && k.pausedAt === undefined && k.deadline < now)
    .sort((a, b) => a.deadline - b.deadline)[0];
  return late ? fmt(m.overdueBy, { t: overdueSpan(clockMeasure(late, ref.calendar).between(late.deadline, now), late.natural) }) : '';
}

export const big = { fontSize: 26 } as const;

export const tagBig = { fontSize: 20, lineHeight: '32px', padding: '0 12px' } as const;

export function CaseRows({
  rows,
  refData: ref,
  now,
  offset,
  onOpen,
  kind,
}: {
  rows: QueueRow[];
  refData: RefData;
  now: number;
  offset: number;
  onOpen: (r: QueueRow) => void;
  kind: 'overdue' | 'urged';
}) {
  return (
    <table className="meeting-table" data-testid={`slide-rows-${kind}`}>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.id} data-testid="slide-case" onClick={() => onOpen(r)} style={{ cursor: 'pointer' }}>
            <td className="num">{i + 1}</td>
            <td>
              <div style={{ fontWeight: 600 }}>{maskText(r.title)}</div>
              <div className="sub">
                {r.code} · {nameOf(ref.communities, r.communityId)} · {maskAddress(r.address)}
              </div>
            </td>
            <td>{nameOf(ref.departments, r.leadDepartmentId)}</td>
            <td className="right" style={{ color: kind === 'overdue' ? '#cf1322' : '#d46b08', fontWeight: 600 }}>
              {kind === 'overdue' ? overdueText(r, ref, now) : fmt(m.urgeCount, { n: r.urgeCount })}
            </td>
            <td className="sub right">{formatLocal(r.reportedAt, { utcOffsetMinutes: offset }).slice(5)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
