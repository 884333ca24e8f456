import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Polygon as GjPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaM2 } from '../geo/geometry.js';
import { GridLocator } from '../geo/locator.js';
import { Division } from '../geo/types.js';
import { validateDivision } from '../geo/validate.js';
import { createDemoDivision, randomPointInGrid, serpentine } from './geometry.js';
import { createRng } from './prng.js';
import { createDemoRefData } from './refData.js';

describe('demo geometry of 黄石街 (synthetic, not surveyed)', () => {
  const ref = createDemoRefData();
  const division = createDemoDivision();

  it('is flagged as demo data and parses with the Division schema', () => {
    expect(division.demo).toBe(true);
    expect(division.filedBy).toContain('演示数据');
    expect(Division.safeParse(division).success).toBe(true);
  });

  it('validates with zero problems against the demo grid-code rule and grid workers', () => {
    expect(validateDivision(division, { gridCodeRule: ref.gridCodeRule, gridWorkers: ref.gridWorkers })).toEqual([]);
  });

  it('has a boundary for every grid and community of the demo reference data, with the same ids and codes', () => {
    const byId = new Map(division.grids.map((g) => [g.gridId, g]));
    expect(division.grids).toHaveLength(ref.grids.length);
    for (const g of ref.grids) {
      expect(byId.get(g.id)).toMatchObject({ code: g.code, name: g.name, communityId: g.communityId });
    }
    expect(division.communities.map((c) => [c.communityId, c.communityCode, c.name])).toEqual(
      ref.communities.map((c) => [c.id, c.code, c.name]),
    );
  });

  it('lies around 23.2°N 113.3°E with grids of plausible size', () => {
    const areas = division.grids.map((g) => areaM2(g.boundary));
    expect(Math.min(...areas)).toBeGreaterThan(20_000);
    expect(Math.max(...areas)).toBeLessThan(120_000);
    const street = areaM2(division.streetOutline);
    expect(street).toBeGreaterThan(6e6);
    expect(street).toBeLessThan(12e6);
  });

  it('is deterministic', () => {
    expect(createDemoDivision()).toEqual(division);
  });

  it('places random points inside their grid, deterministically', () => {
    const locator = new GridLocator(division);
    const rng = createRng(7);
    for (const g of ref.grids) {
      const p = randomPointInGrid(g.id, rng);
      expect(booleanPointInPolygon([p.lon, p.lat], division.grids.find((x) => x.gridId === g.id)!.boundary as GjPolygon)).toBe(true);
      expect(locator.locate(p)?.gridId).toBe(g.id);
    }
    expect(randomPointInGrid('g001001', createRng(1))).toEqual(randomPointInGrid('g001001', createRng(1)));
    expect(() => randomPointInGrid('nope', rng)).toThrow();
  });

  it('walks the lattice in a connected serpentine', () => {
    const path = serpentine(15, 10);
    expect(new Set(path.map(([c, r]) => `${c},${r}`)).size).toBe(150);
    for (let i = 1; i < path.length; i++) {
      const [a, b] = [path[i - 1]!, path[i]!];
      expect(Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1])).toBe(1);
    }
  });
});
