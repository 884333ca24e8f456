/** Versions of the division: which one is in force on a day. */
import type { Division } from './types.js';

/** True when `division` is in force on `day` ('YYYY-MM-DD'; effectiveTo is the last day, inclusive). */
export function inForce(division: Pick<Division, 'effectiveFrom' | 'effectiveTo'>, day: string): boolean {
  return division.effectiveFrom <= day && (division.effectiveTo === undefined || day <= division.effectiveTo);
}

/**
 * The division in force on `day`, or null before the first one. When filed versions overlap in time (a
 * correction filed with the same effective date), the highest version wins. Old divisions stay readable:
 * a case reported in 2020 is located with the division in force on its report day.
 */
export function divisionInForce<D extends Pick<Division, 'version' | 'effectiveFrom' | 'effectiveTo'>>(
  divisions: readonly D[],
  day: string,
): D | null {
  let best: D | null = null;
  for (const d of divisions) if (inForce(d, day) && (!best || d.version > best.version)) best = d;
  return best;
}
