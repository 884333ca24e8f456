import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFor, defaultCalendarConfig, naturalTime, withClosure } from './calendar/index.js';
import {
  baseLimitMinutes,
  clockMeasure,
  clockStateAt,
  extendClock,
  nearestDeadline,
  pauseClock,
  recomputeDeadline,
  remainingMinutes,
  resumeClock,
  runningClocks,
  startClock,
  stopClock,
  usedMinutes,
} from './clocks.js';
import type { TimeMeasure } from './calendar/types.js';
import type { CaseClock } from './model.js';

const MIN = 60_000;
/** Street-local (UTC+8) wall clock to epoch ms. */
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi);
const config = defaultCalendarConfig();
const work = calendarFor(config);
/** Thursday 2026-11-26 10:00, office hours 09:00-12:00 and 14:00-18:00. */
const THU10 = local(2026, 11, 26, 10);

const clock = (over: Partial<Parameters<typeof startClock>[0]> = {}, measure: TimeMeasure = work): CaseClock =>
  startClock(
    { id: 'c1-handling', kind: 'handling', unitId: 'dept-cg', startedAt: THU10, limitMinutes: 240, natural: false, ...over },
    measure,
  );

describe('startClock', () => {
  it('lays the limit onto working time, skipping the lunch break', () => {
    const c = clock();
    expect(c.deadline).toBe(local(2026, 11, 26, 16));
    expect(c).toMatchObject({ limitMinutes: 240, pauses: [], extensions: [], natural: false });
    expect(c.stoppedAt).toBeUndefined();
  });

  it('ends a deadline at the end of the working time it consumes (12:00, not 14:00)', () => {
    expect(clock({ limitMinutes: 120 }).deadline).toBe(local(2026, 11, 26, 12));
  });

  it('carries over the night and the weekend', () => {
    expect(clock({ startedAt: local(2026, 11, 26, 17), limitMinutes: 120 }).deadline).toBe(local(2026, 11, 27, 10));
    expect(clock({ startedAt: local(2026, 11, 27, 17), limitMinutes: 120 }).deadline).toBe(local(2026, 11, 30, 10));
  });

  it('counts natural clocks 24/7', () => {
    const c = clock({ startedAt: local(2026, 11, 27, 23), limitMinutes: 120, natural: true }, naturalTime);
    expect(c.deadline).toBe(local(2026, 11, 28, 1));
  });
});

