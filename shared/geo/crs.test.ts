import { describe, expect, it } from 'vitest';
import {
  fromCgcs2000Position,
  GeoImportError,
  judgePosition,
  requireCrs,
  toCgcs2000Boundary,
  toCgcs2000Point,
  toCgcs2000Position,
} from './crs.js';
import type { Position } from './types.js';

/** Degrees to about one centimetre. */
const close = (a: Position, b: Position, eps = 1e-7) => {
  expect(Math.abs((a[0] as number) - (b[0] as number))).toBeLessThan(eps);
  expect(Math.abs((a[1] as number) - (b[1] as number))).toBeLessThan(eps);
};

describe('CRS conversion against published reference pairs', () => {
  // Published pairs of an independent implementation: wandergis/coordtransform, test/app.js (input 116.404,
  // 39.915 in each system). Its GCJ-02 → WGS-84 is the one-step approximation, gcoord iterates: they agree
  // to ~1e-7° here, far below the 1e-6° (~0.1 m) allowed for that direction.
  it('BD-09 → GCJ-02 (coordtransform bd09togcj02)', () => {
    close(toCgcs2000Position([116.404, 39.915], 'BD09'), toCgcs2000Position([116.39762729119315, 39.90865673957631], 'GCJ02'));
  });
  it('GCJ-02 → BD-09 and WGS-84 → GCJ-02 (coordtransform gcj02tobd09, wgs84togcj02)', () => {
    // The same ground in both systems lands on the same CGCS2000 point (within 1e-6°, two inverse steps).
    close(toCgcs2000Position([116.41036949371029, 39.92133699351021], 'BD09'), toCgcs2000Position([116.404, 39.915], 'GCJ02'), 1e-6);
    close(fromCgcs2000Position([116.404, 39.915], 'GCJ02'), [116.41024449916938, 39.91640428150164]);
  });
  it('GCJ-02 → WGS-84 (coordtransform gcj02towgs84)', () => {
    close(toCgcs2000Position([116.404, 39.915], 'GCJ02'), [116.39775550083061, 39.91359571849836], 1e-6);
  });
  // gcoord's own README examples.
  it('WGS-84 → BD-09 (gcoord README: 116.403988, 39.914266)', () => {
    close(fromCgcs2000Position([116.403988, 39.914266], 'BD09'), [116.41661560068297, 39.92196580126834]);
  });
  it('GCJ-02 → WGS-84 (gcoord README: 123, 45 → 122.99395597, 44.99804071)', () => {
    close(toCgcs2000Position([123, 45], 'GCJ02'), [122.99395597, 44.99804071], 1e-8 + 1e-8);
  });
  it('CGCS2000 and WGS84 pass through unchanged; heights are dropped', () => {
    expect(toCgcs2000Position([113.3, 23.2, 12], 'CGCS2000')).toEqual([113.3, 23.2]);
    expect(toCgcs2000Point({ lon: 113.3, lat: 23.2 }, 'WGS84')).toEqual({ lon: 113.3, lat: 23.2 });
  });
  it('the GCJ-02 offset at the demo street is a few hundred metres, and rings stay closed', () => {
    const ring: Position[] = [
      [113.3, 23.2],
      [113.31, 23.2],
      [113.31, 23.21],
      [113.3, 23.2],
    ];
    const b = toCgcs2000Boundary({ type: 'Polygon', coordinates: [ring] }, 'GCJ02');
    const r = b.coordinates[0] as Position[];
    expect(r[0]).toEqual(r[r.length - 1]);
    const dLon = ((ring[0]![0] as number) - (r[0]![0] as number)) * 111320 * Math.cos((23.2 * Math.PI) / 180);
    expect(Math.abs(dLon)).toBeGreaterThan(100);
    expect(Math.abs(dLon)).toBeLessThan(1000);
  });
});

describe('stated CRS', () => {
  it('accepts the four systems and common aliases', () => {
    expect(requireCrs('GCJ02')).toBe('GCJ02');
    expect(requireCrs('EPSG:4490')).toBe('CGCS2000');
    expect(requireCrs('epsg:4326')).toBe('WGS84');
    expect(requireCrs('BD-09')).toBe('BD09');
  });
  it('an unstated CRS is an error in Chinese, never a guess', () => {
    for (const v of [undefined, null, '']) {
      try {
        requireCrs(v);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(GeoImportError);
        expect((err as GeoImportError).kind).toBe('noCrs');
        expect((err as Error).message).toContain('未说明坐标系');
      }
    }
  });
  it('an unknown CRS is an error naming it', () => {
    expect(() => requireCrs('EPSG:3857')).toThrow(/不支持的坐标系“EPSG:3857”/);
  });
});

describe('plausible coordinates', () => {
  it('tells degrees in China, swapped axes, projected metres and elsewhere apart', () => {
    expect(judgePosition([113.3, 23.2])).toBe('ok');
    expect(judgePosition([23.2, 113.3])).toBe('swapped');
    expect(judgePosition([38_500_000, 2_566_000])).toBe('projected');
    expect(judgePosition([12_612_000, 2_656_000])).toBe('projected');
    expect(judgePosition([2.35, 48.85])).toBe('outsideChina');
  });
});
