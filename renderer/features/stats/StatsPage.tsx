/**
 * 统计分析: period selection with comparison to the previous period and the same period last year, key
 * figures, charts (trend, category, source, community), grid hot spots and the department table with
 * every rate. Every number drills down to its cases; every rate shows its formula and version on hover.
 */
import { useCallback, useState } from 'react';
import { App, Alert, Button, Card, Col, DatePicker, Row, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
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
import type { MetricValue, StatsResult } from '../../../shared/api.js';
import { dayIndexOf, dayString, formatLocal } from '../../../shared/calendar/localDay.js';
import { DEPARTMENT_COLUMNS, EXPORT_CASE_LISTS, KEY_METRICS, loadStatsBundle, type GroupDim, type StatsBundle } from './kit/data.js';
import { DrillModal, type DrillTarget } from './DrillModal.js';
import { downloadStatsWorkbook, hotSpots, type CaseList } from './exportXlsx.js';
import { formatChange, formatMetric, formatMetricShort, metricById } from './kit/format.js';
import { MetricTip } from './MetricTip.js';
import { metricDefinition } from '../../../shared/metrics/definitions.js';
import { comparisonPeriods, currentPeriod, periodOf, trendByWeek, type Period, type PeriodKind } from './kit/period.js';
import { fmt, s } from './strings.js';
import { liveOptions, liveView, loaderQuery, serverApi } from '../../store/serverApi.js';
import { useApi } from '../../store/hooks.js';
import type { RootState } from '../../store/index.js';
import { selectRefData, useFollowedRef } from '../ref/refData.js';
import { streetOffset } from '../../lib/format.js';

const CFG_DEFAULT = streetOffset();
/** The metric the group charts drill into (its label from the metric definitions). */
const REPORTED = { id: 'reported', label: metricDefinition('reported')?.label ?? 'reported' };

/** The statistics bundle of a period, refetched when the case log changes (tag Stats). */
const statsQueries = serverApi.injectEndpoints({
  endpoints: (b) => ({
    statsBundle: b.query<StatsBundle, Period>({
      // Compared at each load: a running period against the same elapsed span of the others (本期至今 / 上期同期).
      queryFn: loaderQuery((api, period: Period, state) => {
        const c = comparisonPeriods(period, Date.now(), selectRefData(state as RootState)?.calendar ?? CFG_DEFAULT);
        return loadStatsBundle(api, period, { previous: c.previous, lastYear: c.lastYear });
      }),
      providesTags: ['Stats'],
    }),
  }),
});
type Group = StatsResult['groups'][number];

/** A number that opens its case list. */
function DrillNumber({ m, onDrill, testId, short }: { m: MetricValue | undefined; onDrill: () => void; testId: string; short?: boolean }) {
  if (!m) return <span>—</span>;
  const text = short ? formatMetricShort(m.value, m.unit) : formatMetric(m.value, m.unit);
  return (
    <Tooltip
      title={
        m.unit === 'ratio' && m.denominator !== undefined ? `${m.numerator ?? 0} / ${m.denominator}，${s.clickToDrill}` : s.clickToDrill
      }
    >
      <Typography.Link data-testid={testId} data-value={m.value ?? ''} onClick={onDrill} style={{ fontSize: 'inherit' }}>
        {text}
      </Typography.Link>
    </Tooltip>
  );
}

function KeyFigure({
  m,
  prev,
  ly,
  onDrill,
  running,
}: {
  m: MetricValue | undefined;
  prev: MetricValue | undefined;
  ly: MetricValue | undefined;
  onDrill: () => void;
  /** Compared over the same elapsed span (labels say 同期). */
  running: boolean;
}) {
  if (!m) return null;
  return (
    <Card size="small" data-testid={`key-${m.id}`} style={{ height: '100%' }}>
      <div style={{ color: '#666', marginBottom: 4 }}>
        <MetricTip id={m.id} label={m.label} formula={m.formula} version={m.version} />
      </div>
      <div style={{ fontSize: 28, fontWeight: 600, lineHeight: 1.2 }}>
        <DrillNumber m={m} onDrill={onDrill} testId={`key-value-${m.id}`} />
      </div>
      <div style={{ fontSize: 12, color: '#666', marginTop: 4 }}>
        <div data-testid={`key-prev-${m.id}`}>
          {running ? s.previousSameShort : s.previous} {formatChange(m, prev)}
        </div>
        <div data-testid={`key-ly-${m.id}`}>
          {running ? s.lastYearSameShort : s.lastYear} {formatChange(m, ly)}
        </div>
      </div>
    </Card>
  );
}

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
  return [...rows.slice(0, limit - 1), { key: OTHER_KEY, label: fmt(s.otherGroups, { n: rest.length }), reported: sum('reported'), closed: sum('closed') }];
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
            onClick={(d: { payload?: { key: string; label: string } }) => d.payload && d.payload.key !== OTHER_KEY && onDrill(d.payload.key, d.payload.label)}
          />
          <Bar dataKey="closed" name={s.closed} fill="#52c41a" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export default function StatsPage() {
  const api = useApi();
  const { message } = App.useApp();
  const ref = useFollowedRef();
  const cfg = ref?.calendar ?? CFG_DEFAULT;
  const [kind, setKind] = useState<PeriodKind>('month');
  const [period, setPeriod] = useState<Period>(() => currentPeriod('month', Date.now(), CFG_DEFAULT));
  const [trendMode, setTrendMode] = useState<'day' | 'week'>('day');
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const [exporting, setExporting] = useState(false);

  const q = liveView<StatsBundle>(statsQueries.useStatsBundleQuery(period, liveOptions()));
  const shown = comparisonPeriods(period, q.data?.loadedAt ?? Date.now(), cfg);
  const bundle = q.data;

  const onKind = (k: PeriodKind) => {
    setKind(k);
    if (k !== 'custom') setPeriod(currentPeriod(k, Date.now(), cfg));
  };
  const onPick = (d: Dayjs | null) => d && kind !== 'custom' && setPeriod(periodOf(kind, d.format('YYYY-MM-DD'), cfg));
  const onRange = (r: [Dayjs | null, Dayjs | null] | null) => {
    if (r?.[0] && r[1]) setPeriod(periodOf('custom', r[0].format('YYYY-MM-DD'), cfg, r[1].format('YYYY-MM-DD')));
  };

  const span = { from: period.from, to: period.to };
  const drillOverall = useCallback(
    (m: MetricValue) => setDrill({ metricId: m.id, label: m.label, period: { from: period.from, to: period.to } }),
    [period],
  );
  const drillGroup = (m: { id: string; label: string }, groupBy: GroupDim, key: string, groupLabel: string) =>
    setDrill({ metricId: m.id, label: m.label, period: span, groupBy, groupKey: key, groupLabel });

  const doExport = async () => {
    if (!bundle || !ref) return;
    setExporting(true);
    try {
      const caseLists: CaseList[] = await Promise.all(
        EXPORT_CASE_LISTS.map(async (id) => ({
          metricId: id,
          label: metricById(bundle.overall.metrics, id)?.label ?? id,
          rows: await api.call('stats.drill', { period: span, metricId: id, limit: 5000 }),
        })),
      );
      const session = await api.call('session.current', {}).catch(() => null);
      const file = await downloadStatsWorkbook({ bundle, ref, caseLists, exportedAt: Date.now(), exportedBy: session?.user.name ?? '' });
      void message.success(fmt(s.exported, { name: file }));
    } catch (e) {
      void message.error(fmt(s.exportFailed, { msg: e instanceof Error ? e.message : String(e) }));
    } finally {
      setExporting(false);
    }
  };

  // Days after today have not happened: a running period's trend stops at today instead of plotting zeros.
  const today = dayString(dayIndexOf(bundle?.loadedAt ?? Date.now(), cfg));
  const days = bundle ? bundle.overall.trend.filter((p) => p.day <= today) : [];
  const trend = trendMode === 'week' ? trendByWeek(days) : days;
  const pickerValue = dayjs(period.fromDay);
  // Every department of the street (an idle one shows its zeros; one with only an old overdue case shows it);
  // the 未派遣 row only when it counts something.
  const deptGroups = bundle?.groups.department.filter((g) => g.key !== '' || g.metrics.some((m) => (m.value ?? 0) !== 0)) ?? [];
  const defs = bundle?.groups.department[0]?.metrics ?? bundle?.overall.metrics ?? [];

  return (
    <div data-testid="stats-page" style={{ padding: 16 }}>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {s.title}
          </Typography.Title>
          <Segmented<PeriodKind>
            data-testid="period-kind"
            value={kind}
            onChange={onKind}
            options={(Object.keys(s.periodKinds) as PeriodKind[]).map((k) => ({ value: k, label: s.periodKinds[k] }))}
          />
          {kind === 'custom' ? (
            <DatePicker.RangePicker
              data-testid="period-range"
              value={[dayjs(period.fromDay), dayjs(period.toDay)]}
              onChange={onRange}
              allowClear={false}
            />
          ) : (
            <DatePicker
              data-testid="period-picker"
              picker={kind === 'day' ? 'date' : kind}
              value={pickerValue}
              onChange={onPick}
              allowClear={false}
              style={{ width: 230 }}
              format={() => period.label}
            />
          )}
        </Space>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={q.reload} loading={q.loading}>
            {s.refresh}
          </Button>
          <Button
            data-testid="export-xlsx"
            type="primary"
            icon={<DownloadOutlined />}
            onClick={doExport}
            loading={exporting}
            disabled={!bundle || !ref}
          >
            {exporting ? s.exporting : s.export}
          </Button>
        </Space>
      </Space>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        {s.period}：<span data-testid="period-label">{period.label}</span>
        {shown.running ? <span data-testid="period-running">{s.runningSoFar}</span> : null}（{fmt(s.periodLabels.range, { from: period.fromDay, to: period.toDay })}）；
        <span data-testid="compare-periods">
          {shown.running ? s.previousSame : s.previousPeriod}：{shown.previous.label}；{shown.running ? s.lastYearSame : s.lastYearPeriod}：
          {shown.lastYear.label}
        </span>
        {q.updatedAt ? `；${fmt(s.updatedAt, { t: formatLocal(q.updatedAt, cfg) })}` : ''}
      </Typography.Text>
      {q.error ? <Alert type="error" showIcon title={fmt(s.loadFailed, { msg: q.error })} style={{ marginBottom: 12 }} /> : null}

      {bundle ? (
        <>
          <Row gutter={[12, 12]} data-testid="key-figures">
            {KEY_METRICS.map((id) => {
              const m = metricById(bundle.overall.metrics, id);
              return (
                <Col key={id} xs={12} md={6} xl={3}>
                  <KeyFigure
                    m={m}
                    prev={metricById(bundle.previousMetrics ?? undefined, id)}
                    ly={metricById(bundle.lastYearMetrics ?? undefined, id)}
                    onDrill={() => m && drillOverall(m)}
                    running={bundle.running}
                  />
                </Col>
              );
            })}
          </Row>

          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={s.trend}
                extra={
                  <Segmented<'day' | 'week'>
                    data-testid="trend-mode"
                    size="small"
                    value={trendMode}
                    onChange={setTrendMode}
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
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={s.byCommunity}>
                <GroupBarChart
                  testId="community-chart"
                  all
                  groups={bundle.groups.community}
                  onDrill={(key, label) => drillGroup(REPORTED, 'community', key, label)}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={s.byCategory}>
                <GroupBarChart
                  testId="category-chart"
                  groups={bundle.groups.category}
                  onDrill={(key, label) => drillGroup(REPORTED, 'category', key, label)}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={s.bySource}>
                <GroupBarChart
                  testId="source-chart"
                  groups={bundle.groups.source}
                  onDrill={(key, label) => drillGroup(REPORTED, 'source', key, label)}
                />
              </Card>
            </Col>
          </Row>

          <Card size="small" title={s.departments} style={{ marginTop: 12 }}>
            <Table<Group>
              data-testid="dept-table"
              size="small"
              rowKey="key"
              pagination={false}
              scroll={{ x: 1400 }}
              dataSource={deptGroups}
              columns={[
                { title: s.department, dataIndex: 'label', fixed: 'left', width: 110 },
                ...DEPARTMENT_COLUMNS.map((id) => {
                  const d = metricById(defs, id);
                  return {
                    key: id,
                    title: (
                      <MetricTip
                        id={id}
                        label={d ? (d.unit === 'hours' ? fmt(s.workingHoursHead, { label: d.label }) : d.label) : id}
                        {...(d ? { formula: d.formula, version: d.version } : {})}
                      />
                    ),
                    align: 'right' as const,
                    render: (_: unknown, g: Group) => {
                      const m = metricById(g.metrics, id);
                      return (
                        <DrillNumber
                          m={m}
                          short
                          testId={`dept-${g.key}-${id}`}
                          onDrill={() => m && drillGroup(m, 'department', g.key, g.label)}
                        />
                      );
                    },
                  };
                }),
              ]}
            />
          </Card>

          <Card size="small" title={s.hotSpots} style={{ marginTop: 12 }}>
            <Table<Group>
              data-testid="hotspot-table"
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={hotSpots(bundle.groups.grid, 15)}
              columns={[
                { title: '#', key: 'rank', width: 48, render: (_: unknown, _g: Group, i: number) => i + 1 },
                { title: s.grid, dataIndex: 'label' },
                ...(['reported', 'closed', 'overdueNow', 'onTimeClosureRate', 'satisfactionRate'] as const).map((id) => ({
                  key: id,
                  title: <MetricTip id={id} />,
                  align: 'right' as const,
                  render: (_: unknown, g: Group) => {
                    const m = metricById(g.metrics, id);
                    return (
                      <DrillNumber m={m} short testId={`grid-${g.key}-${id}`} onDrill={() => m && drillGroup(m, 'grid', g.key, g.label)} />
                    );
                  },
                })),
              ]}
            />
          </Card>
        </>
      ) : null}
      <DrillModal api={api} target={drill} refData={ref} onClose={() => setDrill(null)} />
    </div>
  );
}
