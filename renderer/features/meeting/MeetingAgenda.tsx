/** The meeting's side bar: the agenda's sections (a click goes to a section's first slide), the chair and attendees, and the keys hint. */
import { sectionTitle, SECTIONS, type Section, type Slide } from './agenda.js';
import type { MeetingInfo } from './MeetingInfoModal.js';
import { m, fmt } from './strings.js';

export function MeetingAgenda({
  starts,
  slide,
  go,
  info,
  onInfo,
}: {
  /** Each section's first slide. */
  starts: ReadonlyMap<Section, number>;
  slide: Slide | undefined;
  go: (i: number) => void;
  info: MeetingInfo;
  /** Opens the chair and attendees dialog. */
  onInfo: () => void;
}) {
  return (
    <aside className="meeting-agenda">
      <div className="meeting-agenda-head">{m.minutes.agenda}</div>
      {SECTIONS.map((sec) => {
        const start = starts.get(sec);
        const active = slide?.section === sec;
        return (
          <div
            key={sec}
            data-testid={`agenda-${sec}`}
            className={`meeting-agenda-item${active ? ' active' : ''}`}
            onClick={() => start !== undefined && go(start)}
          >
            {sectionTitle(sec)}
          </div>
        );
      })}
      <div className="meeting-people" data-testid="meeting-people" onClick={onInfo}>
        <div>{fmt(m.info.chairLine, { chair: info.chair || m.info.notSet })}</div>
        <div>{fmt(m.info.attendeesLine, { n: info.attendees.length })}</div>
      </div>
      <div className="meeting-hint">{m.keysHint}</div>
    </aside>
  );
}
