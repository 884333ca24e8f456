/**
 * Imports of a division: a GeoJSON FeatureCollection (text or parsed) or a zipped Shapefile (shpjs), each with
 * its stated CRS and an attribute mapping. The result is a division draft (a Division, ready for
 * validateDivision and filing) and the list of problems, or one fatal error with a Chinese message naming
 * what is wrong with the file. Coordinates are converted to CGCS2000 on the way in (./crs.ts).
 *
 * Community boundaries come from a second layer when one is given; otherwise each community's boundary is
 * derived as the union of its grids and the street outline as the union of all grids, both with holes filled
 * (so a hole between grids still shows as a gap).
 */
import type { Feature, FeatureCollection } from 'geojson';
import { formatIssues } from '../validation.js';
import { GeoImportError, judgePosition, positionsOf, requireCrs, toCgcs2000Boundary, verdictText } from './crs.js';
import { polygonsOf, unionAll } from './geometry.js';
import {
  Boundary,
  type CommunityBoundary,
  type Crs,
  type Division,
  type DivisionGrid,
  type DivisionProblem,
  type DivisionProblemKind,
} from './types.js';
import { boundaryProblems, validateDivision, type ValidateOptions } from './validate.js';

/** Which attribute holds what. Only the code is required. */
export interface AttributeMapping {
  codeField: string;
  nameField?: string;
  /** The community: its id, 3-digit code or name (matched against `communities` when given). */
  communityField?: string;
  gridWorkerField?: string;
}

export interface ImportOptions {
  /** The stated CRS of the file: required, never guessed. */
  crs: unknown;
  mapping: AttributeMapping;
  /** Reference communities to resolve the community attribute against. */
  communities?: readonly { id: string; code: string; name: string }[];
  /** Reference grids: an imported code that exists there gets its gridId. */
  grids?: readonly { id: string; code: string }[];
  /** A community layer (same CRS), with the attribute naming each community. */
  communityLayer?: { data: unknown; communityField: string };
  /** Division fields of the draft (defaults: id 'draft', version 1, effectiveFrom '0000-01-01' as "not dated yet": set it before filing). */
  division?: Partial<Pick<Division, 'id' | 'version' | 'effectiveFrom' | 'effectiveTo' | 'filedBy' | 'filedAt'>>;
  /** Passed to validateDivision for the draft's problems. */
  validate?: ValidateOptions;
}

export type ImportProblemKind = DivisionProblemKind | 'wrongGeometryType' | 'missingAttribute';
export interface ImportProblem extends Omit<DivisionProblem, 'kind'> {
  kind: ImportProblemKind;
  /** 0-based index of the feature in the file, for feature-level problems. */
  featureIndex?: number;
}

export type ImportResult =
  | { ok: true; draft: Division; crs: Crs; problems: ImportProblem[] }
  | { ok: false; error: { kind: GeoImportError['kind']; message: string } };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse text or an object into a FeatureCollection, or throw a GeoImportError. */
function asFeatureCollection(input: unknown, what: string): FeatureCollection {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value.replace(/^\uFEFF/, ''));
    } catch {
      throw new GeoImportError('notJson', `${what}不是有效的 JSON 文件：请确认导出的是 GeoJSON（.geojson / .json）`);
    }
  }
  if (!isObject(value) || value.type !== 'FeatureCollection' || !Array.isArray(value.features)) {
    const type = isObject(value) && typeof value.type === 'string' ? `“${value.type.slice(0, 40)}”` : '不是 GeoJSON 对象';
    throw new GeoImportError(
      'notFeatureCollection',
      `${what}不是 GeoJSON 要素集合（FeatureCollection），而是${type}：请导出包含全部网格的要素集合`,
    );
  }
  return value as unknown as FeatureCollection;
}

interface ReadFeature {
  index: number;
  properties: Record<string, unknown>;
  boundary: Boundary;
}

/**
 * The polygon features of a collection converted to CGCS2000, with feature-level problems (wrong geometry
 * type, rings the schema refuses). Throws GeoImportError for projected metres and for a collection without
 * any polygon.
 */
function readFeatures(fc: FeatureCollection, crs: Crs, what: string, problems: ImportProblem[]): ReadFeature[] {
  const out: ReadFeature[] = [];
  fc.features.forEach((f: Feature, index) => {
    const n = index + 1;
    const geometry = isObject(f) ? (f.geometry as unknown) : undefined;
    const type = isObject(geometry) ? String(geometry.type) : '空';
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      problems.push({
        kind: 'wrongGeometryType',
        message: `${what}第${n}个要素的几何类型是${type}，网格边界必须是面（Polygon 或 MultiPolygon），已跳过`,
        codes: [],
        featureIndex: index,
      });
      return;
    }
    const parsed = Boundary.safeParse(geometry);
    if (!parsed.success) {
      problems.push({
        kind: 'invalidGeometry',
        message: `${what}第${n}个要素的边界无效：${formatIssues(parsed.error, { root: '边界' })}，已跳过`,
        codes: [],
        featureIndex: index,
      });
      return;
    }
    for (const p of positionsOf(parsed.data)) {
      const verdict = judgePosition(p);
      if (verdict === 'projected') {
        throw new GeoImportError(
          'projected',
          `${what}第${n}个要素的${verdictText('projected', p)}。本系统只接受经纬度坐标（CGCS2000、WGS84、GCJ02 或 BD09）。`,
        );
      }
      if (verdict === 'swapped')
        throw new GeoImportError('swapped', `${what}第${n}个要素的${verdictText('swapped', p)}，请检查导出设置后重新导入。`);
    }
    out.push({ index, properties: isObject(f.properties) ? f.properties : {}, boundary: toCgcs2000Boundary(parsed.data, crs) });
  });
  if (out.length === 0) throw new GeoImportError('noPolygons', `${what}中没有任何面要素（Polygon 或 MultiPolygon），无法作为网格边界导入`);
  return out;
}

