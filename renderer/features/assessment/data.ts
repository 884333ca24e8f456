/** Assessment inputs for a period, from the core when it offers them, else derived from stats.query. */
import { Api } from '../../../shared/api.js';
import type { AssessmentInput } from '../../../shared/assessment/types.js';
import { COMMUNITY_METRIC_MAP, DEPARTMENT_METRIC_MAP, GRID_METRIC_MAP } from '../../../shared/assessment/metricMaps.js';
import { inputsFromGroups } from '../../../shared/assessment/inputs.js';
import type { RefData } from '../../../shared/refData.js';
import type { ApiClient } from '../../api/client.js';

export interface AssessmentData {
  inputs: AssessmentInput[];
  /** true when grid-worker and seat indicators could not be computed (no 'assessment.inputs' in the core). */
  partial: boolean;
  ref: RefData;
}

export async function loadAssessmentData(api: ApiClient, period: { from: number; to: number }): Promise<AssessmentData> {
  const ref = await api.call('ref.get', {});
  // Forward-compatible: once the contract gains the proposed method, the core computes every indicator.
  if (Object.hasOwn(Api, 'assessment.inputs')) {
    const call = api.call as unknown as (m: string, i: unknown) => Promise<AssessmentInput[]>;
    return { inputs: await call('assessment.inputs', { period }), partial: false, ref };
  }
  const [dept, comm, grid] = await Promise.all([
    api.call('stats.query', { period, groupBy: 'department' }),
    api.call('stats.query', { period, groupBy: 'community' }),
    api.call('stats.query', { period, groupBy: 'grid' }),
  ]);
  const workerOfGrid = new Map(ref.gridWorkers.filter((w) => w.kind === 'worker').map((w) => [w.gridId, w]));
  const inputs: AssessmentInput[] = [
    ...inputsFromGroups(
      'department',
      dept.groups.filter((g) => g.key !== ''),
      DEPARTMENT_METRIC_MAP,
    ),
    ...inputsFromGroups('community', comm.groups, COMMUNITY_METRIC_MAP),
    ...inputsFromGroups('gridWorker', grid.groups, GRID_METRIC_MAP, (g) => {
      const w = workerOfGrid.get(g.key);
      return w ? { id: w.id, label: `${w.name}（${g.label}）` } : null;
    }),
    ...ref.users
      .filter((u) => u.role === 'dispatcher')
      .map((u): AssessmentInput => ({ kind: 'seat', id: u.id, label: u.name, indicators: {} })),
  ];
  return { inputs, partial: true, ref };
}
