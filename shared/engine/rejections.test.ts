/** Every rejection path of decide: code plus a plain-Chinese message. */
import { describe, expect, it } from 'vitest';
import type { Command } from '../commands.js';
import type { GridEvent } from '../gridEvent.js';
import type { Actor } from '../model.js';
import { allowedCommands, decide } from './index.js';
import { actors, caseAt, dept, makeRef, MIN, rejected, reportCmd, run, T0 } from '../testing/engineFixtures.js';
import type { RejectionCode } from './types.js';

const ref = makeRef();
const CJK = /[\u4e00-\u9fff]/;

function expectRejection(
  state: GridEvent | null,
  cmd: Command,
  actor: Actor = actors.dispatcher,
  now = T0 + 60 * MIN,
  r = ref,
  code?: RejectionCode,
) {
  const rej = rejected(state, cmd, actor, now, r);
  if (code) expect(rej.code).toBe(code);
  expect(rej.message).toMatch(CJK);
  expect(rej.message.length).toBeGreaterThan(8);
  return rej;
}

describe('INVALID_COMMAND', () => {
  it('names the empty field in Chinese', () => {
    const r = expectRejection(null, reportCmd('c1', { title: '   ' }), actors.dispatcher, T0, ref, 'INVALID_COMMAND');
    expect(r.message).toContain('标题');
    expect(r.message).toContain('不能为空');
    expect(r.message).toContain('请修改后重新提交');
  });

  it('says when a required field is missing, too long or out of range', () => {
    const missing = { type: 'reject', caseId: 'c1' } as unknown as Command;
    expect(expectRejection(null, missing, actors.dispatcher, T0, ref, 'INVALID_COMMAND').message).toContain('理由必须填写');
    const long = reportCmd('c1', { title: '很'.repeat(101) });
    expect(expectRejection(null, long, actors.dispatcher, T0, ref, 'INVALID_COMMAND').message).toContain('标题不能超过100个字');
    const { state } = caseAt('signed', ref);
    const small: Command = { type: 'requestExtension', caseId: 'case-1', minutes: 10, reason: '需要时间' };
    expect(expectRejection(state, small, dept('dept-cg'), T0 + 60 * MIN, ref, 'INVALID_COMMAND').message).toContain('延期分钟数不能小于30');
    const frac = { type: 'requestExtension', caseId: 'case-1', minutes: 45.5, reason: '需要时间' } as Command;
    expect(expectRejection(state, frac, dept('dept-cg'), T0 + 60 * MIN, ref, 'INVALID_COMMAND').message).toContain('必须是整数');
  });

  it('rejects unknown command types and enum values', () => {
    expectRejection(null, { type: 'delete', caseId: 'c1' } as unknown as Command, actors.dispatcher, T0, ref, 'INVALID_COMMAND');
    const r = expectRejection(null, reportCmd('c1', { source: 'email' as never }), actors.dispatcher, T0, ref, 'INVALID_COMMAND');
    expect(r.message).toContain('来源只能是以下之一');
  });

  it('rejects a command for another case', () => {
    const { state } = caseAt('reported', ref);
    const r = expectRejection(
      state,
      { type: 'accept', caseId: 'other', catalogItemId: 'item-rubbish', grade: 'normal' },
      actors.dispatcher,
      T0,
      ref,
      'INVALID_COMMAND',
    );
    expect(r.message).toContain(state.code);
  });

  it('refuses a co-department that is also the lead', () => {
    const { state } = caseAt('accepted', ref);
    const r = expectRejection(
      state,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: ['dept-zz', 'dept-cg'] },
      actors.dispatcher,
      T0 + HOURS(1),
      ref,
      'INVALID_COMMAND',
    );
    expect(r.message).toContain('城管科');
    expect(r.message).toContain('配合单位');
  });

  it('refuses an explicit deadline in the past or with no working time before it', () => {
    const { state } = caseAt('accepted', ref);
    const now = T0 + HOURS(1);
    expect(
      expectRejection(
        state,
        { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [], deadlineAt: now - MIN },
        actors.dispatcher,
        now,
        ref,
        'INVALID_COMMAND',
      ).message,
    ).toContain('晚于当前时间');
    // Friday 19:00 → Saturday 10:00: a weekend night, no working minute in between.
    const fri19 = Date.UTC(2026, 10, 27, 11);
    const sat10 = Date.UTC(2026, 10, 28, 2);
    const r = expectRejection(
      state,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [], deadlineAt: sat10 },
      actors.dispatcher,
      fri19,
      ref,
      'INVALID_COMMAND',
    );
    expect(r.message).toContain('没有工作时间');
  });
});

