/** Cases bounced back and fallback rulings awaiting confirmation (the 'review' panel). */
import { formatLocal } from '../../../../shared/calendar/localDay.js';
import { maskText } from '../../../../shared/assessment/mask.js';
import { w, fmt } from '../strings.js';
import { nameOf, Row, BigCount } from './parts.js';
import { C, panelBox, ellipsis } from '../theme.js';
import { type WallData } from '../useWallData.js';

export function ReviewPanel({ data }: { data: WallData }) {
  const { bounced, ref } = data;
  const pending = ref.precedents.filter((p) => !p.confirmed).sort((a, b) => b.ruledAt - a.ruledAt);
  const cfg = ref.calendar;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 32, height: '100%' }}>
      <div style={panelBox}>
        <BigCount label={w.bounced} n={bounced.total} tone={bounced.total > 0 ? C.warn : C.good} testId="wall-bounced-total" />
        {bounced.rows.length === 0 ? <div style={{ fontSize: 36, marginTop: 40 }}>{w.noBounced}</div> : null}
        {bounced.rows.slice(0, 6).map((r) => (
          <Row key={r.id} testId="wall-bounced-row">
            <span style={{ ...ellipsis, flex: '1 1 0' }}>{maskText(r.title)}</span>
            <span style={{ width: 200, color: C.muted, ...ellipsis }}>{nameOf(ref.communities, r.communityId)}</span>
          </Row>
        ))}
      </div>
      <div style={panelBox}>
        <BigCount label={w.fallback} n={pending.length} tone={pending.length > 0 ? C.warn : C.good} testId="wall-fallback-total" />
        {pending.length === 0 ? <div style={{ fontSize: 36, marginTop: 40 }}>{w.noFallback}</div> : null}
        {pending.slice(0, 6).map((p) => (
          <Row key={p.id} testId="wall-fallback-row">
            <span style={{ ...ellipsis, flex: '1 1 0' }}>
              {fmt(w.fallbackRow, { dept: nameOf(ref.departments, p.departmentId), reason: maskText(p.reason) })}
            </span>
            <span style={{ width: 170, color: C.muted }}>{formatLocal(p.ruledAt, cfg).slice(5, 10)}</span>
          </Row>
        ))}
      </div>
    </div>
  );
}
