/**
 * Thin typed wrappers over turf (which does every piece of geometry: no hand-written clipping here) and
 * small helpers over our Boundary type.
 */
import area from '@turf/area';
import bboxOf from '@turf/bbox';
import difference from '@turf/difference';
import { feature, featureCollection } from '@turf/helpers';
import intersect from '@turf/intersect';
import union from '@turf/union';
import type { Feature, MultiPolygon as GjMultiPolygon, Polygon as GjPolygon } from 'geojson';
import type { Boundary } from './types.js';

export type BBox = [minX: number, minY: number, maxX: number, maxY: number];

const asFeature = (b: Boundary): Feature<GjPolygon | GjMultiPolygon> => feature(b as GjPolygon | GjMultiPolygon);
const toBoundary = (f: Feature<GjPolygon | GjMultiPolygon> | null): Boundary | null => (f ? (f.geometry as Boundary) : null);

/** Area in square metres (geodesic, @turf/area). */
export const areaM2 = (b: Boundary): number => area(b as GjPolygon | GjMultiPolygon);

export const bbox = (b: Boundary): BBox => bboxOf(b as GjPolygon | GjMultiPolygon) as BBox;

/** a ∩ b, or null when they share no area. */
export const intersection = (a: Boundary, b: Boundary): Boundary | null =>
  toBoundary(intersect(featureCollection([asFeature(a), asFeature(b)])));

/** a − b − c …, or null when nothing is left. */
export const subtract = (a: Boundary, ...others: Boundary[]): Boundary | null =>
  others.length === 0 ? a : toBoundary(difference(featureCollection([asFeature(a), ...others.map(asFeature)])));

/** The union of all, or null for none. */
export function unionAll(parts: readonly Boundary[]): Boundary | null {
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0] as Boundary;
  return toBoundary(union(featureCollection(parts.map(asFeature))));
}

/** The polygons of a boundary, each as its own Polygon. */
export function polygonsOf(b: Boundary): Boundary[] {
  return b.type === 'Polygon' ? [b] : b.coordinates.map((coordinates) => ({ type: 'Polygon' as const, coordinates }));
}

/** Square metres for people: whole numbers from 10 m² up, one decimal below. */
export function formatArea(m2: number): string {
  return m2 >= 10 ? String(Math.round(m2)) : m2.toFixed(1);
}

export const bboxesIntersect = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
