/**
 * What the operation log says about a reference-data change (shared/refAudit.ts): one line per added,
 * changed or removed item with the names of the changed fields, a password reset said as such, a bulk
 * line past REF_AUDIT_ITEMS items, the 指导目录 actions with their version; and never a value (property:
 * random department lists, their contacts' mobiles and phones never appear in the lines).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDemoRefData } from './demo/refData.js';
import type { Department } from './model.js';
import { describeRefChange, REF_AUDIT_ITEMS, refAuditEntry, RefAuditWhat } from './refAudit.js';

const ref = createDemoRefData();

describe('describeRefChange', () => {
  it('names the department and the fields that changed', () => {
    const d = ref.departments[0]!;
    const after = ref.departments.map((x) =>
      x.id === d.id ? { ...x, contacts: [{ name: '赵联络', mobile: '13900000000', sms: true }] } : x,
    );
    expect(describeRefChange(ref, { section: 'departments', value: after })).toEqual([
      { op: 'update', section: 'departments', name: d.shortName, fields: ['contacts'] },
    ]);
    const added = { id: 'dept-new', name: '新设科室', shortName: '新设' };
    expect(describeRefChange(ref, { section: 'departments', value: [...ref.departments, added] })).toEqual([
      { op: 'add', section: 'departments', name: '新设' },
    ]);
    expect(describeRefChange(ref, { section: 'departments', value: ref.departments })).toEqual([]);
    // A section the data before did not have (the first entry of a backfill): replaced as a whole.
    expect(describeRefChange({}, { section: 'departments', value: ref.departments })).toEqual([
      { op: 'replace', section: 'departments', count: ref.departments.length },
    ]);
  });

  it('says a password reset without the stamp, other changes of the user beside it', () => {
    const u = ref.users.find((x) => x.username === 'dispatcher')!;
    const after = ref.users.map((x) => (x.id === u.id ? { ...x, name: '张敏敏', passwordSetAt: 1_700_000_000_000 } : x));
    const lines = describeRefChange(ref, { section: 'users', value: after });
    expect(lines).toEqual([
      { op: 'password', section: 'users', name: 'dispatcher' },
      { op: 'update', section: 'users', name: 'dispatcher', fields: ['name'] },
    ]);
    expect(JSON.stringify(lines)).not.toContain('1700000000000');
  });

  it('says many items at once in one line', () => {
    const after = ref.grids.map((g) => ({ ...g, name: g.name + '（调整）' }));
    expect(after.length).toBeGreaterThan(REF_AUDIT_ITEMS);
    expect(describeRefChange(ref, { section: 'grids', value: after })).toEqual([{ op: 'bulk', section: 'grids', count: after.length }]);
  });

  it('numbers an approval by the version it publishes; the actor falls back to the one stamped inside', () => {
    const leader = { id: 'u-leader', name: '许文华', role: 'leader' as const, unitId: 'centre' };
    const dispatcher = { id: 'u-dispatcher', name: '张敏', role: 'dispatcher' as const, unitId: 'centre' };
    const submit = {
      action: 'submit' as const,
      proposal: { id: 'p1', title: '第二批修订', basedOn: 1, items: ref.catalog },
      by: dispatcher,
      at: 1,
    };
    expect(describeRefChange(ref, { section: 'catalogProposal', value: submit })).toEqual([
      { op: 'submit', section: 'catalogProposal', name: '第二批修订' },
    ]);
    const pending = {
      ...ref,
      catalogProposals: [
        {
          id: 'p1',
          title: '第二批修订',
          basedOn: 1,
          items: ref.catalog,
          status: 'pending' as const,
          submittedBy: dispatcher,
          submittedAt: 1,
        },
      ],
    };
    const approve = { action: 'approve' as const, proposalId: 'p1', version: 2, by: leader, at: 2 };
    expect(describeRefChange(pending, { section: 'catalogProposal', value: approve })).toEqual([
      { op: 'approve', section: 'catalogProposal', name: '第二批修订', version: 2 },
    ]);
    const entry = refAuditEntry(pending, {
      seq: 9,
      changeId: 'ref-x',
      at: 2,
      origin: 'centre',
      kind: 'ref',
      ref: { section: 'catalogProposal', value: approve },
    });
    expect(entry).toMatchObject({ seq: 9, at: 2, section: 'catalogProposal', actor: leader });
    // The relay's own account wins over one worked out from a cache that may lack the data before.
    const told: RefAuditWhat[] = [{ op: 'update', section: 'departments', name: '城管', fields: ['contacts'] }];
    expect(
      refAuditEntry(
        {},
        { seq: 3, changeId: 'ref-y', at: 1, origin: 'centre', kind: 'ref', ref: { section: 'departments', value: [] }, what: told },
      ).what,
    ).toBe(told);
  });

  it('never carries a value: random departments and edits, no mobile or phone in the lines', () => {
    const mobile = fc.stringMatching(/^1\d{10}$/);
    const contact = fc.record({ name: fc.constantFrom('甲', '乙', '丙'), mobile, sms: fc.boolean() });
    const dept = (i: number) =>
      fc.record({
        id: fc.constant(`d${i}`),
        name: fc.constantFrom('城管科', '住建办', '平安办'),
        shortName: fc.constantFrom('城管', '住建', '平安'),
        phone: fc.option(fc.stringMatching(/^0714-\d{7}$/), { nil: undefined }),
        contacts: fc.array(contact, { maxLength: 3 }),
      });
    const list = fc.integer({ min: 0, max: 30 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => dept(i))));
    fc.assert(
      fc.property(list, list, (before, after) => {
        const strip = (ds: Array<Record<string, unknown>>) =>
          ds.map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as Department);
        const b = strip(before);
        const a = strip(after);
        const lines = describeRefChange({ departments: b }, { section: 'departments', value: a });
        const text = JSON.stringify(lines);
        for (const d of [...b, ...a]) {
          if (d.phone) expect(text).not.toContain(d.phone);
          for (const c of d.contacts ?? []) expect(text).not.toContain(c.mobile);
        }
        const changed =
          a.filter((d) => JSON.stringify(d) !== JSON.stringify(b.find((x) => x.id === d.id))).length +
          b.filter((d) => !a.some((x) => x.id === d.id)).length;
        if (changed > REF_AUDIT_ITEMS) expect(lines).toEqual([{ op: 'bulk', section: 'departments', count: changed }]);
        else expect(lines.length).toBe(changed);
        for (const l of lines) expect(RefAuditWhat.safeParse(l).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('precedents in the operation log', () => {
  it('tells precedents of one category apart by their keywords', () => {
    const p = (id: string, keywords: string[]) =>
      ({ id, caseId: 'c-' + id, category: '综合诉求', keywords, departmentId: 'd1', reason: '沿袭', ruledBy: { id: 'u', name: 'u', role: 'leader' }, ruledAt: 1, confirmed: false }) as never;
    const lines = describeRefChange({ precedents: [] }, { section: 'precedents', value: [p('a', ['噪音', '夜间']), p('b', ['占道'])] });
    expect(lines.map((l) => l.name)).toEqual(['综合诉求（噪音、夜间）', '综合诉求（占道）']);
  });
});
