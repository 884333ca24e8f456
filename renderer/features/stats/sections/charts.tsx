/** The period's charts: the case trend (by day or week) and the bars of each grouping (community, category, source). */
import { Card, Col, Row, Segmented } from 'antd';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip as ChartTooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { StatsResult } from '../../../../shared/api.js';
import type { GroupDim, StatsBundle } from '../kit/data.js';
import { metricById } from '../kit/format.js';
import { trendByWeek } from '../kit/period.js';
import { fmt, s } from '../strings.js';

type Group = StatsResult['groups'][number];
export type TrendMode = 'day' | 'week';

/** Key of the folded "其他" bar (not a group: not drillable). */
const OTHER_KEY = '\u0000other';

/**
 * Bars of a grouping, largest first. Nothing is dropped silently: beyond `limit` bars the rest are folded
 * into one explicit 其他 bar with their sums; `keepEmpty` keeps groups with no case (every community).
 * Exported for tests.
 */
export function groupChartData(groups: readonly Group[], opts: { limit?: number; keepEmpty?: boolean } = {}) {
  const limit = opts.limit ?? 12;
  const rows = groups
    .map((g) => ({
      key: g.key,
      label: g.label,
      reported: metricById(g.metrics, 'reported')?.value ?? 0,
      closed: metricById(g.metrics, 'closed')?.value ?? 0,
    }))
    .filter((x) => opts.keepEmpty || x.reported > 0 || x.closed > 0)
    .sort((a, b) => b.reported - a.reported);
  if (rows.length <= limit) return rows;
  const rest = rows.slice(limit - 1);
  const sum = (k: 'reported' | 'closed') => rest.reduce((n, x) => n + x[k], 0);
  return [
    ...rows.slice(0, limit - 1),
    { key: OTHER_KEY, label: fmt(s.otherGroups, { n: rest.length }), reported: sum('reported'), closed: sum('closed') },
  ];
}

function GroupBarChart({
  groups,
  testId,
  onDrill,
  all = false,
}: {
  groups: readonly Group[];
  testId: string;
  onDrill: (key: string, label: string) => void;
  /** Every group as its own bar, empty ones too (communities: the street has a dozen). */
  all?: boolean;
}) {
  const data = groupChartData(groups, all ? { limit: Infinity, keepEmpty: true } : {});
  return (
    <div data-testid={testId} data-bars={data.length} style={{ width: '100%', height: Math.max(280, 24 * data.length + 70) }}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ left: 16, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={110} interval={0} />
          <ChartTooltip />
          <Legend />
          <Bar
            dataKey="reported"
            name={s.reported}
            fill="#1677ff"
            cursor="pointer"
            onClick={(d: { payload?: { key: string; label: string } }) =>
              d.payload && d.payload.key !== OTHER_KEY && onDrill(d.payload.key, d.payload.label)
            }
          />
          <Bar dataKey="closed" name={s.closed} fill="#52c41a" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function TrendCard({ days, mode, onMode }: { days: StatsBundle['overall']['trend']; mode: TrendMode; onMode: (m: TrendMode) => void }) {
  const trend = mode === 'week' ? trendByWeek(days) : days;
  return (
    <Card
      size="small"
      title={s.trend}
      extra={
        <Segmented<TrendMode>
          data-testid="trend-mode"
          size="small"
          value={mode}
          onChange={onMode}
          options={[
            { value: 'day', label: s.byDay },
            { value: 'week', label: s.byWeek },
          ]}
        />
      }
    >
      <div data-testid="trend-chart" style={{ width: '100%', height: 280 }}>
        <ResponsiveContainer>
          <LineChart data={trend} margin={{ left: 0, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
            <YAxis allowDecimals={false} />
            <ChartTooltip />
            <Legend />
            <Line type="linear" dataKey="reported" name={s.reported} stroke="#1677ff" dot={trend.length < 3} strokeWidth={2} />
            <Line type="linear" dataKey="closed" name={s.closed} stroke="#52c41a" dot={trend.length < 3} strokeWidth={2} />
            <Line type="linear" dataKey="overdue" name={s.overdue} stroke="#f5222d" dot={trend.length < 3} strokeWidth={2} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

/** The groupings drawn as bars, with their card titles; communities show every one (the street has a dozen). */
const BAR_GROUPS: { dim: Extract<GroupDim, 'community' | 'category' | 'source'>; title: string; all?: boolean }[] = [
  { dim: 'community', title: s.byCommunity, all: true },
  { dim: 'category', title: s.byCategory },
  { dim: 'source', title: s.bySource },
];

export function StatsCharts({
  bundle,
  days,
  trendMode,
  onTrendMode,
  onDrill,
}: {
  bundle: StatsBundle;
  /** The trend's days up to today (a running period stops there). */
  days: StatsBundle['overall']['trend'];
  trendMode: TrendMode;
  onTrendMode: (m: TrendMode) => void;
  /** A bar was clicked: the group's cases reported in the period. */
  onDrill: (groupBy: GroupDim, key: string, label: string) => void;
}) {
  return (
    <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
      <Col xs={24} xl={12}>
        <TrendCard days={days} mode={trendMode} onMode={onTrendMode} />
      </Col>
      {BAR_GROUPS.map(({ dim, title, all }) => (
        <Col key={dim} xs={24} xl={12}>
          <Card size="small" title={title}>
            <GroupBarChart
              testId={`${dim}-chart`}
              all={all ?? false}
              groups={bundle.groups[dim]}
              onDrill={(key, label) => onDrill(dim, key, label)}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
