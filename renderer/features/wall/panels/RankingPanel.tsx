/** Departments ranked by on-time closure (the 'ranking' panel). */
import type { StatsResult } from '../../../../shared/api.js';
import { formatMetricShort, metricById } from '../../stats/kit/index.js';
import { w, fmt } from '../strings.js';
import { MAX_ITEMS } from '../options.js';
import { Row, Bar, RankBadge } from './parts.js';
import { C, panelBox, ellipsis } from '../theme.js';
import { type WallData } from '../useWallData.js';

/** Departments with cases due in the period, best on-time closure first (top 7). */
export function departmentRanking(groups: StatsResult['groups']) {
  return groups
    .map((g) => ({ g, m: metricById(g.metrics, 'onTimeClosureRate'), o: metricById(g.metrics, 'overdueNow')?.value ?? 0 }))
    .filter((x) => x.g.key !== '' && x.m && x.m.value !== null)
    .sort((a, b) => b.m!.value! - a.m!.value! || (b.m!.denominator ?? 0) - (a.m!.denominator ?? 0) || (a.g.key < b.g.key ? -1 : 1))
    .slice(0, MAX_ITEMS);
}

export function RankingPanel({ data }: { data: WallData }) {
  const rows = departmentRanking(data.bundle.groups.department);
  return (
    <div style={{ ...panelBox, height: '100%' }}>
      <div style={{ fontSize: 40, color: C.muted, marginBottom: 16 }}>{fmt(w.rankingTitle, { period: data.bundle.period.label })}</div>
      {rows.length === 0 ? <div style={{ fontSize: 40, marginTop: 60 }}>{w.noRanking}</div> : null}
      {rows.map(({ g, m, o }, i) => (
        <Row key={g.key} testId="wall-ranking-row">
          <RankBadge n={i + 1} />
          <span style={{ ...ellipsis, width: 260, fontSize: 38 }}>{g.label}</span>
          <Bar ratio={m!.value!} color={m!.value! >= 0.7 ? C.good : m!.value! >= 0.5 ? C.warn : C.bad} />
          <span style={{ width: 190, textAlign: 'right', fontSize: 52, fontWeight: 700, fontVariantNumeric: 'tabular-nums' }}>
            {formatMetricShort(m!.value, 'ratio')}
          </span>
          <span style={{ width: 420, color: C.muted, fontSize: 30 }}>
            {fmt(w.rankingSub, { n: m!.numerator ?? 0, d: m!.denominator ?? 0, o })}
          </span>
        </Row>
      ))}
    </div>
  );
}
