/**
 * Division validation: the grids must tile the street (no overlaps, no gaps), each inside its community,
 * with valid rings, plausible coordinates, codes per the grid-code rule and a grid worker each. Every problem
 * is a typed record with a Chinese message naming the grid code(s) and the geometry to draw.
 *
 * Overlaps use a flatbush index over grid bounding boxes, so only grids whose boxes meet are intersected.
 * Areas come from @turf/area (square metres); a piece at or under `toleranceM2` (default 1 m²) is
 * rounding, not a problem. Grids with invalid geometry are reported and left out of the area checks.
 */
import booleanValid from '@turf/boolean-valid';
import kinks from '@turf/kinks';
import Flatbush from 'flatbush';
import type { MultiPolygon as GjMultiPolygon, Polygon as GjPolygon } from 'geojson';
import { firstImplausible, positionsOf, verdictText } from './crs.js';
import { areaM2, bbox, type BBox, formatArea, intersection, polygonsOf, subtract, unionAll } from './geometry.js';
import type { Boundary, CommunityBoundary, Division, DivisionGrid, DivisionProblem, Position } from './types.js';

export const DEFAULT_TOLERANCE_M2 = 1;

export interface ValidateOptions {
  /** Pieces of overlap, gap or outside area at or under this many m² are ignored (default 1). */
  toleranceM2?: number;
  /** GridCodeRule of the reference data: codes must match `pattern`; `description` is quoted in messages. */
  gridCodeRule?: { pattern: string; description?: string };
  /**
   * Grid workers of the reference data: a grid has a worker when its `gridWorkerId` is set or a worker's
   * `gridId` is the grid's `gridId`. Without this list only `gridWorkerId` counts.
   */
  gridWorkers?: readonly { gridId: string; kind?: string }[];
  /** Skip the grid-worker check (e.g. for a draft that is assigned later). Default false. */
  skipGridWorkers?: boolean;
}

const q = (code: string) => `“${code}”`;
const codeList = (codes: readonly string[]) => codes.map(q).join('、');

