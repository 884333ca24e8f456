/** What the wall shows, loaded in one go and kept live (every `changes` push and every minute). */
import type { QueueResult, StatsResult } from '../../../shared/api.js';
import type { RefData } from '../../../shared/refData.js';
import { addDays, dayIndexOf, dayString } from '../../../shared/calendar/localDay.js';
import type { ApiClient } from '../../api/client.js';
import { loadStatsBundle, type StatsBundle, comparisonPeriods, currentPeriod, periodOf } from '../stats/kit/index.js';
import { liveOptions, liveView, loaderQuery, serverApi } from '../../store/serverApi.js';
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

/** The wall's bundle, refetched when cases or reference data change. */
const wallQueries = serverApi.injectEndpoints({
  endpoints: (b) => ({
    wallData: b.query<WallData, void>({
      queryFn: loaderQuery((api) => loadWall(api, Date.now())),
      providesTags: ['Cases', 'Stats', 'Ref'],
    }),
  }),
});

/** The wall's data, re-read on every change push (throttled by the listener) and every `refreshMs`. */
export function useWallData(_api: ApiClient, refreshMs: number) {
  return liveView<WallData>(wallQueries.useWallDataQuery(undefined, liveOptions(refreshMs)));
}
