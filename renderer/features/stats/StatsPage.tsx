/**
 * 统计分析: period selection with comparison to the previous period and the same period last year, key
 * figures, charts (trend, category, source, community), grid hot spots and the department table with
 * every rate. Every number drills down to its cases; every rate shows its formula and version on hover.
 * The parts live in sections/; the data and the export in useStatsData.ts.
 */
import { useCallback, useState } from 'react';
import { Alert, Typography } from 'antd';
import type { MetricValue } from '../../../shared/api.js';
import { dayIndexOf, dayString } from '../../../shared/calendar/localDay.js';
import { MERGED_DUPLICATE_RULE, metricDefinition } from '../../../shared/metrics/definitions.js';
import { useApi } from '../../store/hooks.js';
import { useFollowedRef } from '../ref/index.js';
import type { GroupDim } from './kit/data.js';
import { DrillModal, type DrillTarget } from './DrillModal.js';
import { comparisonPeriods, currentPeriod, type Period, type PeriodKind } from './kit/period.js';
import { fmt, s } from './strings.js';
import { CFG_DEFAULT, useStatsBundle, useStatsExport } from './useStatsData.js';
import { PeriodBar, PeriodCaption } from './sections/PeriodBar.js';
import { KeyFigures } from './sections/KeyFigures.js';
import { StatsCharts, type TrendMode } from './sections/charts.js';
import { DepartmentTable, HotspotTable } from './sections/tables.js';

/** The metric the group charts drill into (its label from the metric definitions). */
const REPORTED = { id: 'reported', label: metricDefinition('reported')?.label ?? 'reported' };

export default function StatsPage() {
  const api = useApi();
  const ref = useFollowedRef();
  const cfg = ref?.calendar ?? CFG_DEFAULT;
  const [kind, setKind] = useState<PeriodKind>('month');
  const [period, setPeriod] = useState<Period>(() => currentPeriod('month', Date.now(), CFG_DEFAULT));
  const [trendMode, setTrendMode] = useState<TrendMode>('day');
  const [drill, setDrill] = useState<DrillTarget | null>(null);

  const q = useStatsBundle(period);
  const shown = comparisonPeriods(period, q.data?.loadedAt ?? Date.now(), cfg);
  const bundle = q.data;
  const { exporting, doExport } = useStatsExport(api, bundle, ref, period);

  const span = { from: period.from, to: period.to };
  const drillOverall = useCallback(
    (m: MetricValue) => setDrill({ metricId: m.id, label: m.label, period: { from: period.from, to: period.to } }),
    [period],
  );
  const drillGroup = (m: { id: string; label: string }, groupBy: GroupDim, key: string, groupLabel: string) =>
    setDrill({ metricId: m.id, label: m.label, period: span, groupBy, groupKey: key, groupLabel });

  // Days after today have not happened: a running period's trend stops at today instead of plotting zeros.
  const today = dayString(dayIndexOf(bundle?.loadedAt ?? Date.now(), cfg));
  const days = bundle ? bundle.overall.trend.filter((p) => p.day <= today) : [];

  return (
    <div data-testid="stats-page" style={{ padding: 16 }}>
      <PeriodBar
        kind={kind}
        period={period}
        cfg={cfg}
        onKind={setKind}
        onPeriod={setPeriod}
        reload={q.reload}
        loading={q.loading}
        exporting={exporting}
        canExport={!!bundle && !!ref}
        onExport={doExport}
      />
      <PeriodCaption period={period} shown={shown} updatedAt={q.updatedAt} cfg={cfg} />
      {q.error ? <Alert type="error" showIcon title={fmt(s.loadFailed, { msg: q.error })} style={{ marginBottom: 12 }} /> : null}

      {bundle ? (
        <>
          <KeyFigures bundle={bundle} onDrill={drillOverall} />
          <StatsCharts
            bundle={bundle}
            days={days}
            trendMode={trendMode}
            onTrendMode={setTrendMode}
            onDrill={(groupBy, key, label) => drillGroup(REPORTED, groupBy, key, label)}
          />
          <DepartmentTable bundle={bundle} onDrill={drillGroup} />
          <HotspotTable bundle={bundle} onDrill={drillGroup} refData={ref} day={period.fromDay} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }} data-testid="merged-rule">
            {fmt(s.mergedRule, { label: MERGED_DUPLICATE_RULE.label, formula: MERGED_DUPLICATE_RULE.formula })}
          </Typography.Paragraph>
        </>
      ) : null}
      <DrillModal api={api} target={drill} refData={ref} onClose={() => setDrill(null)} />
    </div>
  );
}
