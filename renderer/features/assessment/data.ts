/** Assessment inputs and frozen results of a period, from the workstation core. */
import type { AssessmentListResult } from '../../../shared/assessment/api.js';
import type { AssessmentInput, AssessmentKind, FrozenAssessment } from '../../../shared/assessment/types.js';
import type { RefData } from '../../../shared/refData.js';
import type { ApiClient } from '../../api/client.js';
import type { ApiInput } from '../../../shared/api.js';
import { loaderQuery, serverApi } from '../../store/serverApi.js';
import { rememberStreetSchemes } from './schemeStore.js';

export interface AssessmentData {
  /** Every kind's inputs, computed by the core over its cache (grid workers and seats included). */
  inputs: AssessmentInput[];
  ref: RefData;
}

export async function loadAssessmentData(api: ApiClient, period: { from: number; to: number }): Promise<AssessmentData> {
  const [ref, inputs] = await Promise.all([api.call('ref.get', {}), api.call('assessment.inputs', { period })]);
  rememberStreetSchemes(ref.assessmentSchemes);
  return { inputs, ref };
}

/** Frozen results shared by every workstation (the relay's list; offline, this workstation's copy). */
export function loadFrozen(
  api: ApiClient,
  filter: { kind?: AssessmentKind; period?: { from: number; to: number } } = {},
): Promise<AssessmentListResult> {
  return api.call('assessment.list', filter);
}

/** The frozen result of one kind and exact period, if any. */
export function frozenFor(
  list: readonly FrozenAssessment[],
  kind: AssessmentKind,
  period: { from: number; to: number },
): FrozenAssessment | undefined {
  return list.find((f) => f.kind === kind && f.period.from === period.from && f.period.to === period.to);
}

/** Current inputs of a frozen record's period at the instant it was computed for. */
export interface FrozenRecheck {
  id: string;
  inputs: AssessmentInput[];
}
export type { AssessmentListResult };

/**
 * The assessment screen's reads. Frozen results follow the relay's announcements (tag Assessments); a
 * period's inputs follow the case log and reference data; the check of a frozen record against current
 * data (its id, period, kind and evaluation instant) follows the case log.
 */
export const assessmentQueries = serverApi.injectEndpoints({
  endpoints: (b) => ({
    frozenList: b.query<AssessmentListResult, void>({ queryFn: loaderQuery((api) => loadFrozen(api)), providesTags: ['Assessments'] }),
    assessmentData: b.query<AssessmentData, { from: number; to: number }>({
      queryFn: loaderQuery((api, period: { from: number; to: number }) => loadAssessmentData(api, period)),
      providesTags: ['Cases', 'Ref'],
    }),
    frozenRecheck: b.query<FrozenRecheck, { id: string; query: ApiInput<'assessment.inputs'> }>({
      queryFn: loaderQuery(async (api, arg: { id: string; query: ApiInput<'assessment.inputs'> }) => ({
        id: arg.id,
        inputs: await api.call('assessment.inputs', arg.query),
      })),
      providesTags: ['Cases'],
    }),
  }),
});