function HOURS(n: number) {
  return n * 60 * MIN;
}

describe('FORBIDDEN_ROLE', () => {
  it('lets the wall and the admin do nothing on cases', () => {
    const { state } = caseAt('reported', ref);
    for (const actor of [actors.wall, actors.admin, actors.system]) {
      expectRejection(null, reportCmd('c2'), actor, T0, ref, 'FORBIDDEN_ROLE');
      expectRejection(
        state,
        { type: 'accept', caseId: 'case-1', catalogItemId: 'item-rubbish', grade: 'normal' },
        actor,
        T0,
        ref,
        'FORBIDDEN_ROLE',
      );
    }
  });

  it('says who may do it instead', () => {
    const { state } = caseAt('accepted', ref);
    const r = expectRejection(
      state,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [] },
      actors.supervisor,
      T0 + HOURS(1),
      ref,
      'FORBIDDEN_ROLE',
    );
    expect(r.message).toContain('督办员无权派遣');
    expect(r.message).toContain('调度员');
    expect(r.message).toContain('领导');
  });

  it('keeps departments, hotline and grid workers to their own actions', () => {
    const { state } = caseAt('reported', ref);
    expectRejection(
      state,
      { type: 'accept', caseId: 'case-1', catalogItemId: 'item-rubbish', grade: 'normal' },
      dept('dept-cg'),
      T0,
      ref,
      'FORBIDDEN_ROLE',
    );
    expectRejection(
      state,
      { type: 'accept', caseId: 'case-1', catalogItemId: 'item-rubbish', grade: 'normal' },
      actors.hotline,
      T0,
      ref,
      'FORBIDDEN_ROLE',
    );
    expectRejection(state, { type: 'reject', caseId: 'case-1', reason: '重复' }, actors.gridWorker, T0, ref, 'FORBIDDEN_ROLE');
    expectRejection(null, reportCmd('c9'), dept('dept-cg'), T0, ref, 'FORBIDDEN_ROLE');
  });

  it('keeps the dispatcher from supervision and the supervisor from dispatching work', () => {
    const { state, now } = caseAt('signed', ref);
    expectRejection(
      state,
      { type: 'urge', caseId: 'case-1', urgeId: 'u1', level: 'remind', message: '请加快', replyHours: 4 },
      actors.dispatcher,
      now,
      ref,
      'FORBIDDEN_ROLE',
    );
    expectRejection(
      state,
      { type: 'recordAccountability', caseId: 'case-1', recordId: 'r1', unitId: 'dept-cg', kind: 'late', text: '超期' },
      actors.dispatcher,
      now,
      ref,
      'FORBIDDEN_ROLE',
    );
    expectRejection(state, { type: 'requestPark', caseId: 'case-1', reason: '长期' }, actors.supervisor, now, ref, 'FORBIDDEN_ROLE');
  });
});

