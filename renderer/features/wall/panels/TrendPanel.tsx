/** The last 30 days' cases as lines (the 'trend' panel). */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { w } from '../strings.js';
import { C, panelBox } from '../theme.js';
import { type WallData } from '../useWallData.js';

const SERIES = [
  { key: 'reported', label: w.reported, color: C.accent },
  { key: 'closed', label: w.closed, color: C.good },
  { key: 'overdue', label: w.overdue, color: C.bad },
] as const;

export function TrendPanel({ data }: { data: WallData }) {
  return (
    <div style={{ ...panelBox, height: '100%', display: 'flex', flexDirection: 'column' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 48, fontSize: 38, marginBottom: 12 }}>
        <span style={{ color: C.muted }}>{w.trendTitle}</span>
        {SERIES.map((x) => (
          <span key={x.key} style={{ display: 'inline-flex', alignItems: 'center', gap: 14 }}>
            <span style={{ display: 'inline-block', width: 56, height: 10, background: x.color, borderRadius: 5 }} />
            {x.label}
          </span>
        ))}
      </div>
      <div style={{ flex: '1 1 0' }} data-testid="wall-trend-chart">
        <ResponsiveContainer>
          <LineChart data={data.trend} margin={{ top: 24, right: 40, left: 10, bottom: 10 }}>
            <CartesianGrid stroke="rgba(159,182,218,0.2)" vertical={false} />
            <XAxis
              dataKey="day"
              tickFormatter={(d: string) => d.slice(5)}
              tick={{ fill: C.muted, fontSize: 28 }}
              interval={4}
              stroke={C.border}
              tickMargin={12}
            />
            <YAxis allowDecimals={false} tick={{ fill: C.muted, fontSize: 28 }} stroke={C.border} width={80} />
            {SERIES.map((x) => (
              <Line
                key={x.key}
                type="linear"
                dataKey={x.key}
                stroke={x.color}
                strokeWidth={6}
                dot={{ r: 6, fill: x.color }}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
