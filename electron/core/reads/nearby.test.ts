/**
 * Nearby cases against a brute-force scan: for random caches (server rows with points moved, dropped and
 * added by rewrites, optimistic local rows) and random points and radii, the R*Tree pre-filter plus the
 * exact distance gives exactly the located cases of the merged view within the radius, nearest first —
 * including across the antimeridian and near the poles. The distance is turf's.
 */
import turfDistance from '@turf/distance';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NearbyQuery, type NearbyCase } from '../../../shared/api.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import { CENTRE, buildGeoFixture, type GeoFixture } from '../testing/geoFixtures.js';
import { NearbyReader, circleBoxes, haversineMetres } from './nearby.js';

/** Every located case of the model within the radius, nearest first (ties by id). */
function bruteForce(model: ReadonlyMap<string, GridEvent>, q: NearbyQuery): Array<{ id: string; metres: number }> {
  const out: Array<{ id: string; metres: number }> = [];
  for (const c of model.values()) {
    if (!c.location || c.id === q.excludeId) continue;
    if (q.openOnly && (c.status === 'closed' || c.status === 'rejected')) continue;
    const metres = haversineMetres(q.lon, q.lat, c.location.lon, c.location.lat);
    if (metres <= q.metres) out.push({ id: c.id, metres });
  }
  out.sort((a, b) => a.metres - b.metres || (a.id < b.id ? -1 : 1));
  return out.slice(0, q.limit);
}

const located = (fx: GeoFixture) => [...fx.model.values()].filter((c) => c.location);

