/**
 * DEMO GEOMETRY, NOT SURVEYED. A plausible synthetic base grid for the demo street 黄石街 around 23.2°N
 * 113.3°E: a street outline, the 13 communities of ./refData.ts tiling it, and their 150 grids tiling each
 * community, with exactly the ids and codes of the demo reference data. The shapes are invented; the
 * division carries `demo: true` and must never be shown as the street's real boundaries.
 *
 * Construction: a jittered lattice of cols × rows cells (each cell one grid). Every lattice vertex and every
 * edge midpoint is computed once and shared by the cells that meet there, so neighbours share exact edges
 * (no slivers, no gaps). Cells are handed to communities in a serpentine order (bands of three rows, column
 * by column, alternating direction), so each community is a connected run of cells; a community's boundary
 * and the street outline are traced from the lattice edges that are not shared inside the set. Deterministic.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Polygon as GjPolygon } from 'geojson';
import { bbox } from '../geo/geometry.js';
import type { CommunityBoundary, Division, DivisionGrid, LonLat, Polygon, Position } from '../geo/types.js';
import { createRng, hashSeed, type Rng } from './prng.js';
import { createDemoRefData } from './refData.js';

export interface LatticeGrid {
  gridId?: string;
  code: string;
  name: string;
  gridWorkerId?: string;
}
export interface LatticeCommunity {
  communityId: string;
  communityCode?: string;
  name?: string;
  grids: LatticeGrid[];
}
export interface LatticeSpec {
  /** Odd, so the serpentine path stays connected from band to band. */
  cols: number;
  rows: number;
  /** North-west corner [lon, lat]. */
  origin: [number, number];
  /** Cell size in degrees [dLon, dLat]. */
  step: [number, number];
  seed: string;
  /** Communities in path order; their grid counts must add up to cols × rows. */
  communities: LatticeCommunity[];
  /** Division fields. */
  id: string;
  version?: number;
  effectiveFrom: string;
  demo?: boolean;
  filedBy?: string;
}

/** The demo lattice's size: 150 cells, one per demo grid. */
const DEMO_COLS = 15;
const DEMO_ROWS = 10;

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

/** The cells in serpentine order: bands of three rows (the last band takes the remainder), column by column. */
export function serpentine(cols: number, rows: number): [col: number, row: number][] {
  if (cols % 2 !== 1) throw new Error('serpentine needs an odd number of columns');
  const bands: [number, number][] = [];
  for (let r = 0; r < rows; r += 3) bands.push([r, Math.min(rows, r + 3)]);
  const last = bands[bands.length - 1];
  if (bands.length > 1 && last && last[1] - last[0] < 2) {
    bands.pop();
    (bands[bands.length - 1] as [number, number])[1] = rows;
  }
  const out: [number, number][] = [];
  bands.forEach(([r0, r1], b) => {
    for (let k = 0; k < cols; k++) {
      const col = b % 2 === 0 ? k : cols - 1 - k;
      for (let t = 0; t < r1 - r0; t++) out.push([col, k % 2 === 0 ? r0 + t : r1 - 1 - t]);
    }
  });
  return out;
}

type Edge = { from: string; to: string; via: Position };

/** Trace the outer ring of a set of cells from their directed edges; throws on holes or pinches. */
function traceRing(edges: Edge[], vertex: (key: string) => Position): Position[] {
  const key = (e: Edge) => `${e.from}>${e.to}`;
  const opposite = new Set(edges.map((e) => `${e.to}>${e.from}`));
  const outer = edges.filter((e) => !opposite.has(key(e)));
  const next = new Map<string, Edge>();
  for (const e of outer) {
    if (next.has(e.from)) throw new Error(`lattice region pinches at vertex ${e.from}`);
    next.set(e.from, e);
  }
  const first = outer[0];
  if (!first) throw new Error('empty lattice region');
  const ring: Position[] = [];
  let e: Edge = first;
  let steps = 0;
  do {
    ring.push(vertex(e.from), e.via);
    const n = next.get(e.to);
    if (!n) throw new Error('open lattice boundary');
    e = n;
    if (++steps > outer.length) throw new Error('lattice boundary does not close');
  } while (e !== first);
  if (steps !== outer.length) throw new Error('lattice region has a hole or several parts');
  ring.push(ring[0] as Position);
  return ring;
}

