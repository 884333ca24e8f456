/** The case life cycle and rules 1-8 of domain.md, one behaviour per test. */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { clockStateAt, usedMinutes } from '../clocks.js';
import type { Command } from '../commands.js';
import { CaseEvent, GridEvent } from '../gridEvent.js';
import { Precedent, type Actor, type CaseClock } from '../model.js';
import { decide, EVENT_DATA_SCHEMAS, foldEvents, precedentFromEvent } from './index.js';
import { actors, caseAt, decideOk, dept, local, makeRef, MIN, rejected, reportCmd, run, T0 } from '../testing/engineFixtures.js';

const ref = makeRef();
const work = calendarFor(ref.calendar);
const clock = (s: GridEvent, kind: CaseClock['kind'], nth = -1): CaseClock => {
  const list = s.clocks.filter((k) => k.kind === kind);
  const k = list.at(nth);
  if (!k) throw new Error(`no ${kind} clock`);
  return k;
};
const running = (s: GridEvent) => s.clocks.filter((k) => k.stoppedAt === undefined);

function expectWellFormed(s: GridEvent) {
  expect(GridEvent.safeParse(s).success).toBe(true);
  s.timeline.forEach((e, i) => {
    expect(e.version).toBe(i + 1);
    expect(CaseEvent.safeParse(e).success).toBe(true);
    const parsed = EVENT_DATA_SCHEMAS[e.type].safeParse(e.data);
    expect(parsed.success, `${e.type}: ${parsed.error?.message}`).toBe(true);
  });
  expect(foldEvents(s.timeline)).toEqual(s);
}

describe('full life cycle', () => {
  it('takes a hotline case through dispatch, extension, rework, an unsatisfied rating and closure', () => {
    const id = 'case-hl';
    let now = local(2026, 11, 26, 9, 30);
    const next = (min = 15) => (now += min * MIN);
    let s = run(
      null,
      reportCmd(id, { source: 'hotline', reporter: { name: '陈女士', phone: '13800000000' }, title: '楼下夜市噪音扰民' }),
      actors.hotline,
      now,
      ref,
    );
    expect(s.status).toBe('reported');
    s = run(s, { type: 'accept', caseId: id, catalogItemId: 'item-hotline', grade: 'normal' }, actors.dispatcher, next(), ref);
    expect(s).toMatchObject({ status: 'accepted', category: '热线诉求', grade: 'normal' });
    s = run(s, { type: 'dispatch', caseId: id, leadDepartmentId: 'dept-zz', coDepartmentIds: ['dept-cg'] }, actors.dispatcher, next(), ref);
    expect(s).toMatchObject({ status: 'dispatched', leadDepartmentId: 'dept-zz', coDepartmentIds: ['dept-cg'], mandatory: false });
    s = run(s, { type: 'sign', caseId: id }, dept('dept-zz'), next(), ref);
    s = run(s, { type: 'requestExtension', caseId: id, minutes: 420, reason: '需协调夜市管理方' }, dept('dept-zz'), next(), ref);
    s = run(s, { type: 'decideExtension', caseId: id, approve: true }, actors.supervisor, next(), ref);
    expect(s.extensionCount).toBe(1);
    expect(clock(s, 'handling').limitMinutes).toBe(7 * 420 + 420);
    s = run(
      s,
      { type: 'reportResult', caseId: id, text: '已约谈夜市管理方', attachments: [{ name: '约谈记录.pdf', kind: 'document' }] },
      dept('dept-zz'),
      next(),
      ref,
    );
    s = run(s, { type: 'verify', caseId: id, passed: false, note: '回访居民反映仍有噪音' }, actors.dispatcher, next(), ref);
    expect(s).toMatchObject({ status: 'rework', reworkCount: 1 });
    s = run(s, { type: 'reportResult', caseId: id, text: '已限定营业时间', attachments: [] }, dept('dept-zz'), next(), ref);
    s = run(s, { type: 'verify', caseId: id, passed: true, note: '现场核实已整改' }, actors.gridWorker, next(), ref);
    s = run(s, { type: 'close', caseId: id, satisfaction: 'unsatisfied', note: '居民不满意' }, actors.dispatcher, next(), ref);
    expect(s).toMatchObject({ status: 'rework', reworkCount: 2, satisfaction: 'unsatisfied' });
    s = run(s, { type: 'reportResult', caseId: id, text: '增设隔音措施', attachments: [] }, dept('dept-zz'), next(), ref);
    s = run(s, { type: 'verify', caseId: id, passed: true, note: '复核通过' }, actors.dispatcher, next(), ref);
    s = run(s, { type: 'close', caseId: id, satisfaction: 'satisfied' }, actors.dispatcher, next(), ref);

    expect(s).toMatchObject({
      status: 'closed',
      satisfaction: 'satisfied',
      reworkCount: 2,
      extensionCount: 1,
      bounceCount: 0,
      closedAt: now,
    });
    expect(s.timeline.map((e) => e.type)).toEqual([
      'reported',
      'accepted',
      'dispatched',
      'signed',
      'extension_requested',
      'extension_decided',
      'result_reported',
      'verified',
      'rework_ordered',
      'result_reported',
      'verified',
      'rework_ordered',
      'result_reported',
      'verified',
      'closed',
    ]);
    expect(running(s)).toEqual([]);
    expect(s.clocks.filter((k) => k.kind === 'handling')).toHaveLength(3);
    expectWellFormed(s);
  });
});

