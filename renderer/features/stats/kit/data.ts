/**
 * Loading everything one statistics view needs: the period's metrics and trend, every grouping, and the
 * comparison periods. One bundle feeds the screen, the Excel export, the wall display and the meeting agenda.
 */
import type { MetricValue, StatsResult } from '../../../../shared/api.js';
import type { ApiClient } from '../../../api/client.js';
import type { Period } from './period.js';

export type GroupDim = 'department' | 'community' | 'category' | 'source' | 'grid';
export const GROUP_DIMS: readonly GroupDim[] = ['department', 'community', 'category', 'source', 'grid'];

export interface StatsBundle {
  period: Period;
  /** Compared over the same elapsed span (本期至今 against 上期同期 / 去年同期): see comparisonPeriods. */
  running: boolean;
  previous: Period | null;
  lastYear: Period | null;
  overall: StatsResult;
  groups: Record<GroupDim, StatsResult['groups']>;
  previousMetrics: MetricValue[] | null;
  lastYearMetrics: MetricValue[] | null;
  loadedAt: number;
}

const span = (p: Period) => ({ from: p.from, to: p.to });

export async function loadStatsBundle(
  api: ApiClient,
  period: Period,
  compare: { previous: Period | null; lastYear: Period | null },
  dims: readonly GroupDim[] = GROUP_DIMS,
): Promise<StatsBundle> {
  const [overall, prev, ly, ...grouped] = await Promise.all([
    api.call('stats.query', { period: span(period), groupBy: 'none' }),
    compare.previous ? api.call('stats.query', { period: span(compare.previous), groupBy: 'none', metricsOnly: true }) : Promise.resolve(null),
    compare.lastYear ? api.call('stats.query', { period: span(compare.lastYear), groupBy: 'none', metricsOnly: true }) : Promise.resolve(null),
    ...dims.map((groupBy) => api.call('stats.query', { period: span(period), groupBy })),
  ]);
  const groups = { department: [], community: [], category: [], source: [], grid: [] } as Record<GroupDim, StatsResult['groups']>;
  dims.forEach((d, i) => (groups[d] = grouped[i]!.groups));
  return {
    period,
    running: compare.previous?.cutAt !== undefined || compare.lastYear?.cutAt !== undefined,
    previous: compare.previous,
    lastYear: compare.lastYear,
    overall,
    groups,
    previousMetrics: prev?.metrics ?? null,
    lastYearMetrics: ly?.metrics ?? null,
    loadedAt: Date.now(),
  };
}

/** Metric ids shown as key figures, in order. */
export const KEY_METRICS = [
  'reported',
  'closed',
  'onTimeClosureRate',
  'onTimeClosureRateStrict',
  'closureRate',
  'overdueNow',
  'satisfactionRate',
  'avgHandlingHours',
] as const;

/** Columns of the department table: every rate plus the counts behind them. */
export const DEPARTMENT_COLUMNS = [
  'dispatched',
  'due',
  'closed',
  'onTimeClosureRate',
  'onTimeClosureRateStrict',
  'closureRate',
  'bounceRate',
  'reworkRate',
  'extensionRate',
  'satisfactionRate',
  'avgHandlingHours',
  'urged',
  'overdueNow',
] as const;

/** Case lists written to the Excel export, one sheet each. */
export const EXPORT_CASE_LISTS = ['reported', 'closed', 'closedOnTime', 'overdueNow', 'bounced', 'reworked', 'urged', 'reopened'] as const;