describe('usedMinutes / remainingMinutes', () => {
  it('counts only working minutes', () => {
    const c = clock();
    expect(usedMinutes(c, local(2026, 11, 26, 15), work)).toBe(180);
    expect(remainingMinutes(c, local(2026, 11, 26, 15), work)).toBe(60);
    expect(usedMinutes(c, local(2026, 11, 26, 13), work)).toBe(120);
  });

  it('is zero before the start and stops counting at the stop', () => {
    const c = clock();
    expect(usedMinutes(c, THU10 - 60 * MIN, work)).toBe(0);
    const stopped = stopClock(c, local(2026, 11, 26, 11), work);
    expect(usedMinutes(stopped, local(2026, 11, 30, 11), work)).toBe(60);
  });

  it('does not run on a weekend', () => {
    const c = clock({ startedAt: local(2026, 11, 27, 17), limitMinutes: 600 });
    expect(usedMinutes(c, local(2026, 11, 28, 12), work)).toBe(60);
    expect(usedMinutes(c, local(2026, 11, 29, 23), work)).toBe(60);
  });

  it('does not run on a statutory holiday, and runs on a make-up working day (调休)', () => {
    const y2026 = config.years.find((y) => y.year === 2026);
    expect(y2026).toBeDefined();
    const holiday = y2026!.holidays.map((h) => h.date).find((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    const makeup = y2026!.makeupWorkdays[0]?.date;
    expect(holiday && makeup).toBeTruthy();
    const [hy, hm, hd] = holiday!.split('-').map(Number) as [number, number, number];
    const h = clock({ startedAt: local(hy, hm, hd, 8), limitMinutes: 600 });
    expect(usedMinutes(h, local(hy, hm, hd, 20), work)).toBe(0);
    const [my, mm, md] = makeup!.split('-').map(Number) as [number, number, number];
    const m = clock({ startedAt: local(my, mm, md, 8), limitMinutes: 600 });
    expect(usedMinutes(m, local(my, mm, md, 20), work)).toBe(420);
  });
});

describe('pause and resume', () => {
  it('freezes used time and lays the remainder from the resume instant', () => {
    const c = clock();
    const paused = pauseClock(c, local(2026, 11, 26, 11), work);
    expect(paused.pausedAt).toBe(local(2026, 11, 26, 11));
    expect(paused.remainingAtPause).toBe(180);
    expect(usedMinutes(paused, local(2026, 11, 27, 17), work)).toBe(60);
    const resumed = resumeClock(paused, local(2026, 11, 30, 9), work);
    expect(resumed.pausedAt).toBeUndefined();
    expect(resumed.remainingAtPause).toBeUndefined();
    expect(resumed.pauses).toEqual([{ from: local(2026, 11, 26, 11), to: local(2026, 11, 30, 9) }]);
    expect(resumed.deadline).toBe(local(2026, 11, 30, 12));
    expect(usedMinutes(resumed, local(2026, 11, 30, 9), work)).toBe(60);
    expect(usedMinutes(resumed, local(2026, 11, 30, 10), work)).toBe(120);
  });

  it('pausing twice or resuming a running clock changes nothing', () => {
    const c = clock();
    const p = pauseClock(c, local(2026, 11, 26, 11), work);
    expect(pauseClock(p, local(2026, 11, 26, 15), work)).toBe(p);
    expect(resumeClock(c, local(2026, 11, 26, 15), work)).toBe(c);
  });

  it('resumes an overdue clock still overdue, at its original deadline', () => {
    const c = clock({ limitMinutes: 60 });
    const p = pauseClock(c, local(2026, 11, 26, 15), work);
    expect(p.remainingAtPause).toBe(-120);
    const r = resumeClock(p, local(2026, 11, 30, 9), work);
    expect(r.deadline).toBe(local(2026, 11, 26, 11));
    expect(clockStateAt(r, local(2026, 11, 30, 9), config)).toBe('overdue');
  });

  it('keeps the paused state visible and reports it', () => {
    const p = pauseClock(clock(), local(2026, 11, 26, 11), work);
    expect(clockStateAt(p, local(2026, 12, 20, 11), config)).toBe('paused');
    expect(runningClocks({ clocks: [p] })).toHaveLength(1);
    expect(nearestDeadline({ clocks: [p] })).toBeUndefined();
  });
});

describe('extendClock', () => {
  it('moves the deadline by working minutes and records old and new deadline', () => {
    const c = extendClock(clock(), 120, local(2026, 11, 26, 11), 'u-supervisor', work);
    expect(c.limitMinutes).toBe(360);
    expect(c.deadline).toBe(local(2026, 11, 26, 18));
    expect(c.extensions).toEqual([
      {
        at: local(2026, 11, 26, 11),
        minutes: 120,
        by: 'u-supervisor',
        oldDeadline: local(2026, 11, 26, 16),
        newDeadline: local(2026, 11, 26, 18),
      },
    ]);
    expect(baseLimitMinutes(c)).toBe(240);
  });

  it('adds to the remaining minutes of a paused clock', () => {
    const p = pauseClock(clock(), local(2026, 11, 26, 11), work);
    const e = extendClock(p, 60, local(2026, 11, 26, 12), 'u-supervisor', work);
    expect(e.remainingAtPause).toBe(240);
    expect(resumeClock(e, local(2026, 11, 30, 9), work).deadline).toBe(local(2026, 11, 30, 15));
  });

  it('does not change a stopped clock', () => {
    const s = stopClock(clock(), local(2026, 11, 26, 11), work);
    expect(extendClock(s, 60, local(2026, 11, 26, 12), 'x', work)).toBe(s);
  });
});

describe('stopClock', () => {
  it('is met up to and including the deadline and late after it', () => {
    const c = clock();
    expect(stopClock(c, local(2026, 11, 26, 15), work).outcome).toBe('met');
    expect(stopClock(c, local(2026, 11, 26, 16), work).outcome).toBe('met');
    expect(stopClock(c, local(2026, 11, 26, 16, 1), work).outcome).toBe('late');
    expect(stopClock(c, local(2026, 11, 26, 16, 1), work, 'stopped').outcome).toBe('stopped');
  });

  it('closes an open pause and judges a paused clock by used time', () => {
    const p = pauseClock(clock(), local(2026, 11, 26, 11), work);
    const s = stopClock(p, local(2026, 12, 10, 11), work);
    expect(s.outcome).toBe('met');
    expect(s.pausedAt).toBeUndefined();
    expect(s.pauses).toEqual([{ from: local(2026, 11, 26, 11), to: local(2026, 12, 10, 11) }]);
    expect(usedMinutes(s, local(2026, 12, 20, 11), work)).toBe(60);
  });

  it('stopping twice keeps the first stop', () => {
    const s = stopClock(clock(), local(2026, 11, 26, 11), work);
    expect(stopClock(s, local(2026, 11, 27, 11), work)).toBe(s);
  });
});

describe('recomputeDeadline', () => {
  it('agrees with the start deadline and moves when the calendar gains a closure', () => {
    const c = clock();
    expect(recomputeDeadline(c, work)).toBe(c.deadline);
    const typhoon = withClosure(config, {
      id: 'typhoon',
      from: local(2026, 11, 26, 14),
      to: local(2026, 11, 26, 18),
      reason: '台风红色预警停工',
      createdBy: 'admin',
    });
    expect(recomputeDeadline(c, calendarFor(typhoon))).toBe(local(2026, 11, 27, 11));
  });

  it('keeps the deadline of a paused clock', () => {
    const p = pauseClock(clock(), local(2026, 11, 26, 11), work);
    expect(recomputeDeadline(p, naturalTime)).toBe(p.deadline);
  });
});

describe('clockStateAt', () => {
  it('goes normal → warning (under 25% left) → overdue, and shows outcomes', () => {
    const c = clock();
    expect(clockStateAt(c, local(2026, 11, 26, 14), config)).toBe('normal');
    expect(clockStateAt(c, local(2026, 11, 26, 15, 1), config)).toBe('warning');
    expect(clockStateAt(c, local(2026, 11, 26, 15, 1), config, 0.1)).toBe('normal');
    expect(clockStateAt(c, local(2026, 11, 26, 16), config)).toBe('warning');
    expect(clockStateAt(c, local(2026, 11, 26, 16, 1), config)).toBe('overdue');
    expect(clockStateAt(stopClock(c, local(2026, 11, 26, 15), work), local(2026, 11, 27, 15), config)).toBe('met');
    expect(clockStateAt(stopClock(c, local(2026, 11, 27, 15), work), local(2026, 11, 27, 15), config)).toBe('late');
    expect(clockStateAt(stopClock(c, local(2026, 11, 27, 15), work, 'stopped'), local(2026, 11, 27, 15), config)).toBe('stopped');
  });

  it('uses natural time for natural clocks', () => {
    const c = clock({ startedAt: local(2026, 11, 28, 10), natural: true, limitMinutes: 120 }, naturalTime);
    expect(clockMeasure(c, config)).toBe(naturalTime);
    expect(clockStateAt(c, local(2026, 11, 28, 11), config)).toBe('normal');
    expect(clockStateAt(c, local(2026, 11, 28, 11, 40), config)).toBe('warning');
    expect(clockStateAt(c, local(2026, 11, 28, 12, 1), config)).toBe('overdue');
  });
});

describe('runningClocks / nearestDeadline', () => {
  it('lists unstopped clocks and finds the nearest live deadline', () => {
    const a = clock({ id: 'a', limitMinutes: 240 });
    const b = clock({ id: 'b', limitMinutes: 60 });
    const stopped = stopClock(clock({ id: 'c', limitMinutes: 30 }), THU10 + MIN, work);
    expect(runningClocks({ clocks: [a, b, stopped] }).map((k) => k.id)).toEqual(['a', 'b']);
    expect(nearestDeadline({ clocks: [a, b, stopped] })).toBe(b.deadline);
    expect(nearestDeadline({ clocks: [] })).toBeUndefined();
  });
});

// ---------------------------------------------------------------- properties

type Op = { kind: 'pause' | 'resume' | 'extend' | 'stop'; dt: number; minutes: number };
const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('pause', 'resume', 'extend', 'stop'),
  dt: fc.integer({ min: 0, max: 4 * 24 * 60 }),
  minutes: fc.integer({ min: 1, max: 600 }),
});
const startArb = fc.integer({ min: local(2026, 11, 2), max: local(2026, 11, 30) });

