/** The assessment screen's kinds, its schemes (defaults with the local overrides) and indicator text. */
import { AssessmentScheme, type AssessmentKind } from '../../../shared/assessment/types.js';
import { DEFAULT_SCHEMES, INDICATORS } from '../../../shared/assessment/defaults.js';
import { formatIssues } from '../../../shared/validation.js';
import { loadSchemeOverrides } from './schemeStore.js';
import { a, fmt } from './strings.js';
import { s } from '../../i18n/zh-CN/stats.js';
import { streetOffset } from '../../lib/format.js';

export const KINDS: AssessmentKind[] = ['department', 'community', 'gridWorker', 'seat'];
export const CFG = streetOffset();
export type PKind = 'month' | 'quarter' | 'custom';

export function initialSchemes(): Record<AssessmentKind, AssessmentScheme> {
  const over = loadSchemeOverrides();
  const out = {} as Record<AssessmentKind, AssessmentScheme>;
  for (const k of KINDS) {
    const parsed = AssessmentScheme.safeParse(over[k]);
    out[k] = parsed.success && parsed.data.kind === k ? parsed.data : AssessmentScheme.parse(DEFAULT_SCHEMES[k]);
  }
  return out;
}

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
  return parsed.success
    ? { ok: true, scheme: parsed.data }
    : { ok: false, text: fmt(a.schemeInvalid, { msg: formatIssues(parsed.error) }) };
}