describe('report', () => {
  it('opens the case with a case number and a centre registration clock', () => {
    const s = run(null, reportCmd('case-9'), actors.gridWorker, T0, ref, 'm-1');
    expect(s).toMatchObject({
      id: 'case-9',
      status: 'reported',
      version: 1,
      reportedAt: T0,
      communityId: 'comm-a',
      gridId: 'grid-a1',
      source: 'grid_worker',
    });
    expect(s.code).toMatch(/^SJ20261126-[0-9A-Z]{6}$/);
    expect(s.clocks).toHaveLength(1);
    expect(clock(s, 'registration')).toMatchObject({
      unitId: 'centre',
      startedAt: T0,
      limitMinutes: 60,
      natural: false,
      deadline: T0 + 60 * MIN,
    });
    const [e] = s.timeline;
    expect(e).toMatchObject({ caseId: 'case-9', version: 1, type: 'reported', at: T0, actor: actors.gridWorker, commandId: 'm-1' });
  });

  it('keeps an earlier source time but never one in the future, and sets the category of a given item', () => {
    const early = run(null, reportCmd('c-a', { reportedAt: T0 - 30 * MIN, catalogItemId: 'item-manhole' }), actors.gridWorker, T0, ref);
    expect(early.reportedAt).toBe(T0 - 30 * MIN);
    expect(early.category).toBe('市政设施');
    expect(clock(early, 'registration').startedAt).toBe(T0);
    expect(run(null, reportCmd('c-b', { reportedAt: T0 + 30 * MIN }), actors.gridWorker, T0, ref).reportedAt).toBe(T0);
  });
});

describe('accept', () => {
  it('stops registration (met in time, late after the limit) and starts the dispatch clock', () => {
    const { state } = caseAt('reported', ref);
    const inTime = run(
      state,
      { type: 'accept', caseId: 'case-1', catalogItemId: 'item-rubbish', grade: 'normal' },
      actors.dispatcher,
      T0 + 30 * MIN,
      ref,
    );
    expect(clock(inTime, 'registration').outcome).toBe('met');
    expect(clock(inTime, 'dispatch')).toMatchObject({ unitId: 'centre', limitMinutes: 60, natural: false, startedAt: T0 + 30 * MIN });
    const late = run(
      state,
      { type: 'accept', caseId: 'case-1', catalogItemId: 'item-rubbish', grade: 'normal' },
      actors.dispatcher,
      T0 + 61 * MIN,
      ref,
    );
    expect(clock(late, 'registration').outcome).toBe('late');
  });

  it('counts an urgent case’s dispatch in natural minutes', () => {
    const { state } = caseAt('reported', ref);
    const s = run(state, { type: 'accept', caseId: 'case-1', catalogItemId: 'item-manhole', grade: 'urgent' }, actors.dispatcher, T0, ref);
    expect(clock(s, 'dispatch')).toMatchObject({ natural: true, limitMinutes: 30, deadline: T0 + 30 * MIN });
  });
});

describe('reject', () => {
  it('judges the registration clock like an acceptance: rejecting is the registration decision', () => {
    const { state } = caseAt('reported', ref);
    const reject = { type: 'reject', caseId: 'case-1', reason: '不属于网格化管理事项' } as const;
    const inTime = run(state, reject, actors.dispatcher, T0 + 30 * MIN, ref);
    expect(clock(inTime, 'registration')).toMatchObject({ outcome: 'met', stoppedAt: T0 + 30 * MIN });
    const late = run(state, reject, actors.dispatcher, T0 + 61 * MIN, ref);
    expect(clock(late, 'registration').outcome).toBe('late');
  });

  it('ends the case and stops a running dispatch clock as stopped', () => {
    const { state, now } = caseAt('accepted', ref);
    const s = run(state, { type: 'reject', caseId: 'case-1', reason: '重复上报' }, actors.dispatcher, now + MIN, ref);
    expect(s.status).toBe('rejected');
    expect(running(s)).toEqual([]);
    expect(clock(s, 'dispatch').outcome).toBe('stopped');
    expect(s.timeline.at(-1)!.note).toBe('重复上报');
  });
});