describe('clock properties', () => {
  for (const natural of [false, true]) {
    const measure = natural ? naturalTime : work;
    it(`${natural ? 'natural' : 'working'} time: used ≤ counted, pauses never change used time, deadline is where used reaches the limit`, () => {
      fc.assert(
        fc.property(startArb, fc.integer({ min: 1, max: 3000 }), fc.array(opArb, { maxLength: 12 }), (start, limit, ops) => {
          let c = startClock({ id: 'c', kind: 'handling', unitId: 'd', startedAt: start, limitMinutes: limit, natural }, measure);
          let t = start;
          for (const op of ops) {
            t += op.dt * MIN;
            const before = usedMinutes(c, t, measure);
            if (op.kind === 'pause') c = pauseClock(c, t, measure);
            else if (op.kind === 'resume') c = resumeClock(c, t, measure);
            else if (op.kind === 'extend') c = extendClock(c, op.minutes, t, 'u', measure);
            else c = stopClock(c, t, measure);
            // No operation recounts time already used.
            expect(usedMinutes(c, t, measure)).toBeCloseTo(before, 6);
            const used = usedMinutes(c, t, measure);
            expect(used).toBeGreaterThanOrEqual(0);
            expect(used).toBeLessThanOrEqual(measure.between(start, t) + 1e-9);
            expect(remainingMinutes(c, t, measure) + used).toBeCloseTo(c.limitMinutes, 6);
            if (c.stoppedAt === undefined && c.pausedAt === undefined) {
              expect(recomputeDeadline(c, measure)).toBe(c.deadline);
              expect(usedMinutes(c, c.deadline, measure)).toBeCloseTo(c.limitMinutes, 3);
            }
          }
          for (const p of c.pauses) expect(usedMinutes(c, p.to, measure)).toBeCloseTo(usedMinutes(c, p.from, measure), 6);
        }),
        { numRuns: 150 },
      );
    });
  }
});
