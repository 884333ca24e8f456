/**
 * Where frozen assessments are kept. The core has no 'assessment.freeze' yet (proposed in
 * shared/assessment/api.ts), so they live in this browser's localStorage; every entry is validated on
 * read and a damaged entry is skipped, never thrown.
 */
import { FrozenAssessment } from '../../../shared/assessment/types.js';

const KEY = 'grid.assessment.frozen.v1';

export interface FrozenStore {
  list(): FrozenAssessment[];
  save(f: FrozenAssessment): void;
}

export function localFrozenStore(storage: Pick<Storage, 'getItem' | 'setItem'> = window.localStorage): FrozenStore {
  const readAll = (): unknown[] => {
    try {
      const v = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
      return Array.isArray(v) ? v : [];
    } catch {
      return [];
    }
  };
  return {
    list() {
      return readAll()
        .map((x) => FrozenAssessment.safeParse(x))
        .filter((r) => r.success)
        .map((r) => r.data)
        .sort((x, y) => y.frozenAt - x.frozenAt);
    },
    save(f) {
      const all = readAll().filter((x) => (x as { id?: string }).id !== f.id);
      all.push(FrozenAssessment.parse(f));
      storage.setItem(KEY, JSON.stringify(all));
    },
  };
}

const SCHEME_KEY = 'grid.assessment.schemes.v1';

/** Locally saved scheme overrides (by kind), raw: the page validates them. */
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
