/** Reference data: reading it from the cache, and an administrator's change (through the relay, refAdmin.ts). */
import { PRECEDENT_RULING_FORBIDDEN, PRECEDENT_RULING_ROLES, precedentRulingProblem } from '../../../shared/engine/precedentRuling.js';
import type { RefData } from '../../../shared/refData.js';
import type { Store } from '../cache/store.js';
import { ApiError } from './errors.js';
import type { CoreParts, HandlersFor } from './handlers.js';
import { fileDivision, saveUser, updateRef } from './refAdmin.js';
import {
  CATALOG_APPROVE_FORBIDDEN,
  CATALOG_APPROVE_ROLES,
  CATALOG_PROPOSE_FORBIDDEN,
  CATALOG_PROPOSE_ROLES,
  catalogProposalProblem,
} from '../../../shared/engine/catalogVersions.js';
import { SCHEME_EDIT_FORBIDDEN_MESSAGE, SCHEME_EDIT_ROLES, schemeSaveProblem } from '../../../shared/assessment/streetSchemes.js';

/** The cached reference data; NOT_READY until the first sync brought it. */
export function requireRef(store: Store): RefData {
  const ref = store.getRef();
  if (!ref) throw new ApiError('NOT_READY', '尚未从中继服务器取得基础数据，请联网同步后再试');
  return ref;
}

export function referenceHandlers(p: CoreParts): HandlersFor<'ref.get' | 'ref.update' | 'ref.fileDivision' | 'users.save'> {
  return {
    'ref.get': () => p.requireRef(),
    'ref.update': async (input, ctx) => {
      const role = p.session.role(ctx);
      // Per section: a leader may save scoring schemes only; every other section is an admin's.
      if (input.change.section === 'assessmentScheme') {
        if (!role || !SCHEME_EDIT_ROLES.includes(role)) throw new ApiError('FORBIDDEN', SCHEME_EDIT_FORBIDDEN_MESSAGE);
        const problem = schemeSaveProblem(input.change.value.scheme);
        if (problem) throw new ApiError('INVALID_INPUT', `评分规则无法保存：${problem}`);
      } else if (input.change.section === 'precedentRuling') {
        if (!role || !PRECEDENT_RULING_ROLES.includes(role)) throw new ApiError('FORBIDDEN', PRECEDENT_RULING_FORBIDDEN);
        const problem = precedentRulingProblem(p.requireRef(), input.change.value);
        if (problem) throw new ApiError('INVALID_INPUT', problem);
      } else if (input.change.section === 'catalogProposal') {
        const submit = input.change.value.action === 'submit';
        if (!role || !(submit ? CATALOG_PROPOSE_ROLES : CATALOG_APPROVE_ROLES).includes(role))
          throw new ApiError('FORBIDDEN', submit ? CATALOG_PROPOSE_FORBIDDEN : CATALOG_APPROVE_FORBIDDEN);
        const problem = catalogProposalProblem(p.requireRef(), input.change.value);
        if (problem) throw new ApiError('INVALID_INPUT', problem);
      } else if (role !== 'admin') throw new ApiError('FORBIDDEN', '只有管理员可以修改基础数据');
      const out = await updateRef(p.sync, input.change);
      if (!out.ok) throw new ApiError(out.code, out.message);
      p.log.info(`ref.update ${input.change.section}: seq ${out.value.seq}, ${out.value.recalculated} deadlines recalculated`);
      return { seq: out.value.seq };
    },
    'users.save': async (input, ctx) => {
      if (p.session.role(ctx) !== 'admin') throw new ApiError('FORBIDDEN', '只有管理员可以维护用户和角色');
      const out = await saveUser(p.sync, input);
      if (!out.ok) throw new ApiError(out.code, out.message);
      p.log.info(`users.save ${out.value.user.id}: seq ${out.value.seq}`);
      return out.value;
    },
    'ref.fileDivision': async (input) => {
      const out = await fileDivision(p.sync, input);
      if (!out.ok) throw new ApiError(out.code, out.message);
      p.log.info(`ref.fileDivision ${out.value.divisionId} v${out.value.version}: seq ${out.value.seq}`);
      return out.value;
    },
  };
}
