import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../../shared/calendar/index.js';
import { clockStateAt, startClock } from '../../../shared/clocks.js';
import { local, makeRef, MIN } from '../../../shared/testing/engineFixtures.js';
import { warnAt } from './caseRow.js';

const ref = makeRef();
const work = calendarFor(ref.calendar);

describe('warnAt', () => {
  it('counts the warning threshold from the start for a clock with an explicit deadline too', () => {
    const at = local(2026, 11, 27, 10) + 20_000;
    const deadlineAt = local(2026, 11, 30, 18);
    const limitMinutes = Math.floor(work.between(at, deadlineAt));
    const k = startClock(
      { id: 'c1-handling', kind: 'handling', unitId: 'dept-cg', startedAt: at, limitMinutes, natural: false, deadlineAt },
      work,
    );
    const w = warnAt(k, ref.calendar);
    expect(w).toBeGreaterThan(at);
    expect(w).toBeLessThan(deadlineAt);
    expect(clockStateAt(k, w - MIN, ref.calendar)).toBe('normal');
    expect(clockStateAt(k, w, ref.calendar)).toBe('warning');
  });
});
