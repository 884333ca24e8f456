/**
 * Frozen assessments (考核冻结) on the relay: the one place every workstation reads them from. A freeze is
 * scored and digested HERE from the inputs and scheme it brings (the client's scores are never trusted),
 * stamped with the authenticated user and the relay's clock, and written once: the table's keys refuse a
 * second record of the same kind and period, so a frozen result can never be replaced. Kept out of the
 * change log on purpose: frozen results are not case or reference state and would only grow every pull.
 */
import { evaluationInstantProblem, freezeAssessment, verifyFrozen } from '../shared/assessment/freeze.js';
import { frozenAssessmentId, type AssessmentFreezeResponse } from '../shared/assessment/api.js';
import type { AssessmentKind, AssessmentScheme, AssessmentInput, FrozenAssessment } from '../shared/assessment/types.js';
import { formatLocal } from '../shared/calendar/localDay.js';
import type { Actor, UserRole } from '../shared/model.js';
import type { RefData } from '../shared/refData.js';
import { HubError } from './hub.js';
import { sameScheme, schemeChangedMessage, schemeInForce } from '../shared/assessment/streetSchemes.js';
import type { LogStore } from './store/types.js';

/** Roles that may freeze: the centre's leadership (党工委书记) and admins. */
export const FREEZE_ROLES: readonly UserRole[] = ['leader', 'admin'];
export const FREEZE_FORBIDDEN_MESSAGE = '只有中心领导（党工委书记）或管理员可以冻结考核结果';

const KIND_LABEL: Record<AssessmentKind, string> = { department: '职能部门', community: '社区', gridWorker: '网格员', seat: '中心座席' };

export interface FreezeRequest {
  kind: AssessmentKind;
  period: { from: number; to: number; label: string };
  scheme: AssessmentScheme;
  inputs: AssessmentInput[];
  /** The instant t* the inputs were computed at (absent from older workstations: min(period end, now)). */
  evaluatedAt?: number | undefined;
}

function alreadyFrozen(existing: FrozenAssessment, ref: RefData | null): HubError {
  const when = ref ? formatLocal(existing.frozenAt, ref.calendar) : new Date(existing.frozenAt).toISOString();
  return new HubError(
    'ALREADY_FROZEN',
    `${existing.period.label}的${KIND_LABEL[existing.kind]}考核已于 ${when} 由 ${existing.frozenBy || '—'} 冻结，冻结结果不可更改，也不能再次冻结。`,
  );
}

async function existingOf(store: LogStore, kind: AssessmentKind, period: { from: number; to: number }): Promise<FrozenAssessment | null> {
  return (await store.listAssessments({ kind, period }))[0] ?? null;
}

/**
 * Freezes one kind's result for a period. An identical retry (same inputs and scheme) answers the stored
 * record with duplicate: true; anything else for an already frozen kind and period is ALREADY_FROZEN.
 */
export async function freezeOnRelay(
  store: LogStore,
  ref: RefData | null,
  actor: Actor,
  req: FreezeRequest,
  now: number,
): Promise<AssessmentFreezeResponse> {
  const evaluatedAt = req.evaluatedAt ?? Math.min(req.period.to, now);
  const problem = evaluationInstantProblem(req.period, evaluatedAt, now);
  if (problem) throw new HubError('BAD_REQUEST', `考核结果无法冻结：${problem}`);
  // Scored with the street's scheme in force only, so every workstation's ranking and the record agree.
  const inForce = schemeInForce(ref?.assessmentSchemes, req.kind);
  let frozen: FrozenAssessment;
  try {
    frozen = freezeAssessment({
      id: frozenAssessmentId(req.kind, req.period),
      kind: req.kind,
      period: req.period,
      scheme: req.scheme,
      inputs: req.inputs,
      frozenAt: now,
      frozenBy: actor.name,
      evaluatedAt,
      schemeVersion: inForce.version,
    });
  } catch (err) {
    throw new HubError('BAD_REQUEST', `考核结果无法冻结：${(err as Error).message}`);
  }
  // Belt and braces: what we store must prove itself before it is written.
  if (!verifyFrozen(frozen).ok) throw new HubError('INTERNAL', 'frozen assessment does not reproduce');
  const same = (e: FrozenAssessment) => e.inputsDigest === frozen.inputsDigest && e.schemeDigest === frozen.schemeDigest;
  const before = await existingOf(store, req.kind, req.period);
  if (before) {
    if (same(before)) return { assessment: before, duplicate: true };
    throw alreadyFrozen(before, ref);
  }
  if (!sameScheme(req.scheme, inForce.scheme)) {
    const when = (at: number) => (ref ? formatLocal(at, ref.calendar) : new Date(at).toISOString());
    throw new HubError('SCHEME_CHANGED', `考核结果未冻结：${schemeChangedMessage(inForce, when)}`);
  }
  try {
    await store.insertAssessment(frozen);
  } catch (err) {
    // Two freezes of the same kind and period raced: the loser sees the winner's record.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
      const winner = await existingOf(store, req.kind, req.period);
      if (winner) {
        if (same(winner)) return { assessment: winner, duplicate: true };
        throw alreadyFrozen(winner, ref);
      }
      throw new HubError('CONFLICT', `考核结果未保存：编号 ${frozen.id} 已被占用`);
    }
    throw new HubError('UNAVAILABLE', `考核结果未保存：${(err as Error).message}`);
  }
  return { assessment: frozen, duplicate: false };
}
