/**
 * The spatial model of the base grid (一张基础网格): GeoJSON geometry in lon/lat, the division (网格划分) with
 * its street outline, community boundaries and grid boundaries, and the location of a case.
 *
 * Coordinates are CGCS2000 longitude/latitude in degrees (equal to WGS-84 at street scale, see
 * docs/base-grid.md). Every geometry that enters the model has been converted by ./crs.ts: nothing stored
 * here is GCJ-02 or BD-09. Every type is derived from a zod schema so each boundary can validate it.
 */
import { z } from 'zod';
import { Id, line } from '../model.js';

// ---------------------------------------------------------------- positions and rings

/** [lon, lat] in degrees; finite numbers only (a third value, height, is accepted and ignored). */
export const Position = z
  .array(z.number('坐标必须是有限数值'))
  .min(2, '坐标至少需要经度和纬度两个数')
  .max(3, '坐标最多三个数（经度、纬度、高程）');
export type Position = z.infer<typeof Position>;

/** Input bounds (every input is bounded, see test/inputBounds.test.ts): far above any street's real data. */
export const MAX_RING_POSITIONS = 100_000;
export const MAX_RINGS = 1_000;
export const MAX_POLYGONS = 1_000;
export const MAX_DIVISION_GRIDS = 5_000;
export const MAX_DIVISION_COMMUNITIES = 500;

const samePosition = (a: Position | undefined, b: Position | undefined) => !!a && !!b && a[0] === b[0] && a[1] === b[1];

/** A closed linear ring: at least 4 positions, the last equal to the first (RFC 7946 §3.1.6). */
export const LinearRing = z
  .array(Position)
  .min(4, '边界环至少需要4个坐标点（首尾相同）')
  .max(MAX_RING_POSITIONS, `边界环最多${MAX_RING_POSITIONS}个坐标点`)
  .refine((ring) => samePosition(ring[0], ring[ring.length - 1]), '边界环没有闭合：最后一个坐标点必须与第一个相同');
export type LinearRing = z.infer<typeof LinearRing>;

export const Polygon = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(LinearRing).min(1, '多边形至少需要一个外环').max(MAX_RINGS, `多边形最多${MAX_RINGS}个环`),
});
export type Polygon = z.infer<typeof Polygon>;

export const MultiPolygon = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z
    .array(z.array(LinearRing).min(1, '多边形至少需要一个外环').max(MAX_RINGS, `多边形最多${MAX_RINGS}个环`))
    .min(1, '多多边形至少需要一个多边形')
    .max(MAX_POLYGONS, `多多边形最多${MAX_POLYGONS}个多边形`),
});
export type MultiPolygon = z.infer<typeof MultiPolygon>;

/** An area: a grid, a community or the street. */
export const Boundary = z.discriminatedUnion('type', [Polygon, MultiPolygon], { error: '边界必须是 Polygon 或 MultiPolygon' });
export type Boundary = z.infer<typeof Boundary>;

export const PointGeometry = z.object({ type: z.literal('Point'), coordinates: Position });
export type PointGeometry = z.infer<typeof PointGeometry>;
export const MultiPointGeometry = z.object({ type: z.literal('MultiPoint'), coordinates: z.array(Position) });
export type MultiPointGeometry = z.infer<typeof MultiPointGeometry>;
export const LineStringGeometry = z.object({ type: z.literal('LineString'), coordinates: z.array(Position).min(2) });
export type LineStringGeometry = z.infer<typeof LineStringGeometry>;

/** Where a problem is drawn on the map: the overlap or gap polygon, the offending ring, or a point. */
export const ProblemGeometry = z.discriminatedUnion('type', [Polygon, MultiPolygon, PointGeometry, MultiPointGeometry, LineStringGeometry]);
export type ProblemGeometry = z.infer<typeof ProblemGeometry>;

// ---------------------------------------------------------------- coordinate systems

/**
 * The coordinate system an import states. CGCS2000 and WGS84 are taken as they are; GCJ02 (Amap, Tencent)
 * and BD09 (Baidu) are converted with gcoord. There is no default: an import without one is refused.
 */
export const Crs = z.enum(['CGCS2000', 'WGS84', 'GCJ02', 'BD09'], { error: '坐标系只能是 CGCS2000、WGS84、GCJ02 或 BD09' });
export type Crs = z.infer<typeof Crs>;

// ---------------------------------------------------------------- case location

export const Lon = z.number('经度必须是有限数值').min(-180, '经度不能小于-180').max(180, '经度不能大于180');
export const Lat = z.number('纬度必须是有限数值').min(-90, '纬度不能小于-90').max(90, '纬度不能大于90');