describe('haversine', () => {
  it('agrees with @turf/distance', () => {
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }), (lon1, lat1, lon2, lat2) => {
        const turf = turfDistance([lon1, lat1], [lon2, lat2], { units: 'meters' });
        expect(Math.abs(haversineMetres(lon1, lat1, lon2, lat2) - turf)).toBeLessThan(1e-6 * Math.max(1, turf));
      }),
    );
  });

  it('circle boxes contain every point within the radius', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (lon, lat, metres, bearing, frac) => {
          // A point at distance frac × metres in direction `bearing` (spherical destination formula).
          const R = 6_371_008.8;
          const d = (frac * metres) / R;
          const φ1 = (lat * Math.PI) / 180;
          const λ1 = (lon * Math.PI) / 180;
          const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(bearing));
          const λ2 = λ1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
          const pLat = (φ2 * 180) / Math.PI;
          const pLon = ((((λ2 * 180) / Math.PI + 540) % 360) + 360) % 360 - 180;
          // Only points the exact test keeps matter (the destination formula is imprecise at a pole).
          if (haversineMetres(lon, lat, pLon, pLat) > metres) return;
          const inside = circleBoxes(lon, lat, metres).some(([w, e, s, n]) => pLon >= w && pLon <= e && pLat >= s && pLat <= n);
          expect(inside).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('nearby equals a brute-force scan of the located cases', () => {
  let fx: GeoFixture;
  let reader: NearbyReader;
  beforeAll(() => {
    fx = buildGeoFixture(1, 600, 40);
    reader = new NearbyReader(fx.store.db);
  });
  afterAll(() => fx.close());

  it('for random points, radii, exclusions and limits', () => {
    const points = located(fx).map((c) => c.location!);
    expect(points.length).toBeGreaterThan(400);
    const ids = [...fx.model.keys()];
    const around = fc.oneof(
      // Near a case (most answers are not empty), at the centre, or anywhere (the edges included).
      fc.tuple(fc.constantFrom(...points), fc.double({ min: -0.002, max: 0.002, noNaN: true }), fc.double({ min: -0.002, max: 0.002, noNaN: true })).map(([p, dx, dy]) => ({ lon: Math.max(-180, Math.min(180, p.lon + dx)), lat: Math.max(-90, Math.min(90, p.lat + dy)) })),
      fc.constant(CENTRE),
      fc.record({ lon: fc.double({ min: -180, max: 180, noNaN: true }), lat: fc.double({ min: -90, max: 90, noNaN: true }) }),
    );
    const query = fc.record(
      { at: around, metres: fc.oneof(fc.double({ min: 1, max: 2000, noNaN: true }), fc.constantFrom(1, 100, 2000)), excludeId: fc.constantFrom(...ids), openOnly: fc.boolean(), limit: fc.integer({ min: 1, max: 200 }) },
      { requiredKeys: ['at', 'metres'] },
    );
    let nonEmpty = 0;
    fc.assert(
      fc.property(query, ({ at, ...rest }) => {
        const q = NearbyQuery.parse({ ...at, ...rest });
        const got = reader.nearby(q);
        const want = bruteForce(fx.model, q);
        expect(got.map((r) => r.id)).toEqual(want.map((r) => r.id));
        got.forEach((r, i) => expect(r.metres).toBeCloseTo(want[i]!.metres, 6));
        // The answer carries the case's row and point.
        for (const r of got) {
          const c = fx.model.get(r.id)!;
          expect({ code: r.code, status: r.status, lon: r.lon, lat: r.lat }).toEqual({ code: c.code, status: c.status, lon: c.location!.lon, lat: c.location!.lat });
        }
        if (got.length > 0) nonEmpty++;
      }),
      { numRuns: 400 },
    );
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('across the antimeridian and near a pole', () => {
    for (const at of [
      { lon: 180, lat: 0 },
      { lon: -180, lat: 2 },
      { lon: 179.9995, lat: -3 },
      { lon: 0, lat: 90 },
      { lon: 120, lat: -89.99 },
    ]) {
      const q = NearbyQuery.parse({ ...at, metres: 2000, openOnly: false, limit: 200 });
      expect(reader.nearby(q).map((r: NearbyCase) => r.id)).toEqual(bruteForce(fx.model, q).map((r) => r.id));
    }
  });

  it('finds every located case from its own point at 1 m (the R*Tree rounding at its coarsest: |lon| near 180°)', () => {
    const cases = located(fx);
    expect(cases.filter((c) => Math.abs(c.location!.lon) > 179).length).toBeGreaterThan(3);
    for (const c of cases) {
      const found = reader.nearby(NearbyQuery.parse({ ...c.location!, metres: 1, openOnly: false, limit: 200 })).map((r) => r.id);
      expect(found, c.id).toContain(c.id);
    }
  });

  it('keeps the R*Tree equal to the located server rows, and empties it with the server state', () => {
    const db = fx.store.db;
    // One entry per located server row, its open dimension following the row's tab (rewrites move cases
    // between open and closed with their point kept, moved or dropped).
    const geo = db.prepare('SELECT rid, min_open AS open FROM case_geo ORDER BY rid').all();
    expect(geo).toEqual(db.prepare("SELECT rid, CAST(tab != 'closed' AS REAL) AS open FROM cases WHERE lon IS NOT NULL ORDER BY rid").all());
    expect(new Set((geo as Array<{ open: number }>).map((g) => g.open))).toEqual(new Set([0, 1]));
    // Exactly the server rows' points: rows agree with the JSON of each case.
    const rows = db.prepare('SELECT c.lon, c.lat, d.doc FROM cases c JOIN case_docs d ON d.rid = c.rid').all() as Array<{ lon: number | null; lat: number | null; doc: string }>;
    for (const r of rows) {
      const loc = (JSON.parse(r.doc) as GridEvent).location;
      expect([r.lon, r.lat]).toEqual(loc ? [loc.lon, loc.lat] : [null, null]);
    }
    const fresh = buildGeoFixture(9, 50, 0);
    try {
      fresh.store.tx(() => fresh.store.clearCases());
      expect(fresh.store.db.prepare('SELECT count(*) FROM case_geo').pluck().get()).toBe(0);
      expect(new NearbyReader(fresh.store.db).nearby(NearbyQuery.parse({ ...CENTRE, metres: 2000, openOnly: false }))).toEqual([]);
    } finally {
      fresh.close();
    }
  });

  it('reads the R*Tree first (the plan)', () => {
    const plan = (fx.store.db.prepare("EXPLAIN QUERY PLAN SELECT c.id FROM case_geo g CROSS JOIN cases c ON c.rid = g.rid WHERE g.max_lon >= 1 AND g.min_lon <= 2 AND g.max_lat >= 1 AND g.min_lat <= 2").all() as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan[0]).toMatch(/VIRTUAL TABLE INDEX/);
  });
});

describe('small random caches', () => {
  it('equal the brute force for every seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 8 }), (seed, n, locals) => {
        const fx = buildGeoFixture(seed, n, locals);
        try {
          const reader = new NearbyReader(fx.store.db);
          fc.assert(
            fc.property(fc.double({ min: -0.03, max: 0.03, noNaN: true }), fc.double({ min: -0.03, max: 0.03, noNaN: true }), fc.double({ min: 1, max: 2000, noNaN: true }), fc.boolean(), (dx, dy, metres, openOnly) => {
              const q = NearbyQuery.parse({ lon: CENTRE.lon + dx, lat: CENTRE.lat + dy, metres, openOnly, limit: 200 });
              expect(reader.nearby(q).map((r) => r.id)).toEqual(bruteForce(fx.model, q).map((r) => r.id));
            }),
            { numRuns: 20 },
          );
        } finally {
          fx.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
