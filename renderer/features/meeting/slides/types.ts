/** What every slide component gets. */
import type { ReactNode } from 'react';
import type { QueueRow } from '../../../../shared/api.js';
import type { Precedent } from '../../../../shared/model.js';
import type { Slide } from '../agenda.js';
import type { MeetingSession } from '../session.js';
import type { MeetingData } from '../useMeetingData.js';

/** The slide of one section (or sections) of the agenda. */
export type SlideOf<S extends Slide['section']> = Extract<Slide, { section: S }>;

export interface SlideParts {
  /** The slide's title line (section, page, item count). */
  head: ReactNode;
  data: MeetingData;
  now: number;
  onOpen: (r: QueueRow) => void;
  session: MeetingSession;
  /** The leadership group's review of a fallback ruling; absent when this user may not rule. */
  onRule?: ((p: Precedent, decision: 'confirm' | 'overrule') => void) | undefined;
}
