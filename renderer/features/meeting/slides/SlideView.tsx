/** One agenda slide of the meeting, by section. */
import { Tag } from 'antd';
import type { QueueRow } from '../../../../shared/api.js';
import { sectionTitle, type Slide } from '../agenda.js';
import { m, fmt } from '../strings.js';
import { type MeetingSession } from '../session.js';
import { type MeetingData } from '../useMeetingData.js';
import type { SlideParts } from './types.js';

import { OverviewSlide } from './OverviewSlide.js';
import { CaseListSlide } from './CaseListSlide.js';
import { PrecedentsSlide } from './PrecedentsSlide.js';
import { AssessmentSlide } from './AssessmentSlide.js';
import { DecisionsSlide } from './DecisionsSlide.js';

export function SlideView({
  slide,
  data,
  now,
  onOpen,
  session,
  onRule,
}: {
  slide: Slide;
  data: MeetingData;
  now: number;
  onOpen: (r: QueueRow) => void;
  session: MeetingSession;
  onRule?: SlideParts['onRule'];
}) {
  const head = (
    <h2 className="meeting-slide-title" data-testid="slide-title">
      {sectionTitle(slide.section)}
      {slide.pages > 1 ? fmt(m.page, { page: slide.page, pages: slide.pages }) : ''}
      {'total' in slide ? (
        <Tag style={{ marginLeft: 16, fontSize: 24, lineHeight: '36px', padding: '2px 14px' }}>{fmt(m.itemCount, { n: slide.total })}</Tag>
      ) : null}
    </h2>
  );
  const parts = { head, data, now, onOpen, session, onRule };
  switch (slide.section) {
    case 'overview':
      return <OverviewSlide slide={slide} {...parts} />;
    case 'overdue':
    case 'urged':
      return <CaseListSlide slide={slide} {...parts} />;
    case 'precedents':
      return <PrecedentsSlide slide={slide} {...parts} />;
    case 'assessment':
      return <AssessmentSlide slide={slide} {...parts} />;
    case 'decisions':
      return <DecisionsSlide slide={slide} {...parts} />;
  }
}
