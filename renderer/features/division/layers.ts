/** From a division and the reference data to what the map and the grid table show (names, not ids). */
import type { Division } from '../../../shared/geo/index.js';
import { areaM2 } from '../../../shared/geo/index.js';
import type { RefData } from '../../../shared/refData.js';
import type { MapGrid } from '../map/index.js';

export interface GridRow {
  key: string;
  code: string;
  name: string;
  community: string;
  worker: string | null;
  areaM2: number;
}

export interface DivisionLayers {
  grids: MapGrid[];
  communities: { id: string; name: string; boundary: Division['streetOutline'] }[];
  rows: GridRow[];
}

/** Grid workers by grid id (the division's own assignment first, then the reference data's). */
function workerNames(division: Division, ref: RefData): Map<string, string> {
  const byId = new Map(ref.gridWorkers.map((w) => [w.id, w.name]));
  const out = new Map<string, string>();
  for (const w of ref.gridWorkers) if (w.kind !== 'assistant' && !out.has(w.gridId)) out.set(w.gridId, w.name);
  for (const g of division.grids) {
    const name = g.gridWorkerId ? byId.get(g.gridWorkerId) : undefined;
    if (name && g.gridId) out.set(g.gridId, name);
  }
  return out;
}

export function divisionLayers(division: Division, ref: RefData): DivisionLayers {
  const communityName = new Map(ref.communities.map((c) => [c.id, c.name]));
  const communityByCode = new Map(ref.communities.map((c) => [c.code, c.name]));
  const workers = workerNames(division, ref);
  const nameOf = (id: string | undefined, code: string | undefined) =>
    (id ? communityName.get(id) : undefined) ?? (code ? communityByCode.get(code) : undefined) ?? id ?? code ?? '—';
  const rows: GridRow[] = division.grids.map((g) => {
    const worker = g.gridId ? (workers.get(g.gridId) ?? null) : null;
    return {
      key: g.gridId ?? g.code,
      code: g.code,
      name: g.name,
      community: nameOf(g.communityId, g.communityCode),
      worker,
      areaM2: Math.round(areaM2(g.boundary)),
    };
  });
  return {
    grids: division.grids.map((g, i) => ({ code: g.code, name: g.name, boundary: g.boundary, ...(rows[i]!.worker ? { worker: rows[i]!.worker as string } : {}) })),
    communities: division.communities.map((c) => ({ id: c.communityId, name: c.name ?? nameOf(c.communityId, c.communityCode), boundary: c.boundary })),
    rows,
  };
}
