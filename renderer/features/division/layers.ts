/** From a division and the reference data to what the map and the grid table show (names, not ids). */
import type { Division } from '../../../shared/geo/index.js';
import { areaM2 } from '../../../shared/geo/index.js';
import type { RefData } from '../../../shared/refData.js';
import type { MapGrid } from '../map/index.js';

export interface GridRow {
  key: string;
  /** The grid's id in the reference data (a draft's new grids have none yet). */
  gridId?: string;
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

/** Grid workers by grid id from the maintained list only (a division's assignment was copied into it when filed). */
function maintainedWorkers(ref: RefData): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of ref.gridWorkers) if (w.kind !== 'assistant' && !out.has(w.gridId)) out.set(w.gridId, w.name);
  return out;
}

/**
 * `current`: the division is the one filed and in force, so the maintained lists win (a grid renamed or a
 * grid worker moved after filing shows at once); a draft or an old version shows its own names.
 */
export function divisionLayers(division: Division, ref: RefData, opts: { current?: boolean } = {}): DivisionLayers {
  const communityName = new Map(ref.communities.map((c) => [c.id, c.name]));
  const communityByCode = new Map(ref.communities.map((c) => [c.code, c.name]));
  const refGridName = new Map(opts.current ? ref.grids.map((g) => [g.id, g.name]) : []);
  const workers = opts.current ? maintainedWorkers(ref) : workerNames(division, ref);
  const nameOf = (id: string | undefined, code: string | undefined) =>
    (id ? communityName.get(id) : undefined) ?? (code ? communityByCode.get(code) : undefined) ?? id ?? code ?? '—';
  const rows: GridRow[] = division.grids.map((g) => {
    const worker = g.gridId ? (workers.get(g.gridId) ?? null) : null;
    return {
      key: g.gridId ?? g.code,
      ...(g.gridId ? { gridId: g.gridId } : {}),
      code: g.code,
      name: (g.gridId ? refGridName.get(g.gridId) : undefined) ?? g.name,
      community: nameOf(g.communityId, g.communityCode),
      worker,
      areaM2: Math.round(areaM2(g.boundary)),
    };
  });
  return {
    grids: division.grids.map((g, i) => ({ code: g.code, name: rows[i]!.name, boundary: g.boundary, ...(rows[i]!.worker ? { worker: rows[i]!.worker as string } : {}) })),
    communities: division.communities.map((c) => ({
      id: c.communityId,
      name: (opts.current ? communityName.get(c.communityId) : undefined) ?? c.name ?? nameOf(c.communityId, c.communityCode),
      boundary: c.boundary,
    })),
    rows,
  };
}
