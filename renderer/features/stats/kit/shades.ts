/** The few shades of a grid map (wall panel, statistics hot spots) and their words (no legend without words). */
import { fmt, t } from '../../../i18n/zh-CN.js';

/** Ascending shade thresholds for the period's maximum: 1, then about a third and two thirds of the top. */
export function shadeSteps(max: number): number[] {
  if (max <= 1) return [1];
  const a = Math.max(2, Math.ceil(max / 3));
  const b = Math.max(a + 1, Math.ceil((2 * max) / 3));
  return b <= max ? [1, a, b] : [1, a];
}

/** The words of each shade: 无上报, 1–4 件, …, 9 件以上. */
export function shadeLabels(steps: readonly number[]): string[] {
  const [none, range, above, one] = t.map.shades;
  return [
    none,
    ...steps.map((s, i) => {
      if (i === steps.length - 1) return fmt(above, { a: s });
      const b = steps[i + 1]! - 1;
      return b === s ? fmt(one, { a: s }) : fmt(range, { a: s, b });
    }),
  ];
}
