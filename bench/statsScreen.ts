/**
 * The statistics screen's full refresh as the benchmarks make it: the same calls the screen makes
 * (renderer/features/stats/kit/data.ts loadStatsBundle, mirrored here because bench/ builds with the Node
 * tsconfig): stats.query for the period with its trend, the previous period and the same period last year
 * (metrics only: the screen shows only their key figures), and the five groupings, all at once.
 */
import type { createCore } from '../electron/core/core.js';
import type { StatsResult } from '../shared/api.js';
import { addDays, dayIndexOf, dayString, startOfLocalDay } from '../shared/calendar/localDay.js';

const CFG = { utcOffsetMinutes: 480 };
const DAY = 86_400_000;
export const STATS_GROUPINGS = ['department', 'community', 'category', 'source', 'grid'] as const;

/** A 30-day window (local days) ending `daysAgo` days before `now`'s day, shifted back by `back` days. */
export function windowEnding(now: number, daysAgo: number, back = 0): { from: number; to: number } {
  const today = dayString(dayIndexOf(now, CFG));
  return { from: startOfLocalDay(addDays(today, -daysAgo - 29 - back), CFG), to: startOfLocalDay(addDays(today, -daysAgo + 1 - back), CFG) };
}

/** One full refresh of the 30-day window ending `daysAgo` days ago; resolves with the period's overall result. */
export async function statsScreenRefresh(core: ReturnType<typeof createCore>, now: number, daysAgo: number): Promise<{ overall: StatsResult; calls: number }> {
  const period = windowEnding(now, daysAgo);
  const calls = [
    { period, groupBy: 'none' as const },
    { period: windowEnding(now, daysAgo, 30), groupBy: 'none' as const, metricsOnly: true },
    { period: windowEnding(now, daysAgo, 365), groupBy: 'none' as const, metricsOnly: true },
    ...STATS_GROUPINGS.map((groupBy) => ({ period, groupBy })),
  ];
  const results = await Promise.all(
    calls.map(async (input) => {
      const r = await core.call('stats.query', input);
      if (!r.ok) throw new Error(`stats.query: ${r.error.code} ${r.error.message}`);
      return r.value as StatsResult;
    }),
  );
  return { overall: results[0]!, calls: calls.length };
}

export { DAY };
