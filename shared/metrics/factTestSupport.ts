/**
 * Test support shared by the fact-record property tests (factRecord.test.ts, periodStats.test.ts): the demo
 * reference data, engine-made histories per seed (cached), a code dictionary, and random periods.
 */
import fc from 'fast-check';
import { generateDemoHistory } from '../demo/history.js';
import { createDemoRefData } from '../demo/refData.js';
import type { GridEvent } from '../gridEvent.js';
import type { Period } from './index.js';
import type { FactCodes } from './factRecord.js';

export const ref = createDemoRefData();
export const NOW = Date.UTC(2026, 10, 26, 6, 30);
export const DAY = 86_400_000;

export function dictionary(): FactCodes & { keys: string[] } {
  const codes = new Map<string, number>();
  const keys: string[] = [];
  return {
    code(k) {
      let c = codes.get(k);
      if (c === undefined) codes.set(k, (c = keys.push(k) - 1));
      return c;
    },
    keys,
  };
}

const histories = new Map<number, GridEvent[]>();
/** A 20-day engine-made history of ~200 cases for a seed (generated once per seed). */
export function history(seed: number): GridEvent[] {
  let h = histories.get(seed);
  if (!h) histories.set(seed, (h = generateDemoHistory({ seed, now: NOW, days: 20, casesPerDay: 10, ref }).cases));
  return h;
}

/** A history seed, a period and an evaluation time; half of the periods are day-aligned (what the screen asks for). */
export const periodArb = fc
  .tuple(
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: NOW - 24 * DAY, max: NOW + DAY }),
    fc.integer({ min: 3_600_000, max: 15 * DAY }),
    fc.integer({ min: NOW - 22 * DAY, max: NOW + 3 * DAY }),
    fc.boolean(),
  )
  .map(([seed, from, length, now, aligned]) => {
    const f = aligned ? from - ((from + 8 * 3_600_000) % DAY) : from;
    return { seed: seed + 1, period: { from: f, to: aligned ? f + Math.ceil(length / DAY) * DAY : f + length } as Period, now };
  });
