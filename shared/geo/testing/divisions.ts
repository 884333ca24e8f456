/** Test support: small valid divisions from the demo lattice, and the edits that break them. */
import centroid from '@turf/centroid';
import type { Polygon as GjPolygon } from 'geojson';
import { buildLatticeDivision } from '../../demo/geometry.js';
import type { Boundary, Division, Position } from '../types.js';

/** A valid division of cols × rows cells split into communities of the given sizes (grid codes 440111010CCCSSS). */
export function smallDivision(opts: { cols?: number; rows?: number; sizes?: number[]; seed?: string } = {}): Division {
  const cols = opts.cols ?? 3;
  const rows = opts.rows ?? 2;
  const sizes = opts.sizes ?? [Math.ceil((cols * rows) / 2), Math.floor((cols * rows) / 2)];
  return buildLatticeDivision({
    id: 'test',
    effectiveFrom: '2024-01-01',
    cols,
    rows,
    origin: [113.29, 23.21],
    step: [0.0024, 0.0021],
    seed: opts.seed ?? 'test',
    communities: sizes.map((n, c) => {
      const cc = String(c + 1).padStart(3, '0');
      return {
        communityId: `c${cc}`,
        communityCode: cc,
        name: `测试${c + 1}社区`,
        grids: Array.from({ length: n }, (_, g) => {
          const seq = String(g + 1).padStart(3, '0');
          return { gridId: `g${cc}${seq}`, code: `440111010${cc}${seq}`, name: `测试${c + 1}-${g + 1}网格`, gridWorkerId: `w${cc}${seq}` };
        }),
      };
    }),
  });
}

/** A polygon boundary scaled about its centroid (factor < 1 shrinks, > 1 grows). */
export function scaled(b: Boundary, factor: number): Boundary {
  const [cx, cy] = centroid(b as GjPolygon).geometry.coordinates as [number, number];
  const ring = (r: Position[]) => r.map((p) => [cx + ((p[0] as number) - cx) * factor, cy + ((p[1] as number) - cy) * factor]);
  if (b.type === 'Polygon') return { type: 'Polygon', coordinates: b.coordinates.map(ring) };
  return { type: 'MultiPolygon', coordinates: b.coordinates.map((p) => p.map(ring)) };
}

/** A copy of the division with grid `i` replaced (or removed when `boundary` is null). */
export function withGrid(d: Division, i: number, boundary: Boundary | null): Division {
  const grids = d.grids.flatMap((g, k) => (k !== i ? [g] : boundary ? [{ ...g, boundary }] : []));
  return { ...d, grids };
}