/** An attribute as text: numbers as written (DBF numeric codes), blank → undefined. */
function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'number' ? (Number.isInteger(v) ? v.toFixed(0) : String(v)) : String(v);
  const t = s.trim();
  return t === '' ? undefined : t;
}

/** The exterior rings only: a derived outline must not carry the holes between grids. */
function fillHoles(b: Boundary): Boundary {
  const polys = polygonsOf(b).map((p) => (p.type === 'Polygon' ? [p.coordinates[0] as Boundary['coordinates'][number]] : []));
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] as never } : { type: 'MultiPolygon', coordinates: polys as never };
}

function resolveCommunity(value: string, refs: ImportOptions['communities']): { communityId?: string; communityCode?: string } | null {
  if (refs) {
    const padded = /^\d{1,3}$/.test(value) ? value.padStart(3, '0') : value;
    const c = refs.find((r) => r.id === value || r.code === padded || r.name === value || r.name === `${value}社区`);
    return c ? { communityId: c.id, communityCode: c.code } : null;
  }
  return /^\d{1,3}$/.test(value) ? { communityCode: value.padStart(3, '0') } : { communityId: value };
}

/** The grids of the grid layer's features per the attribute mapping; features without a code are skipped. */
function gridsFromFeatures(features: readonly ReadFeature[], options: ImportOptions, problems: ImportProblem[]): DivisionGrid[] {
  const m = options.mapping;
  const gridIdByCode = new Map((options.grids ?? []).map((g) => [g.code, g.id]));
  const grids: DivisionGrid[] = [];
  for (const f of features) {
    const code = text(f.properties[m.codeField]);
    if (!code) {
      problems.push({
        kind: 'missingAttribute',
        message: `网格图层第${f.index + 1}个要素没有网格编码（字段“${m.codeField}”为空或不存在），已跳过`,
        codes: [],
        featureIndex: f.index,
        geometry: f.boundary,
      });
      continue;
    }
    const grid: DivisionGrid = { code, name: (m.nameField && text(f.properties[m.nameField])) || code, boundary: f.boundary };
    const gridId = gridIdByCode.get(code);
    if (gridId) grid.gridId = gridId;
    if (m.communityField) {
      const value = text(f.properties[m.communityField]);
      const resolved = value ? resolveCommunity(value, options.communities) : null;
      if (resolved) Object.assign(grid, resolved);
      else
        problems.push({
          kind: 'unknownCommunity',
          message: `网格“${code}”的所属社区“${value ?? '（空）'}”不在社区名录中`,
          codes: [code],
          featureIndex: f.index,
          geometry: f.boundary,
        });
    }
    const worker = m.gridWorkerField ? text(f.properties[m.gridWorkerField]) : undefined;
    if (worker) grid.gridWorkerId = worker;
    grids.push(grid);
  }
  return grids;
}

function communityEntry(
  resolved: { communityId?: string; communityCode?: string },
  boundary: Boundary,
  options: ImportOptions,
): CommunityBoundary {
  const ref = options.communities?.find((c) => c.id === resolved.communityId);
  return {
    communityId: resolved.communityId ?? (resolved.communityCode as string),
    ...(resolved.communityCode ? { communityCode: resolved.communityCode } : {}),
    ...(ref ? { name: ref.name } : {}),
    boundary,
  };
}

/** Community boundaries from a community layer (same CRS as the grid layer). */
function communitiesFromLayer(
  layer: NonNullable<ImportOptions['communityLayer']>,
  options: ImportOptions,
  crs: Crs,
  problems: ImportProblem[],
): CommunityBoundary[] {
  const out: CommunityBoundary[] = [];
  for (const f of readFeatures(asFeatureCollection(layer.data, '社区图层'), crs, '社区图层', problems)) {
    const value = text(f.properties[layer.communityField]);
    const resolved = value ? resolveCommunity(value, options.communities) : null;
    if (resolved) out.push(communityEntry(resolved, f.boundary, options));
    else
      problems.push({
        kind: 'unknownCommunity',
        message: `社区图层第${f.index + 1}个要素的社区“${value ?? '（空）'}”不在社区名录中`,
        codes: [],
        featureIndex: f.index,
        geometry: f.boundary,
      });
  }
  return out;
}

