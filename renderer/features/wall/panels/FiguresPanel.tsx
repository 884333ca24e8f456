/** The month's key figures against the same span of last month (the 'figures' panel). */
import type { MetricValue } from '../../../../shared/api.js';
import { formatChange, formatMetricShort, metricById } from '../../stats/kit/index.js';
import { s } from '../../../i18n/zh-CN/stats.js';
import { w } from '../strings.js';
import { C, panelBox } from '../theme.js';
import { type WallData } from '../useWallData.js';

function FigureTile({
  m,
  prev,
  tone,
  running,
}: {
  m: MetricValue | undefined;
  prev: MetricValue | undefined;
  tone?: string;
  running: boolean;
}) {
  if (!m) return <div style={panelBox} />;
  const change = formatChange(m, prev);
  return (
    <div
      style={{ ...panelBox, display: 'flex', flexDirection: 'column', justifyContent: 'space-between' }}
      data-testid={`wall-figure-${m.id}`}
    >
      <div style={{ fontSize: 38, color: C.muted }}>{m.label}</div>
      <div
        style={{ fontSize: 124, fontWeight: 700, color: tone ?? C.text, fontVariantNumeric: 'tabular-nums', lineHeight: 1.05 }}
        data-testid={`wall-figure-value-${m.id}`}
      >
        {formatMetricShort(m.value, m.unit)}
        {m.unit === 'hours' ? <span style={{ fontSize: 44, marginLeft: 12 }}>{w.hoursUnit}</span> : null}
      </div>
      <div style={{ fontSize: 30, color: C.muted }} data-testid={`wall-figure-change-${m.id}`}>
        {change === s.noBase ? w.noBase : `${running ? w.versusPreviousSame : w.versusPrevious} ${change}`}
      </div>
    </div>
  );
}

export function FiguresPanel({ data }: { data: WallData }) {
  const { overall, previousMetrics } = data.bundle;
  const pick = (id: string) => metricById(overall.metrics, id);
  const prev = (id: string) => metricById(previousMetrics ?? undefined, id);
  const v = (id: string) => pick(id)?.value ?? null;
  // Colour follows the value (with the figure always beside it): green when fine, amber / red when not.
  const rateTone = (x: number | null, good: number, fair: number) =>
    x === null ? undefined : x >= good ? C.good : x >= fair ? C.warn : C.bad;
  const tiles: [string, string | undefined][] = [
    ['reported', undefined],
    ['closed', undefined],
    ['onTimeClosureRate', rateTone(v('onTimeClosureRate'), 0.7, 0.5)],
    ['overdueNow', (v('overdueNow') ?? 0) > 0 ? C.bad : C.good],
    ['satisfactionRate', rateTone(v('satisfactionRate'), 0.9, 0.7)],
    ['avgHandlingHours', undefined],
  ];
  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
        gridTemplateRows: 'repeat(2, minmax(0, 1fr))',
        gap: 32,
        height: '100%',
      }}
    >
      {tiles.map(([id, tone]) => (
        <FigureTile key={id} m={pick(id)} prev={prev(id)} running={data.bundle.running} {...(tone ? { tone } : {})} />
      ))}
    </div>
  );
}
