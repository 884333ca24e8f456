/**
 * Calendar speed (run: npx vitest bench --run shared/calendar). Compare the rows of one run, never
 * absolute numbers across machines. The relay recomputes every open deadline when the calendar changes,
 * so "recalculate 10k deadlines on a fresh calendar" includes building the day and block caches.
 */
import { bench, describe } from 'vitest';
import { createWorkCalendar, defaultCalendarConfig, localInstant, naturalTime, withClosure } from './index.js';

const cfg = defaultCalendarConfig();
const warm = createWorkCalendar(cfg);
const start = localInstant('2025-01-02', '10:17', cfg);
const starts = Array.from({ length: 10_000 }, (_, i) => start + ((i * 7_919_000) % (700 * 86_400_000)));
const limits = [240, 420 * 5, 420 * 15, 420 * 20];

describe('calendar', () => {
  bench('natural add (reference)', () => {
    for (let i = 0; i < starts.length; i++) naturalTime.add(starts[i]!, limits[i & 3]!);
  });

  bench('warm add: 10k deadlines of 4 h .. 20 working days', () => {
    for (let i = 0; i < starts.length; i++) warm.add(starts[i]!, limits[i & 3]!);
  });

  bench('warm between: 10k spans of up to 2 years', () => {
    for (let i = 1; i < starts.length; i++) warm.between(starts[i - 1]!, starts[i]!);
  });

  bench('recalculate 10k deadlines after a closure is added (fresh calendar)', () => {
    const cal = createWorkCalendar(
      withClosure(cfg, { id: 'typhoon', from: start, to: start + 86_400_000, reason: '台风', createdBy: 'admin' }),
    );
    for (let i = 0; i < starts.length; i++) cal.add(starts[i]!, limits[i & 3]!);
  });
});
