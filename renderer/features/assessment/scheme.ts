/** The assessment screen's kinds, the street's schemes in force (kept by the relay) and indicator text. */
import { AssessmentScheme, type AssessmentKind } from '../../../shared/assessment/types.js';
import { INDICATORS } from '../../../shared/assessment/defaults.js';
import { SCHEME_EDIT_ROLES, schemeInForce, schemeSaveProblem, type SchemeInForce } from '../../../shared/assessment/streetSchemes.js';
import type { RefData } from '../../../shared/refData.js';
import { formatIssues } from '../../../shared/validation.js';
import { a, fmt } from './strings.js';
import { s } from '../../i18n/zh-CN/stats.js';
import { streetOffset } from '../../lib/format.js';

export const KINDS: AssessmentKind[] = ['department', 'community', 'gridWorker', 'seat'];
export const CFG = streetOffset();
export type PKind = 'month' | 'quarter' | 'custom';

/** The street's scheme of every kind (ref section assessmentSchemes; the built-in default, version 0, where never saved). */
export function schemesInForce(ref: Pick<RefData, 'assessmentSchemes'> | undefined): Record<AssessmentKind, SchemeInForce> {
  const out = {} as Record<AssessmentKind, SchemeInForce>;
  for (const k of KINDS) out[k] = schemeInForce(ref?.assessmentSchemes, k);
  return out;
}

/** Whether a role may open the scheme editor (the relay and the core refuse the others too). */
export const canEditSchemes = (role: string | null | undefined): boolean => SCHEME_EDIT_ROLES.some((r) => r === role);

/** A scored item's indicator value, or 无数据 when the object had none (scored by the rule's no-data points). */
export function itemValueText(kind: AssessmentKind, indicator: string, item: { noData: boolean; value: number | null }): string {
  return item.noData ? s.noData : indicatorText(kind, indicator, item.value);
}

export function indicatorText(kind: AssessmentKind, indicator: string, value: number | null): string {
  if (value === null) return a.noData;
  const unit = INDICATORS[kind][indicator]?.unit ?? 'count';
  return unit === 'ratio' ? `${(value * 100).toFixed(1)}%` : unit === 'hours' ? a.hoursValue(value.toFixed(1)) : String(value);
}

/** A scheme the editor may save, or the clear Chinese text of what is wrong with it (shared/validation.ts). */
export function checkScheme(s: unknown): { ok: true; scheme: AssessmentScheme } | { ok: false; text: string } {
  const parsed = AssessmentScheme.safeParse(s);
  if (!parsed.success) return { ok: false, text: fmt(a.schemeInvalid, { msg: formatIssues(parsed.error) }) };
  const problem = schemeSaveProblem(parsed.data);
  return problem ? { ok: false, text: fmt(a.schemeInvalid, { msg: problem }) } : { ok: true, scheme: parsed.data };
}