/** Structural ring problems that would make turf throw: open rings, too few positions, non-finite numbers. */
function ringShapeProblem(b: Boundary): string | null {
  const polys = b.type === 'Polygon' ? [b.coordinates] : b.coordinates;
  if (polys.length === 0) return '没有任何多边形';
  for (const poly of polys) {
    if (poly.length === 0) return '多边形没有外环';
    for (const ring of poly) {
      if (ring.length < 4) return `边界环只有${ring.length}个坐标点（至少需要4个，首尾相同）`;
      for (const p of ring) if (p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return '边界含有不是有限数值的坐标';
      const a = ring[0] as Position;
      const z = ring[ring.length - 1] as Position;
      if (a[0] !== z[0] || a[1] !== z[1]) return '边界环没有闭合（首尾坐标不同）';
    }
  }
  return null;
}

/**
 * Geometry problems of one boundary (a grid, a community or the street): open or short rings, implausible
 * coordinates, self-intersections (@turf/kinks, drawn as the kink points) and other invalidity
 * (@turf/boolean-valid, drawn as the ring). Empty when the boundary is fit for the area checks.
 */
export function boundaryProblems(b: Boundary, label: string, codes: string[]): DivisionProblem[] {
  const shape = ringShapeProblem(b);
  if (shape) {
    const ring = (b.type === 'Polygon' ? b.coordinates[0] : b.coordinates[0]?.[0]) ?? [];
    const line = ring.filter((p) => p.length >= 2 && p.every(Number.isFinite));
    return [
      {
        kind: 'invalidGeometry',
        message: `${label}的边界无效：${shape}`,
        codes,
        ...(line.length >= 2 ? { geometry: { type: 'LineString', coordinates: line } } : {}),
      },
    ];
  }
  const bad = firstImplausible(b);
  if (bad) {
    return [
      {
        kind: 'implausibleCoordinates',
        message: `${label}的${verdictText(bad.verdict, bad.position)}`,
        codes,
        geometry: { type: 'Point', coordinates: bad.position },
      },
    ];
  }
  const k = kinks(b as GjPolygon | GjMultiPolygon);
  if (k.features.length > 0) {
    const points = k.features.map((f) => f.geometry.coordinates);
    return [
      {
        kind: 'invalidGeometry',
        message: `${label}的边界自相交（${points.length}处），请修正后重新提交`,
        codes,
        geometry: points.length === 1 ? { type: 'Point', coordinates: points[0] as Position } : { type: 'MultiPoint', coordinates: points },
      },
    ];
  }
  if (!booleanValid(b as GjPolygon | GjMultiPolygon)) {
    const ring = (b.type === 'Polygon' ? b.coordinates[0] : b.coordinates[0]?.[0]) ?? [];
    return [
      {
        kind: 'invalidGeometry',
        message: `${label}的边界无效（内环越界或环相接），请修正后重新提交`,
        codes,
        geometry: { type: 'LineString', coordinates: ring },
      },
    ];
  }
  return [];
}

/** Run a turf operation, turning a throw into a 'geometryError' problem. */
function guarded<T>(problems: DivisionProblem[], label: string, codes: string[], op: () => T): T | undefined {
  try {
    return op();
  } catch (err) {
    problems.push({
      kind: 'geometryError',
      message: `${label}无法完成空间计算（${err instanceof Error ? err.message.slice(0, 80) : '未知错误'}），请检查边界`,
      codes,
    });
    return undefined;
  }
}

/** Polygons of `b` above the tolerance, with their areas. */
function piecesAbove(b: Boundary | null | undefined, tol: number): { piece: Boundary; area: number }[] {
  if (!b) return [];
  return polygonsOf(b)
    .map((piece) => ({ piece, area: areaM2(piece) }))
    .filter((p) => p.area > tol);
}

function communityOf(grid: DivisionGrid, communities: readonly CommunityBoundary[]): CommunityBoundary | undefined {
  return communities.find(
    (c) =>
      (grid.communityId !== undefined && c.communityId === grid.communityId) ||
      (grid.communityCode !== undefined && c.communityCode === grid.communityCode),
  );
}

/** A grid whose geometry passed boundaryProblems, with its bounding box. */
type ValidGrid = { grid: DivisionGrid; box: BBox };

/** Codes against the grid-code rule, and codes used by more than one grid. */
export function codeProblems(grids: readonly DivisionGrid[], gridCodeRule?: ValidateOptions['gridCodeRule']): DivisionProblem[] {
  const problems: DivisionProblem[] = [];
  let rule: RegExp | undefined;
  if (gridCodeRule) {
    try {
      rule = new RegExp(gridCodeRule.pattern);
    } catch {
      problems.push({ kind: 'badCode', message: `网格编码规则“${gridCodeRule.pattern}”不是有效的正则表达式，未检查编码`, codes: [] });
    }
  }
  const desc = gridCodeRule?.description ? `（${gridCodeRule.description}）` : '';
  const byCode = new Map<string, DivisionGrid[]>();
  for (const g of grids) {
    byCode.set(g.code, [...(byCode.get(g.code) ?? []), g]);
    if (rule && !rule.test(g.code)) {
      problems.push({ kind: 'badCode', message: `网格编码${q(g.code)}不符合编码规则${desc}`, codes: [g.code], geometry: g.boundary });
    }
  }
  for (const [code, same] of byCode) {
    if (same.length < 2) continue;
    problems.push({
      kind: 'duplicateCode',
      message: `网格编码${q(code)}重复：${same.length}个网格使用同一编码（${same.map((g) => g.name).join('、')}）`,
      codes: [code],
      geometry: same[0]?.boundary,
    });
  }
  return problems;
}

/** Grids with neither a gridWorkerId nor a reference grid worker (kind 'worker') on their gridId. */
export function gridWorkerProblems(grids: readonly DivisionGrid[], gridWorkers: ValidateOptions['gridWorkers'] = []): DivisionProblem[] {
  const staffed = new Set(gridWorkers.filter((w) => w.kind === undefined || w.kind === 'worker').map((w) => w.gridId));
  return grids
    .filter((g) => g.gridWorkerId === undefined && !(g.gridId !== undefined && staffed.has(g.gridId)))
    .map((g) => ({
      kind: 'noGridWorker' as const,
      message: `网格${q(g.code)}（${g.name}）未配备网格员`,
      codes: [g.code],
      geometry: g.boundary,
    }));
}

/** Overlaps between grids, intersecting only the pairs whose boxes meet in the index. */
function overlapProblems(valid: readonly ValidGrid[], index: Flatbush, tol: number, problems: DivisionProblem[]): void {
  valid.forEach((a, i) => {
    for (const j of index.search(a.box[0], a.box[1], a.box[2], a.box[3])) {
      if (j <= i) continue;
      const b = valid[j] as ValidGrid;
      const codes = [a.grid.code, b.grid.code];
      const shared = guarded(problems, `网格${codeList(codes)}`, codes, () => intersection(a.grid.boundary, b.grid.boundary));
      for (const { piece, area } of piecesAbove(shared, tol)) {
        problems.push({
          kind: 'overlap',
          message: `网格${q(a.grid.code)}与网格${q(b.grid.code)}重叠约${formatArea(area)}平方米`,
          codes,
          geometry: piece,
          areaM2: area,
        });
      }
    }
  });
}

/** Gaps: the street outline minus the union of the grids, each piece named by the grids around it. */
function gapProblems(outline: Boundary, valid: readonly ValidGrid[], index: Flatbush, tol: number, problems: DivisionProblem[]): void {
  const covered = guarded(problems, '全部网格', [], () => unionAll(valid.map((v) => v.grid.boundary)));
  if (!covered) return;
  const rest = guarded(problems, '街道', [], () => subtract(outline, covered));
  for (const { piece, area } of piecesAbove(rest, tol)) {
    const box = bbox(piece);
    const near = index
      .search(box[0], box[1], box[2], box[3])
      .map((k) => (valid[k] as ValidGrid).grid.code)
      .sort();
    const around = near.length ? `（邻近网格：${codeList(near)}）` : '';
    problems.push({
      kind: 'gap',
      message: `街道范围内有约${formatArea(area)}平方米未划入任何网格${around}`,
      codes: near,
      geometry: piece,
      areaM2: area,
    });
  }
}

/** The parts of a grid outside `container` above the tolerance, as problems of `kind`. */
function outsideProblems(
  grid: DivisionGrid,
  container: Boundary,
  kind: 'outsideCommunity' | 'outsideStreet',
  where: string,
  tol: number,
  problems: DivisionProblem[],
): void {
  const outside = guarded(problems, `网格${q(grid.code)}`, [grid.code], () => subtract(grid.boundary, container));
  for (const { piece, area } of piecesAbove(outside, tol)) {
    problems.push({
      kind,
      message: `网格${q(grid.code)}有约${formatArea(area)}平方米超出${where}`,
      codes: [grid.code],
      geometry: piece,
      areaM2: area,
    });
  }
}

/** Each grid inside its community (which must have a boundary) and inside the street. */
function containmentProblems(
  division: Division,
  valid: readonly ValidGrid[],
  communityOk: ReadonlyMap<CommunityBoundary, boolean>,
  outlineOk: boolean,
  tol: number,
  problems: DivisionProblem[],
): void {
  for (const { grid } of valid) {
    const community = communityOf(grid, division.communities);
    if (!community) {
      const named = grid.communityId ?? grid.communityCode ?? '（未填写）';
      problems.push({
        kind: 'unknownCommunity',
        message: `网格${q(grid.code)}所属社区“${named}”在本次划分中没有社区边界`,
        codes: [grid.code],
        geometry: grid.boundary,
      });
    } else if (communityOk.get(community)) {
      outsideProblems(
        grid,
        community.boundary,
        'outsideCommunity',
        `所属社区“${community.name ?? community.communityId}”的边界`,
        tol,
        problems,
      );
    }
    if (outlineOk) outsideProblems(grid, division.streetOutline, 'outsideStreet', '街道边界', tol, problems);
  }
}

/** Every problem of a division; an empty list means it may be filed. */
export function validateDivision(division: Division, options: ValidateOptions = {}): DivisionProblem[] {
  const tol = options.toleranceM2 ?? DEFAULT_TOLERANCE_M2;
  const problems = codeProblems(division.grids, options.gridCodeRule);
  if (!options.skipGridWorkers) problems.push(...gridWorkerProblems(division.grids, options.gridWorkers));

  // Geometry of each boundary first: what fails here stays out of the area checks.
  const outlineProblems = boundaryProblems(division.streetOutline, '街道', []);
  problems.push(...outlineProblems);
  const communityOk = new Map<CommunityBoundary, boolean>();
  for (const c of division.communities) {
    const own = boundaryProblems(c.boundary, `社区${q(c.name ?? c.communityId)}`, []);
    problems.push(...own);
    communityOk.set(c, own.length === 0);
  }
  const valid: ValidGrid[] = [];
  for (const g of division.grids) {
    const own = boundaryProblems(g.boundary, `网格${q(g.code)}`, [g.code]);
    problems.push(...own);
    if (own.length === 0) valid.push({ grid: g, box: bbox(g.boundary) });
  }

  if (valid.length > 0) {
    const index = new Flatbush(valid.length);
    for (const v of valid) index.add(v.box[0], v.box[1], v.box[2], v.box[3]);
    index.finish();
    overlapProblems(valid, index, tol, problems);
    if (outlineProblems.length === 0) gapProblems(division.streetOutline, valid, index, tol, problems);
  }
  containmentProblems(division, valid, communityOk, outlineProblems.length === 0, tol, problems);
  return problems;
}

/** Every position of every grid of a division (for extent checks and benches). */
export function* divisionPositions(division: Division): Generator<Position> {
  for (const g of division.grids) yield* positionsOf(g.boundary);
}
