/**
 * Scheme overrides (评分规则) edited on this workstation, kept in localStorage by kind. Only the rules live
 * here: frozen results are stored on the relay (assessment.freeze / assessment.list) and keep their own
 * copy of the scheme they were scored with.
 */
const SCHEME_KEY = 'grid.assessment.schemes.v1';

/** Locally saved scheme overrides (by kind), raw: callers validate them. */
export function loadSchemeOverrides(storage: Pick<Storage, 'getItem'> = window.localStorage): Record<string, unknown> {
  try {
    const v = JSON.parse(storage.getItem(SCHEME_KEY) ?? '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function saveSchemeOverrides(v: Record<string, unknown>, storage: Pick<Storage, 'setItem'> = window.localStorage): void {
  storage.setItem(SCHEME_KEY, JSON.stringify(v));
}
