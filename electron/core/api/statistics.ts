/** Statistics: a period's figures, and the cases behind one figure (drill-down, as queue rows). */
import type { CoreParts, HandlersFor } from './handlers.js';

export function statisticsHandlers(p: CoreParts): HandlersFor<'stats.query' | 'stats.drill'> {
  const { stats, replica } = p;
  return {
    'stats.query': (input) => stats.query({ period: input.period, groupBy: input.groupBy, metricsOnly: input.metricsOnly }, p.requireRef(), p.now(), replica.cursor),
    'stats.drill': async (input) => {
      const q: { period: { from: number; to: number }; metricId: string; groupBy?: string; groupKey?: string } = { period: input.period, metricId: input.metricId };
      if (input.groupBy !== undefined) q.groupBy = input.groupBy;
      if (input.groupKey !== undefined) q.groupKey = input.groupKey;
      return p.store.queueRowsByIds(await stats.drillIds(q, p.requireRef(), p.now(), replica.cursor), input.limit);
    },
  };
}
