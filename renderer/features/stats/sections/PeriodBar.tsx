/** The screen's head: the period picker (day, week, month, quarter or a custom range), refresh and export, and the caption naming the periods compared. */
import { Button, DatePicker, Segmented, Space, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { HasOffset } from '../../../../shared/calendar/localDay.js';
import { formatLocal } from '../../../../shared/calendar/localDay.js';
import { comparisonPeriods, currentPeriod, periodOf, type Period, type PeriodKind } from '../kit/period.js';
import { fmt, s } from '../strings.js';

export function PeriodBar({
  kind,
  period,
  cfg,
  onKind,
  onPeriod,
  reload,
  loading,
  exporting,
  canExport,
  onExport,
}: {
  kind: PeriodKind;
  period: Period;
  cfg: HasOffset;
  onKind: (k: PeriodKind) => void;
  onPeriod: (p: Period) => void;
  reload: () => void;
  loading: boolean;
  exporting: boolean;
  canExport: boolean;
  onExport: () => void;
}) {
  const pickKind = (k: PeriodKind) => {
    onKind(k);
    if (k !== 'custom') onPeriod(currentPeriod(k, Date.now(), cfg));
  };
  const onPick = (d: Dayjs | null) => d && kind !== 'custom' && onPeriod(periodOf(kind, d.format('YYYY-MM-DD'), cfg));
  const onRange = (r: [Dayjs | null, Dayjs | null] | null) => {
    if (r?.[0] && r[1]) onPeriod(periodOf('custom', r[0].format('YYYY-MM-DD'), cfg, r[1].format('YYYY-MM-DD')));
  };
  return (
    <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {s.title}
        </Typography.Title>
        <Segmented<PeriodKind>
          data-testid="period-kind"
          value={kind}
          onChange={pickKind}
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
            value={dayjs(period.fromDay)}
            onChange={onPick}
            allowClear={false}
            style={{ width: 230 }}
            format={() => period.label}
          />
        )}
      </Space>
      <Space>
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
          {s.refresh}
        </Button>
        <Button
          data-testid="export-xlsx"
          type="primary"
          icon={<DownloadOutlined />}
          onClick={onExport}
          loading={exporting}
          disabled={!canExport}
        >
          {exporting ? s.exporting : s.export}
        </Button>
      </Space>
    </Space>
  );
}

/** Which period is shown and what it is compared with (a running period: 本期至今 against 上期同期 / 去年同期). */
export function PeriodCaption({
  period,
  shown,
  updatedAt,
  cfg,
}: {
  period: Period;
  shown: ReturnType<typeof comparisonPeriods>;
  updatedAt: number | null | undefined;
  cfg: HasOffset;
}) {
  return (
    <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
      {s.period}：<span data-testid="period-label">{period.label}</span>
      {shown.running ? <span data-testid="period-running">{s.runningSoFar}</span> : null}（
      {fmt(s.periodLabels.range, { from: period.fromDay, to: period.toDay })}）；
      <span data-testid="compare-periods">
        {shown.running ? s.previousSame : s.previousPeriod}：{shown.previous.label}；{shown.running ? s.lastYearSame : s.lastYearPeriod}：
        {shown.lastYear.label}
      </span>
      {updatedAt ? `；${fmt(s.updatedAt, { t: formatLocal(updatedAt, cfg) })}` : ''}
    </Typography.Text>
  );
}
