/** Which statistics metric (shared/metrics ids) feeds which assessment indicator. Configuration. */
import type { MetricMap } from './inputs.js';

/** Which statistics metric feeds which department / community indicator. */
export const DEPARTMENT_METRIC_MAP: MetricMap = {
  onTimeClosureRate: 'onTimeClosureRate',
  onTimeClosureStrictRate: 'onTimeClosureRateStrict',
  closureRate: 'closureRate',
  reworkRate: 'reworkRate',
  bounceRate: 'bounceRate',
  satisfactionRate: 'satisfactionRate',
  failedVerificationCount: 'reworked',
  overdueNowCount: 'overdueNow',
  urgeCount: 'urged',
  avgHandlingHours: 'avgHandlingHours',
};
export const COMMUNITY_METRIC_MAP: MetricMap = {
  onTimeClosureRate: 'onTimeClosureRate',
  closureRate: 'closureRate',
  satisfactionRate: 'satisfactionRate',
  reportedCount: 'reported',
};
export const GRID_METRIC_MAP: MetricMap = { satisfactionRate: 'satisfactionRate' };
