/**
 * The wall's map (一张图): the street's grids shaded by the period's reports, the community names large,
 * and a legend in words beside it (no small legends: ux.md). Identical at 1920x1080 and 3840x2160: the
 * map draws on the design canvas with a pixel ratio that follows the canvas scale, so 4K is only sharper.
 */
import { useMemo } from 'react';
import { divisionInForce } from '../../../../shared/geo/index.js';
import { localDay } from '../../../../shared/calendar/localDay.js';
import { metricById, shadeLabels, shadeSteps } from '../../stats/kit/index.js';
import { fmt } from '../../../i18n/zh-CN.js';
import { GridMap, WALL_THEME, shadeIndex } from '../../map/index.js';
import { streetOffset } from '../../../lib/format.js';
import { w } from '../strings.js';
import { C, panelBox } from '../theme.js';
import { type WallData } from '../useWallData.js';

export function MapPanel({ data, scale }: { data: WallData; scale: number }) {
  const today = localDay(Date.now(), streetOffset(data.ref.calendar));
  const division = divisionInForce(data.ref.divisions ?? [], today) ?? data.ref.divisions?.at(-1) ?? null;
  const codeOf = useMemo(() => new Map(data.ref.grids.map((g) => [g.id, g.code])), [data.ref.grids]);
  const { values, overdue, overdueGrids, max } = useMemo(() => {
    const values: Record<string, number> = {};
    let overdue = 0;
    let overdueGrids = 0;
    let max = 0;
    for (const g of data.bundle.groups.grid) {
      const code = codeOf.get(g.key) ?? g.key;
      const n = metricById(g.metrics, 'reported')?.value ?? 0;
      const o = metricById(g.metrics, 'overdueNow')?.value ?? 0;
      values[code] = n;
      max = Math.max(max, n);
      overdue += o;
      if (o > 0) overdueGrids++;
    }
    return { values, overdue, overdueGrids, max };
  }, [data.bundle, codeOf]);
  const steps = useMemo(() => shadeSteps(max), [max]);
  const communities = useMemo(() => {
    const name = new Map(data.ref.communities.map((c) => [c.id, c.name]));
    return (division?.communities ?? []).map((c) => ({
      id: c.communityId,
      name: name.get(c.communityId) ?? c.name ?? '',
      boundary: c.boundary,
    }));
  }, [division, data.ref.communities]);
  const grids = useMemo(() => (division?.grids ?? []).map((g) => ({ code: g.code, name: g.name, boundary: g.boundary })), [division]);

  if (!division) return <div style={{ ...panelBox, height: '100%', fontSize: 44 }}>{w.mapNoDivision}</div>;
  const labels = shadeLabels(steps);
  const ratio = scale * (typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1);
  return (
    <div style={{ display: 'flex', gap: 32, height: '100%' }} data-testid="wall-map">
      <div style={{ ...panelBox, padding: 12, flex: '1 1 auto', minWidth: 0 }}>
        <GridMap
          key={ratio}
          variant="wall"
          labels="communities"
          outline={division.streetOutline}
          communities={communities}
          grids={grids}
          shading={{ values, steps }}
          pixelRatio={ratio}
          testId="wall-grid-map"
        />
      </div>
      <div style={{ ...panelBox, width: 500, flex: 'none', display: 'flex', flexDirection: 'column', gap: 22 }}>
        <div style={{ fontSize: 36, color: C.muted }}>{fmt(w.mapTitle, { period: data.bundle.period.label })}</div>
        {labels.map((label, i) => (
          <div key={label} style={{ display: 'flex', alignItems: 'center', gap: 20 }} data-testid="wall-map-shade">
            <span
              style={{
                width: 64,
                height: 44,
                borderRadius: 6,
                border: `2px solid ${C.border}`,
                background: WALL_THEME.shades[Math.min(i, WALL_THEME.shades.length - 1)],
              }}
            />
            <span style={{ fontSize: 40 }}>{label}</span>
          </div>
        ))}
        <div
          style={{ marginTop: 'auto', fontSize: 44, fontWeight: 700, color: overdue > 0 ? C.bad : C.good }}
          data-testid="wall-map-overdue"
        >
          {fmt(w.mapOverdue, { n: overdue })}
        </div>
        <div style={{ fontSize: 32, color: C.muted }}>{fmt(w.mapOverdueGrids, { n: overdueGrids })}</div>
        {division.demo ? <div style={{ fontSize: 28, color: C.warn }}>{w.mapDemo}</div> : null}
      </div>
    </div>
  );
}

/** Shade of one grid (for tests). */
export const shadeOf = (value: number, max: number) => shadeIndex(value, shadeSteps(max));
export { shadeLabels, shadeSteps };
