/** Id → name lookups over the reference data, memoised per RefData object. */
import { useMemo } from 'react';
import type { RefData } from '../../../shared/refData.js';
import type { CatalogItem, Community, Department, Grid, GridWorker } from '../../../shared/model.js';
import { t } from '../../i18n/zh-CN.js';
import { useRefData } from './refData.js';
import { classifiedItem } from '../../../shared/engine/catalogVersions.js';

export interface Lookups {
  community: Map<string, Community>;
  grid: Map<string, Grid>;
  dept: Map<string, Department>;
  catalog: Map<string, CatalogItem>;
  workerByGrid: Map<string, GridWorker>;
  categories: string[];
  deptName(id: string | undefined): string;
  /** The catalogue item a case was classified under (its 指导目录 version's, even when a later version dropped it). */
  caseItem(c: { catalogItemId?: string | undefined; catalogVersion?: number | undefined }): CatalogItem | undefined;
  place(communityId: string, gridId: string): string;
}

export function buildLookups(ref: RefData | null): Lookups {
  const community = new Map((ref?.communities ?? []).map((c) => [c.id, c]));
  const grid = new Map((ref?.grids ?? []).map((g) => [g.id, g]));
  const dept = new Map((ref?.departments ?? []).map((d) => [d.id, d]));
  const catalog = new Map((ref?.catalog ?? []).map((c) => [c.id, c]));
  const workerByGrid = new Map((ref?.gridWorkers ?? []).filter((w) => w.kind !== 'assistant').map((w) => [w.gridId, w]));
  const categories = [...new Set((ref?.catalog ?? []).map((c) => c.category))];
  return {
    community,
    grid,
    dept,
    catalog,
    workerByGrid,
    categories,
    // Before the reference data arrives (a fresh workstation's first sync) names read as a placeholder,
    // never as raw codes (c002, szs); an id the loaded data does not know is shown as it is.
    deptName: (id) =>
      id === 'centre' ? t.clock.centre : !id ? '' : !ref ? t.app.namePending : (dept.get(id)?.shortName ?? dept.get(id)?.name ?? id),
    caseItem: (c) => (ref && c.catalogItemId !== undefined ? (classifiedItem(ref, c) ?? catalog.get(c.catalogItemId)) : undefined),
    place: (cId, gId) => (!ref ? t.app.namePending : `${community.get(cId)?.name ?? cId} / ${grid.get(gId)?.name ?? gId}`),
  };
}

export function useLookups(): Lookups {
  const ref = useRefData();
  return useMemo(() => buildLookups(ref), [ref]);
}
