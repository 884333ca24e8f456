/** The precedents slide: fallback rulings for the meeting to confirm (确认) or overrule (改判) — leaders and admins. */
import { Button, Space } from 'antd';
import { formatLocal } from '../../../../shared/calendar/localDay.js';
import { maskText } from '../../../../shared/assessment/mask.js';
import { m, fmt } from '../strings.js';
import { nameOf, big } from './parts.js';
import type { SlideOf, SlideParts } from './types.js';

export function PrecedentsSlide({ slide, head, data, onRule }: SlideParts & { slide: SlideOf<'precedents'> }) {
  const offset = data.ref.calendar.utcOffsetMinutes;
  return (
    <div>
      {head}
      {slide.items.length === 0 ? <div style={big}>{m.noItems}</div> : null}
      <table className="meeting-table">
        <tbody>
          {slide.items.map((p, i) => (
            <tr key={p.id} data-testid="slide-precedent">
              <td className="num">{i + 1}</td>
              <td>
                <div style={{ fontWeight: 600 }}>
                  {fmt(m.precedentRow, { dept: nameOf(data.ref.departments, p.departmentId), reason: maskText(p.reason) })}
                </div>
                <div className="sub">
                  {[p.category, nameOf(data.ref.communities, p.communityId), p.keywords.join('、')]
                    .filter((x) => x && x !== '—')
                    .join(' · ')}
                </div>
              </td>
              <td className="sub right">
                {fmt(m.ruledBy, { by: p.ruledBy.name, at: formatLocal(p.ruledAt, { utcOffsetMinutes: offset }).slice(0, 10) })}
              </td>
              {onRule ? (
                <td className="right" style={{ whiteSpace: 'nowrap' }}>
                  <Space>
                    <Button size="large" type="primary" data-testid="ruling-confirm" onClick={() => onRule(p, 'confirm')}>
                      {m.ruling.confirm}
                    </Button>
                    <Button size="large" data-testid="ruling-overrule" onClick={() => onRule(p, 'overrule')}>
                      {m.ruling.overrule}
                    </Button>
                  </Space>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
