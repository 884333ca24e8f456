import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shadeLabels, shadeOf, shadeSteps } from './MapPanel.js';

describe('the wall map legend', () => {
  it('labels every shade in words, the ranges meeting without gaps', () => {
    expect(shadeLabels(shadeSteps(0))).toEqual(['无上报', '1 件以上']);
    expect(shadeLabels(shadeSteps(12))).toEqual(['无上报', '1–3 件', '4–7 件', '8 件以上']);
    expect(shadeLabels(shadeSteps(5))).toEqual(['无上报', '1 件', '2–3 件', '4 件以上']);
  });

  it('puts every value in the shade whose words include it, and the top value in the last', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), (a, b) => {
        const max = Math.max(a, b);
        const steps = shadeSteps(max);
        expect([...steps].sort((x, y) => x - y)).toEqual(steps);
        expect(new Set(steps).size).toBe(steps.length);
        const v = Math.min(a, b);
        const i = shadeOf(v, max);
        if (v === 0) expect(i).toBe(0);
        else expect(v).toBeGreaterThanOrEqual(steps[i - 1]!);
        if (max > 0) expect(shadeOf(max, max)).toBe(steps.length);
      }),
    );
  });
});
