/**
 * An explicit deadline (a dispatch's deadlineAt, e.g. a meeting decision picked as 18:00) is the clock's
 * deadline to the minute: whatever the seconds of the dispatch, and through pauses, extensions and
 * calendar recalculations, which move it only by the counted time they add.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFor, withClosure } from '../calendar/index.js';
import { pauseClock, startClock, stopClock } from '../clocks.js';
import type { GridEvent } from '../gridEvent.js';
import type { CaseClock } from '../model.js';
import type { RefData } from '../refData.js';
import { evolve, recalculateDeadlines } from './index.js';
import { actors, caseAt, dept, local, makeRef, MIN, run } from '../testing/engineFixtures.js';

const ref = makeRef();
const work = calendarFor(ref.calendar);
const DAY = 24 * 60 * MIN;
/** Monday 2026-11-02 00:00 street time. */
const BASE = local(2026, 11, 2);

const handling = (s: GridEvent): CaseClock => {
  const k = s.clocks.filter((c) => c.kind === 'handling').at(-1);
  if (!k) throw new Error('no handling clock');
  return k;
};

/** A dispatch instant with seconds and milliseconds, and a deadline on a whole minute after it. */
const dispatchArb = fc
  .record({
    day: fc.integer({ min: 0, max: 40 }),
    ms: fc.integer({ min: 0, max: DAY - 1 }),
    aheadDays: fc.integer({ min: 0, max: 30 }),
    minuteOfDay: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  })
  .map(({ day, ms, aheadDays, minuteOfDay }) => {
    const at = BASE + day * DAY + ms;
    const deadlineAt = BASE + (day + aheadDays) * DAY + minuteOfDay * MIN;
    return { at, deadlineAt };
  })
  // The engine refuses a deadline with no working minute before it (a separate, tested rejection).
  .filter(({ at, deadlineAt }) => deadlineAt > at && work.between(at, deadlineAt) >= 1);

/** An accepted case dispatched at `at` with the explicit deadline. */
function dispatched(at: number, deadlineAt: number, r: RefData = ref): GridEvent {
  const { state } = caseAt('accepted', r, { start: at - 20 * MIN });
  return run(
    state,
    { type: 'dispatch', caseId: 'case-1', leadDepartmentId: 'dept-cg', coDepartmentIds: [], deadlineAt },
    actors.dispatcher,
    at,
    r,
  );
}

