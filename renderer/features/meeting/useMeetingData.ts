/** What the meeting shows: statistics, the case lists behind the agenda, precedents and assessment results. */
import { loaderQuery, serverApi } from '../../store/serverApi.js';
import type { MetricValue, QueueResult } from '../../../shared/api.js';
import type { RefData } from '../../../shared/refData.js';
import { AssessmentScheme, type ScoredObject } from '../../../shared/assessment/types.js';
import { DEFAULT_SCHEMES } from '../../../shared/assessment/defaults.js';
import { scoreAll } from '../../../shared/assessment/scoring.js';
import type { ApiClient } from '../../api/client.js';
import { frozenFor, loadAssessmentData, loadFrozen, loadSchemeOverrides } from '../assessment/index.js';
import { currentPeriod, type Period } from '../stats/kit/index.js';

export interface MeetingData {
  ref: RefData;
  quarter: Period;
  metrics: MetricValue[];
  overdue: QueueResult;
  urged: QueueResult;
  tracked: QueueResult;
  assessment: { results: ScoredObject[]; scheme: AssessmentScheme; frozen: boolean };
}

export async function loadMeeting(api: ApiClient): Promise<MeetingData> {
  const ref = await api.call('ref.get', {});
  const quarter = currentPeriod('quarter', Date.now(), ref.calendar);
  const span = { from: quarter.from, to: quarter.to };
  const [stats, overdue, urged, tracked, ass, frozenList] = await Promise.all([
    api.call('stats.query', { period: span, groupBy: 'none' }),
    api.call('queue.list', { tab: 'overdue', sort: { field: 'deadline', dir: 'asc' }, limit: 100 }),
    api.call('queue.list', { tab: 'all', urged: true, sort: { field: 'updatedAt', dir: 'desc' }, limit: 200 }),
    api.call('queue.list', { tab: 'all', source: 'meeting', sort: { field: 'reportedAt', dir: 'desc' }, limit: 50 }),
    loadAssessmentData(api, span),
    // The meeting still runs when the shared list cannot be read: it then shows live scores.
    loadFrozen(api, { kind: 'department', period: span }).catch(() => null),
  ]);
  // The frozen department result of this quarter (shared on the relay), if any; else live scores with the saved scheme.
  const frozen = frozenList ? frozenFor(frozenList.assessments, 'department', quarter) : undefined;
  const saved = AssessmentScheme.safeParse(loadSchemeOverrides()['department']);
  const scheme = frozen?.scheme ?? (saved.success ? saved.data : AssessmentScheme.parse(DEFAULT_SCHEMES.department));
  const results = frozen?.results ?? scoreAll(ass.inputs, scheme);
  return { ref, quarter, metrics: stats.metrics, overdue, urged, tracked, assessment: { results, scheme, frozen: frozen !== undefined } };
}

/** The meeting's agenda data, refetched when cases, frozen assessments or reference data change. */
export const meetingQueries = serverApi.injectEndpoints({
  endpoints: (b) => ({
    meetingData: b.query<MeetingData, void>({ queryFn: loaderQuery((api) => loadMeeting(api)), providesTags: ['Cases', 'Stats', 'Assessments', 'Ref'] }),
  }),
});
