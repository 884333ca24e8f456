/** The assessment slide: the ranked results of the period's assessment. */
import { m, fmt } from '../strings.js';
import { big } from './parts.js';
import type { SlideOf, SlideParts } from './types.js';

export function AssessmentSlide({ slide, head, data }: SlideParts & { slide: SlideOf<'assessment'> }) {
  return (
    <div>
      {head}
      <div style={{ ...big, color: '#666', marginBottom: 8 }}>
        {fmt(m.assessmentFrom, {
          scheme: data.assessment.scheme.name,
          version: data.assessment.scheme.version,
          period: data.quarter.label,
        })}{' '}
        · {data.assessment.frozen ? m.assessmentFrozen : m.assessmentLive}
      </div>
      <table className="meeting-table">
        <tbody>
          {slide.results.map((r) => (
            <tr key={r.id} data-testid="slide-score">
              <td className="num">{r.unranked ? m.unranked : fmt(m.rank, { n: r.rank })}</td>
              <td style={{ fontWeight: 600 }}>{r.label}</td>
              <td className="sub">{r.items.map((it) => `${it.label.split('，')[0]} ${it.points}`).join('；')}</td>
              <td className="right" style={{ fontWeight: 700, fontSize: 30 }}>
                {r.unranked ? m.unranked : fmt(m.totalScore, { total: r.total })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
