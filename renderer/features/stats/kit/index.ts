/**
 * The statistics kit: what other features (wall, meeting, assessment) may use of stats/. Periods and
 * their comparisons, the statistics bundle a screen loads, metric formatting, the print portal, and
 * the live-query hooks and case status labels that stay where they are (useApi.tsx is the renderer's
 * data layer; the labels are UI text). Other features import stats only through this module (and the
 * strings they share, from stats/strings.ts as before).
 */
export { loadStatsBundle, type StatsBundle } from './data.js';
export { formatChange, formatMetric, formatMetricShort, metricById } from './format.js';
export { comparisonPeriods, currentPeriod, periodOf, type Period } from './period.js';
export { PrintPortal } from './PrintPortal.js';
export { useApi, useHostLink, useLiveQuery } from '../useApi.js';
export { STATUS_LABELS } from '../exportXlsx.js';
