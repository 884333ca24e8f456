/**
 * Time rule: a timeline never goes back in time. A command decided at an instant before the case's last
 * entry (a district change dated before the dispatch it answers, a clock set back) is dated at that entry,
 * and the time it was stated at is kept as `occurredAt`. A change dated after the last entry keeps its time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command, CommandType } from '../commands.js';
import type { GridEvent } from '../gridEvent.js';
import type { Actor } from '../model.js';
import { allowedCommands, decide, evolve, recalculateDeadlines, upstreamRejected } from './index.js';
import { actors, caseAt, dept, HOUR, makeRef, MIN, reportCmd, run, T0 } from '../testing/engineFixtures.js';

const ref = makeRef();
const CASE = 'case-t';

describe('district changes dated before the case’s last entry', () => {
  it('dates a sign and a result claimed two hours before the dispatch at the dispatch, keeping the claimed times', () => {
    const { state, now: dispatchedAt } = caseAt('dispatched', ref, { caseId: CASE });
    const early = dispatchedAt - 2 * HOUR;
    const signed = decide(
      state,
      { type: 'sign', caseId: CASE },
      { actor: dept('dept-cg'), now: early, occurredAt: early, ref, commandId: 'd1' },
    );
    if (!signed.ok) throw new Error(signed.message);
    expect(signed.events.map((e) => [e.type, e.at, e.occurredAt])).toEqual([['signed', dispatchedAt, early]]);
    const s1 = evolve(state, signed.events[0]!);
    const result = decide(
      s1,
      { type: 'reportResult', caseId: CASE, text: '已清运', attachments: [] },
      { actor: dept('dept-cg'), now: early + MIN, ref, commandId: 'd2' },
    );
    if (!result.ok) throw new Error(result.message);
    const s2 = result.events.reduce<GridEvent>((s, e) => evolve(s, e), s1);
    expect(result.events.map((e) => [e.at, e.occurredAt])).toEqual([[dispatchedAt, early + MIN]]);
    expect(s2.handledAt).toBe(dispatchedAt);
    expect(s2.handledAt).toBeGreaterThanOrEqual(s2.dispatchedAt!);
    const handling = s2.clocks.find((k) => k.kind === 'handling')!;
    expect([handling.startedAt, handling.stoppedAt, handling.outcome]).toEqual([dispatchedAt, dispatchedAt, 'met']);
  });

  it('keeps a late-arriving change dated after the last entry at its own time, without occurredAt', () => {
    const { state, now: dispatchedAt } = caseAt('dispatched', ref, { caseId: CASE });
    const r = decide(
      state,
      { type: 'bounce', caseId: CASE, reasonCode: 'not_our_duty', text: '不属于本单位职责' },
      { actor: dept('dept-cg'), now: dispatchedAt + 1, occurredAt: dispatchedAt + 1, ref, commandId: 'late' },
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.events.map((e) => [e.at, 'occurredAt' in e])).toEqual([[dispatchedAt + 1, false]]);
  });

  it('keeps the platform time of a change dated in the future as occurredAt (decided at receipt)', () => {
    const { state, now } = caseAt('dispatched', ref, { caseId: CASE });
    const r = decide(
      state,
      { type: 'sign', caseId: CASE },
      { actor: dept('dept-cg'), now: now + MIN, occurredAt: now + HOUR, ref, commandId: 'f' },
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.events.map((e) => [e.at, e.occurredAt])).toEqual([[now + MIN, now + HOUR]]);
  });

  it('dates relay-made entries (deadline recalculation, upstream rejection) no earlier than the last entry', () => {
    const { state, now } = caseAt('dispatched', ref, { caseId: CASE });
    const back = now - HOUR;
    const up = upstreamRejected(state, { commandId: 'x', code: 'NO', message: '区平台拒绝' }, { actor: actors.system, now: back, ref });
    expect(up.ok && up.events.map((e) => [e.at, e.occurredAt])).toEqual([[now, back]]);
    const closure = { id: 'typhoon', from: now, to: now + 24 * HOUR, reason: '台风红色预警', createdBy: 'u-admin' };
    const closed = { ...ref, calendar: { ...ref.calendar, closures: [...ref.calendar.closures, closure] } };
    const re = recalculateDeadlines(state, closed, { actor: actors.admin, now: back, ref: closed });
    expect(re.ok && re.events.map((e) => [e.type, e.at])).toEqual([['deadlines_recalculated', now]]);
  });
});

// ---------------------------------------------------------------- property over engine-made histories

const ACTORS: Actor[] = [
  actors.dispatcher,
  actors.supervisor,
  actors.gridWorker,
  actors.hotline,
  dept('dept-cg'),
  dept('dept-zz'),
  dept('dept-sz'),
];

/** A payload the engine accepts whenever `type` is offered (the workflow moves on). */
function payload(type: CommandType, state: GridEvent | null, actor: Actor, pick: number, now: number): Command {
  const v = state?.version ?? 0;
  switch (type) {
    case 'report':
      return reportCmd(CASE, { source: pick % 2 ? 'hotline' : 'grid_worker' });
    case 'accept':
      return { type, caseId: CASE, catalogItemId: 'item-rubbish', grade: pick % 3 === 0 ? 'urgent' : 'normal' };
    case 'reject':
      return { type, caseId: CASE, reason: '重复上报' };
    case 'selfHandle':
      return { type, caseId: CASE, note: '现场处置' };
    case 'dispatch':
      return {
        type,
        caseId: CASE,
        leadDepartmentId: pick % 2 ? 'dept-cg' : 'dept-sz',
        coDepartmentIds: [],
        ...(pick % 5 === 0 ? { deadlineAt: now + 3 * 24 * HOUR } : {}),
      };
    case 'sign':
      return { type, caseId: CASE };
    case 'bounce':
      return { type, caseId: CASE, reasonCode: 'not_our_duty', text: '不属于本单位' };
    case 'reportResult':
      return { type, caseId: CASE, text: '已处置', attachments: [] };
    case 'requestExtension':
      return { type, caseId: CASE, minutes: 120, reason: '需要更多时间' };
    case 'decideExtension':
    case 'decidePark':
      return { type, caseId: CASE, approve: pick % 3 !== 0 };
    case 'requestPark':
      return { type, caseId: CASE, reason: '长期工程' };
    case 'resume':
      return { type, caseId: CASE };
    case 'verify':
      return { type, caseId: CASE, passed: pick % 4 !== 0, note: '核查' };
    case 'close':
      return { type, caseId: CASE, satisfaction: pick % 5 === 0 ? 'unsatisfied' : 'satisfied' };
    case 'urge':
      return { type, caseId: CASE, urgeId: `u-${v}`, level: 'remind', message: '请加快', replyHours: 4 };
    case 'replyUrge': {
      const open = state?.urges.find((u) => u.departmentId === actor.unitId && !u.reply);
      return { type, caseId: CASE, urgeId: open?.id ?? 'none', text: '已收到' };
    }
    case 'recordAccountability':
      return { type, caseId: CASE, recordId: `r-${v}`, unitId: 'centre', kind: 'late', text: '记录' };
    case 'merge':
      return { type, caseId: CASE, targetCaseId: 'case-original' };
    case 'unmerge':
      return { type, caseId: CASE, reason: '并非同一问题' };
    case 'link':
      return { type, caseId: CASE, otherCaseId: `case-rel-${v}` };
    case 'unlink':
      return { type, caseId: CASE, otherCaseId: state?.relatedCaseIds?.[0] ?? 'none' };
    case 'locate':
      return { type, caseId: CASE, location: { lon: 113.3, lat: 23.2 }, useLocatedGrid: false };
    case 'reopen':
      return { type, caseId: CASE, reason: '整改后问题复发' };
  }
}