describe('dispatch (rules 1 and 4)', () => {
  it('starts the department clock at dispatch, from the catalogue limit, and signing leaves it alone', () => {
    const { state, now } = caseAt('dispatched', ref);
    const h = clock(state, 'handling');
    expect(h).toMatchObject({
      unitId: 'dept-cg',
      startedAt: now,
      limitMinutes: 240,
      natural: false,
      deadline: local(2026, 11, 26, 16, 20),
    });
    expect(clock(state, 'dispatch').outcome).toBe('met');
    expect(state.dispatchedAt).toBe(now);
    const signed = run(state, { type: 'sign', caseId: 'case-1' }, dept('dept-cg'), now + 2 * 60 * MIN, ref);
    expect(signed.status).toBe('signed');
    expect(signed.clocks).toEqual(state.clocks);
  });

  it('counts urgent limits in natural time', () => {
    const { state, now } = caseAt('dispatched', ref, { grade: 'urgent', catalogItemId: 'item-manhole' });
    expect(clock(state, 'handling')).toMatchObject({ natural: true, limitMinutes: 120, deadline: now + 120 * MIN });
  });

  it('takes an explicit deadline instead of the catalogue limit, as working minutes', () => {
    const { state, now } = caseAt('accepted', ref);
    const at = now + 10 * MIN;
    const s = run(
      state,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [], deadlineAt: local(2026, 11, 27, 12) },
      actors.leader,
      at,
      ref,
    );
    expect(clock(s, 'handling')).toMatchObject({ limitMinutes: 100 + 240 + 180, deadline: local(2026, 11, 27, 12) });
    expect(s.timeline.at(-1)!.data).toMatchObject({ deadlineOverride: true });
  });

  it('keeps an explicit deadline exactly, even when dispatched at odd seconds', () => {
    const { state } = caseAt('accepted', ref);
    // Friday 10:00:20 → Friday 18:00 is 359⅔ working minutes: the limit is rounded down, the deadline is not.
    const at = local(2026, 11, 27, 10) + 20_000;
    const deadlineAt = local(2026, 11, 27, 18);
    const s = run(
      state,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [], deadlineAt },
      actors.dispatcher,
      at,
      ref,
    );
    const h = clock(s, 'handling');
    expect(h.limitMinutes).toBe(359);
    expect(h.deadline).toBe(deadlineAt);
    expect(h.deadlineAt).toBe(deadlineAt);
    expect(s.timeline.at(-1)!.data).toMatchObject({ deadline: deadlineAt, limitMinutes: 359 });
  });

  it('drops duplicate co-departments', () => {
    const { state, now } = caseAt('accepted', ref);
    const s = run(
      state,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: ['dept-zz', 'dept-zz', 'dept-mz'] },
      actors.dispatcher,
      now,
      ref,
    );
    expect(s.coDepartmentIds).toEqual(['dept-zz', 'dept-mz']);
  });

  it('records the precedent a dispatcher followed', () => {
    const { state, now } = caseAt('accepted', ref);
    const s = run(
      state,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-zz', coDepartmentIds: [], precedentId: 'prec-stairs' },
      actors.dispatcher,
      now,
      ref,
    );
    expect(s.precedentId).toBe('prec-stairs');
    expect(s.fallback).toBe(false);
  });
});

