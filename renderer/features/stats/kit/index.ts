/**
 * The statistics kit: what other features (wall, meeting, assessment) may use of stats/. Periods and
 * their comparisons, the statistics bundle a screen loads, metric formatting, the print portal, the
 * case status labels (UI text, they stay in exportXlsx.ts), and for convenience the store's client and
 * host-link hooks (store/hooks.ts; reads go through store/serverApi.ts). Other features import stats only
 * through this module (test/featureCycles.test.ts); their text comes from their own strings.ts.
 */
export { loadStatsBundle, type StatsBundle } from './data.js';
export { formatChange, formatMetric, formatMetricShort, metricById } from './format.js';
export { comparisonPeriods, currentPeriod, periodOf, type Period } from './period.js';
export { PrintPortal } from './PrintPortal.js';
export { useApi, useHostLink } from '../../../store/hooks.js';
export { STATUS_LABELS } from '../exportXlsx.js';
export { shadeLabels, shadeSteps } from './shades.js';
