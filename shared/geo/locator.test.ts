import { describe, expect, it } from 'vitest';
import { divisionInForce } from './division.js';
import { checkReportedGrid, divisionLocators, GridLocator } from './locator.js';
import { smallDivision } from './testing/divisions.js';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import centroid from '@turf/centroid';
import type { Polygon as GjPolygon } from 'geojson';

describe('GridLocator', () => {
  const d = smallDivision({ cols: 5, rows: 3, sizes: [8, 7] });
  const locator = new GridLocator(d);

  it('locates the centre of every grid in that grid', () => {
    for (const g of d.grids) {
      const [lon, lat] = centroid(g.boundary as GjPolygon).geometry.coordinates as [number, number];
      expect(locator.locate({ lon, lat })).toMatchObject({ code: g.code, gridId: g.gridId, communityId: g.communityId });
    }
  });
  it('answers null outside the street and for non-finite input', () => {
    expect(locator.locate({ lon: 113.0, lat: 23.0 })).toBeNull();
    expect(locator.locateIndex(Number.NaN, 23.2)).toBe(-1);
  });
  it('a vertex shared by several grids belongs to the first grid of the list that has it', () => {
    const shared = (d.grids[0]!.boundary.coordinates as number[][][])[0]![2]! as [number, number]; // a corner of grid 0 inside the street
    const holders = d.grids.flatMap((g, k) => (booleanPointInPolygon(shared, g.boundary as GjPolygon) ? [k] : []));
    expect(holders.length).toBeGreaterThan(1);
    expect(locator.locateIndex(shared[0]!, shared[1]!)).toBe(holders[0]);
  });
  it('an empty division locates nothing', () => {
    expect(new GridLocator({ id: 'x', version: 1, grids: [] }).locate({ lon: 113.3, lat: 23.2 })).toBeNull();
  });
});

describe('checkReportedGrid', () => {
  const d = smallDivision();
  const locator = new GridLocator(d);
  const at = (i: number) => {
    const [lon, lat] = centroid(d.grids[i]!.boundary as GjPolygon).geometry.coordinates as [number, number];
    return { lon, lat };
  };
  it('agrees when the position is in the stated grid (by id or code)', () => {
    expect(checkReportedGrid(locator, { gridId: d.grids[0]!.gridId }, at(0)).kind).toBe('agrees');
    expect(checkReportedGrid(locator, { code: d.grids[0]!.code }, at(0)).kind).toBe('agrees');
  });
  it('returns both grids when they disagree, without choosing', () => {
    const r = checkReportedGrid(locator, { gridId: d.grids[0]!.gridId, code: d.grids[0]!.code }, at(3));
    expect(r.kind).toBe('disagrees');
    if (r.kind !== 'disagrees') return;
    expect(r.stated).toBe(d.grids[0]!.gridId);
    expect(r.located.code).toBe(d.grids[3]!.code);
    expect(r.message).toContain(`所报网格“${d.grids[0]!.code}”与上报位置所在网格“${d.grids[3]!.code}”`);
  });
  it('outside the street, and without a position', () => {
    expect(checkReportedGrid(locator, { code: 'x' }, { lon: 100, lat: 30 }).kind).toBe('outside');
    expect(checkReportedGrid(locator, { code: 'x' }, undefined).kind).toBe('noPosition');
  });
});

describe('divisionInForce', () => {
  const v1 = { id: 'a', version: 1, effectiveFrom: '2015-02-28', effectiveTo: '2020-06-30' };
  const v2 = { id: 'b', version: 2, effectiveFrom: '2020-07-01' };
  const v3 = { id: 'c', version: 3, effectiveFrom: '2020-07-01' }; // a correction filed for the same day
  it('picks the version in force on a day; old ones stay readable', () => {
    expect(divisionInForce([v1, v2], '2015-02-27')).toBeNull();
    expect(divisionInForce([v1, v2], '2015-02-28')?.id).toBe('a');
    expect(divisionInForce([v2, v1], '2020-06-30')?.id).toBe('a');
    expect(divisionInForce([v1, v2], '2020-07-01')?.id).toBe('b');
    expect(divisionInForce([v1, v3, v2], '2026-01-01')?.id).toBe('c');
  });
});

describe('divisionLocators', () => {
  it('locates with the division in force on the day, building each locator once', () => {
    const old = { ...smallDivision({ seed: 'old' }), id: 'old', effectiveFrom: '2015-01-01', effectiveTo: '2019-12-31' };
    const now = { ...smallDivision({ seed: 'new', cols: 5, rows: 2, sizes: [5, 5] }), id: 'new', version: 2, effectiveFrom: '2020-01-01' };
    const locators = divisionLocators([old, now]);
    expect(locators.at('2014-12-31')).toBeNull();
    expect(locators.at('2016-05-01')?.division.id).toBe('old');
    expect(locators.at('2024-05-01')?.division.id).toBe('new');
    expect(locators.at('2024-05-02')).toBe(locators.at('2024-05-01'));
  });
});
