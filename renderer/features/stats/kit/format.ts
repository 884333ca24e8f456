/** Number formatting of metric values for screens and exports. */
import type { MetricValue } from '../../../../shared/api.js';
import { s, fmt } from '../strings.js';

/** 0.853 → '85.3%', 12 → '12', 5.25 h → '5.3 小时', null → '—'. */
export function formatMetric(value: number | null | undefined, unit: MetricValue['unit']): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'hours':
      return fmt(s.hours, { h: value.toFixed(1) });
    case 'count':
      return String(Math.round(value));
  }
}

/** Short value for dense tables and wall figures: hours without the unit word. */
export function formatMetricShort(value: number | null | undefined, unit: MetricValue['unit']): string {
  if (unit === 'hours') return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(1);
  return formatMetric(value, unit);
}

/** +12.5% / −3.0% / '—'; rates compare in percentage points instead (+2.1 个百分点). */
export function formatChange(current: MetricValue | undefined, base: MetricValue | undefined): string {
  if (!current || !base || current.value === null || base.value === null) return s.noBase;
  if (current.unit === 'ratio') {
    const pp = (current.value - base.value) * 100;
    return fmt(s.percentagePoints, { sign: pp >= 0 ? '+' : '−', pp: Math.abs(pp).toFixed(1) });
  }
  if (base.value === 0) return s.noBase;
  const r = ((current.value - base.value) / Math.abs(base.value)) * 100;
  return `${r >= 0 ? '+' : '−'}${Math.abs(r).toFixed(1)}%`;
}

export const metricById = (metrics: readonly MetricValue[] | undefined, id: string): MetricValue | undefined =>
  metrics?.find((m) => m.id === id);
