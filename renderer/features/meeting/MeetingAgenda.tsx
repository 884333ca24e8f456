/** The meeting's side bar: its name, the agenda's sections (a click goes to a section's first slide) and the keys hint. */
import { Typography } from 'antd';
import { sectionTitle, SECTIONS, type Section, type Slide } from './agenda.js';
import { m } from './strings.js';

export function MeetingAgenda({
  meetingName,
  starts,
  slide,
  go,
}: {
  meetingName: string;
  /** Each section's first slide. */
  starts: ReadonlyMap<Section, number>;
  slide: Slide | undefined;
  go: (i: number) => void;
}) {
  return (
    <aside className="meeting-agenda">
      <Typography.Title level={4}>{meetingName || m.title}</Typography.Title>
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
      <div className="meeting-hint">{m.keysHint}</div>
    </aside>
  );
}
