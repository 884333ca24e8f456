/** What the wall shows, loaded in one go and kept live (every `changes` push and every minute). */
import type { QueueResult, StatsResult } from '../../../shared/api.js';
import type { RefData } from '../../../shared/refData.js';
import { addDays, dayIndexOf, dayString } from '../../../shared/calendar/localDay.js';
import type { ApiClient } from '../../api/client.js';
import { loadStatsBundle, type StatsBundle, comparisonPeriods, currentPeriod, periodOf, useLiveQuery } from '../stats/kit/index.js';
import { MAX_ITEMS } from './options.js';

export interface WallData {
  ref: RefData;
  bundle: StatsBundle;
  trend: StatsResult['trend'];
  overdue: QueueResult;
  bounced: QueueResult;
}

export async function loadWall(api: ApiClient, now: number): Promise<WallData> {
  const ref = await api.call('ref.get', {});
  const cfg = ref.calendar;
  const month = currentPeriod('month', now, cfg);
  const today = dayString(dayIndexOf(now, cfg));
  const last30 = periodOf('custom', addDays(today, -29), cfg, today);
  const [bundle, trend, overdue, bounced] = await Promise.all([
    // This month so far against last month over the same elapsed span (上期同期), never against all of it.
    loadStatsBundle(api, month, { previous: comparisonPeriods(month, now, cfg).previous, lastYear: null }, ['department', 'grid']),
    api.call('stats.query', { period: { from: last30.from, to: last30.to }, groupBy: 'none' }),
    api.call('queue.list', { tab: 'overdue', sort: { field: 'deadline', dir: 'asc' }, limit: MAX_ITEMS }),
    api.call('queue.list', { tab: 'bounced', sort: { field: 'updatedAt', dir: 'asc' }, limit: MAX_ITEMS }),
  ]);
  return { ref, bundle, trend: trend.trend, overdue, bounced };
}

/** The wall's data, re-read on every change push (debounced) and every `refreshMs`. */
export function useWallData(api: ApiClient, refreshMs: number) {
  return useLiveQuery<WallData>(api, () => loadWall(api, Date.now()), [api], { refreshMs, debounceMs: 500 });
}
