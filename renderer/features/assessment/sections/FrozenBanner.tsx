/** The banner over a frozen result: who froze it when, its digest, the recomputation check and the live comparison. */
import { Alert, Button } from 'antd';
import type { FrozenAssessment } from '../../../../shared/assessment/types.js';
import { frozenEvaluationInstant } from '../../../../shared/assessment/freeze.js';
import { formatLocal, type HasOffset } from '../../../../shared/calendar/localDay.js';
import { a, fmt } from '../strings.js';

export function FrozenBanner({
  viewing,
  check,
  liveSame,
  checkedAt,
  cfg,
  onBack,
}: {
  viewing: FrozenAssessment;
  /** verifyFrozen(viewing): the record recomputed from its own inputs and scheme. */
  check: { ok: boolean } | null;
  /** Whether today's data of the period gives the same inputs (null: not known yet). */
  liveSame: boolean | null;
  checkedAt: number | null;
  cfg: HasOffset;
  onBack: () => void;
}) {
  return (
    <Alert
      data-testid="frozen-banner"
      type={check?.ok ? 'success' : 'error'}
      showIcon
      style={{ marginBottom: 12 }}
      title={fmt(a.frozenBanner, {
        period: viewing.period.label,
        when: formatLocal(viewing.frozenAt, cfg),
        by: viewing.frozenBy || '—',
        at: formatLocal(frozenEvaluationInstant(viewing), cfg),
        digest: viewing.inputsDigest.slice(0, 12),
      })}
      description={
        <span data-testid="frozen-check" data-checked-at={checkedAt ?? undefined}>
          {check?.ok ? a.verifyOk : a.verifyFailed}
          {liveSame === null ? '' : `；${liveSame ? a.liveSame : a.liveChanged}`}
        </span>
      }
      action={<Button onClick={onBack}>{a.backToLive}</Button>}
    />
  );
}