describe('explicit deadline (deadlineAt)', () => {
  it('is the handling clock’s deadline exactly, whatever the seconds of the dispatch', () => {
    fc.assert(
      fc.property(dispatchArb, ({ at, deadlineAt }) => {
        const s = dispatched(at, deadlineAt);
        const h = handling(s);
        expect(h.deadline).toBe(deadlineAt);
        expect(h.deadlineAt).toBe(deadlineAt);
        // The limit is the counted time up to it, rounded down.
        expect(h.limitMinutes).toBe(Math.floor(work.between(at, deadlineAt)));
        expect(s.timeline.at(-1)!.data).toMatchObject({ deadline: deadlineAt, deadlineOverride: true });
      }),
      { numRuns: 300 },
    );
  });

  it('is kept by a recalculation on the same calendar or one changed only after it', () => {
    fc.assert(
      fc.property(dispatchArb, fc.integer({ min: 1, max: 5 * 24 * 60 }), ({ at, deadlineAt }, after) => {
        const s = dispatched(at, deadlineAt);
        const ctx = { actor: actors.system, now: at + MIN, ref, commandId: 'cal' };
        expect(recalculateDeadlines(s, ref, ctx).events).toEqual([]);
        const from = deadlineAt + after * MIN;
        const later = {
          ...ref,
          calendar: withClosure(ref.calendar, { id: 'c1', from, to: from + DAY, reason: '台风', createdBy: 'admin' }),
        };
        expect(recalculateDeadlines(s, later, { ...ctx, ref: later }).events).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('moves by the working time a closure entered later takes out before it, to the minute, never earlier', () => {
    fc.assert(
      fc.property(
        dispatchArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 3 * 24 * 60 }),
        ({ at, deadlineAt }, where, minutes) => {
          const s = dispatched(at, deadlineAt);
          // A closure on whole minutes starting between the dispatch and the deadline.
          const from = Math.ceil((at + where * (deadlineAt - at)) / MIN) * MIN;
          const to = from + minutes * MIN;
          const closed = { ...ref, calendar: withClosure(ref.calendar, { id: 'c1', from, to, reason: '台风', createdBy: 'admin' }) };
          const newWork = calendarFor(closed.calendar);
          const d = recalculateDeadlines(s, closed, { actor: actors.system, now: at + MIN, ref: closed, commandId: 'cal' });
          const next = d.events.reduce<GridEvent>((x, e) => evolve(x, e) as GridEvent, s);
          const h = handling(next);
          const taken = Math.round(work.between(at, deadlineAt) - newWork.between(at, deadlineAt));
          expect(h.deadline).toBeGreaterThanOrEqual(deadlineAt);
          if (taken === 0) expect(h.deadline).toBe(deadlineAt);
          // The working time owed is laid on after the deadline set (to the minute).
          else expect(Math.round(newWork.between(deadlineAt, h.deadline))).toBe(taken);
          // Taking the closure out again restores the instant set.
          const back = recalculateDeadlines(next, ref, { actor: actors.system, now: at + 2 * MIN, ref, commandId: 'cal-2' });
          const restored = back.events.reduce<GridEvent>((x, e) => evolve(x, e) as GridEvent, next);
          expect(handling(restored).deadline).toBe(deadlineAt);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('after a park and resume, moves by the counted time of the pause; a pause without working time keeps it', () => {
    fc.assert(
      fc.property(
        dispatchArb,
        fc.integer({ min: 1, max: 3 * DAY }),
        fc.integer({ min: 0, max: 4 * DAY }),
        ({ at, deadlineAt }, toPark, parkedFor) => {
          let s = dispatched(at, deadlineAt);
          const requestAt = at + Math.floor(toPark / 2);
          const parkAt = at + toPark;
          const resumeAt = parkAt + parkedFor;
          s = run(s, { type: 'requestPark', caseId: 'case-1', reason: '需结合道路改造工程处理' }, dept('dept-cg'), requestAt, ref);
          s = run(s, { type: 'decidePark', caseId: 'case-1', approve: true }, actors.supervisor, parkAt, ref);
          expect(handling(s).deadline).toBe(deadlineAt);
          s = run(s, { type: 'resume', caseId: 'case-1' }, actors.dispatcher, resumeAt, ref);
          const h = handling(s);
          const paused = work.between(parkAt, resumeAt);
          if (parkAt >= deadlineAt || paused === 0) expect(h.deadline).toBe(deadlineAt);
          else {
            expect(h.deadline).toBeGreaterThan(deadlineAt);
            expect(work.between(deadlineAt, h.deadline)).toBeCloseTo(paused, 6);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('moves by an approved extension’s working minutes from the deadline set', () => {
    fc.assert(
      fc.property(dispatchArb, fc.integer({ min: 30, max: 3000 }), ({ at, deadlineAt }, minutes) => {
        let s = dispatched(at, deadlineAt);
        s = run(s, { type: 'sign', caseId: 'case-1' }, dept('dept-cg'), at + 1, ref);
        s = run(s, { type: 'requestExtension', caseId: 'case-1', minutes, reason: '需协调' }, dept('dept-cg'), at + 2, ref);
        s = run(s, { type: 'decideExtension', caseId: 'case-1', approve: true }, actors.supervisor, at + 3, ref);
        const h = handling(s);
        expect(h.deadline).toBe(work.add(deadlineAt, minutes));
        expect(h.extensions.at(-1)).toMatchObject({ oldDeadline: deadlineAt, newDeadline: h.deadline, minutes });
      }),
      { numRuns: 150 },
    );
  });

  it('judges a clock stopped while paused by whether the pause began before its deadline', () => {
    // Friday 10:00:20, deadline set Friday 18:00 (the end of the working day).
    const at = local(2026, 11, 27, 10) + 20_000;
    const deadlineAt = local(2026, 11, 27, 18);
    const k = startClock(
      { id: 'c1-handling', kind: 'handling', unitId: 'dept-cg', startedAt: at, limitMinutes: 359, natural: false, deadlineAt },
      work,
    );
    expect(k.deadline).toBe(deadlineAt);
    const stopAt = local(2026, 11, 30, 12);
    expect(stopClock(pauseClock(k, deadlineAt - MIN, work), stopAt, work).outcome).toBe('met');
    expect(stopClock(pauseClock(k, deadlineAt + MIN, work), stopAt, work).outcome).toBe('late');
  });
});
