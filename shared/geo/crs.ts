/**
 * Coordinate systems of imports. Government GIS data is CGCS2000 (equal to WGS-84 at street scale: the two
 * frames differ by centimetres); consumer map services publish GCJ-02 (Amap, Tencent) or BD-09 (Baidu),
 * offset by up to several hundred metres. An import must state its system: we never guess from the numbers.
 * GCJ-02 and BD-09 are converted to CGCS2000/WGS-84 with gcoord (its inverse GCJ-02 transform is
 * iterative, accurate to well under a metre).
 */
import gcoordModule from 'gcoord';
import { Crs, type Boundary, type LonLat, type Position } from './types.js';

/** The CRS names an admin may type, beside the canonical ones (case and punctuation ignored). */
const ALIASES: Record<string, Crs> = {
  cgcs2000: 'CGCS2000',
  epsg4490: 'CGCS2000',
  wgs84: 'WGS84',
  wgs1984: 'WGS84',
  epsg4326: 'WGS84',
  gcj02: 'GCJ02',
  amap: 'GCJ02',
  bd09: 'BD09',
  bd09ll: 'BD09',
  baidu: 'BD09',
};

/** An import or conversion problem with a Chinese message for the person importing. */
export class GeoImportError extends Error {
  constructor(
    readonly kind: 'noCrs' | 'unknownCrs' | 'notJson' | 'notFeatureCollection' | 'noPolygons' | 'projected' | 'swapped' | 'badFile',
    message: string,
  ) {
    super(message);
    this.name = 'GeoImportError';
  }
}

/**
 * The stated CRS of an import, or a GeoImportError: absent → 'noCrs', anything not one of the four
 * (or a common alias such as EPSG:4490, EPSG:4326, AMap, Baidu) → 'unknownCrs'.
 */
export function requireCrs(stated: unknown): Crs {
  if (stated === undefined || stated === null || stated === '') {
    throw new GeoImportError('noCrs', '未说明坐标系：请选择数据所用的坐标系（CGCS2000、WGS84、GCJ02 或 BD09），系统不会自行猜测。');
  }
  const parsed = Crs.safeParse(stated);
  if (parsed.success) return parsed.data;
  if (typeof stated === 'string') {
    const alias = ALIASES[stated.toLowerCase().replace(/[^a-z0-9]/g, '')];
    if (alias) return alias;
  }
  throw new GeoImportError(
    'unknownCrs',
    `不支持的坐标系“${String(stated).slice(0, 40)}”：只能是 CGCS2000、WGS84、GCJ02（高德、腾讯）或 BD09（百度）。`,
  );
}

/**
 * gcoord is CommonJS: Node's ESM loader hands its module.exports over as the default export, Vite hands over
 * its ESM build's default; TypeScript's NodeNext and Bundler modes type the two differently. Accept both.
 */
type Gcoord = { transform(input: [number, number], from: string, to: string): number[] };
const gcoordAny = gcoordModule as unknown as Gcoord & { default?: Gcoord };
const gcoord: Gcoord = typeof gcoordAny.transform === 'function' ? gcoordAny : (gcoordAny.default as Gcoord);
const WGS84 = 'WGS84';

/** One [lon, lat] position from `crs` to CGCS2000/WGS-84 (height dropped). */
export function toCgcs2000Position(p: Position, crs: Crs): [number, number] {
  const lon = p[0] as number;
  const lat = p[1] as number;
  if (crs === 'CGCS2000' || crs === 'WGS84') return [lon, lat];
  const out = gcoord.transform([lon, lat], crs, WGS84);
  return [out[0] as number, out[1] as number];
}

/** One CGCS2000 position to `crs`, e.g. to draw on a GCJ-02 basemap. */
export function fromCgcs2000Position(p: Position, crs: Crs): [number, number] {
  const lon = p[0] as number;
  const lat = p[1] as number;
  if (crs === 'CGCS2000' || crs === 'WGS84') return [lon, lat];
  const out = gcoord.transform([lon, lat], WGS84, crs);
  return [out[0] as number, out[1] as number];
}

/** A point from `crs` to CGCS2000. */
export function toCgcs2000Point(p: LonLat, crs: Crs): LonLat {
  const [lon, lat] = toCgcs2000Position([p.lon, p.lat], crs);
  return { lon, lat };
}

/**
 * A boundary from `crs` to CGCS2000, as a new object. Rings stay closed: the first and last positions are
 * equal before and the conversion is a function of the position, so they are equal after.
 */
export function toCgcs2000Boundary(b: Boundary, crs: Crs): Boundary {
  const ring = (r: Position[]) => r.map((p) => toCgcs2000Position(p, crs));
  if (b.type === 'Polygon') return { type: 'Polygon', coordinates: b.coordinates.map(ring) };
  return { type: 'MultiPolygon', coordinates: b.coordinates.map((poly) => poly.map(ring)) };
}

// ---------------------------------------------------------------- plausibility

/** China's rough extent in degrees (mainland, Hainan, the South China Sea islands to about 3°N). */
export const CHINA_EXTENT = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 } as const;

export type CoordinateVerdict = 'ok' | 'projected' | 'swapped' | 'outsideChina';

/**
 * What a position looks like: 'projected' when a value cannot be degrees (|lon| > 180 or |lat| > 90, as
 * Gauss-Krüger or Web Mercator metres are), 'swapped' when it would be in China with lon and lat exchanged,
 * 'outsideChina' otherwise outside CHINA_EXTENT.
 */
export function judgePosition(p: Position): CoordinateVerdict {
  const lon = p[0] as number;
  const lat = p[1] as number;
  const inChina = (x: number, y: number) =>
    x >= CHINA_EXTENT.minLon && x <= CHINA_EXTENT.maxLon && y >= CHINA_EXTENT.minLat && y <= CHINA_EXTENT.maxLat;
  if (inChina(lon, lat)) return 'ok';
  if (inChina(lat, lon)) return 'swapped';
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return 'projected';
  return 'outsideChina';
}

/** Every position of a boundary, in order. */
export function* positionsOf(b: Boundary): Generator<Position> {
  const polys = b.type === 'Polygon' ? [b.coordinates] : b.coordinates;
  for (const poly of polys) for (const ring of poly) yield* ring;
}

/** The first implausible position of a boundary and its verdict, or null when every position is plausible. */
export function firstImplausible(b: Boundary): { position: Position; verdict: Exclude<CoordinateVerdict, 'ok'> } | null {
  for (const p of positionsOf(b)) {
    const verdict = judgePosition(p);
    if (verdict !== 'ok') return { position: p, verdict };
  }
  return null;
}

/** Chinese text for an implausible coordinate verdict, naming the position. */
export function verdictText(verdict: Exclude<CoordinateVerdict, 'ok'>, p: Position): string {
  const at = `（${p[0]}, ${p[1]}）`;
  switch (verdict) {
    case 'projected':
      return `坐标${at}不是经纬度，看起来是投影坐标（米）：请先转换为经纬度（度）再导入`;
    case 'swapped':
      return `坐标${at}的经度和纬度像是写反了：应为“经度, 纬度”顺序`;
    case 'outsideChina':
      return `坐标${at}不在中国范围内（经度73–136°，纬度3–54°）`;
  }
}
