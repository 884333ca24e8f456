/** The decisions slide: the meeting's tracked decisions and their state. */
import { Tag } from 'antd';
import { formatLocal } from '../../../../shared/calendar/localDay.js';
import { STATUS_LABELS } from '../../stats/kit/index.js';
import { decisionText } from '../agenda.js';
import { m } from '../strings.js';
import { nameOf, big, tagBig } from './parts.js';
import type { SlideOf, SlideParts } from './types.js';

export function DecisionsSlide({ head, data, now, onOpen, session }: SlideParts & { slide: SlideOf<'decisions'> }) {
  const offset = data.ref.calendar.utcOffsetMinutes;
  const mine = new Set(session.decisions.map((d) => d.caseId));
  const rows = data.tracked.rows;
  return (
    <div>
      {head}
      <div style={{ ...big, marginBottom: 8 }}>{m.tracked}</div>
      <table className="meeting-table" data-testid="decision-rows">
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td style={big}>{m.noItems}</td>
            </tr>
          ) : null}
          {rows.slice(0, 10).map((r, i) => {
            const overdue = r.clocks.some((k) => k.stoppedAt === undefined && k.pausedAt === undefined && k.deadline < now);
            const deadline = r.clocks.find((k) => k.kind === 'handling' && k.stoppedAt === undefined)?.deadline;
            return (
              <tr key={r.id} data-testid="decision-row" onClick={() => onOpen(r)} style={{ cursor: 'pointer' }}>
                <td className="num">{i + 1}</td>
                <td>
                  <div style={{ fontWeight: 600 }}>
                    {decisionText(r.title)}{' '}
                    {mine.has(r.id) ? (
                      <Tag color="blue" style={tagBig}>
                        {m.thisMeeting}
                      </Tag>
                    ) : null}
                  </div>
                  <div className="sub">{r.code}</div>
                </td>
                <td>{nameOf(data.ref.departments, r.leadDepartmentId)}</td>
                <td className="sub">{deadline ? formatLocal(deadline, { utcOffsetMinutes: offset }) : ''}</td>
                <td className="right">
                  {r.pendingCount > 0 ? <Tag style={tagBig}>{m.pending}</Tag> : null}
                  {overdue ? (
                    <Tag color="red" style={tagBig}>
                      {m.clockOverdue}
                    </Tag>
                  ) : (
                    <Tag color="green" style={tagBig}>
                      {STATUS_LABELS[r.status]}
                    </Tag>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
