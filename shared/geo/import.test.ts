import { describe, expect, it } from 'vitest';
import { fromCgcs2000Position } from './crs.js';
import { importGeoJson, importShapefileZip, type ImportOptions } from './import.js';
import { zippedShapefile, zipStore } from './testing/shapefile.js';
import { smallDivision } from './testing/divisions.js';
import type { Division, Position } from './types.js';

const d = smallDivision();
const communities = d.communities.map((c) => ({ id: c.communityId, code: c.communityCode!, name: c.name! }));
const mapping = { codeField: 'WGBM', nameField: 'WGMC', communityField: 'SQ', gridWorkerField: 'WGY' };

/** The small division as a GeoJSON FeatureCollection in `crs` (converted from CGCS2000 for the test). */
function asGeoJson(div: Division, crs: 'CGCS2000' | 'GCJ02' | 'BD09' = 'CGCS2000') {
  return {
    type: 'FeatureCollection',
    features: div.grids.map((g) => ({
      type: 'Feature',
      properties: { WGBM: g.code, WGMC: g.name, SQ: g.communityCode, WGY: g.gridWorkerId },
      geometry: {
        type: 'Polygon',
        coordinates: (g.boundary.coordinates as Position[][]).map((r) => r.map((p) => fromCgcs2000Position(p, crs))),
      },
    })),
  };
}
const opts = (extra: Partial<ImportOptions> = {}): ImportOptions => ({ crs: 'CGCS2000', mapping, communities, ...extra });

describe('GeoJSON import', () => {
  it('a valid file gives a draft with resolved communities and no problems', () => {
    const r = importGeoJson(JSON.stringify(asGeoJson(d)), opts());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.problems).toEqual([]);
    expect(r.draft.grids.map((g) => g.code)).toEqual(d.grids.map((g) => g.code));
    expect(r.draft.grids[0]).toMatchObject({
      communityId: 'c001',
      communityCode: '001',
      gridWorkerId: d.grids[0]!.gridWorkerId,
      name: d.grids[0]!.name,
    });
    expect(r.draft.communities.map((c) => c.communityId).sort()).toEqual(['c001', 'c002']);
  });
  it('converts GCJ-02 and BD-09 to CGCS2000 (to well under a metre)', () => {
    for (const crs of ['GCJ02', 'BD09'] as const) {
      const r = importGeoJson(asGeoJson(d, crs), opts({ crs }));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const got = r.draft.grids[0]!.boundary.coordinates[0]![0] as Position;
      const want = d.grids[0]!.boundary.coordinates[0]![0] as Position;
      expect(Math.abs(got[0]! - want[0]!)).toBeLessThan(5e-6);
      expect(Math.abs(got[1]! - want[1]!)).toBeLessThan(5e-6);
      expect(r.problems.filter((p) => p.kind === 'overlap' || p.kind === 'gap')).toEqual([]);
    }
  });
  it('a hole between imported grids shows as a gap of the derived outline', () => {
    const big = smallDivision({ cols: 5, rows: 3, sizes: [8, 7] });
    const fc = asGeoJson(big);
    fc.features.splice(4, 1); // cell (1,1) of the serpentine: an inner cell, its neighbours all around it
    const refs = big.communities.map((c) => ({ id: c.communityId, code: c.communityCode!, name: c.name! }));
    const r = importGeoJson(fc, opts({ communities: refs }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const gaps = r.problems.filter((p) => p.kind === 'gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.codes).toContain(big.grids[3]!.code);
  });
  it('refuses a file without a stated CRS, or with an unknown one', () => {
    const none = importGeoJson(asGeoJson(d), opts({ crs: undefined }));
    expect(none).toMatchObject({ ok: false, error: { kind: 'noCrs' } });
    if (!none.ok) expect(none.error.message).toContain('未说明坐标系');
    expect(importGeoJson(asGeoJson(d), opts({ crs: 'EPSG:3857' }))).toMatchObject({ ok: false, error: { kind: 'unknownCrs' } });
  });
  it('refuses text that is not JSON', () => {
    const r = importGeoJson('WGBM,WGMC\n1,2', opts());
    expect(r).toMatchObject({ ok: false, error: { kind: 'notJson' } });
    if (!r.ok) expect(r.error.message).toContain('不是有效的 JSON 文件');
  });
  it('refuses JSON that is not a FeatureCollection, naming what it is', () => {
    const r = importGeoJson({ type: 'Feature', geometry: null, properties: {} }, opts());
    expect(r).toMatchObject({ ok: false, error: { kind: 'notFeatureCollection' } });
    if (!r.ok) expect(r.error.message).toContain('而是“Feature”');
    expect(importGeoJson('[1,2]', opts())).toMatchObject({ ok: false, error: { kind: 'notFeatureCollection' } });
  });
  it('skips features of the wrong geometry type with a problem each; none at all is an error', () => {
    const fc = asGeoJson(d) as { type: string; features: unknown[] };
    fc.features.push({
      type: 'Feature',
      properties: { WGBM: '440111010009001' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [113.3, 23.2],
          [113.31, 23.2],
        ],
      },
    });
    const r = importGeoJson(fc, opts());
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.problems.find((p) => p.kind === 'wrongGeometryType')?.message).toBe(
        `网格图层第${d.grids.length + 1}个要素的几何类型是LineString，网格边界必须是面（Polygon 或 MultiPolygon），已跳过`,
      );
    const points = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [113.3, 23.2] } }],
    };
    expect(importGeoJson(points, opts())).toMatchObject({ ok: false, error: { kind: 'noPolygons' } });
  });
  it('refuses projected metres and swapped axes as a whole file, naming the feature', () => {
    const fc = asGeoJson(d);
    fc.features[2]!.geometry.coordinates = [
      [
        [38_500_000, 2_566_000],
        [38_500_100, 2_566_000],
        [38_500_100, 2_566_100],
        [38_500_000, 2_566_000],
      ],
    ];
    const r = importGeoJson(fc, opts());
    expect(r).toMatchObject({ ok: false, error: { kind: 'projected' } });
    if (!r.ok) expect(r.error.message).toMatch(/^网格图层第3个要素的坐标（38500000, 2566000）不是经纬度，看起来是投影坐标（米）/);
    const swapped = asGeoJson(d);
    swapped.features[0]!.geometry.coordinates = [swapped.features[0]!.geometry.coordinates[0]!.map((p) => [p[1]!, p[0]!])];
    expect(importGeoJson(swapped, opts())).toMatchObject({ ok: false, error: { kind: 'swapped' } });
  });
  it('reports features without a code, open rings and unknown communities', () => {
    const fc = asGeoJson(d);
    (fc.features[0]!.properties as Record<string, unknown>).WGBM = '';
    fc.features[1]!.geometry.coordinates = [fc.features[1]!.geometry.coordinates[0]!.slice(0, -1)];
    (fc.features[2]!.properties as Record<string, unknown>).SQ = '不存在社区';
    const r = importGeoJson(fc, opts());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.problems.find((p) => p.kind === 'missingAttribute')?.message).toContain('字段“WGBM”为空或不存在');
    expect(r.problems.find((p) => p.kind === 'invalidGeometry')?.message).toContain('没有闭合');
    expect(r.problems.find((p) => p.kind === 'unknownCommunity')?.message).toContain('所属社区“不存在社区”不在社区名录中');
  });
  it('takes community boundaries from a community layer when given', () => {
    const layer = {
      type: 'FeatureCollection',
      features: d.communities.map((c) => ({ type: 'Feature', properties: { NAME: c.name }, geometry: c.boundary })),
    };
    const r = importGeoJson(asGeoJson(d), opts({ communityLayer: { data: layer, communityField: 'NAME' } }));
    expect(r.ok && r.problems).toEqual([]);
  });
});