/** A point in CGCS2000 lon/lat degrees. */
export const LonLat = z.object({ lon: Lon, lat: Lat });
export type LonLat = z.infer<typeof LonLat>;

/**
 * Where a case is: a point (CGCS2000) and the address as reported. `source` says how the point was obtained
 * (device GPS, picked on the map, geocoded from the address); `crs` is the system the reporter sent, kept
 * for the record after conversion.
 */
export const CaseLocation = LonLat.extend({
  address: line(200),
  source: z.enum(['gps', 'map', 'geocoded', 'import']).optional(),
  sourceCrs: Crs.optional(),
});
export type CaseLocation = z.infer<typeof CaseLocation>;

// ---------------------------------------------------------------- division

export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD');

/** One grid of a division: its code and boundary, with the reference-data ids when they are known. */
export const DivisionGrid = z.object({
  /** Grid.id of the reference data; absent in an import draft until the grid is matched or created. */
  gridId: Id.optional(),
  code: line(32).min(1, '网格编码不能为空'),
  name: line(100).min(1, '网格名称不能为空'),
  communityId: Id.optional(),
  communityCode: z
    .string()
    .regex(/^\d{3}$/, '社区编码须为3位数字')
    .optional(),
  gridWorkerId: Id.optional(),
  boundary: Boundary,
});
export type DivisionGrid = z.infer<typeof DivisionGrid>;

/** A community's boundary within a division. */
export const CommunityBoundary = z.object({
  communityId: Id,
  communityCode: z
    .string()
    .regex(/^\d{3}$/, '社区编码须为3位数字')
    .optional(),
  name: line(100).optional(),
  boundary: Boundary,
});
export type CommunityBoundary = z.infer<typeof CommunityBoundary>;

/**
 * 网格划分: one filed version of the street's base grid. Versions are kept: a new division gets a higher
 * version and its own effectiveFrom; the old one keeps its dates so a case keeps the grid it was reported in.
 * `effectiveTo` is the last day in force (inclusive, like Grid.validTo).
 */
export const Division = z
  .object({
    id: Id,
    version: z.number().int('版本号必须是整数').positive('版本号必须大于0'),
    effectiveFrom: Day,
    effectiveTo: Day.optional(),
    streetOutline: Boundary,
    communities: z.array(CommunityBoundary).max(MAX_DIVISION_COMMUNITIES, `一次划分最多${MAX_DIVISION_COMMUNITIES}个社区`),
    grids: z.array(DivisionGrid).max(MAX_DIVISION_GRIDS, `一次划分最多${MAX_DIVISION_GRIDS}个网格`),
    /** Who filed the division with the centre (备案) and when (epoch ms). */
    filedBy: line(64).optional(),
    filedAt: z.number().int().nonnegative().optional(),
    /** true for synthetic demo geometry (not surveyed). */
    demo: z.boolean().optional(),
  })
  .refine((d) => d.effectiveTo === undefined || d.effectiveTo >= d.effectiveFrom, {
    message: '失效日期不能早于生效日期',
    path: ['effectiveTo'],
  });
export type Division = z.infer<typeof Division>;

// ---------------------------------------------------------------- problems

export const DivisionProblemKind = z.enum([
  'invalidGeometry', // a ring that is not closed, too short, self-intersecting or otherwise invalid
  'implausibleCoordinates', // outside China, swapped, or projected metres
  'overlap', // two grids cover the same ground
  'gap', // street ground that no grid covers
  'outsideCommunity', // part of a grid lies outside its community
  'outsideStreet', // part of a grid lies outside the street outline
  'unknownCommunity', // the grid names a community without a boundary
  'badCode', // the code breaks the grid-code rule
  'duplicateCode', // two grids share a code
  'noGridWorker', // no grid worker assigned
  'geometryError', // the geometry library could not process a shape (reported rather than thrown)
]);
export type DivisionProblemKind = z.infer<typeof DivisionProblemKind>;

/** One problem of a division: what, in Chinese naming the grid code(s), and where to draw it. */
export const DivisionProblem = z.object({
  kind: DivisionProblemKind,
  message: z.string(),
  /** Codes of the grids concerned (for a gap: the grids around it). */
  codes: z.array(z.string()),
  /** The place to draw: the overlap or gap polygon, the offending ring, the kink points or the grid. */
  geometry: ProblemGeometry.optional(),
  /** Area in square metres for overlaps, gaps and parts outside. */
  areaM2: z.number().optional(),
});
export type DivisionProblem = z.infer<typeof DivisionProblem>;
