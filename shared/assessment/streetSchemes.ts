/**
 * The street's scoring schemes (评分规则 / 考核方案), one per assessed kind, kept by the relay as the
 * reference-data section `assessmentSchemes` so every workstation ranks with the same weights. A save is
 * the ref change `assessmentScheme` (ONE kind's scheme): the relay numbers it (the kind's version + 1),
 * stamps who saved it and when, and refuses a save based on an older version. A street that never saved a
 * kind uses the built-in default (version 0). Documented in docs/protocol.md §3.5.2.
 */
import { z } from 'zod';
import { AssessmentKind, AssessmentScheme, type AssessmentKind as Kind } from './types.js';
import { DEFAULT_SCHEMES, INDICATORS } from './defaults.js';
import { line, type UserRole } from '../model.js';
import { canonicalJson } from './digest.js';

const instant = z
  .number()
  .int()
  .nonnegative()
  .max(Date.UTC(9999, 11, 30));

/**
 * Roles that may save a scheme: the centre's leadership (党工委书记, who chairs the review meeting and owns
 * the assessment policy) and admins (who maintain configuration). Not supervisors: their offices (综治办,
 * 党政办) are themselves assessed as departments. Not dispatchers (assessed as seats) nor the wall.
 */
export const SCHEME_EDIT_ROLES: readonly UserRole[] = ['leader', 'admin'];
export const SCHEME_EDIT_FORBIDDEN_MESSAGE = '只有中心领导（党工委书记）或管理员可以修改评分规则';

/** One kind's scheme as the street keeps it: the scheme plus the relay's stamps of its last save. */
export const StreetScheme = z.object({
  scheme: AssessmentScheme,
  /** 1, 2, … per kind; scheme.version is the same number as text. */
  version: z.number().int().positive(),
  savedAt: instant,
  savedBy: line(64),
  savedById: line(64),
});
export type StreetScheme = z.infer<typeof StreetScheme>;

/** RefData.assessmentSchemes: the saved scheme of each kind (a kind never saved is absent). */
export const StreetSchemes = z.object({
  department: StreetScheme.optional(),
  community: StreetScheme.optional(),
  gridWorker: StreetScheme.optional(),
  seat: StreetScheme.optional(),
});
export type StreetSchemes = z.infer<typeof StreetSchemes>;

/**
 * The value of the ref change `assessmentScheme`. A client sends `scheme` and `basedOn` (the version its
 * editor started from; 0 = the built-in default); version, savedAt, savedBy and savedById are set by the
 * relay (anything a client sends there is replaced) and are present in every logged entry.
 */
export const SchemeSave = z.object({
  scheme: AssessmentScheme,
  basedOn: z.number().int().nonnegative().max(1_000_000),
  version: z.number().int().positive().max(1_000_001).optional(),
  savedAt: instant.optional(),
  savedBy: line(64).optional(),
  savedById: line(64).optional(),
});
export type SchemeSave = z.infer<typeof SchemeSave>;

/** The scheme a kind is ranked and frozen with: the street's saved one, else the built-in default (version 0). */
export interface SchemeInForce {
  scheme: AssessmentScheme;
  version: number;
  savedAt?: number;
  savedBy?: string;
}

export function schemeInForce(saved: StreetSchemes | undefined, kind: Kind): SchemeInForce {
  const s = saved?.[kind];
  if (s) return { scheme: s.scheme, version: s.version, savedAt: s.savedAt, savedBy: s.savedBy };
  return { scheme: AssessmentScheme.parse(DEFAULT_SCHEMES[kind]), version: 0 };
}

/** The section after a stamped save: the saved kind replaced, the others kept. */
export function withSavedScheme(saved: StreetSchemes | undefined, save: SchemeSave): StreetSchemes {
  const entry: StreetScheme = {
    scheme: save.scheme,
    version: save.version ?? save.basedOn + 1,
    savedAt: save.savedAt ?? 0,
    savedBy: save.savedBy ?? '',
    savedById: save.savedById ?? '',
  };
  return { ...saved, [save.scheme.kind]: entry };
}

/**
 * What is wrong with a scheme a user wants to save, in Chinese, or null. Beyond its schema: every rule
 * reads an indicator of its kind, rule ids are unique, and objects without any data are not ranked (the
 * no-data rule, docs/protocol.md §3.5.2). Checked by the relay, the core and the editor alike.
 */
export function schemeSaveProblem(schemeInput: unknown): string | null {
  const parsed = AssessmentScheme.safeParse(schemeInput);
  if (!parsed.success) return `评分规则格式不正确：${parsed.error.issues[0]?.message ?? ''}`;
  const scheme = parsed.data;
  if (!AssessmentKind.options.includes(scheme.kind)) return '考核对象不正确';
  const known = INDICATORS[scheme.kind];
  const ids = new Set<string>();
  for (const r of scheme.rules) {
    if (ids.has(r.id)) return `评分项编号“${r.id}”重复`;
    ids.add(r.id);
    if (!Object.hasOwn(known, r.indicator)) return `评分项“${r.label}”的指标“${r.indicator}”不是该考核对象的指标`;
    if (r.type === 'perCount' && r.min > r.max) return `评分项“${r.label}”的下限大于上限`;
    const unit = known[r.indicator]!.unit;
    if ((r.type === 'threshold' || r.type === 'proportional') && unit !== 'ratio') return `评分项“${r.label}”须使用比率类指标`;
  }
  if (scheme.withoutData !== 'unranked') return '评分规则须采用“无数据不参与排名”规则（withoutData: unranked）';
  return null;
}

/** The number text a saved scheme carries as its version (shown on reports and frozen records). */
export const schemeVersionText = (version: number): string => String(version);

/** Whether two schemes score alike (compared after defaults are applied, key order ignored). */
export function sameScheme(x: unknown, y: unknown): boolean {
  const a = AssessmentScheme.safeParse(x);
  const b = AssessmentScheme.safeParse(y);
  return a.success && b.success && canonicalJson(a.data) === canonicalJson(b.data);
}

/** Why a freeze or save is refused because the scheme in force moved on (`when` formats an instant). */
export function schemeChangedMessage(inForce: SchemeInForce, when: (at: number) => string): string {
  if (inForce.version === 0) return '评分规则已恢复为内置默认规则，请核对排名后再操作。';
  const by = inForce.savedBy ? `${inForce.savedBy}于${when(inForce.savedAt ?? 0)}` : '';
  return `评分规则已由${by}更新为第${inForce.version}版，请核对排名后再操作。`;
}
