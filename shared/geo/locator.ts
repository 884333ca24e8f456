/**
 * Location → grid. A GridLocator indexes the grids of one division by bounding box (flatbush) and tests the
 * few candidates with @turf/boolean-point-in-polygon. A point on an edge shared by two grids belongs to the
 * first grid of the division's list that contains it (boundaries count as inside), so every point of the
 * street has exactly one answer.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { MultiPolygon as GjMultiPolygon, Polygon as GjPolygon } from 'geojson';
import { divisionInForce } from './division.js';
import { bbox } from './geometry.js';
import type { Division, LonLat } from './types.js';

/** The grid a point lies in. */
export interface LocatedGrid {
  code: string;
  gridId?: string;
  communityId?: string;
  communityCode?: string;
  name: string;
}

export class GridLocator {
  private readonly index: Flatbush;
  private readonly shapes: (GjPolygon | GjMultiPolygon)[];
  private readonly grids: LocatedGrid[];

  constructor(readonly division: Pick<Division, 'id' | 'version' | 'grids'>) {
    const n = Math.max(1, division.grids.length);
    this.index = new Flatbush(n);
    this.shapes = [];
    this.grids = [];
    for (const g of division.grids) {
      const [x0, y0, x1, y1] = bbox(g.boundary);
      this.index.add(x0, y0, x1, y1);
      // Keep the bbox on the geometry: boolean-point-in-polygon rejects points outside it before the ring test.
      this.shapes.push({ ...(g.boundary as GjPolygon | GjMultiPolygon), bbox: [x0, y0, x1, y1] });
      this.grids.push({ code: g.code, name: g.name, gridId: g.gridId, communityId: g.communityId, communityCode: g.communityCode });
    }
    if (division.grids.length === 0) this.index.add(0, 0, 0, 0); // flatbush needs one item; it never matches below
    this.index.finish();
  }

  /** Index in the division's grid list of the grid containing the point, or -1 (outside every grid). */
  locateIndex(lon: number, lat: number): number {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return -1;
    const candidates = this.index.search(lon, lat, lon, lat);
    if (candidates.length > 1) candidates.sort((a, b) => a - b);
    const pt = [lon, lat];
    for (const i of candidates) {
      const shape = this.shapes[i];
      if (shape && booleanPointInPolygon(pt, shape)) return i;
    }
    return -1;
  }

  /** The grid containing the point, or null (outside the street's grids). */
  locate(point: LonLat): LocatedGrid | null {
    const i = this.locateIndex(point.lon, point.lat);
    return i < 0 ? null : (this.grids[i] as LocatedGrid);
  }

  /** Bounding-box candidates only (the bench's baseline): how many grid boxes contain the point. */
  candidateCount(lon: number, lat: number): number {
    return this.index.search(lon, lat, lon, lat).length;
  }
}

/** A report's stated grid set against the grid its position lies in. */
export type GridAgreement =
  | { kind: 'agrees'; stated: string; located: LocatedGrid }
  /** The position lies in another grid: both are returned; the dispatcher decides which one holds. */
  | { kind: 'disagrees'; stated: string; located: LocatedGrid; message: string }
  /** The position is outside every grid of the street. */
  | { kind: 'outside'; stated: string; message: string }
  /** No position was reported: only the stated grid is known. */
  | { kind: 'noPosition'; stated: string };

/**
 * Compare the grid a report names (by grid id or code) with the grid of its position. Nothing is changed
 * here: on 'disagrees' the case keeps its stated grid until the dispatcher chooses the position's grid.
 */
export function checkReportedGrid(
  locator: GridLocator,
  stated: { gridId?: string; code?: string },
  point: LonLat | undefined,
): GridAgreement {
  const statedKey = stated.gridId ?? stated.code ?? '';
  if (!point) return { kind: 'noPosition', stated: statedKey };
  const located = locator.locate(point);
  if (!located) return { kind: 'outside', stated: statedKey, message: `上报位置不在本街道任何网格内，仍按所报网格处理，请调度员核实位置` };
  const same =
    (stated.gridId !== undefined && stated.gridId === located.gridId) || (stated.code !== undefined && stated.code === located.code);
  if (same) return { kind: 'agrees', stated: statedKey, located };
  const statedName = stated.code ?? stated.gridId ?? '（未填写）';
  return {
    kind: 'disagrees',
    stated: statedKey,
    located,
    message: `所报网格“${statedName}”与上报位置所在网格“${located.code}”（${located.name}）不一致，请调度员确认按哪个网格处理`,
  };
}

/**
 * Locators for a list of divisions, built lazily once per division: `at(day)` is the locator of the division
 * in force on that day (or null), so a case is located with the division of its report day.
 */
export function divisionLocators(divisions: readonly Division[]): { at(day: string): GridLocator | null } {
  const built = new Map<Division, GridLocator>();
  return {
    at(day) {
      const d = divisionInForce(divisions, day);
      if (!d) return null;
      let locator = built.get(d);
      if (!locator) built.set(d, (locator = new GridLocator(d)));
      return locator;
    },
  };
}
