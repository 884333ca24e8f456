/**
 * Checks of an admin's 'ref:update' beyond its schema: the base grid's sections must stay consistent with
 * each other (a grid names a community that exists and follows the grid-code rule; a grid worker's grid
 * exists), and a division is filed only through 'ref:fileDivision', which runs every geometry check.
 */
import { precedentRulingProblem } from '../shared/engine/precedentRuling.js';
import type { RefChange } from '../shared/protocol.js';
import type { RefData } from '../shared/refData.js';
import { schemeSaveProblem } from '../shared/assessment/streetSchemes.js';
import { CATALOG_DIRECT_REFUSAL, catalogProposalProblem } from '../shared/engine/catalogVersions.js';
import { departmentsProblem, usersProblem } from '../shared/refAdmin.js';
import { patternsProblem } from '../shared/docNumber.js';

/** Why the change may not be applied (a Chinese sentence), or null. */
export function refUpdateRefusal(ref: RefData, change: RefChange): string | null {
  switch (change.section) {
    case 'docNumberPatterns':
      return patternsProblem(change.value);
    case 'division':
      return '网格划分须通过“备案”提交（ref:fileDivision），以便先检查边界、重叠与空隙。';
    case 'communities': {
      const codes = new Set<string>();
      for (const c of change.value) {
        if (codes.has(c.code)) return `社区编码“${c.code}”重复。`;
        codes.add(c.code);
      }
      const ids = new Set(change.value.map((c) => c.id));
      const orphan = ref.grids.find((g) => !ids.has(g.communityId));
      return orphan ? `网格“${orphan.code}”仍属于社区“${orphan.communityId}”，不能删除该社区。` : null;
    }
    case 'grids': {
      const communities = new Set(ref.communities.map((c) => c.id));
      let rule: RegExp | null = null;
      try {
        rule = new RegExp(ref.gridCodeRule.pattern);
      } catch {
        rule = null;
      }
      const ids = new Set<string>();
      for (const g of change.value) {
        if (ids.has(g.id)) return `网格标识“${g.id}”重复。`;
        ids.add(g.id);
        if (!communities.has(g.communityId)) return `网格“${g.code}”所属社区“${g.communityId}”不在社区名录中。`;
        if (rule && !rule.test(g.code)) return `网格编码“${g.code}”不符合编码规则：${ref.gridCodeRule.description}`;
        if (g.validTo !== undefined && g.validTo < g.validFrom) return `网格“${g.code}”的失效日期早于生效日期。`;
      }
      // A grid a case may still point at is retired with a validTo, never deleted.
      const dropped = ref.grids.find((g) => !ids.has(g.id));
      return dropped ? `网格“${dropped.code}”不能删除（历史事件仍属于它），请设置失效日期。` : null;
    }
    case 'gridWorkers': {
      const grids = new Set(ref.grids.map((g) => g.id));
      const ids = new Set<string>();
      for (const w of change.value) {
        if (ids.has(w.id)) return `网格员标识“${w.id}”重复。`;
        ids.add(w.id);
        if (!grids.has(w.gridId)) return `网格员“${w.name}”所在网格“${w.gridId}”不存在。`;
      }
      return null;
    }
    case 'assessmentScheme':
      return schemeSaveProblem(change.value.scheme);
    case 'precedentRuling':
      return precedentRulingProblem(ref, change.value);
    case 'catalog':
    case 'catalogVersion':
      return CATALOG_DIRECT_REFUSAL;
    case 'catalogProposal':
      return catalogProposalProblem(ref, change.value);
    case 'departments':
      return departmentsProblem(ref, change.value, []);
    case 'users':
      return usersProblem(ref, change.value);
    default:
      return null;
  }
}
