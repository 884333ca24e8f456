import { describe, expect, it } from 'vitest';
import { formatIssues } from '../validation.js';
import { Boundary, CaseLocation, Division, LinearRing } from './types.js';

const ring = [
  [113.3, 23.2],
  [113.31, 23.2],
  [113.31, 23.21],
  [113.3, 23.2],
];

describe('geometry schemas', () => {
  it('accepts a closed ring of four positions and a MultiPolygon of them', () => {
    expect(LinearRing.safeParse(ring).success).toBe(true);
    expect(Boundary.safeParse({ type: 'MultiPolygon', coordinates: [[ring]] }).success).toBe(true);
  });
  it('refuses open rings, short rings and non-finite numbers with Chinese text', () => {
    const open = LinearRing.safeParse(ring.slice(0, 3).concat([[113.3, 23.21]]));
    expect(open.success).toBe(false);
    expect(formatIssues(open.error!)).toContain('没有闭合');
    const short = LinearRing.safeParse([ring[0], ring[1], ring[0]]);
    expect(formatIssues(short.error!)).toContain('至少需要4个坐标点');
    const nan = LinearRing.safeParse([[Number.NaN, 23.2], ...ring.slice(1)]);
    expect(nan.success).toBe(false);
    const inf = LinearRing.safeParse([[Infinity, 23.2], ...ring.slice(1)]);
    expect(inf.success).toBe(false);
  });
  it('refuses other geometry types as a boundary', () => {
    const r = Boundary.safeParse({ type: 'LineString', coordinates: ring });
    expect(r.success).toBe(false);
  });
});

describe('division and case location', () => {
  const base = {
    id: 'd1',
    version: 1,
    effectiveFrom: '2020-01-01',
    streetOutline: { type: 'Polygon', coordinates: [ring] },
    communities: [{ communityId: 'c001', boundary: { type: 'Polygon', coordinates: [ring] } }],
    grids: [{ code: '440111010001001', name: '一网格', communityId: 'c001', boundary: { type: 'Polygon', coordinates: [ring] } }],
  };
  it('parses a division; effectiveTo may not precede effectiveFrom', () => {
    expect(Division.safeParse(base).success).toBe(true);
    const bad = Division.safeParse({ ...base, effectiveTo: '2019-12-31' });
    expect(bad.success).toBe(false);
    expect(formatIssues(bad.error!)).toContain('失效日期不能早于生效日期');
    expect(Division.safeParse({ ...base, effectiveFrom: '2020/01/01' }).success).toBe(false);
  });
  it('a case location is a lon/lat point with its address', () => {
    expect(CaseLocation.parse({ lon: 113.3, lat: 23.2, address: '黄石东路12号', sourceCrs: 'GCJ02' })).toMatchObject({ lon: 113.3 });
    expect(CaseLocation.safeParse({ lon: 200, lat: 23.2, address: 'x' }).success).toBe(false);
  });
});

describe('input bounds', () => {
  it('refuses rings, divisions and polygons beyond their bounds with Chinese text', async () => {
    const { MAX_RING_POSITIONS, MAX_DIVISION_GRIDS } = await import('./types.js');
    const big = Array.from({ length: MAX_RING_POSITIONS + 1 }, (_, i) => [113.3 + i * 1e-7, 23.2]);
    big[big.length - 1] = big[0]!;
    const r = LinearRing.safeParse(big);
    expect(r.success).toBe(false);
    expect(formatIssues(r.error!)).toContain(`最多${MAX_RING_POSITIONS}个坐标点`);
    expect(MAX_DIVISION_GRIDS).toBeGreaterThanOrEqual(1000);
  });
});
