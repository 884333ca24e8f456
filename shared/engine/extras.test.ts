/** Permissions table, allowedCommands, evolve's guards, deadline recalculation, precedents and case numbers. */
import { describe, expect, it } from 'vitest';
import { withClosure } from '../calendar/index.js';
import type { CommandType } from '../commands.js';
import type { GridEvent } from '../gridEvent.js';
import type { Actor, Precedent } from '../model.js';
import {
  allowedCommands,
  allowedUrgeLevels,
  caseCode,
  evolve,
  EvolveError,
  foldEvents,
  parseEventData,
  recalculateDeadlines,
  ROLE_COMMANDS,
  suggestPrecedents,
  upstreamRejected,
} from './index.js';
import { actors, caseAt, dept, local, makeRef, MIN, run, T0, type Stage } from '../testing/engineFixtures.js';
import { createWorkCalendar } from '../calendar/index.js';

const ref = makeRef();

describe('ROLE_COMMANDS', () => {
  it('is the agreed permission table', () => {
    expect(ROLE_COMMANDS).toEqual({
      dispatcher: [
        'report',
        'accept',
        'reject',
        'selfHandle',
        'dispatch',
        'verify',
        'close',
        'requestPark',
        'resume',
        'merge',
        'unmerge',
        'link',
        'unlink',
        'locate',
        'reopen',
      ],
      supervisor: ['urge', 'decideExtension', 'decidePark', 'resume', 'recordAccountability', 'unmerge', 'link', 'unlink', 'locate'],
      leader: [
        'urge',
        'decideExtension',
        'decidePark',
        'resume',
        'recordAccountability',
        'unmerge',
        'link',
        'unlink',
        'locate',
        'report',
        'accept',
        'dispatch',
        'close',
        'merge',
        'reopen',
      ],
      admin: [],
      wall: [],
      department: ['sign', 'bounce', 'reportResult', 'requestExtension', 'requestPark', 'replyUrge'],
      gridWorker: ['report', 'selfHandle', 'verify', 'close'],
      hotline: ['report'],
      system: [],
    });
  });
});

