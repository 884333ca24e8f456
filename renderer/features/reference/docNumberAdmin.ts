/**
 * The pure part of the 文号格式 tab (issue 15.9): a draft pattern checked against the list it will join,
 * with each problem named by the field it belongs to (the form shows it beside that field before anything
 * is sent), the list the save sends (the whole section, as 'ref.update' takes it), a fresh id, and the
 * preview of a number. The checks are shared/docNumber.ts's own (patternProblem, patternsProblem), so the
 * screen refuses exactly what the relay refuses, in the same Chinese words.
 */
import { DocNumberPattern, formatDocNumber, patternProblem, patternsProblem } from '../../../shared/docNumber.js';
import type { DocNumberPattern as Pattern } from '../../../shared/docNumber.js';
import { t } from '../../i18n/zh-CN.js';

/** What the admin types: the id is kept from the pattern edited, or made for a new one. */
export interface PatternDraft {
  name: string;
  template: string;
  width: number | null | undefined;
}

export type DraftField = 'name' | 'template' | 'width';
export type DraftProblems = Partial<Record<DraftField, string>>;

/** The draft as the pattern it will be saved as (trimmed; `width` 0 when left empty). */
export function draftPattern(id: string, d: PatternDraft): Pattern {
  return { id, name: d.name.trim(), template: d.template.trim(), width: d.width ?? 0 };
}

/** The list the save sends: the pattern replaced in place when editing, else added at the end. */
export function withPattern(list: readonly Pattern[], p: Pattern): Pattern[] {
  return list.some((o) => o.id === p.id) ? list.map((o) => (o.id === p.id ? p : o)) : [...list, p];
}

/** Why each field of the draft cannot be saved into `list` (Chinese), by field; empty when it can. */
export function draftProblems(list: readonly Pattern[], id: string, d: PatternDraft): DraftProblems {
  const p = draftPattern(id, d);
  const out: DraftProblems = {};
  if (d.width !== null && d.width !== undefined && !(Number.isInteger(d.width) && d.width >= 0 && d.width <= 6))
    out.width = t.docNumbers.widthRule;
  const parsed = DocNumberPattern.safeParse(p);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === 'name' || field === 'template' || field === 'width') && !out[field]) out[field] = issue.message;
    }
  if (!out.template) {
    const problem = patternProblem(p);
    if (problem) out.template = problem;
  }
  if (!out.template) {
    // The whole list as the relay will check it: a template another pattern already uses, say.
    const whole = patternsProblem(withPattern(list, p));
    if (whole) out.template = whole;
  }
  return out;
}

/** An id no pattern in `list` has: `dn-` and a short stamp (ids are never shown to the admin as such). */
export function newPatternId(list: readonly Pattern[], now: number = Date.now()): string {
  const taken = new Set(list.map((p) => p.id));
  for (let n = 0; ; n++) {
    const id = `dn-${now.toString(36)}${n ? `-${n}` : ''}`;
    if (!taken.has(id)) return id;
  }
}

/** The number `pattern` would give for sequence 1 of `year`; null while the template cannot number. */
export function previewNumber(p: Pick<Pattern, 'name' | 'template' | 'width'>, year: number): string | null {
  if (!p.template.trim() || patternProblem({ name: p.name, template: p.template.trim() })) return null;
  return formatDocNumber({ template: p.template.trim(), width: p.width ?? 0 }, year, 1);
}