describe('NOT_FOUND / ALREADY_EXISTS', () => {
  it('needs an existing case for anything but a report', () => {
    const r = expectRejection(
      null,
      { type: 'accept', caseId: 'nope', catalogItemId: 'item-rubbish', grade: 'normal' },
      actors.dispatcher,
      T0,
      ref,
      'NOT_FOUND',
    );
    expect(r.message).toContain('找不到该事件');
  });

  it('refuses a second report of the same case', () => {
    const { state } = caseAt('reported', ref);
    expectRejection(state, reportCmd('case-1'), actors.dispatcher, T0, ref, 'ALREADY_EXISTS');
  });

  it('needs an existing urge notice to reply to', () => {
    const at0 = caseAt('signed', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(
      state,
      { type: 'urge', caseId: 'case-1', urgeId: 'u1', level: 'remind', message: '请加快处置', replyHours: 4 },
      actors.supervisor,
      now,
      ref,
    );
    expectRejection(state, { type: 'replyUrge', caseId: 'case-1', urgeId: 'u404', text: '收到' }, dept('dept-cg'), now, ref, 'NOT_FOUND');
  });
});

describe('INVALID_STATE', () => {
  it('names the current status and the statuses that allow the action', () => {
    const { state } = caseAt('accepted', ref);
    const r = expectRejection(state, { type: 'sign', caseId: 'case-1' }, dept('dept-cg'), T0 + HOURS(1), ref, 'INVALID_STATE');
    expect(r.message).toContain('「待派遣」');
    expect(r.message).toContain('「已派遣待签收」');
  });

  it('covers the ordinary wrong-order actions', () => {
    const dispatched = caseAt('dispatched', ref).state;
    expectRejection(
      dispatched,
      { type: 'verify', caseId: 'case-1', passed: true, note: '好' },
      actors.dispatcher,
      T0 + HOURS(2),
      ref,
      'INVALID_STATE',
    );
    expectRejection(
      dispatched,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-sz', coDepartmentIds: [] },
      actors.dispatcher,
      T0 + HOURS(2),
      ref,
      'INVALID_STATE',
    );
    expectRejection(dispatched, { type: 'resume', caseId: 'case-1' }, actors.dispatcher, T0 + HOURS(2), ref, 'INVALID_STATE');
    const handled = caseAt('handled', ref).state;
    expectRejection(
      handled,
      { type: 'close', caseId: 'case-1', satisfaction: 'satisfied' },
      actors.dispatcher,
      T0 + HOURS(2),
      ref,
      'INVALID_STATE',
    );
    expectRejection(
      handled,
      { type: 'bounce', caseId: 'case-1', reasonCode: 'other', text: '不办' },
      dept('dept-cg'),
      T0 + HOURS(2),
      ref,
      'INVALID_STATE',
    );
  });

  it('tells that a closed case is finished and a parked one must be resumed', () => {
    const closed = caseAt('closed', ref).state;
    expect(
      expectRejection(
        closed,
        { type: 'verify', caseId: 'case-1', passed: true, note: '好' },
        actors.dispatcher,
        T0 + HOURS(3),
        ref,
        'INVALID_STATE',
      ).message,
    ).toContain('已结束');
    const parked = caseAt('parked', ref).state;
    expect(
      expectRejection(
        parked,
        { type: 'reportResult', caseId: 'case-1', text: '办结', attachments: [] },
        dept('dept-cg'),
        T0 + HOURS(3),
        ref,
        'INVALID_STATE',
      ).message,
    ).toContain('恢复办理');
  });

  it('refuses to urge a case that has no lead department', () => {
    const urge: Command = { type: 'urge', caseId: 'case-1', urgeId: 'u1', level: 'remind', message: '请加快', replyHours: 4 };
    const bounced = caseAt('bounced', ref).state;
    expect(expectRejection(bounced, urge, actors.supervisor, T0 + HOURS(2), ref, 'INVALID_STATE').message).toContain('「回弹待派」');
    // Parked (before dispatch or after): its clocks are paused, there is nothing to urge until it is resumed.
    const acc = caseAt('accepted', ref);
    let parked = run(acc.state, { type: 'requestPark', caseId: 'case-1', reason: '待汛期后处理' }, actors.dispatcher, acc.now, ref);
    parked = run(parked, { type: 'decidePark', caseId: 'case-1', approve: true }, actors.supervisor, acc.now + MIN, ref);
    expect(expectRejection(parked, urge, actors.supervisor, acc.now + 2 * MIN, ref, 'INVALID_STATE').message).toContain('挂账');
  });

  it('drops a pending park request once the matter is handled', () => {
    const at0 = caseAt('signed', ref);
    let state = run(at0.state, { type: 'requestPark', caseId: 'case-1', reason: '长期' }, dept('dept-cg'), at0.now, ref);
    state = run(state, { type: 'reportResult', caseId: 'case-1', text: '已办结', attachments: [] }, dept('dept-cg'), at0.now + MIN, ref);
    expect(state.pendingPark).toBeUndefined();
    expectRejection(
      state,
      { type: 'decidePark', caseId: 'case-1', approve: true },
      actors.supervisor,
      at0.now + 2 * MIN,
      ref,
      'NO_PENDING_REQUEST',
    );
  });

  it('refuses to reply twice, and says when nothing is left to reply to', () => {
    const at0 = caseAt('signed', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(
      state,
      { type: 'urge', caseId: 'case-1', urgeId: 'u1', level: 'remind', message: '请加快处置', replyHours: 4 },
      actors.supervisor,
      now,
      ref,
    );
    state = run(state, { type: 'replyUrge', caseId: 'case-1', urgeId: 'u1', text: '正在处置' }, dept('dept-cg'), now + MIN, ref);
    const r = expectRejection(
      state,
      { type: 'replyUrge', caseId: 'case-1', urgeId: 'u1', text: '再回复' },
      dept('dept-cg'),
      now + 2 * MIN,
      ref,
      'INVALID_STATE',
    );
    expect(r.message).toContain('都已回复');
    // With another open notice, the replied one is refused on its own.
    state = run(
      state,
      { type: 'urge', caseId: 'case-1', urgeId: 'u2', level: 'remind', message: '再次催办', replyHours: 4 },
      actors.supervisor,
      now + 3 * MIN,
      ref,
    );
    expect(
      expectRejection(
        state,
        { type: 'replyUrge', caseId: 'case-1', urgeId: 'u1', text: '再回复' },
        dept('dept-cg'),
        now + 4 * MIN,
        ref,
        'INVALID_STATE',
      ).message,
    ).toContain('已经回复过');
  });

  it('refuses to dispatch a case without a catalogue item', () => {
    const { state } = caseAt('accepted', ref);
    const bare: GridEvent = { ...state, catalogItemId: undefined } as GridEvent;
    delete (bare as Partial<GridEvent>).catalogItemId;
    expect(
      expectRejection(
        bare,
        { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [] },
        actors.dispatcher,
        T0 + HOURS(1),
        ref,
        'INVALID_STATE',
      ).message,
    ).toContain('入格事项');
  });

  it('refuses an extension decision when no handling clock runs', () => {
    const { state, now } = caseAt('signed', ref);
    const requested = run(
      state,
      { type: 'requestExtension', caseId: 'case-1', minutes: 60, reason: '材料未到' },
      dept('dept-cg'),
      now,
      ref,
    );
    const noClock: GridEvent = { ...requested, clocks: requested.clocks.filter((k) => k.kind !== 'handling') };
    expectRejection(
      noClock,
      { type: 'decideExtension', caseId: 'case-1', approve: true },
      actors.supervisor,
      now + MIN,
      ref,
      'INVALID_STATE',
    );
  });
});

describe('bounce rules', () => {
  it('MANDATORY_NO_BOUNCE: a re-dispatch after a bounce cannot be bounced', () => {
    const { state, now } = caseAt('redispatched', ref);
    expect(state.mandatory).toBe(true);
    const r = expectRejection(
      state,
      { type: 'bounce', caseId: 'case-1', reasonCode: 'not_our_duty', text: '也不归我们' },
      dept('dept-sz'),
      now + MIN,
      ref,
      'MANDATORY_NO_BOUNCE',
    );
    expect(r.message).toBe('该事件已回弹过一次，再次派遣为强制派遣，承办单位不得回弹。请按要求处置。');
  });

  it('BOUNCE_LIMIT: a case that was bounced once cannot be bounced again', () => {
    const { state, now } = caseAt('signed', ref);
    const once: GridEvent = { ...state, bounceCount: 1, mandatory: false };
    const r = expectRejection(
      once,
      { type: 'bounce', caseId: 'case-1', reasonCode: 'other', text: '再退' },
      dept('dept-cg'),
      now + MIN,
      ref,
      'BOUNCE_LIMIT',
    );
    expect(r.message).toContain('只能回弹一次');
  });
});

describe('department relation', () => {
  const leadOnly: Command[] = [
    { type: 'sign', caseId: 'case-1' },
    { type: 'bounce', caseId: 'case-1', reasonCode: 'other', text: '不办' },
    { type: 'reportResult', caseId: 'case-1', text: '办好了', attachments: [] },
    { type: 'requestExtension', caseId: 'case-1', minutes: 60, reason: '要时间' },
    { type: 'requestPark', caseId: 'case-1', reason: '长期' },
  ];

  it('NOT_LEAD_DEPARTMENT: a co-department may not act for the lead', () => {
    const { state, now } = caseAt('dispatched', ref);
    for (const cmd of leadOnly) {
      const r = expectRejection(state, cmd, dept('dept-zz'), now + MIN, ref, 'NOT_LEAD_DEPARTMENT');
      expect(r.message).toContain('牵头单位「城管科」');
    }
  });

  it('NOT_ASSIGNED_DEPARTMENT: an unrelated department may not act', () => {
    const { state, now } = caseAt('dispatched', ref);
    for (const cmd of leadOnly) expectRejection(state, cmd, dept('dept-mz'), now + MIN, ref, 'NOT_ASSIGNED_DEPARTMENT');
    expectRejection(
      state,
      { type: 'replyUrge', caseId: 'case-1', urgeId: 'u1', text: '收到' },
      dept('dept-mz'),
      now + MIN,
      ref,
      'NOT_ASSIGNED_DEPARTMENT',
    );
  });

  it('NOT_ASSIGNED_DEPARTMENT: a notice is answered only by the department it was sent to', () => {
    const at0 = caseAt('signed', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(
      state,
      { type: 'urge', caseId: 'case-1', urgeId: 'u1', level: 'remind', message: '请加快处置', replyHours: 4 },
      actors.supervisor,
      now,
      ref,
    );
    // A second notice to another unit exists only in a crafted state (urges go to the lead).
    const other: GridEvent = { ...state, urges: [...state.urges, { ...state.urges[0]!, id: 'u2', departmentId: 'dept-zz' }] };
    const r = expectRejection(
      other,
      { type: 'replyUrge', caseId: 'case-1', urgeId: 'u1', text: '收到' },
      dept('dept-zz'),
      now + MIN,
      ref,
      'NOT_ASSIGNED_DEPARTMENT',
    );
    expect(r.message).toContain('不是发给贵单位');
  });
});

describe('NOT_ASSIGNED_GRID', () => {
  const otherWorker: Actor = { id: 'w-b1', name: '王网格', role: 'gridWorker', unitId: 'grid-b1' };

  it('keeps a grid worker to the cases of their own grid for self-handling, verification and closing', () => {
    const reported = caseAt('reported', ref);
    const r = expectRejection(
      reported.state,
      { type: 'selfHandle', caseId: 'case-1', note: '顺路处理' },
      otherWorker,
      reported.now,
      ref,
      'NOT_ASSIGNED_GRID',
    );
    expect(r.message).toContain('「和平一网格」');
    const handled = caseAt('handled', ref);
    expectRejection(
      handled.state,
      { type: 'verify', caseId: 'case-1', passed: true, note: '好' },
      otherWorker,
      handled.now,
      ref,
      'NOT_ASSIGNED_GRID',
    );
    const verified = caseAt('verified', ref);
    expectRejection(
      verified.state,
      { type: 'close', caseId: 'case-1', satisfaction: 'satisfied' },
      otherWorker,
      verified.now,
      ref,
      'NOT_ASSIGNED_GRID',
    );
    expect(allowedCommands(handled.state, otherWorker, ref, handled.now)).toEqual([]);
    expect(allowedCommands(handled.state, actors.gridWorker, ref, handled.now)).toEqual(['verify']);
    // Reporting in a neighbouring grid is still allowed.
    expect(run(null, reportCmd('c-nb'), otherWorker, T0, ref).gridId).toBe('grid-a1');
  });

  it('lets the worker of the successor grid act on cases of a revoked grid code', () => {
    const old = caseAt('handled', ref, { report: { gridId: 'grid-old' }, start: Date.UTC(2025, 5, 2, 2) });
    const successor: Actor = { id: 'w-a2', name: '李网格', role: 'gridWorker', unitId: 'grid-a2' };
    expect(run(old.state, { type: 'verify', caseId: 'case-1', passed: true, note: '已核实' }, successor, old.now + MIN, ref).status).toBe(
      'verified',
    );
    expectRejection(
      old.state,
      { type: 'verify', caseId: 'case-1', passed: true, note: '好' },
      actors.gridWorker,
      old.now + MIN,
      ref,
      'NOT_ASSIGNED_GRID',
    );
  });
});

describe('UNKNOWN_REFERENCE', () => {
  it('checks community, grid and their relation on report', () => {
    expectRejection(null, reportCmd('c1', { communityId: 'comm-x' }), actors.gridWorker, T0, ref, 'UNKNOWN_REFERENCE');
    expectRejection(null, reportCmd('c1', { gridId: 'grid-x' }), actors.gridWorker, T0, ref, 'UNKNOWN_REFERENCE');
    const r = expectRejection(
      null,
      reportCmd('c1', { communityId: 'comm-b', gridId: 'grid-a1' }),
      actors.gridWorker,
      T0,
      ref,
      'UNKNOWN_REFERENCE',
    );
    expect(r.message).toContain('不属于社区「建设社区」');
    expectRejection(null, reportCmd('c1', { catalogItemId: 'item-x' }), actors.gridWorker, T0, ref, 'UNKNOWN_REFERENCE');
  });

  it('points a revoked grid code to its replacement', () => {
    const r = expectRejection(null, reportCmd('c1', { gridId: 'grid-old' }), actors.gridWorker, T0, ref, 'UNKNOWN_REFERENCE');
    expect(r.message).toContain('已于2025-12-31停用');
    expect(r.message).toContain('和平二网格');
  });

  it('refuses a grid code that is not valid yet on the report day', () => {
    const future = {
      ...ref,
      grids: [
        ...ref.grids,
        { id: 'grid-new', code: '420202001001010', name: '和平新网格', communityId: 'comm-a', validFrom: '2027-01-01' },
      ],
    };
    const r = expectRejection(null, reportCmd('c1', { gridId: 'grid-new' }), actors.gridWorker, T0, future, 'UNKNOWN_REFERENCE');
    expect(r.message).toContain('自2027-01-01起才启用');
    // From its first day on it is accepted (2027-01-01 10:00 in the street).
    expect(run(null, reportCmd('c1', { gridId: 'grid-new' }), actors.gridWorker, Date.UTC(2027, 0, 1, 2), future).gridId).toBe('grid-new');
  });

  it('checks the catalogue item and its grade on accept', () => {
    const { state } = caseAt('reported', ref);
    expectRejection(
      state,
      { type: 'accept', caseId: 'case-1', catalogItemId: 'item-x', grade: 'normal' },
      actors.dispatcher,
      T0,
      ref,
      'UNKNOWN_REFERENCE',
    );
    const r = expectRejection(
      state,
      { type: 'accept', caseId: 'case-1', catalogItemId: 'item-building', grade: 'urgent' },
      actors.dispatcher,
      T0,
      ref,
      'UNKNOWN_REFERENCE',
    );
    expect(r.message).toContain('「紧急」');
    expect(r.message).toContain('「一般」');
    expectRejection(
      state,
      { type: 'accept', caseId: 'case-1', catalogItemId: 'item-rubbish', grade: 'normal' },
      actors.dispatcher,
      T0,
      { ...ref, catalog: [] },
      'UNKNOWN_REFERENCE',
    );
  });

  it('checks departments, the followed precedent and the catalogue item on dispatch', () => {
    const { state } = caseAt('accepted', ref);
    const now = T0 + HOURS(1);
    expectRejection(
      state,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-x', coDepartmentIds: [] },
      actors.dispatcher,
      now,
      ref,
      'UNKNOWN_REFERENCE',
    );
    expect(
      expectRejection(
        state,
        { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: ['dept-y'] },
        actors.dispatcher,
        now,
        ref,
        'UNKNOWN_REFERENCE',
      ).message,
    ).toContain('dept-y');
    expectRejection(
      state,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [], precedentId: 'prec-x' },
      actors.dispatcher,
      now,
      ref,
      'UNKNOWN_REFERENCE',
    );
    expectRejection(
      state,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [] },
      actors.dispatcher,
      now,
      { ...ref, catalog: ref.catalog.filter((i) => i.id !== 'item-rubbish') },
      'UNKNOWN_REFERENCE',
    );
    expectRejection(
      state,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [] },
      actors.dispatcher,
      now,
      { ...ref, departments: [] },
      'UNKNOWN_REFERENCE',
    );
  });

  it('checks the unit of an accountability record', () => {
    const { state, now } = caseAt('signed', ref);
    expectRejection(
      state,
      { type: 'recordAccountability', caseId: 'case-1', recordId: 'r1', unitId: 'dept-x', kind: 'late', text: '超期' },
      actors.supervisor,
      now,
      ref,
      'UNKNOWN_REFERENCE',
    );
  });
});