describe('zipped Shapefile import (shpjs under Node)', () => {
  const features = (div: Division) =>
    div.grids.map((g) => ({
      rings: g.boundary.coordinates as number[][][],
      attributes: { WGBM: g.code, WGMC: g.name, SQ: g.communityCode!, WGY: g.gridWorkerId! },
    }));
  it('reads polygons and Chinese attributes from a real zip built here', async () => {
    const r = await importShapefileZip(zippedShapefile(features(d)), opts());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.problems).toEqual([]);
    expect(r.draft.grids.map((g) => g.name)).toEqual(d.grids.map((g) => g.name));
    expect(r.draft.grids[0]!.boundary.coordinates[0]).toHaveLength((d.grids[0]!.boundary.coordinates[0] as Position[]).length);
  });
  it('refuses a zip without a CRS, a zip without .shp, and bytes that are not a zip', async () => {
    expect(await importShapefileZip(zippedShapefile(features(d)), opts({ crs: undefined }))).toMatchObject({
      ok: false,
      error: { kind: 'noCrs' },
    });
    const noShp = await importShapefileZip(zipStore({ 'readme.txt': Uint8Array.from([104, 105]) }), opts());
    expect(noShp).toMatchObject({ ok: false, error: { kind: 'badFile' } });
    if (!noShp.ok) expect(noShp.error.message).toContain('压缩包中没有 .shp 文件');
    const junk = await importShapefileZip(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), opts());
    expect(junk).toMatchObject({ ok: false, error: { kind: 'badFile' } });
  });
});
