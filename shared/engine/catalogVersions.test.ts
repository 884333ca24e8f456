/**
 * 指导目录 versions: a revision is drafted, approved (审定) and published as version N+1, or returned; the
 * old version is kept, and a case keeps the item (and its limits) it was classified under whatever a later
 * version changes or drops: its deadlines, its dispatch limit and its metrics stay the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GridEvent } from '../gridEvent.js';
import type { CatalogItem, Grade } from '../model.js';
import { applyRefChange, type RefChange } from '../protocol.js';
import type { RefData } from '../refData.js';
import { computeMetrics, type Period } from '../metrics/index.js';
import { actors, caseAt, HOUR, makeRef, run, T0, type Stage } from '../testing/engineFixtures.js';
import {
  catalogDiff,
  catalogProposalEffects,
  catalogProposalProblem,
  classifiedItem,
  currentCatalogVersion,
  type CatalogProposalAction,
} from './catalogVersions.js';

const leader = { id: 'u-leader', name: '书记', role: 'leader' as const, unitId: 'centre' };
const dispatcher = { id: 'u-dispatcher', name: '调度员甲', role: 'dispatcher' as const, unitId: 'centre' };

/** The relay's steps for one action, as entries applied in order (what every client folds from the log). */
function act(ref: RefData, a: CatalogProposalAction, at: number): RefData {
  const problem = catalogProposalProblem(ref, a);
  if (problem) throw new Error(problem);
  const by = a.action === 'submit' ? dispatcher : leader;
  const stamped = { ...a, by, at, ...(a.action === 'approve' ? { version: currentCatalogVersion(ref) + 1 } : {}) } as CatalogProposalAction;
  const changes: RefChange[] = [{ section: 'catalogProposal', value: stamped }];
  const fx = catalogProposalEffects(ref, stamped);
  if (fx.published) {
    for (const v of fx.published.versions.filter((v) => !ref.catalogVersions?.some((k) => k.version === v.version)))
      changes.push({ section: 'catalogVersion', value: v });
    changes.push({ section: 'catalog', value: fx.published.catalog });
  }
  return changes.reduce<RefData>((r, c) => applyRefChange(r, c), ref);
}

function publish(ref: RefData, items: CatalogItem[], id: string, at: number): RefData {
  if (JSON.stringify(items) === JSON.stringify(ref.catalog)) return ref;
  const submitted = act(ref, { action: 'submit', proposal: { id, title: '修订', basedOn: currentCatalogVersion(ref), items } }, at);
  return act(submitted, { action: 'approve', proposalId: id }, at + 1);
}

