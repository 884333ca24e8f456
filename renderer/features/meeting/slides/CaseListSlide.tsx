/** The overdue and repeatedly urged slides: one page of cases. */
import { m } from '../strings.js';
import { big, CaseRows } from './parts.js';
import type { SlideOf, SlideParts } from './types.js';

export function CaseListSlide({ slide, head, data, now, onOpen }: SlideParts & { slide: SlideOf<'overdue' | 'urged'> }) {
  const offset = data.ref.calendar.utcOffsetMinutes;
  return (
    <div>
      {head}
      {slide.rows.length === 0 ? (
        <div style={big}>{m.noItems}</div>
      ) : (
        <CaseRows rows={slide.rows} refData={data.ref} now={now} offset={offset} onOpen={onOpen} kind={slide.section} />
      )}
    </div>
  );
}
