/** The overview slide: the quarter's key figures. */
import { formatMetric, metricById } from '../../stats/kit/index.js';
import { big } from './parts.js';
import type { SlideOf, SlideParts } from './types.js';

export function OverviewSlide({ slide, head, data }: SlideParts & { slide: SlideOf<'overview'> }) {
  return (
    <div>
      {head}
      <div style={{ ...big, marginBottom: 12, color: '#666' }}>{data.quarter.label}</div>
      <div className="meeting-figures">
        {[
          'reported',
          'closed',
          'onTimeClosureRate',
          'onTimeClosureRateStrict',
          'overdueNow',
          'satisfactionRate',
          'bounceRate',
          'avgHandlingHours',
        ].map((id) => {
          const v = metricById(slide.metrics, id);
          return v ? (
            <div key={id} className="meeting-figure" data-testid={`meeting-figure-${id}`}>
              <div className="label">{v.label}</div>
              <div className="value">{formatMetric(v.value, v.unit)}</div>
              <div className="sub">{v.formula}</div>
            </div>
          ) : null;
        })}
      </div>
    </div>
  );
}