describe('bounce (rule 1)', () => {
  it('stops the department clock, charges the bounced time to the centre and clears the department', () => {
    const at0 = caseAt('signed', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(state, { type: 'requestExtension', caseId: 'case-1', minutes: 60, reason: '需要时间' }, dept('dept-cg'), now, ref);
    const s = run(
      state,
      { type: 'bounce', caseId: 'case-1', reasonCode: 'not_our_duty', text: '属于物业管理范围' },
      dept('dept-cg'),
      now + MIN,
      ref,
    );
    expect(s).toMatchObject({ status: 'bounced', bounceCount: 1, coDepartmentIds: [], mandatory: false });
    expect(s.leadDepartmentId).toBeUndefined();
    expect(s.pendingExtension).toBeUndefined();
    expect(clock(s, 'handling')).toMatchObject({ outcome: 'stopped', stoppedAt: now + MIN });
    expect(clock(s, 'dispatch')).toMatchObject({ unitId: 'centre', startedAt: now + MIN });
    expect(clock(s, 'dispatch').stoppedAt).toBeUndefined();
    expect(s.timeline.at(-1)!.data).toMatchObject({ departmentId: 'dept-cg', reasonCode: 'not_our_duty', text: '属于物业管理范围' });
  });

  const moot: Array<[string, 'signed' | 'accepted', Actor, Command]> = [
    [
      'a bounce drops the bouncing department’s park request',
      'signed',
      dept('dept-cg'),
      { type: 'bounce', caseId: 'case-1', reasonCode: 'not_our_duty', text: '非本单位职责' },
    ],
    [
      'a dispatch makes a park request from before it moot',
      'accepted',
      actors.dispatcher,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [] },
    ],
  ];
  it.each(moot)('%s: nobody may approve it any more', (_name, stage, actor, cmd) => {
    const { state, now } = caseAt(stage, ref);
    const requested = run(state, { type: 'requestPark', caseId: 'case-1', reason: '需结合工程' }, actor, now, ref);
    const s = run(requested, cmd, actor, now + MIN, ref);
    expect(s.pendingPark).toBeUndefined();
    const r = decide(s, { type: 'decidePark', caseId: 'case-1', approve: true }, { actor: actors.supervisor, now: now + 2 * MIN, ref });
    expect(r).toMatchObject({ ok: false, code: 'NO_PENDING_REQUEST' });
  });

  it('makes the re-dispatch mandatory, with a fresh department clock', () => {
    const { state, now } = caseAt('redispatched', ref);
    expect(state).toMatchObject({ status: 'dispatched', mandatory: true, bounceCount: 1, leadDepartmentId: 'dept-sz' });
    expect(clock(state, 'handling')).toMatchObject({ unitId: 'dept-sz', startedAt: now, limitMinutes: 240 });
    expect(clock(state, 'dispatch', -1).outcome).toBe('met');
  });
});

describe('fallback dispatch and precedent (rule 3)', () => {
  it('records a precedent with the ruling and marks the case', () => {
    const { state, now } = caseAt('accepted', ref);
    const cmd: Command = {
      type: 'dispatch',
      caseId: 'case-1',
      leadDepartmentId: 'dept-zz',
      coDepartmentIds: [],
      fallback: { reason: '职责不清，由综治办托底', keywords: ['垃圾', ' 门口 ', '垃圾'] },
    };
    const d = decideOk(state, cmd, actors.leader, now, ref, 'm-fb');
    const e = d.events[0]!;
    const p = precedentFromEvent(e);
    expect(Precedent.safeParse(p).success).toBe(true);
    expect(p).toEqual({
      id: 'prec:case-1:3',
      caseId: 'case-1',
      catalogItemId: 'item-rubbish',
      category: '市容环境',
      communityId: 'comm-a',
      gridId: 'grid-a1',
      keywords: ['垃圾', '门口'],
      departmentId: 'dept-zz',
      reason: '职责不清，由综治办托底',
      ruledBy: actors.leader,
      ruledAt: now,
      confirmed: false,
    });
    const s = run(state, cmd, actors.leader, now, ref, 'm-fb');
    expect(s).toMatchObject({ fallback: true, precedentId: 'prec:case-1:3' });
    expect(e.note).toBe('职责不清，由综治办托底');
    expect(precedentFromEvent(s.timeline[0]!)).toBeUndefined();
  });
});

describe('report result', () => {
  it('is met before the deadline, late after it, and starts verification', () => {
    const { state } = caseAt('signed', ref);
    const deadline = clock(state, 'handling').deadline;
    const met = run(state, { type: 'reportResult', caseId: 'case-1', text: '已处置', attachments: [] }, dept('dept-cg'), deadline, ref);
    expect(met.status).toBe('handled');
    expect(clock(met, 'handling').outcome).toBe('met');
    expect(clock(met, 'verification')).toMatchObject({ unitId: 'centre', limitMinutes: 480, startedAt: deadline });
    const late = run(
      state,
      { type: 'reportResult', caseId: 'case-1', text: '已处置', attachments: [] },
      dept('dept-cg'),
      deadline + MIN,
      ref,
    );
    expect(clock(late, 'handling').outcome).toBe('late');
  });

  it('can be reported straight from dispatched (signing is not required)', () => {
    const { state, now } = caseAt('dispatched', ref);
    expect(
      run(state, { type: 'reportResult', caseId: 'case-1', text: '已处置', attachments: [] }, dept('dept-cg'), now + MIN, ref).status,
    ).toBe('handled');
  });
});