describe('allowedCommands', () => {
  const cases: Array<[Stage | null, Actor, CommandType[]]> = [
    [null, actors.dispatcher, ['report']],
    [null, actors.hotline, ['report']],
    [null, actors.gridWorker, ['report']],
    [null, actors.supervisor, []],
    [null, dept('dept-cg'), []],
    ['reported', actors.dispatcher, ['accept', 'reject', 'selfHandle', 'link', 'merge', 'locate']],
    ['reported', actors.gridWorker, ['selfHandle']],
    ['reported', actors.supervisor, ['recordAccountability', 'link', 'locate']],
    ['accepted', actors.dispatcher, ['reject', 'selfHandle', 'dispatch', 'requestPark', 'link', 'merge', 'locate']],
    ['accepted', actors.leader, ['dispatch', 'recordAccountability', 'link', 'merge', 'locate']],
    ['dispatched', dept('dept-cg'), ['sign', 'bounce', 'reportResult', 'requestExtension', 'requestPark']],
    ['dispatched', dept('dept-zz'), []],
    ['dispatched', dept('dept-mz'), []],
    ['dispatched', actors.supervisor, ['urge', 'recordAccountability', 'link', 'locate']],
    ['dispatched', actors.dispatcher, ['requestPark', 'link', 'merge', 'locate']],
    ['signed', dept('dept-cg'), ['bounce', 'reportResult', 'requestExtension', 'requestPark']],
    ['redispatched', dept('dept-sz'), ['sign', 'reportResult', 'requestExtension', 'requestPark']],
    ['bounced', actors.dispatcher, ['dispatch', 'requestPark', 'link', 'merge', 'locate']],
    ['bounced', dept('dept-cg'), []],
    ['parked', actors.dispatcher, ['resume', 'link', 'locate']],
    ['parked', actors.supervisor, ['resume', 'recordAccountability', 'link', 'locate']],
    ['parked', dept('dept-cg'), []],
    ['handled', actors.dispatcher, ['verify', 'link', 'merge', 'locate']],
    ['handled', actors.gridWorker, ['verify']],
    ['verified', actors.dispatcher, ['close', 'link', 'merge', 'locate']],
    ['verified', actors.leader, ['close', 'urge', 'recordAccountability', 'link', 'merge', 'locate']],
    ['rework', dept('dept-cg'), ['reportResult', 'requestExtension', 'requestPark']],
    ['closed', actors.dispatcher, ['link', 'reopen']],
    ['closed', actors.supervisor, ['recordAccountability', 'link']],
    ['closed', actors.wall, []],
  ];
  it.each(cases)('%s / %o', (stage, actor, expected) => {
    const state = stage === null ? null : caseAt(stage, ref).state;
    const sorted = (xs: CommandType[]) => [...xs].sort();
    expect(sorted(allowedCommands(state, actor, ref, T0))).toEqual(sorted(expected));
  });

  it('follows pending requests and open urge notices', () => {
    const at0 = caseAt('signed', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(state, { type: 'requestExtension', caseId: 'case-1', minutes: 60, reason: '等配件' }, dept('dept-cg'), now, ref);
    expect(allowedCommands(state, actors.supervisor, ref, now)).toContain('decideExtension');
    expect(allowedCommands(state, dept('dept-cg'), ref, now)).not.toContain('requestExtension');
    state = run(
      state,
      { type: 'urge', caseId: 'case-1', urgeId: 'u1', level: 'remind', message: '请加快', replyHours: 4 },
      actors.supervisor,
      now,
      ref,
    );
    expect(allowedCommands(state, dept('dept-cg'), ref, now)).toContain('replyUrge');
    expect(allowedCommands(state, dept('dept-zz'), ref, now)).not.toContain('replyUrge');
    state = run(state, { type: 'replyUrge', caseId: 'case-1', urgeId: 'u1', text: '收到' }, dept('dept-cg'), now, ref);
    expect(allowedCommands(state, dept('dept-cg'), ref, now)).not.toContain('replyUrge');
  });

  it('every role is refused everything it may not do', () => {
    const { state } = caseAt('dispatched', ref);
    for (const a of [actors.wall, actors.admin, actors.system, actors.hotline]) expect(allowedCommands(state, a, ref, T0)).toEqual([]);
  });
});

describe('allowedUrgeLevels', () => {
  it('offers remind first, supervise once reminded or overdue, listed after supervise or to a leader', () => {
    const { state, now } = caseAt('signed', ref);
    expect(allowedUrgeLevels(state, actors.supervisor, ref, now)).toEqual(['remind']);
    expect(allowedUrgeLevels(state, actors.leader, ref, now)).toEqual(['remind', 'listed']);
    const overdue = state.clocks.find((k) => k.kind === 'handling')!.deadline + MIN;
    expect(allowedUrgeLevels(state, actors.supervisor, ref, overdue)).toEqual(['remind', 'supervise']);
    const s = run(
      state,
      { type: 'urge', caseId: 'case-1', urgeId: 'u1', level: 'supervise', message: '已超期', replyHours: 4 },
      actors.supervisor,
      overdue,
      ref,
    );
    expect(allowedUrgeLevels(s, actors.supervisor, ref, overdue)).toEqual(['remind', 'supervise', 'listed']);
    expect(allowedUrgeLevels(state, actors.dispatcher, ref, now)).toEqual([]);
    expect(allowedUrgeLevels(null, actors.supervisor, ref, now)).toEqual([]);
  });

  it('offers no urge on a parked case, even one with no time left: it is resumed first', () => {
    const { state, now } = caseAt('parked', ref);
    const h = state.clocks.findIndex((k) => k.kind === 'handling');
    const spent: GridEvent = { ...state, clocks: state.clocks.map((k, i) => (i === h ? { ...k, remainingAtPause: -5 } : k)) };
    expect(allowedUrgeLevels(spent, actors.supervisor, ref, now)).toEqual([]);
    expect(allowedUrgeLevels(state, actors.supervisor, ref, now)).toEqual([]);
  });
});

describe('evolve', () => {
  it('throws on a repeated, skipped, foreign or misplaced entry', () => {
    const { state } = caseAt('signed', ref);
    const last = state.timeline.at(-1)!;
    expect(() => evolve(state, last)).toThrow(EvolveError);
    expect(() => evolve(state, { ...last, version: state.version + 2 })).toThrow(/expected 5, got 6/);
    expect(() => evolve(state, { ...last, version: state.version + 1, caseId: 'other' })).toThrow(EvolveError);
    expect(() => evolve(null, last)).toThrow(/first entry must be 'reported'/);
    expect(() => evolve(state, { ...state.timeline[0]!, version: state.version + 1 })).toThrow(/already exists/);
    try {
      evolve(state, last);
    } catch (e) {
      expect(e).toMatchObject({ expectedVersion: 5, gotVersion: 4 });
    }
  });

  it('foldEvents rebuilds a case from its timeline', () => {
    const { state } = caseAt('closed', ref);
    expect(foldEvents(state.timeline)).toEqual(state);
    expect(foldEvents(state.timeline.slice(3), foldEvents(state.timeline.slice(0, 3)))).toEqual(state);
    expect(foldEvents([])).toBeNull();
  });

  it('parseEventData validates payloads', () => {
    const { state } = caseAt('dispatched', ref);
    const e = state.timeline.at(-1)!;
    expect(parseEventData(e).success).toBe(true);
    expect(parseEventData({ ...e, data: { ...e.data, leadDepartmentId: 42 } }).success).toBe(false);
  });
});

describe('recalculateDeadlines', () => {
  const sys = { actor: actors.system, now: local(2026, 11, 26, 11), ref, commandId: 'cal-1' };
  const typhoon = (r = ref, from = local(2026, 11, 26, 14), to = local(2026, 11, 26, 18)) => ({
    ...r,
    calendar: withClosure(r.calendar, { id: 'typhoon-1', from, to, reason: '台风红色预警', createdBy: 'admin' }),
  });

  it('moves open deadlines after a closure, with old and new deadline in the audit entry', () => {
    const { state } = caseAt('dispatched', ref);
    const newRef = typhoon();
    const d = recalculateDeadlines(state, newRef, { ...sys, ref: newRef });
    expect(d.events).toHaveLength(1);
    const e = d.events[0]!;
    expect(e).toMatchObject({ type: 'deadlines_recalculated', version: state.version + 1, actor: actors.system, commandId: 'cal-1' });
    expect(e.data.changes).toEqual([
      {
        clockId: 'c3-handling',
        kind: 'handling',
        unitId: 'dept-cg',
        oldDeadline: local(2026, 11, 26, 16, 20),
        newDeadline: local(2026, 11, 27, 11, 20),
      },
    ]);
    const s = evolve(state, e);
    expect(s.clocks.find((k) => k.kind === 'handling')!.deadline).toBe(local(2026, 11, 27, 11, 20));
    expect(parseEventData(e).success).toBe(true);
  });

  it('produces nothing when nothing moved, for natural clocks and for closed cases', () => {
    expect(recalculateDeadlines(caseAt('dispatched', ref).state, ref, sys).events).toEqual([]);
    const urgent = caseAt('dispatched', ref, { grade: 'urgent', catalogItemId: 'item-manhole' }).state;
    const newRef = typhoon(ref, local(2026, 11, 26, 10), local(2026, 11, 26, 18));
    expect(recalculateDeadlines(urgent, newRef, { ...sys, ref: newRef }).events).toEqual([]);
    expect(recalculateDeadlines(caseAt('closed', ref).state, newRef, { ...sys, ref: newRef }).events).toEqual([]);
  });

  it('moves the reply deadline of an unanswered urge notice, not of an answered one; also alone', () => {
    const urged = (grade: 'normal' | 'urgent', catalogItemId: string) => {
      const at = caseAt('signed', ref, { grade, catalogItemId });
      const urge = (urgeId: string) => ({
        type: 'urge' as const,
        caseId: 'case-1',
        urgeId,
        level: 'remind' as const,
        message: '请加快',
        replyHours: 4,
      });
      let s = run(at.state, urge('u1'), actors.supervisor, at.now, ref);
      s = run(s, { type: 'replyUrge', caseId: 'case-1', urgeId: 'u1', text: '收到' }, dept('dept-cg'), at.now + MIN, ref);
      return run(s, urge('u2'), actors.supervisor, at.now + 2 * MIN, ref);
    };
    const state = urged('normal', 'item-rubbish');
    const u2 = state.urges.find((u) => u.id === 'u2')!;
    expect(u2.replyMinutes).toBe(240);
    // A closure inside the reply window pushes the deadline back by the closed working time.
    const newRef = typhoon(ref, u2.issuedAt + 30 * MIN, u2.issuedAt + 90 * MIN);
    const d = recalculateDeadlines(state, newRef, { ...sys, ref: newRef });
    const e = d.events[0]!;
    const expected = createWorkCalendar(newRef.calendar).add(u2.issuedAt, 240);
    expect(expected).toBeGreaterThan(u2.replyDeadline);
    expect(e.data.urges).toEqual([{ urgeId: 'u2', oldDeadline: u2.replyDeadline, newDeadline: expected }]);
    expect(parseEventData(e).success).toBe(true);
    const after = evolve(state, e);
    expect(after.urges.find((u) => u.id === 'u2')!.replyDeadline).toBe(expected);
    expect(after.urges.find((u) => u.id === 'u1')).toEqual(state.urges.find((u) => u.id === 'u1'));
    // Natural-time clocks do not move; the urge alone makes the entry.
    const urgent = urged('urgent', 'item-manhole');
    const alone = recalculateDeadlines(urgent, newRef, { ...sys, ref: newRef }).events[0]!;
    expect(alone.data.changes).toEqual([]);
    expect(alone.data.urges).toHaveLength(1);
    expect(parseEventData(alone).success).toBe(true);
    // A notice without its working minutes (issued before they were kept) keeps its deadline.
    const legacy = { ...state, urges: state.urges.map(({ replyMinutes: _m, ...u }) => u) };
    expect(recalculateDeadlines(legacy, newRef, { ...sys, ref: newRef }).events[0]?.data.urges).toBeUndefined();
    // An entry that moves nothing is refused by its schema.
    expect(parseEventData({ ...alone, data: { ...alone.data, urges: [] } }).success).toBe(false);
  });

  it('recounts the remaining minutes of a paused clock when the closure lies in its counted past', () => {
    const { state } = caseAt('parked', ref);
    expect(state.clocks.find((k) => k.kind === 'handling')!.remainingAtPause).toBe(220);
    const newRef = typhoon(ref, local(2026, 11, 26, 10, 25), local(2026, 11, 26, 10, 35));
    const d = recalculateDeadlines(state, newRef, { ...sys, ref: newRef });
    const handlingChange = (d.events[0]!.data.changes as Array<{ clockId: string }>).find((c) => c.clockId === 'c3-handling');
    expect(handlingChange).toMatchObject({ oldRemaining: 220, newRemaining: 230 });
    expect(evolve(state, d.events[0]!).clocks.find((k) => k.kind === 'handling')!.remainingAtPause).toBe(230);
  });
});

describe('upstreamRejected', () => {
  it('marks the case and may restore status and clocks', () => {
    const { state: before } = caseAt('accepted', ref);
    const { state } = caseAt('dispatched', ref);
    const ctx = { actor: actors.system, now: T0 + 60 * MIN, ref };
    const plain = evolve(
      state,
      upstreamRejected(state, { commandId: 'm-9', code: 'DEPT_CLOSED', message: '区平台：该部门已撤并' }, ctx).events[0]!,
    );
    expect(plain.upstreamIssue).toEqual({ commandId: 'm-9', code: 'DEPT_CLOSED', message: '区平台：该部门已撤并', at: T0 + 60 * MIN });
    expect(plain.status).toBe('dispatched');
    const restored = evolve(
      state,
      upstreamRejected(state, { commandId: 'm-9', code: 'X', message: '拒绝' }, ctx, { status: 'accepted', clocks: before.clocks })
        .events[0]!,
    );
    expect(restored.status).toBe('accepted');
    expect(restored.clocks).toEqual(before.clocks);
  });
});

describe('suggestPrecedents', () => {
  const p = (id: string, over: Partial<Precedent>): Precedent => ({
    id,
    caseId: `case-${id}`,
    keywords: [],
    departmentId: 'dept-zz',
    reason: '托底',
    ruledBy: actors.leader,
    ruledAt: T0,
    confirmed: false,
    ...over,
  });
  const c = {
    id: 'case-x',
    title: '楼道堆物严重',
    description: '3栋2单元楼道堆放杂物，存在消防隐患',
    catalogItemId: 'item-rubbish',
    category: '市容环境',
    gridId: 'grid-a1',
    communityId: 'comm-a',
  };

  it('ranks by same item/category, same grid/community and keyword overlap, with reasons', () => {
    const list = [
      p('community', { communityId: 'comm-a' }),
      p('item', { catalogItemId: 'item-rubbish' }),
      p('grid-kw', { gridId: 'grid-a1', keywords: ['楼道', '消防', '电梯'] }),
      p('none', { catalogItemId: 'item-building', gridId: 'grid-b1', communityId: 'comm-b', keywords: ['违建'] }),
      p('own', { caseId: 'case-x', catalogItemId: 'item-rubbish', gridId: 'grid-a1' }),
    ];
    const out = suggestPrecedents(c, list, 10);
    expect(out.map((s) => s.precedent.id)).toEqual(['grid-kw', 'item', 'community']);
    expect(out[0]!.reasons).toEqual(['同一网格', '关键词：楼道、消防']);
    expect(out[0]!.score).toBe(3 + 4);
    expect(out[1]!.reasons).toEqual(['同一入格事项']);
    expect(suggestPrecedents(c, list, 1)).toHaveLength(1);
  });

  it('breaks ties by confirmed rulings, then the newest', () => {
    const list = [
      p('old', { category: '市容环境', ruledAt: T0 - 1 }),
      p('new', { category: '市容环境', ruledAt: T0 }),
      p('confirmed', { category: '市容环境', ruledAt: T0 - 5, confirmed: true }),
    ];
    expect(suggestPrecedents(c, list).map((s) => s.precedent.id)).toEqual(['confirmed', 'new', 'old']);
  });

  it('suggests the fixture ruling for a similar case', () => {
    expect(suggestPrecedents(c, ref.precedents)[0]).toMatchObject({ precedent: { id: 'prec-stairs', departmentId: 'dept-zz' } });
  });
});

describe('caseCode', () => {
  it('uses the street-local report day and a stable suffix', () => {
    const code = caseCode('case-1', T0, 480);
    expect(code).toMatch(/^SJ20261126-[0-9A-Z]{6}$/);
    expect(caseCode('case-1', T0, 480)).toBe(code);
    expect(caseCode('case-2', T0, 480)).not.toBe(code);
    // 2026-11-26 16:30 UTC is already 00:30 on the 27th in Shanghai.
    expect(caseCode('case-1', Date.UTC(2026, 10, 26, 16, 30), 480).slice(0, 10)).toBe('SJ20261127');
    expect(caseCode('case-1', Date.UTC(2026, 10, 26, 16, 30), 0).slice(0, 10)).toBe('SJ20261126');
  });
});
