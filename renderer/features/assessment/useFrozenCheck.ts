/** The user's role (who may freeze), and how a frozen record checks out: against its own inputs and against today's data of its period. */
import { useEffect, useState } from 'react';
import { skipToken } from '@reduxjs/toolkit/query/react';
import type { FrozenAssessment } from '../../../shared/assessment/types.js';
import { frozenEvaluationInstant, liveMatchesFrozen, verifyFrozen } from '../../../shared/assessment/freeze.js';
import type { ApiClient } from '../../api/client.js';
import { liveOptions, liveView } from '../../store/serverApi.js';
import { assessmentQueries, type FrozenRecheck } from './data.js';

/** The signed-in user's role (null until known). */
export function useSessionRole(api: ApiClient): string | null {
  const [role, setRole] = useState<string | null>(null);
  useEffect(() => {
    api.call('session.current', {}).then(
      (s) => setRole(s?.user.role ?? null),
      () => undefined,
    );
  }, [api]);
  return role;
}

/** Leaders (党工委书记) and admins may freeze a period's result. */
export const canFreezeAs = (role: string | null): boolean => role === 'leader' || role === 'admin';

export function useFrozenCheck(viewing: FrozenAssessment | null) {
  const check = viewing ? verifyFrozen(viewing) : null;
  // The current data of the frozen record's period, recomputed at the instant the record was computed for
  // (its evaluatedAt): a running period's clocks moving on since the freeze are not a correction.
  const live = liveView<FrozenRecheck>(
    assessmentQueries.useFrozenRecheckQuery(
      viewing
        ? {
            id: viewing.id,
            query: {
              period: { from: viewing.period.from, to: viewing.period.to },
              kind: viewing.kind,
              at: frozenEvaluationInstant(viewing),
            },
          }
        : skipToken,
      liveOptions(),
    ),
  );
  const liveSame = viewing && live.data && live.data.id === viewing.id ? liveMatchesFrozen(viewing, live.data.inputs) : null;
  return { check, live, liveSame };
}