/** The union of boundaries with usable geometry, holes filled; a GeoImportError when turf cannot build it. */
function derivedArea(parts: readonly Boundary[], what: string): Boundary | null {
  const usable = parts.filter((b) => boundaryProblems(b, '', []).length === 0);
  try {
    const u = unionAll(usable);
    return u ? fillHoles(u) : null;
  } catch {
    throw new GeoImportError('badFile', `无法由网格合成${what}边界（网格边界有严重错误），请修正后重新导入`);
  }
}

/** Community boundaries derived as the union of each community's grids. */
function derivedCommunities(grids: readonly DivisionGrid[], options: ImportOptions): CommunityBoundary[] {
  const groups = new Map<string, DivisionGrid[]>();
  for (const g of grids) {
    const key = g.communityId ?? g.communityCode;
    if (key) groups.set(key, [...(groups.get(key) ?? []), g]);
  }
  const out: CommunityBoundary[] = [];
  for (const [key, members] of groups) {
    const boundary = derivedArea(
      members.map((g) => g.boundary),
      '社区',
    );
    const first = members[0] as DivisionGrid;
    if (boundary)
      out.push(communityEntry({ communityId: first.communityId ?? key, communityCode: first.communityCode }, boundary, options));
  }
  return out;
}

/** Build the draft from a FeatureCollection of grids (and optionally one of communities). */
export function draftFromFeatureCollection(
  fc: FeatureCollection,
  options: ImportOptions,
  crs: Crs,
): { draft: Division; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const grids = gridsFromFeatures(readFeatures(fc, crs, '网格图层', problems), options, problems);
  const communities = options.communityLayer
    ? communitiesFromLayer(options.communityLayer, options, crs, problems)
    : derivedCommunities(grids, options);
  const outline = derivedArea(
    grids.map((g) => g.boundary),
    '街道',
  );
  if (!outline) throw new GeoImportError('noPolygons', '网格图层中没有可用的网格（每个要素都缺少编码或边界有误），无法导入');
  for (const g of grids) {
    if (g.communityId === undefined && g.communityCode !== undefined) {
      g.communityId = communities.find((c) => c.communityCode === g.communityCode)?.communityId;
    }
  }
  const d = options.division ?? {};
  const draft: Division = {
    id: d.id ?? 'draft',
    version: d.version ?? 1,
    effectiveFrom: d.effectiveFrom ?? '0000-01-01',
    ...(d.effectiveTo ? { effectiveTo: d.effectiveTo } : {}),
    ...(d.filedBy ? { filedBy: d.filedBy } : {}),
    ...(d.filedAt !== undefined ? { filedAt: d.filedAt } : {}),
    streetOutline: outline,
    communities,
    grids,
  };
  problems.push(...validateDivision(draft, options.validate));
  return { draft, problems };
}

function failure(err: unknown): ImportResult {
  if (err instanceof GeoImportError) return { ok: false, error: { kind: err.kind, message: err.message } };
  throw err;
}

/** Import a GeoJSON FeatureCollection (its text or the parsed object) with its stated CRS. */
export function importGeoJson(input: unknown, options: ImportOptions): ImportResult {
  try {
    const crs = requireCrs(options.crs);
    const fc = asFeatureCollection(input, '文件');
    return { ok: true, crs, ...draftFromFeatureCollection(fc, options, crs) };
  } catch (err) {
    return failure(err);
  }
}

/**
 * Import a zipped Shapefile (.zip with .shp, .dbf, optionally .prj and .cpg) with its stated CRS. shpjs reads
 * the zip (it runs under Node and in Chromium: but-unzip and DataView, no DOM); a .prj with a projected
 * system is unprojected by shpjs (proj4) to lon/lat before the stated CRS applies. Attribute text is read as
 * UTF-8 unless a .cpg names another encoding (GBK is common in Chinese GIS exports).
 */
export async function importShapefileZip(zip: ArrayBuffer | Uint8Array, options: ImportOptions): Promise<ImportResult> {
  try {
    const crs = requireCrs(options.crs);
    const { parseZip } = await import('shpjs');
    let parsed: Awaited<ReturnType<typeof parseZip>>;
    try {
      parsed = await parseZip(zip);
    } catch (err) {
      const detail = err instanceof Error && /no layers/.test(err.message) ? '压缩包中没有 .shp 文件' : '无法解压或读取';
      throw new GeoImportError('badFile', `文件不是有效的 Shapefile 压缩包（${detail}）：请上传包含 .shp、.dbf（和 .prj）的 .zip 文件`);
    }
    if (Array.isArray(parsed)) {
      const names = parsed.map((p) => p.fileName ?? '?').join('、');
      throw new GeoImportError('badFile', `压缩包中有多个图层（${names}）：请每次只导入一个网格图层`);
    }
    return { ok: true, crs, ...draftFromFeatureCollection(parsed, options, crs) };
  } catch (err) {
    return failure(err);
  }
}