describe('pending requests', () => {
  it('PENDING_REQUEST: one extension and one park request at a time', () => {
    const at0 = caseAt('signed', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(state, { type: 'requestExtension', caseId: 'case-1', minutes: 60, reason: '材料未到' }, dept('dept-cg'), now, ref);
    expect(
      expectRejection(
        state,
        { type: 'requestExtension', caseId: 'case-1', minutes: 90, reason: '再延' },
        dept('dept-cg'),
        now + MIN,
        ref,
        'PENDING_REQUEST',
      ).message,
    ).toContain('延期申请');
    state = run(state, { type: 'requestPark', caseId: 'case-1', reason: '需结合工程' }, dept('dept-cg'), now + MIN, ref);
    expect(
      expectRejection(
        state,
        { type: 'requestPark', caseId: 'case-1', reason: '再挂' },
        actors.dispatcher,
        now + 2 * MIN,
        ref,
        'PENDING_REQUEST',
      ).message,
    ).toContain('挂账申请');
  });

  it('NO_PENDING_REQUEST: nothing to decide', () => {
    const { state, now } = caseAt('signed', ref);
    expectRejection(state, { type: 'decideExtension', caseId: 'case-1', approve: true }, actors.supervisor, now, ref, 'NO_PENDING_REQUEST');
    expectRejection(state, { type: 'decidePark', caseId: 'case-1', approve: true }, actors.leader, now, ref, 'NO_PENDING_REQUEST');
  });
});

describe('RATING_REQUIRED', () => {
  it('needs a satisfaction rating for hotline cases and cases with a reporter', () => {
    const hotline = caseAt('verified', ref, { report: { source: 'hotline' } });
    expect(
      expectRejection(
        hotline.state,
        { type: 'close', caseId: 'case-1', satisfaction: 'not_rated' },
        actors.dispatcher,
        hotline.now + MIN,
        ref,
        'RATING_REQUIRED',
      ).message,
    ).toContain('12345热线');
    const resident = caseAt('verified', ref, { report: { reporter: { name: '陈女士', phone: '13800000000' } } });
    expectRejection(
      resident.state,
      { type: 'close', caseId: 'case-1', satisfaction: 'not_rated' },
      actors.gridWorker,
      resident.now + MIN,
      ref,
      'RATING_REQUIRED',
    );
  });

  it('does not need one for a grid worker’s own report', () => {
    const { state, now } = caseAt('verified', ref);
    const r = decide(
      state,
      { type: 'close', caseId: 'case-1', satisfaction: 'not_rated' },
      { actor: actors.dispatcher, now: now + MIN, ref },
    );
    expect(r.ok).toBe(true);
  });
});

describe('URGE_LEVEL', () => {
  const urge = (level: 'remind' | 'supervise' | 'listed', urgeId: string): Command => ({
    type: 'urge',
    caseId: 'case-1',
    urgeId,
    level,
    message: '请按期办结',
    replyHours: 4,
  });

  it('supervise needs an overdue handling clock or an earlier remind', () => {
    const { state, now } = caseAt('signed', ref);
    const r = expectRejection(state, urge('supervise', 'u1'), actors.supervisor, now, ref, 'URGE_LEVEL');
    expect(r.message).toContain('请先发催办');
    const reminded = run(state, urge('remind', 'u1'), actors.supervisor, now, ref);
    expect(run(reminded, urge('supervise', 'u2'), actors.supervisor, now + MIN, ref).urges.map((u) => u.level)).toEqual([
      'remind',
      'supervise',
    ]);
    // Overdue: the 240-minute limit runs out on the same afternoon.
    const late = state.clocks.find((k) => k.kind === 'handling')!.deadline + MIN;
    expect(run(state, urge('supervise', 'u1'), actors.supervisor, late, ref).urges[0]!.level).toBe('supervise');
  });

  it('listed needs an earlier supervise, unless a leader decides it', () => {
    const { state, now } = caseAt('signed', ref);
    const reminded = run(state, urge('remind', 'u1'), actors.supervisor, now, ref);
    expect(expectRejection(reminded, urge('listed', 'u2'), actors.supervisor, now + MIN, ref, 'URGE_LEVEL').message).toContain('挂牌督办');
    expect(run(state, urge('listed', 'u1'), actors.leader, now, ref).urges[0]!.level).toBe('listed');
    const supervised = run(reminded, urge('supervise', 'u2'), actors.supervisor, now + MIN, ref);
    expect(run(supervised, urge('listed', 'u3'), actors.supervisor, now + 2 * MIN, ref).urges).toHaveLength(3);
  });
});

describe('DUPLICATE_ID', () => {
  it('refuses a reused urge or accountability id', () => {
    const at0 = caseAt('signed', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(
      state,
      { type: 'urge', caseId: 'case-1', urgeId: 'u1', level: 'remind', message: '请加快', replyHours: 4 },
      actors.supervisor,
      now,
      ref,
    );
    expectRejection(
      state,
      { type: 'urge', caseId: 'case-1', urgeId: 'u1', level: 'remind', message: '再催', replyHours: 4 },
      actors.supervisor,
      now + MIN,
      ref,
      'DUPLICATE_ID',
    );
    state = run(
      state,
      { type: 'recordAccountability', caseId: 'case-1', recordId: 'r1', unitId: 'dept-cg', kind: 'late', text: '超期未办' },
      actors.supervisor,
      now + MIN,
      ref,
    );
    expectRejection(
      state,
      { type: 'recordAccountability', caseId: 'case-1', recordId: 'r1', unitId: 'dept-cg', kind: 'poor', text: '又一条' },
      actors.leader,
      now + 2 * MIN,
      ref,
      'DUPLICATE_ID',
    );
  });
});

describe('a rejection never changes anything', () => {
  it('returns no events and leaves the state untouched', () => {
    const { state } = caseAt('dispatched', ref);
    const snapshot = JSON.parse(JSON.stringify(state)) as GridEvent;
    const r = decide(
      state,
      { type: 'bounce', caseId: 'case-1', reasonCode: 'other', text: '不办' },
      { actor: dept('dept-mz'), now: T0 + HOURS(2), ref },
    );
    expect(r.ok).toBe(false);
    expect(r).not.toHaveProperty('events');
    expect(state).toEqual(snapshot);
  });
});
