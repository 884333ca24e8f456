/**
 * 领导小组研究 of fallback rulings: a confirmed ruling is marked; an overruled one is kept, never suggested
 * again, and replaced by a corrected ruling with the new department; every bad ruling is named in Chinese.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDemoRefData } from '../demo/refData.js';
import type { Precedent } from '../model.js';
import { correctedId, precedentRulingProblem, reviewState, withRuling, type PrecedentRuling } from './precedentRuling.js';
import { suggestPrecedents } from './precedents.js';

const ref = createDemoRefData();
const by = { id: 'u-leader', name: '李书记', role: 'leader' as const, unitId: 'centre' };
const depts = ref.departments.map((d) => d.id);
const precedent = (i: number): Precedent => ({
  id: `prec-${i}`,
  caseId: `case-${i}`,
  category: '其他',
  keywords: ['楼道'],
  departmentId: depts[i % depts.length]!,
  reason: '属地管理',
  ruledBy: { id: 'u-d', name: '调度员', role: 'dispatcher', unitId: 'centre' },
  ruledAt: 1_800_000_000_000 + i,
  confirmed: false,
});
const stamped = (r: PrecedentRuling, at = 1_800_000_100_000): PrecedentRuling => ({ ...r, by, at });

describe('precedent rulings', () => {
  it('confirms a ruling; overrules one into a corrected ruling that suggestions use instead', () => {
    const list = [precedent(0), precedent(1)];
    const newDept = depts.find((d) => d !== list[1]!.departmentId)!;
    let after = withRuling(list, stamped({ precedentId: 'prec-0', decision: 'confirm' }));
    after = withRuling(after, stamped({ precedentId: 'prec-1', decision: 'overrule', departmentId: newDept, note: '应由属地社区处置' }));
    expect(after.map((p) => [p.id, reviewState(p)])).toEqual([
      ['prec-0', 'confirmed'],
      ['prec-1', 'overruled'],
      [correctedId('prec-1'), 'confirmed'],
    ]);
    const corrected = after[2]!;
    expect(corrected).toMatchObject({ departmentId: newDept, reason: '应由属地社区处置', ruledBy: by, review: { replaces: 'prec-1' } });
    expect(after[1]!.review).toMatchObject({ decision: 'overruled', by, replacedBy: corrected.id });
    const c = { id: 'x', title: '楼道堆物', description: '楼道堆放杂物', category: '其他', gridId: 'g', communityId: 'c' };
    const out = suggestPrecedents(c, after, 10);
    expect(out.map((s) => s.precedent.id).sort()).toEqual(['prec-0', correctedId('prec-1')].sort());
    expect(out.every((s) => s.review === 'confirmed')).toBe(true);
    expect(suggestPrecedents(c, [precedent(5)])[0]!.review).toBe('pending');
  });

  it('names what cannot be ruled', () => {
    const r = {
      ...ref,
      precedents: [precedent(0), { ...precedent(1), confirmed: true, review: { decision: 'confirmed' as const, by, at: 1 } }],
    };
    expect(precedentRulingProblem(r, { precedentId: 'nope', decision: 'confirm' })).toContain('找不到托底案例');
    expect(precedentRulingProblem(r, { precedentId: 'prec-1', decision: 'confirm' })).toContain('不能重复处理');
    expect(precedentRulingProblem(r, { precedentId: 'prec-0', decision: 'overrule', departmentId: 'dept-none' })).toContain('找不到单位');
    expect(
      precedentRulingProblem(r, { precedentId: 'prec-0', decision: 'overrule', departmentId: r.precedents[0]!.departmentId }),
    ).toContain('与原托底单位相同');
    expect(precedentRulingProblem(r, { precedentId: 'prec-0', decision: 'confirm' })).toBeNull();
  });

  it('keeps every ruling once, never suggests an overruled one, whatever the sequence of reviews (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ i: fc.nat(5), overrule: fc.boolean(), d: fc.nat(depts.length - 1) }), { maxLength: 20 }), (ops) => {
        let list = Array.from({ length: 6 }, (_, i) => precedent(i));
        let applied = 0;
        for (const op of ops) {
          const r: PrecedentRuling = op.overrule
            ? { precedentId: `prec-${op.i}`, decision: 'overrule', departmentId: depts[op.d]! }
            : { precedentId: `prec-${op.i}`, decision: 'confirm' };
          if (precedentRulingProblem({ precedents: list, departments: ref.departments }, r) !== null) continue;
          list = withRuling(list, stamped(r));
          applied++;
        }
        // Each original is reviewed at most once; ids stay unique; an overruled ruling has exactly one correction.
        expect(new Set(list.map((p) => p.id)).size).toBe(list.length);
        for (const p of list.filter((x) => reviewState(x) === 'overruled')) {
          const fix = list.find((x) => x.id === p.review!.replacedBy)!;
          expect(fix.departmentId).not.toBe(p.departmentId);
          expect(reviewState(fix)).toBe('confirmed');
        }
        expect(list.filter((p) => p.review && !p.review.replaces).length).toBe(applied);
        const c = { id: 'x', title: '楼道', description: '', category: '其他', gridId: 'g', communityId: 'c' };
        expect(suggestPrecedents(c, list, 100).some((s) => reviewState(s.precedent) === 'overruled')).toBe(false);
      }),
    );
  });
});