describe('catalogue revisions', () => {
  const ref = makeRef();
  const revised = ref.catalog.map((i) =>
    i.id === 'item-rubbish' ? { ...i, limits: [{ grade: 'normal' as const, handleMinutes: 60, natural: false }] } : i,
  );

  it('publishes an approved revision as version 2 and keeps version 1', () => {
    expect(currentCatalogVersion(ref)).toBe(1);
    const after = publish(ref, revised, 'p1', T0);
    expect(currentCatalogVersion(after)).toBe(2);
    expect(after.catalog).toEqual(revised);
    expect(after.catalogVersions!.map((v) => [v.version, v.title, v.items.length])).toEqual([
      [1, '第1批入格事项指导目录', ref.catalog.length],
      [2, '第2批入格事项指导目录', revised.length],
    ]);
    expect(after.catalogVersions![0]!.items).toEqual(ref.catalog);
    expect(after.catalogVersions![1]).toMatchObject({ approvedBy: leader, proposalId: 'p1', publishedAt: T0 + 1 });
    expect(after.catalogProposals![0]).toMatchObject({
      status: 'approved',
      publishedVersion: 2,
      submittedBy: dispatcher,
      decidedBy: leader,
    });
    const third = publish(after, revised.slice(1), 'p2', T0 + 10);
    expect(third.catalogVersions!.map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it('names every bad revision in Chinese and changes nothing', () => {
    const submit = (items: CatalogItem[], basedOn = 1): CatalogProposalAction => ({
      action: 'submit',
      proposal: { id: 'p-bad', title: '修订', basedOn, items },
    });
    const first = ref.catalog[0]!;
    expect(catalogProposalProblem(ref, submit([...ref.catalog, { ...first, id: 'x-new' }]))).toBe(`入格事项编码“${first.code}”重复。`);
    expect(catalogProposalProblem(ref, submit([...ref.catalog, { ...first, code: 'NEW' }]))).toBe(`入格事项标识“${first.id}”重复。`);
    expect(catalogProposalProblem(ref, submit([{ ...first, defaultDepartmentId: 'dept-none' }]))).toBe(
      `入格事项“${first.name}”的默认处置部门“dept-none”不在部门名录中。`,
    );
    const stopped = { ...ref, departments: ref.departments.map((d) => (d.id === first.defaultDepartmentId ? { ...d, active: false } : d)) };
    expect(catalogProposalProblem(stopped, submit(revised))).toMatch(/已停用/);
    expect(catalogProposalProblem(ref, submit(ref.catalog))).toBe('修订申请与现行指导目录相同，没有需要审定的修改。');
    expect(catalogProposalProblem(ref, submit(revised, 2))).toBe('指导目录已更新为第1批，请基于现行目录重新起草。');
    expect(catalogProposalProblem(ref, { action: 'approve', proposalId: 'nope' })).toBe('找不到修订申请“nope”，请刷新后重试。');

    const pending = act(ref, submit(revised), T0);
    const approved = act(pending, { action: 'approve', proposalId: 'p-bad' }, T0 + 1);
    // The second of two approvals of one proposal (or a return after it) is refused.
    expect(catalogProposalProblem(approved, { action: 'approve', proposalId: 'p-bad' })).toBe('该修订申请已审定并发布为第2批指导目录。');
    expect(catalogProposalProblem(approved, { action: 'return', proposalId: 'p-bad', note: '不同意' })).toMatch(/已审定/);
    // Two proposals drafted from version 1: once one is published, the other cannot be.
    const two = act(
      act(ref, submit(revised), T0),
      { action: 'submit', proposal: { id: 'p-other', title: '另一份', basedOn: 1, items: revised.slice(1) } },
      T0,
    );
    const one = act(two, { action: 'approve', proposalId: 'p-bad' }, T0 + 1);
    expect(catalogProposalProblem(one, { action: 'approve', proposalId: 'p-other' })).toBe(
      '该申请基于第1批目录起草，现行已是第2批；请退回后按现行目录重新起草。',
    );
    const returned = act(one, { action: 'return', proposalId: 'p-other', note: '已过时' }, T0 + 2);
    expect(returned.catalogProposals!.find((p) => p.id === 'p-other')).toMatchObject({ status: 'returned', decisionNote: '已过时' });
    expect(returned.catalog).toEqual(revised);
  });

  it('lists what a revision adds, removes and changes', () => {
    const to = [...revised.filter((i) => i.id !== 'item-hotline'), { ...ref.catalog[0]!, id: 'item-new', code: 'NEW-1' }];
    const d = catalogDiff(ref.catalog, to);
    expect(d.added.map((i) => i.id)).toEqual(['item-new']);
    expect(d.removed.map((i) => i.id)).toEqual(['item-hotline']);
    expect(d.changed.map((c) => c.after.id)).toEqual(['item-rubbish']);
  });
});

// ---------------------------------------------------------------- property: old cases do not change

const arbLimits = fc
  .uniqueArray(fc.constantFrom<Grade>('normal', 'important', 'urgent'), { minLength: 1, maxLength: 3 })
  .chain((grades) =>
    fc.tuple(
      ...grades.map((grade) =>
        fc.record({ grade: fc.constant(grade), handleMinutes: fc.integer({ min: 1, max: 30 * 420 }), natural: fc.boolean() }),
      ),
    ),
  );

/** A revision of the fixture catalogue: each item dropped, kept, or given other limits and another department. */
const arbRevision = fc
  .tuple(
    ...makeRef().catalog.map((item) =>
      fc.oneof(
        fc.constant(null),
        fc.constant(item),
        fc.record({ limits: arbLimits, dept: fc.constantFrom('dept-cg', 'dept-zz', 'dept-sz', 'dept-mz') }).map(({ limits, dept }) => ({
          ...item,
          limits,
          defaultDepartmentId: dept,
        })),
      ),
    ),
  )
  .map((items) => items.filter((i): i is CatalogItem => i !== null))
  .filter((items) => items.length > 0);

const STAGES: Stage[] = ['accepted', 'dispatched', 'signed', 'handled', 'rework', 'verified', 'closed', 'bounced'];
const period: Period = { from: T0 - 24 * HOUR, to: T0 + 60 * 24 * HOUR };

describe('catalogue versions (property)', () => {
  it('publishing any revision, once or twice, changes no old case: deadlines, dispatch limit, rework limit, metrics', () => {
    fc.assert(
      fc.property(
        arbRevision,
        arbRevision,
        fc.constantFrom('normal', 'urgent', 'important') as fc.Arbitrary<Grade>,
        (rev1, rev2, grade) => {
          const ref = makeRef();
          const item = ref.catalog.find((i) => i.limits.some((l) => l.grade === grade))!;
          const cases: GridEvent[] = STAGES.map(
            (stage, i) => caseAt(stage, ref, { caseId: `case-${i}`, grade, catalogItemId: item.id, start: T0 + i * HOUR }).state,
          );
          const now = T0 + 20 * HOUR;
          const after = publish(publish(ref, rev1, 'p1', now), rev2, 'p2', now + 5);
          // The case's item is the one it was classified under, whichever version is in force.
          for (const c of cases) expect(classifiedItem(after, c)).toEqual(item);
          // Metrics of the old cases, and the clocks they hold, are the same under the new reference data.
          expect(computeMetrics(cases, period, after, now + 10)).toEqual(computeMetrics(cases, period, ref, now + 10));
          // Dispatching the accepted case, re-dispatching the bounced one and ordering rework give the old limits.
          const at = now + 10;
          const accepted = cases[0]!;
          const dispatch = { type: 'dispatch' as const, caseId: accepted.id, leadDepartmentId: 'dept-cg', coDepartmentIds: [] };
          expect(run(accepted, dispatch, actors.dispatcher, at, after, 'x').clocks).toEqual(
            run(accepted, dispatch, actors.dispatcher, at, ref, 'x').clocks,
          );
          const bounced = cases[7]!;
          const again = { ...dispatch, caseId: bounced.id, leadDepartmentId: 'dept-sz' };
          expect(run(bounced, again, actors.dispatcher, at, after, 'y').clocks).toEqual(
            run(bounced, again, actors.dispatcher, at, ref, 'y').clocks,
          );
          // A case accepted now is classified under the version in force, with that version's limits.
          const fresh = caseAt('reported', after, { caseId: 'case-new', start: now }).state;
          const newItem = after.catalog[0]!;
          const g = newItem.limits[0]!.grade;
          const acc = run(fresh, { type: 'accept', caseId: 'case-new', catalogItemId: newItem.id, grade: g }, actors.dispatcher, at, after);
          expect(acc.catalogVersion).toBe(currentCatalogVersion(after));
          const disp = run(acc, { ...dispatch, caseId: 'case-new' }, actors.dispatcher, at + 1, after);
          const handling = disp.clocks.find((k) => k.kind === 'handling')!;
          expect([handling.limitMinutes, handling.natural]).toEqual([newItem.limits[0]!.handleMinutes, newItem.limits[0]!.natural]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