/** A valid division from a jittered lattice (see the file comment). */
export function buildLatticeDivision(spec: LatticeSpec): Division {
  const { cols, rows } = spec;
  const [lon0, lat0] = spec.origin;
  const [dx, dy] = spec.step;
  const total = spec.communities.reduce((s, c) => s + c.grids.length, 0);
  if (total !== cols * rows) throw new Error(`lattice has ${cols * rows} cells, communities need ${total}`);
  const rng = createRng(hashSeed(spec.seed));

  // Lattice vertices (i = 0..cols west→east, j = 0..rows north→south), jittered by up to a fifth of a cell,
  // with a gentle warp so the street does not read as a rectangle. The warp's amplitude shrinks with the
  // lattice below the demo's 15 × 10, so the shear between neighbouring vertices stays what the demo has
  // (about 0.14 of a cell): at full amplitude a 3 × 2 lattice was sheared by 0.6 of a cell per row, and with
  // the jitter about one draw in 750 gave a self-crossing cell (found by shared/geo/property.test.ts in CI).
  const ampX = 0.35 * Math.min(1, rows / DEMO_ROWS);
  const ampY = 0.3 * Math.min(1, cols / DEMO_COLS);
  const vertices = new Map<string, Position>();
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i <= cols; i++) {
      const warpX = ampX * Math.sin((j / rows) * Math.PI * 1.3) * dx;
      const warpY = ampY * Math.sin((i / cols) * Math.PI * 2) * dy;
      const jx = (rng.next() - 0.5) * 0.4 * dx;
      const jy = (rng.next() - 0.5) * 0.4 * dy;
      vertices.set(`${i},${j}`, [round7(lon0 + i * dx + warpX + jx), round7(lat0 - j * dy + warpY + jy)]);
    }
  }
  const vertex = (k: string) => vertices.get(k) as Position;
  // Edge midpoints, one per undirected lattice edge, pushed sideways by up to an eighth of the edge.
  const mids = new Map<string, Position>();
  const mid = (a: string, b: string): Position => {
    const k = a < b ? `${a}|${b}` : `${b}|${a}`;
    let m = mids.get(k);
    if (!m) {
      const [ax, ay] = vertex(a) as [number, number];
      const [bx, by] = vertex(b) as [number, number];
      const s = (rng.next() - 0.5) * 0.25;
      m = [round7((ax + bx) / 2 - (by - ay) * s * (dx / dy)), round7((ay + by) / 2 + (bx - ax) * s * (dy / dx))];
      mids.set(k, m);
    }
    return m;
  };
  // A cell's directed edges, counter-clockwise (RFC 7946 exterior rings): SW → SE → NE → NW.
  const cellEdges = (i: number, j: number): Edge[] => {
    const sw = `${i},${j + 1}`;
    const se = `${i + 1},${j + 1}`;
    const ne = `${i + 1},${j}`;
    const nw = `${i},${j}`;
    return [
      { from: sw, to: se, via: mid(sw, se) },
      { from: se, to: ne, via: mid(se, ne) },
      { from: ne, to: nw, via: mid(ne, nw) },
      { from: nw, to: sw, via: mid(nw, sw) },
    ];
  };
  const polygonOf = (edges: Edge[]): Polygon => ({ type: 'Polygon', coordinates: [traceRing(edges, vertex)] });

  const path = serpentine(cols, rows);
  const grids: DivisionGrid[] = [];
  const communities: CommunityBoundary[] = [];
  const allEdges: Edge[] = [];
  let cell = 0;
  for (const c of spec.communities) {
    const communityEdges: Edge[] = [];
    for (const g of c.grids) {
      const [i, j] = path[cell++] as [number, number];
      const edges = cellEdges(i, j);
      communityEdges.push(...edges);
      grids.push({
        ...(g.gridId !== undefined ? { gridId: g.gridId } : {}),
        code: g.code,
        name: g.name,
        communityId: c.communityId,
        ...(c.communityCode !== undefined ? { communityCode: c.communityCode } : {}),
        ...(g.gridWorkerId !== undefined ? { gridWorkerId: g.gridWorkerId } : {}),
        boundary: polygonOf(edges),
      });
    }
    allEdges.push(...communityEdges);
    communities.push({
      communityId: c.communityId,
      ...(c.communityCode !== undefined ? { communityCode: c.communityCode } : {}),
      ...(c.name !== undefined ? { name: c.name } : {}),
      boundary: polygonOf(communityEdges),
    });
  }
  return {
    id: spec.id,
    version: spec.version ?? 1,
    effectiveFrom: spec.effectiveFrom,
    streetOutline: polygonOf(allEdges),
    communities,
    grids,
    ...(spec.filedBy !== undefined ? { filedBy: spec.filedBy } : {}),
    ...(spec.demo ? { demo: true } : {}),
  };
}