describe('extension (rule 5)', () => {
  it('moves the deadline only after approval, and records old and new deadline', () => {
    const at0 = caseAt('signed', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(state, { type: 'requestExtension', caseId: 'case-1', minutes: 120, reason: '需等待配件' }, dept('dept-cg'), now, ref);
    expect(state.pendingExtension).toMatchObject({ minutes: 120, reason: '需等待配件', at: now, by: dept('dept-cg') });
    expect(clock(state, 'handling').deadline).toBe(local(2026, 11, 26, 16, 20));
    const approved = run(
      state,
      { type: 'decideExtension', caseId: 'case-1', approve: true, minutes: 60 },
      actors.supervisor,
      now + MIN,
      ref,
    );
    const h = clock(approved, 'handling');
    expect(h.limitMinutes).toBe(300);
    expect(h.deadline).toBe(local(2026, 11, 26, 17, 20));
    expect(h.extensions).toEqual([
      {
        at: now + MIN,
        minutes: 60,
        by: actors.supervisor.id,
        oldDeadline: local(2026, 11, 26, 16, 20),
        newDeadline: local(2026, 11, 26, 17, 20),
      },
    ]);
    expect(approved.extensionCount).toBe(1);
    expect(approved.pendingExtension).toBeUndefined();
    expect(approved.timeline.at(-1)!.data).toMatchObject({
      approve: true,
      minutes: 60,
      oldDeadline: local(2026, 11, 26, 16, 20),
      newDeadline: local(2026, 11, 26, 17, 20),
    });
  });

  it('uses the requested minutes when the approval names none, and a denial changes no clock', () => {
    const at0 = caseAt('signed', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(state, { type: 'requestExtension', caseId: 'case-1', minutes: 120, reason: '需等待配件' }, dept('dept-cg'), now, ref);
    expect(
      clock(run(state, { type: 'decideExtension', caseId: 'case-1', approve: true }, actors.leader, now + MIN, ref), 'handling')
        .limitMinutes,
    ).toBe(360);
    const denied = run(
      state,
      { type: 'decideExtension', caseId: 'case-1', approve: false, note: '理由不充分' },
      actors.supervisor,
      now + MIN,
      ref,
    );
    expect(denied.pendingExtension).toBeUndefined();
    expect(denied.extensionCount).toBe(0);
    expect(denied.clocks).toEqual(state.clocks);
  });
});

describe('park and resume (rule 5)', () => {
  it('pauses every running clock on approval and resumes without recounting used time', () => {
    const { state: parked, now } = caseAt('parked', ref);
    expect(parked).toMatchObject({ status: 'parked', statusBeforePark: 'dispatched', parkCount: 1 });
    expect(parked.pendingPark).toBeUndefined();
    const h = clock(parked, 'handling');
    expect(h).toMatchObject({ pausedAt: now, remainingAtPause: 220 });
    const resumeAt = local(2026, 11, 30, 9);
    const s = run(parked, { type: 'resume', caseId: 'case-1', note: '工程已开工' }, actors.dispatcher, resumeAt, ref);
    expect(s.status).toBe('dispatched');
    expect(s.statusBeforePark).toBeUndefined();
    const r = clock(s, 'handling');
    expect(r.pausedAt).toBeUndefined();
    expect(r.pauses).toEqual([{ from: now, to: resumeAt }]);
    expect(r.deadline).toBe(local(2026, 11, 30, 14, 40));
    expect(usedMinutes(r, resumeAt, work)).toBe(20);
    expect(s.timeline.at(-1)!.data).toMatchObject({ status: 'dispatched', pause: { from: now, to: resumeAt } });
  });

  it('lets the dispatcher park an accepted case, pausing the centre clock', () => {
    const at0 = caseAt('accepted', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(state, { type: 'requestPark', caseId: 'case-1', reason: '待汛期后处理' }, actors.dispatcher, now, ref);
    state = run(state, { type: 'decidePark', caseId: 'case-1', approve: true }, actors.leader, now + MIN, ref);
    expect(state).toMatchObject({ status: 'parked', statusBeforePark: 'accepted' });
    expect(clock(state, 'dispatch').pausedAt).toBe(now + MIN);
    const resumed = run(state, { type: 'resume', caseId: 'case-1' }, actors.supervisor, now + 60 * MIN, ref);
    expect(resumed.status).toBe('accepted');
  });

  it('a denied park request leaves the clocks running', () => {
    const at0 = caseAt('signed', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(state, { type: 'requestPark', caseId: 'case-1', reason: '长期工程' }, dept('dept-cg'), now, ref);
    const s = run(state, { type: 'decidePark', caseId: 'case-1', approve: false }, actors.supervisor, now + MIN, ref);
    expect(s.status).toBe('signed');
    expect(s.pendingPark).toBeUndefined();
    expect(s.parkCount).toBe(0);
    expect(s.clocks).toEqual(state.clocks);
  });
});

describe('verification and rework (rules 6 and 7)', () => {
  it('a failed verification orders rework with a fresh full limit against the lead', () => {
    const at0 = caseAt('signed', ref);
    let state = at0.state;
    const now = at0.now;
    state = run(state, { type: 'requestExtension', caseId: 'case-1', minutes: 60, reason: '需要时间' }, dept('dept-cg'), now, ref);
    state = run(state, { type: 'decideExtension', caseId: 'case-1', approve: true }, actors.supervisor, now, ref);
    state = run(state, { type: 'reportResult', caseId: 'case-1', text: '已处置', attachments: [] }, dept('dept-cg'), now + MIN, ref);
    const d = decideOk(
      state,
      { type: 'verify', caseId: 'case-1', passed: false, note: '现场仍有垃圾' },
      actors.gridWorker,
      now + 2 * MIN,
      ref,
    );
    expect(d.events.map((e) => [e.type, e.version])).toEqual([
      ['verified', state.version + 1],
      ['rework_ordered', state.version + 2],
    ]);
    expect(d.events[0]!.data).toMatchObject({ passed: false });
    const s = run(state, { type: 'verify', caseId: 'case-1', passed: false, note: '现场仍有垃圾' }, actors.gridWorker, now + 2 * MIN, ref);
    expect(s).toMatchObject({ status: 'rework', reworkCount: 1, leadDepartmentId: 'dept-cg' });
    expect(clock(s, 'verification').outcome).toBe('met');
    expect(clock(s, 'handling')).toMatchObject({ unitId: 'dept-cg', limitMinutes: 240, startedAt: now + 2 * MIN, extensions: [] });
    expect(running(s).map((k) => k.kind)).toEqual(['handling']);
    expect(
      run(s, { type: 'reportResult', caseId: 'case-1', text: '返工完成', attachments: [] }, dept('dept-cg'), now + 3 * MIN, ref).status,
    ).toBe('handled');
  });

  it('a passed verification stops the verification clock and allows closing', () => {
    const { state } = caseAt('verified', ref);
    expect(state.status).toBe('verified');
    expect(clock(state, 'verification').outcome).toBe('met');
    expect(state.verifiedAt).toBeDefined();
  });

  it('closing with satisfied/basic ends the case; unsatisfied orders rework instead', () => {
    const { state, now } = caseAt('verified', ref, { report: { reporter: { name: '陈女士' } } });
    const basic = run(state, { type: 'close', caseId: 'case-1', satisfaction: 'basic' }, actors.gridWorker, now + MIN, ref);
    expect(basic).toMatchObject({ status: 'closed', satisfaction: 'basic', closedAt: now + MIN });
    const d = decideOk(state, { type: 'close', caseId: 'case-1', satisfaction: 'unsatisfied' }, actors.dispatcher, now + MIN, ref);
    expect(d.events.map((e) => e.type)).toEqual(['rework_ordered']);
    expect(d.events[0]!.data).toMatchObject({ reason: 'unsatisfied', status: 'rework', satisfaction: 'unsatisfied' });
  });
});

describe('self-handled cases', () => {
  it('goes to verification and can be closed', () => {
    const at0 = caseAt('self_handled', ref);
    let state = at0.state;
    const now = at0.now;
    expect(state).toMatchObject({ status: 'self_handled', handledAt: now });
    expect(clock(state, 'registration').outcome).toBe('met');
    expect(clock(state, 'verification')).toMatchObject({ unitId: 'centre', startedAt: now });
    state = run(state, { type: 'verify', caseId: 'case-1', passed: true, note: '已核实' }, actors.dispatcher, now + MIN, ref);
    state = run(state, { type: 'close', caseId: 'case-1', satisfaction: 'not_rated' }, actors.gridWorker, now + 2 * MIN, ref);
    expect(state.status).toBe('closed');
  });

  it('a failed verification goes back to the centre: accepted with a dispatch clock, or reported when unclassified', () => {
    const acc = caseAt('accepted', ref);
    let s = run(acc.state, { type: 'selfHandle', caseId: 'case-1', note: '网格员已处理' }, actors.gridWorker, acc.now + MIN, ref);
    expect(clock(s, 'dispatch').outcome).toBe('met');
    s = run(s, { type: 'verify', caseId: 'case-1', passed: false, note: '未处理好' }, actors.dispatcher, acc.now + 2 * MIN, ref);
    expect(s).toMatchObject({ status: 'accepted', reworkCount: 1 });
    expect(running(s).map((k) => [k.kind, k.unitId])).toEqual([['dispatch', 'centre']]);

    const rep = caseAt('self_handled', ref);
    const back = run(
      rep.state,
      { type: 'verify', caseId: 'case-1', passed: false, note: '未处理好' },
      actors.dispatcher,
      rep.now + MIN,
      ref,
    );
    expect(back.status).toBe('reported');
    expect(running(back).map((k) => k.kind)).toEqual(['registration']);
    expect(
      run(
        back,
        { type: 'accept', caseId: 'case-1', catalogItemId: 'item-rubbish', grade: 'normal' },
        actors.dispatcher,
        rep.now + 2 * MIN,
        ref,
      ).status,
    ).toBe('accepted');
  });
});

describe('supervision timers', () => {
  const states = (s: GridEvent, t: number) => s.clocks.map((k) => [k.kind, clockStateAt(k, t, ref.calendar)]);

  it('shows every clock of a case, not only the nearest, each with its state at an instant', () => {
    // Registration accepted late (61 min > 60), dispatch in time; the 240-minute handling clock runs.
    const { state } = caseAt('reported', ref);
    let s = run(
      state,
      { type: 'accept', caseId: 'case-1', catalogItemId: 'item-rubbish', grade: 'normal' },
      actors.dispatcher,
      T0 + 61 * MIN,
      ref,
    );
    s = run(
      s,
      { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [] },
      actors.dispatcher,
      T0 + 90 * MIN,
      ref,
    );
    const deadline = clock(s, 'handling').deadline; // 11:30 + 4 working hours = 17:30
    expect(deadline).toBe(local(2026, 11, 26, 17, 30));
    expect(states(s, local(2026, 11, 26, 14))).toEqual([
      ['registration', 'late'],
      ['dispatch', 'met'],
      ['handling', 'normal'],
    ]);
    expect(states(s, local(2026, 11, 26, 16, 40))[2]).toEqual(['handling', 'warning']); // 50 of 240 minutes left
    expect(states(s, deadline + MIN)[2]).toEqual(['handling', 'overdue']);
    // Overdue at night too: the deadline has passed, whatever the hour.
    expect(states(s, local(2026, 11, 27, 2))[2]).toEqual(['handling', 'overdue']);
    // Result reported: handling ends late, the centre's verification clock starts.
    const h = run(
      s,
      { type: 'reportResult', caseId: 'case-1', text: '已清运', attachments: [] },
      dept('dept-cg'),
      local(2026, 11, 27, 9, 30),
      ref,
    );
    expect(states(h, local(2026, 11, 27, 10))).toEqual([
      ['registration', 'late'],
      ['dispatch', 'met'],
      ['handling', 'late'],
      ['verification', 'normal'],
    ]);
  });

  it('shows a parked case’s clocks as paused, and counts on after resume', () => {
    const { state: parked, now } = caseAt('parked', ref);
    expect(states(parked, now + 3 * 24 * 60 * MIN).find(([k]) => k === 'handling')).toEqual(['handling', 'paused']);
    const resumed = run(parked, { type: 'resume', caseId: 'case-1' }, actors.dispatcher, local(2026, 11, 30, 9), ref);
    expect(states(resumed, local(2026, 11, 30, 9)).find(([k]) => k === 'handling')).toEqual(['handling', 'normal']);
  });
});

describe('supervision', () => {
  it('issues an urge notice with a reply deadline in working time, and records the reply', () => {
    const { state } = caseAt('signed', ref);
    const at = local(2026, 11, 26, 17);
    const s = run(
      state,
      { type: 'urge', caseId: 'case-1', urgeId: 'urge-1', level: 'remind', message: '请于明日上午前反馈进展', replyHours: 2 },
      actors.supervisor,
      at,
      ref,
    );
    expect(s.urges).toEqual([
      {
        id: 'urge-1',
        caseId: 'case-1',
        level: 'remind',
        departmentId: 'dept-cg',
        message: '请于明日上午前反馈进展',
        issuedAt: at,
        issuedBy: actors.supervisor,
        replyDeadline: local(2026, 11, 27, 10),
        replyMinutes: 120,
      },
    ]);
    const replied = run(
      s,
      { type: 'replyUrge', caseId: 'case-1', urgeId: 'urge-1', text: '已安排人员，明日完成' },
      dept('dept-cg'),
      at + MIN,
      ref,
    );
    expect(replied.urges[0]!.reply).toEqual({ at: at + MIN, by: dept('dept-cg'), text: '已安排人员，明日完成' });
  });

  it('records accountability, also after closure', () => {
    const { state, now } = caseAt('closed', ref);
    const s = run(
      state,
      { type: 'recordAccountability', caseId: 'case-1', recordId: 'acc-1', unitId: 'dept-cg', kind: 'late', text: '处置超期' },
      actors.leader,
      now + MIN,
      ref,
    );
    expect(s.accountability).toEqual([
      {
        id: 'acc-1',
        caseId: 'case-1',
        unitId: 'dept-cg',
        kind: 'late',
        text: '处置超期',
        recordedAt: now + MIN,
        recordedBy: actors.leader,
      },
    ]);
    expect(
      run(
        state,
        { type: 'recordAccountability', caseId: 'case-1', recordId: 'acc-2', unitId: 'centre', kind: 'improper', text: '派遣不准' },
        actors.supervisor,
        now + MIN,
        ref,
      ).accountability,
    ).toHaveLength(1);
  });
});

describe('timeline entries (rule 8)', () => {
  it('carry who, what, when and why, with ids derived from case, version and command', () => {
    const { state, now } = caseAt('dispatched', ref);
    const d1 = decideOk(
      state,
      { type: 'bounce', caseId: 'case-1', reasonCode: 'wrong_location', text: '地址不在辖区' },
      dept('dept-cg'),
      now,
      ref,
      'mut-7',
    );
    const d2 = decideOk(
      state,
      { type: 'bounce', caseId: 'case-1', reasonCode: 'wrong_location', text: '地址不在辖区' },
      dept('dept-cg'),
      now,
      ref,
      'mut-7',
    );
    expect(d1).toEqual(d2);
    const e = d1.events[0]!;
    expect(e).toMatchObject({
      caseId: 'case-1',
      version: state.version + 1,
      type: 'bounced',
      at: now,
      actor: dept('dept-cg'),
      commandId: 'mut-7',
      note: '地址不在辖区',
    });
    expect(e.id.startsWith(`case-1:${state.version + 1}:`)).toBe(true);
    const other = decideOk(
      state,
      { type: 'bounce', caseId: 'case-1', reasonCode: 'wrong_location', text: '地址不在辖区' },
      dept('dept-cg'),
      now,
      ref,
      'mut-8',
    );
    expect(other.events[0]!.id).not.toBe(e.id);
  });

  it('keep event ids within the 64-character limit for long case ids', () => {
    const long = 'x'.repeat(64);
    const s = run(null, reportCmd(long), actors.gridWorker, T0, ref, 'm'.repeat(64));
    expect(s.timeline[0]!.id.length).toBeLessThanOrEqual(64);
    expect(CaseEvent.safeParse(s.timeline[0]).success).toBe(true);
  });

  it('every stage of the fixture folds back to the same state and passes the schemas', () => {
    for (const stage of [
      'reported',
      'accepted',
      'dispatched',
      'signed',
      'handled',
      'verified',
      'closed',
      'bounced',
      'redispatched',
      'self_handled',
      'parked',
      'rework',
    ] as const) {
      expectWellFormed(caseAt(stage, ref).state);
    }
  });

  it('decide is pure: the input state is not mutated', () => {
    const { state, now } = caseAt('signed', ref);
    const before = JSON.parse(JSON.stringify(state)) as GridEvent;
    decide(state, { type: 'reportResult', caseId: 'case-1', text: '好', attachments: [] }, { actor: dept('dept-cg'), now, ref });
    expect(state).toEqual(before);
  });
});

describe('重新办理 (reopen)', () => {
  it('sends a closed case back to dispatch with the reason, counted; the earlier bounce still counts', () => {
    const { state: closed, now } = caseAt('closed', ref);
    const r = run(
      closed,
      { type: 'reopen', caseId: closed.id, reason: '群众反映问题复发，井盖再次松动' },
      actors.dispatcher,
      now + 60_000,
      ref,
    );
    expect(r.status).toBe('accepted');
    expect(r.reopenCount).toBe(1);
    expect(r.closedAt).toBeUndefined();
    expect(r.timeline.at(-1)).toMatchObject({ type: 'reopened', note: '群众反映问题复发，井盖再次松动' });
    expect(r.clocks.some((k) => k.kind === 'dispatch' && k.stoppedAt === undefined)).toBe(true);
    // Only with a reason, only by the centre (dispatcher, leader), only when closed.
    expect(rejected(closed, { type: 'reopen', caseId: closed.id, reason: '' }, actors.dispatcher, now, ref).code).toBe('INVALID_COMMAND');
    expect(rejected(closed, { type: 'reopen', caseId: closed.id, reason: '复发' }, actors.gridWorker, now, ref).code).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(rejected(r, { type: 'reopen', caseId: closed.id, reason: '复发' }, actors.dispatcher, now, ref).code).toBe('INVALID_STATE');
  });
});
