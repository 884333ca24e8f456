/** The statistics screen's data: the period's bundle (live), and its export to .xlsx with the drill-down lists. */
import { useState } from 'react';
import { App } from 'antd';
import type { RefData } from '../../../shared/refData.js';
import type { ApiClient } from '../../api/client.js';
import { liveOptions, liveView, loaderQuery, serverApi } from '../../store/serverApi.js';
import type { RootState } from '../../store/index.js';
import { selectRefData } from '../ref/index.js';
import { streetOffset } from '../../lib/format.js';
import { EXPORT_CASE_LISTS, loadStatsBundle, type StatsBundle } from './kit/data.js';
import { metricById } from './kit/format.js';
import { comparisonPeriods, type Period } from './kit/period.js';
import { downloadStatsWorkbook, type CaseList } from './exportXlsx.js';
import { fmt, s } from './strings.js';

export const CFG_DEFAULT = streetOffset();

/** The statistics bundle of a period, refetched when the case log changes (tag Stats). */
const statsQueries = serverApi.injectEndpoints({
  endpoints: (b) => ({
    statsBundle: b.query<StatsBundle, Period>({
      // Compared at each load: a running period against the same elapsed span of the others (本期至今 / 上期同期).
      queryFn: loaderQuery((api, period: Period, state) => {
        const c = comparisonPeriods(period, Date.now(), selectRefData(state as RootState)?.calendar ?? CFG_DEFAULT);
        return loadStatsBundle(api, period, { previous: c.previous, lastYear: c.lastYear });
      }),
      providesTags: ['Stats'],
    }),
  }),
});

export function useStatsBundle(period: Period) {
  return liveView<StatsBundle>(statsQueries.useStatsBundleQuery(period, liveOptions()));
}

/** Export the bundle with the case lists of EXPORT_CASE_LISTS; says how it went in a message. */
export function useStatsExport(api: ApiClient, bundle: StatsBundle | null, ref: RefData | null | undefined, period: Period) {
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const doExport = async () => {
    if (!bundle || !ref) return;
    const span = { from: period.from, to: period.to };
    setExporting(true);
    try {
      const caseLists: CaseList[] = await Promise.all(
        EXPORT_CASE_LISTS.map(async (id) => ({
          metricId: id,
          label: metricById(bundle.overall.metrics, id)?.label ?? id,
          rows: await api.call('stats.drill', { period: span, metricId: id, limit: 5000 }),
        })),
      );
      const session = await api.call('session.current', {}).catch(() => null);
      const file = await downloadStatsWorkbook({ bundle, ref, caseLists, exportedAt: Date.now(), exportedBy: session?.user.name ?? '' });
      void message.success(fmt(s.exported, { name: file }));
    } catch (e) {
      void message.error(fmt(s.exportFailed, { msg: e instanceof Error ? e.message : String(e) }));
    } finally {
      setExporting(false);
    }
  };
  return { exporting, doExport };
}