/** Cell size of the demo lattice: about 245 m × 233 m at 23.2°N (some 57,000 m² a grid). */
const DEMO_STEP: [number, number] = [0.0024, 0.0021];

/**
 * The demo division of 黄石街 (DEMO DATA, NOT SURVEYED): 15 × 10 lattice cells, one per demo grid, centred
 * near 113.30°E 23.20°N. Ids and codes are those of createDemoRefData(); each grid carries its grid worker.
 */
export function createDemoDivision(): Division {
  const ref = createDemoRefData();
  const worker = new Map(ref.gridWorkers.filter((w) => w.kind === 'worker').map((w) => [w.gridId, w.id]));
  return buildLatticeDivision({
    id: 'demo-huangshi-2015',
    version: 1,
    effectiveFrom: '2015-02-28',
    demo: true,
    filedBy: '黄石街社区网格化服务管理中心（演示数据，非实测）',
    cols: DEMO_COLS,
    rows: DEMO_ROWS,
    origin: [113.3 - (DEMO_COLS / 2) * DEMO_STEP[0], 23.2 + (DEMO_ROWS / 2) * DEMO_STEP[1]],
    step: DEMO_STEP,
    seed: 'huangshi-geometry',
    communities: ref.communities.map((c) => ({
      communityId: c.id,
      communityCode: c.code,
      name: c.name,
      grids: ref.grids
        .filter((g) => g.communityId === c.id)
        .map((g) => ({
          gridId: g.id,
          code: g.code,
          name: g.name,
          ...(worker.has(g.id) ? { gridWorkerId: worker.get(g.id) as string } : {}),
        })),
    })),
  });
}

let demoCache: { division: Division; byId: Map<string, DivisionGrid> } | undefined;
function demo() {
  if (!demoCache) {
    const division = createDemoDivision();
    demoCache = { division, byId: new Map(division.grids.map((g) => [g.gridId as string, g])) };
  }
  return demoCache;
}

/**
 * A random point inside a demo grid (for placing demo cases), by rejection sampling in the grid's bounding
 * box with `rng`; deterministic for a seeded rng. Throws for an id that is not a demo grid.
 */
export function randomPointInGrid(gridId: string, rng: Rng): LonLat {
  const grid = demo().byId.get(gridId);
  if (!grid) throw new Error(`no demo geometry for grid ${gridId}`);
  const p = randomPointIn(grid.boundary, rng);
  if (!p) throw new Error(`could not place a point in grid ${gridId}`);
  return p;
}

/** A random point strictly inside `boundary` (rejection sampling in its box), or null after 1000 tries. */
export function randomPointIn(boundary: DivisionGrid['boundary'], rng: Rng): LonLat | null {
  const [x0, y0, x1, y1] = bbox(boundary);
  const shape = boundary as GjPolygon;
  for (let tries = 0; tries < 1000; tries++) {
    const lon = round7(x0 + rng.next() * (x1 - x0));
    const lat = round7(y0 + rng.next() * (y1 - y0));
    if (booleanPointInPolygon([lon, lat], shape, { ignoreBoundary: true })) return { lon, lat };
  }
  return null;
}

/**
 * Places demo and simulated cases: a point inside the grid's boundary in the division in force (the last
 * filed one), or null for a grid the division does not draw (the case then has no position).
 */
export interface GridPlacer {
  place(gridId: string, rng: Rng): LonLat | null;
  /** A point near `p` (within about `metres`) that is still inside the grid, else `p` itself. */
  near(gridId: string, p: LonLat, metres: number, rng: Rng): LonLat;
}

export function gridPlacer(divisions: readonly Division[] | undefined): GridPlacer {
  const division = divisions?.at(-1);
  const byId = new Map((division?.grids ?? []).filter((g) => g.gridId).map((g) => [g.gridId as string, g.boundary]));
  return {
    place(gridId, rng) {
      const b = byId.get(gridId);
      return b ? randomPointIn(b, rng) : null;
    },
    near(gridId, p, metres, rng) {
      const b = byId.get(gridId);
      if (!b) return p;
      const dLat = metres / 111_320;
      const dLon = dLat / Math.cos((p.lat * Math.PI) / 180);
      for (let tries = 0; tries < 20; tries++) {
        const q = { lon: round7(p.lon + (rng.next() * 2 - 1) * dLon * 0.7), lat: round7(p.lat + (rng.next() * 2 - 1) * dLat * 0.7) };
        if (booleanPointInPolygon([q.lon, q.lat], b as GjPolygon, { ignoreBoundary: true })) return q;
      }
      return p;
    },
  };
}
