/** The printed minutes' agenda lines. */
import { formatMetric, metricById } from '../stats/kit/index.js';
import { SECTIONS, type Slide } from './agenda.js';
import { m, fmt } from './strings.js';
import { type MeetingSession } from './session.js';
import { type MeetingData } from './useMeetingData.js';

/** One line of the minutes' agenda, with what the meeting saw under it. */
export function minutesLine(sec: (typeof SECTIONS)[number], slides: readonly Slide[], data: MeetingData, session: MeetingSession): string {
  const first = slides.find((x) => x.section === sec);
  const metric = (id: string) => {
    const v = metricById(data.metrics, id);
    return v ? formatMetric(v.value, v.unit) : '—';
  };
  switch (sec) {
    case 'overview':
      return fmt(m.minutes.overview, {
        period: data.quarter.label,
        reported: metric('reported'),
        closed: metric('closed'),
        onTime: metric('onTimeClosureRate'),
      });
    case 'decisions':
      return fmt(m.itemCount, { n: session.decisions.length });
    default:
      return fmt(m.itemCount, { n: first && 'total' in first ? first.total : 0 });
  }
}