/** Every instant the case holds is within its timeline's span, and the timeline is in time order. */
function checkTimeOrder(s: GridEvent): void {
  const at = s.timeline.map((e) => e.at);
  for (let i = 1; i < at.length; i++) expect(at[i]).toBeGreaterThanOrEqual(at[i - 1]!);
  expect(s.updatedAt).toBe(at.at(-1));
  const first = at[0]!;
  const last = at.at(-1)!;
  for (const t of [s.acceptedAt, s.dispatchedAt, s.handledAt, s.verifiedAt, s.closedAt])
    if (t !== undefined) expect(t).toBeGreaterThanOrEqual(first);
  for (const k of s.clocks) {
    expect(k.startedAt).toBeGreaterThanOrEqual(first);
    expect(k.startedAt).toBeLessThanOrEqual(last);
    if (k.stoppedAt !== undefined) expect(k.stoppedAt).toBeGreaterThanOrEqual(k.startedAt);
    if (k.pausedAt !== undefined) expect(k.pausedAt).toBeGreaterThanOrEqual(k.startedAt);
    for (const p of k.pauses) expect(p.to).toBeGreaterThanOrEqual(p.from);
    for (const x of k.extensions) expect(x.at).toBeGreaterThanOrEqual(k.startedAt);
  }
  for (const u of s.urges) if (u.reply) expect(u.reply.at).toBeGreaterThanOrEqual(u.issuedAt);
}

describe('timeline times never go backwards (fast-check over engine-made histories)', () => {
  it('holds whatever instants the commands are decided at, earlier ones included', () => {
    const step = fc.record({
      actor: fc.nat(),
      pick: fc.nat(),
      // Mostly forward, often backwards (a district change dated before earlier entries), by up to three days.
      dt: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 })),
    });
    let moved = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 2, maxLength: 40 }), (steps) => {
        let state: GridEvent | null = run(null, reportCmd(CASE), actors.gridWorker, T0, ref, 'm-0');
        let now = T0;
        steps.forEach((st, i) => {
          now += st.dt * MIN;
          const offered = ACTORS.flatMap((a) => allowedCommands(state, a, ref, now).map((t) => [a, t] as const));
          if (offered.length === 0) return;
          const [actor, type] = offered[st.pick % offered.length]!;
          const last = state!.timeline.at(-1)!.at;
          const r = decide(state, payload(type, state, actor, st.pick >> 3, now), {
            actor,
            now,
            occurredAt: now,
            ref,
            commandId: `m-${i + 1}`,
          });
          if (!r.ok) return;
          for (const e of r.events) {
            expect(e.at).toBe(Math.max(now, last));
            expect(e.occurredAt).toBe(now < last ? now : undefined);
          }
          if (now < last) moved++;
          state = r.events.reduce<GridEvent | null>((s, e) => evolve(s, e), state);
          checkTimeOrder(state!);
        });
      }),
      { numRuns: 300, seed: 5_2026 },
    );
    // The generator really decides commands at instants before the last entry.
    expect(moved).toBeGreaterThan(100);
  });
});
