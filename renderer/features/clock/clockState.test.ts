import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clockStateAt, clockMeasure, startClock } from '../../../shared/clocks.js';
import { stateAt, warnAtOf } from './ClockBadge.js';
import { ref } from '../../testing/fixtures.js';

const T0 = Date.UTC(2026, 10, 23, 0, 0); // Mon 2026-11-23 08:00 in the street

describe('precomputed clock state (what each badge does per tick)', () => {
  it('agrees with the shared clockStateAt for running clocks (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 14 * 24 * 60 }),
        fc.integer({ min: 1, max: 20 * 60 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 21 * 24 * 60 }),
        (startMin, limit, natural, atMin) => {
          const clock = startClock(
            { id: 'k', kind: 'handling', unitId: 'd', startedAt: T0 + startMin * 60_000, limitMinutes: limit, natural },
            clockMeasure({ natural }, ref.calendar),
          );
          const t = T0 + atMin * 60_000;
          expect(stateAt(clock, t, warnAtOf(clock, ref.calendar))).toBe(clockStateAt(clock, t, ref.calendar));
        },
      ),
      { numRuns: 2000, examples: [[4719, 532, true, 5118], [77, 1048, false, 2003], [4451, 840, false, 6221]] },
    );
  });

  it('reports stopped and paused clocks without a warning instant', () => {
    const c = startClock(
      { id: 'k', kind: 'handling', unitId: 'd', startedAt: T0, limitMinutes: 60, natural: true },
      clockMeasure({ natural: true }, ref.calendar),
    );
    expect(stateAt({ ...c, pausedAt: T0 + 1, remainingAtPause: 59 }, T0 + 7_200_000, undefined)).toBe('paused');
    expect(stateAt({ ...c, stoppedAt: T0 + 1, outcome: 'met' }, T0 + 7_200_000, undefined)).toBe('met');
  });
});
