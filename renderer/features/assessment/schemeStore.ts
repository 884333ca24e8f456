/**
 * The street's scoring schemes as last loaded with a period's assessment data (loadAssessmentData). The
 * schemes themselves live on the relay (ref section assessmentSchemes); nothing is kept in this browser
 * any more (the former localStorage overrides are no longer read).
 */
import type { StreetSchemes } from '../../../shared/assessment/streetSchemes.js';
import type { AssessmentKind } from '../../../shared/assessment/types.js';
import { schemesInForce } from './scheme.js';

let last: StreetSchemes | undefined;

/** Called by loadAssessmentData with the reference data it read. */
export function rememberStreetSchemes(saved: StreetSchemes | undefined): void {
  last = saved;
}

/**
 * The street's scheme in force of every kind, as the last loadAssessmentData read it (raw: callers
 * validate). Kept under its old name for the meeting's agenda, which loads the assessment data first.
 * @deprecated read `schemesInForce(data.ref)` from the loaded data instead.
 */
export function loadSchemeOverrides(): Record<string, unknown> {
  const all = schemesInForce({ assessmentSchemes: last });
  return Object.fromEntries((Object.keys(all) as AssessmentKind[]).map((k) => [k, all[k].scheme]));
}
