/**
 * Demo cases on the base grid: with the demo division every case has a position inside its own grid, and
 * the deliberate duplicates (a 12345 call about a grid worker's report) are found by the duplicate scorer.
 */
import { describe, expect, it } from 'vitest';
import { GridLocator } from '../geo/index.js';
import { suggestDuplicates } from '../engine/duplicates.js';
import { createDemoDivision } from './geometry.js';
import { generateDemoHistory } from './history.js';
import { createDemoRefData } from './refData.js';

const NOW = Date.UTC(2026, 11, 2, 4);
const division = createDemoDivision();
const ref = { ...createDemoRefData(), divisions: [division] };
const history = generateDemoHistory({ seed: 7, now: NOW, days: 90, casesPerDay: 14, ref });

describe('demo cases on the base grid', () => {
  it('places every case inside the grid it was reported in', () => {
    const locator = new GridLocator(division);
    expect(history.cases.length).toBeGreaterThan(500);
    const misplaced = history.cases.filter((c) => !c.location || locator.locate(c.location)?.gridId !== c.gridId);
    expect(misplaced.map((c) => c.code)).toEqual([]);
  });

  it('has deliberate duplicates from the hotline that the scorer suggests for their grid worker originals', () => {
    const calls = history.cases.filter((c) => c.source === 'hotline' && c.title.endsWith('（市民来电）'));
    expect(calls.length).toBeGreaterThan(5);
    for (const call of calls) {
      const original = history.cases.find((c) => c.source === 'grid_worker' && call.title === `${c.title}（市民来电）` && c.reportedAt < call.reportedAt);
      expect(original, call.code).toBeDefined();
      // As at the moment of the call (the original may have closed since).
      const [best] = suggestDuplicates(call, [{ ...original!, status: 'dispatched' as const }], { catalog: ref.catalog });
      expect(best?.candidate.id).toBe(original!.id);
      expect(best!.distanceMeters!).toBeLessThanOrEqual(30);
    }
  });

  it('changes nothing without a division: no positions and no extra cases', () => {
    const plain = generateDemoHistory({ seed: 7, now: NOW, days: 20, casesPerDay: 14, ref: createDemoRefData() });
    expect(plain.cases.every((c) => c.location === undefined)).toBe(true);
    expect(plain.cases.some((c) => c.title.endsWith('（市民来电）'))).toBe(false);
  });
});
