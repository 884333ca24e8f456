/** The printed minutes: time, chair, attendees and recorder; the agenda with what the meeting saw, the decisions recorded, the issuer. */
import { formatLocal } from '../../../shared/calendar/localDay.js';
import { PrintPortal } from '../stats/kit/index.js';
import { SECTIONS, type Slide } from './agenda.js';
import { minutesLine } from './minutes.js';
import type { MeetingSession } from './session.js';
import { nameOf } from './slides/parts.js';
import { m, fmt } from './strings.js';
import type { MeetingData } from './useMeetingData.js';
import { streetOffset } from '../../lib/format.js';

export function MinutesPrint({
  data,
  slides,
  session,
  meetingName,
  user,
  now,
}: {
  data: MeetingData;
  slides: readonly Slide[];
  session: MeetingSession;
  meetingName: string;
  user: string;
  now: number;
}) {
  const offset = streetOffset(data.ref.calendar).utcOffsetMinutes;
  return (
    <PrintPortal testId="minutes">
      <div className="minutes-print-area">
        <h1>
          {data.ref.centreName}
          <br />
          {meetingName}
          {m.minutes.title}
        </h1>
        <div data-testid="minutes-people">
          <p>{fmt(m.minutes.time, { t: formatLocal(session.startedAt, { utcOffsetMinutes: offset }) })}</p>
          <p data-testid="minutes-chair">{fmt(m.minutes.chair, { chair: session.chair || '—' })}</p>
          <p data-testid="minutes-attendees">
            {fmt(m.minutes.attendees, { attendees: session.attendees.length ? session.attendees.join(m.listSeparator) : '—' })}
          </p>
          <p>{fmt(m.minutes.recorder, { recorder: user || '—' })}</p>
        </div>
        <h2>{m.minutes.agenda}</h2>
        <ol data-testid="minutes-agenda">
          {SECTIONS.map((sec) => (
            <li key={sec}>
              {m.sections[sec]}：{minutesLine(sec, slides, data, session)}
            </li>
          ))}
        </ol>
        <h2>{m.minutes.decisions}</h2>
        {session.decisions.length === 0 ? <p>{m.minutes.noDecisions}</p> : null}
        {session.decisions.length ? (
          <table className="minutes-table" data-testid="minutes-decisions">
            <thead>
              <tr>
                <th>{m.columns.no}</th>
                <th>{m.columns.content}</th>
                <th>{m.columns.dept}</th>
                <th>{m.columns.deadline}</th>
                <th>{m.columns.code}</th>
              </tr>
            </thead>
            <tbody>
              {session.decisions.map((d, i) => {
                const row = data.tracked.rows.find((r) => r.id === d.caseId);
                return (
                  <tr key={d.caseId}>
                    <td>{i + 1}</td>
                    <td>
                      {d.content}
                      {d.relatedCode ? fmt(m.decision.related, { code: d.relatedCode }) : ''}
                    </td>
                    <td>{nameOf(data.ref.departments, d.departmentId)}</td>
                    <td>{formatLocal(d.deadlineAt, { utcOffsetMinutes: offset })}</td>
                    <td>{row?.code ?? m.pending}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        <p>{m.minutes.closing}</p>
        <p style={{ textAlign: 'right' }}>
          {fmt(m.minutes.issuer, { centre: data.ref.centreName, date: formatLocal(now, { utcOffsetMinutes: offset }).slice(0, 10) })}
        </p>
      </div>
    </PrintPortal>
  );
}
