/** The grids with most cases this month (the 'hotspots' panel). */
import { metricById } from '../../stats/kit/index.js';
import { w, fmt } from '../strings.js';
import { MAX_ITEMS } from '../options.js';
import { nameOf, Row, Bar, RankBadge } from './parts.js';
import { C, panelBox, ellipsis } from '../theme.js';
import { type WallData } from '../useWallData.js';

export function HotspotsPanel({ data }: { data: WallData }) {
  const communityOfGrid = new Map(data.ref.grids.map((g) => [g.id, g.communityId]));
  const rows = data.bundle.groups.grid
    .map((g) => ({ g, n: metricById(g.metrics, 'reported')?.value ?? 0, o: metricById(g.metrics, 'overdueNow')?.value ?? 0 }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || (a.g.key < b.g.key ? -1 : 1))
    .slice(0, MAX_ITEMS);
  const max = rows[0]?.n ?? 1;
  return (
    <div style={{ ...panelBox, height: '100%' }}>
      <div style={{ fontSize: 40, color: C.muted, marginBottom: 16 }}>{fmt(w.hotspotsTitle, { period: data.bundle.period.label })}</div>
      {rows.length === 0 ? <div style={{ fontSize: 40, marginTop: 60 }}>{w.noHotspots}</div> : null}
      {rows.map(({ g, n, o }, i) => (
        <Row key={g.key} testId="wall-hotspot-row">
          <RankBadge n={i + 1} />
          <span style={{ ...ellipsis, width: 520, fontSize: 36 }}>
            {nameOf(data.ref.communities, communityOfGrid.get(g.key))} · {g.label}
          </span>
          <Bar ratio={n / max} color={C.accent} />
          <span style={{ width: 150, textAlign: 'right', fontSize: 52, fontWeight: 700 }}>{n}</span>
          <span style={{ width: 220, color: o > 0 ? C.bad : C.muted, fontSize: 30 }}>{fmt(w.overdueCount, { n: o })}</span>
        </Row>
      ))}
    </div>
  );
}
