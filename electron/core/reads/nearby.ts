/**
 * Cases near a point (case.nearby): over the merged view — server rows (minus the cases that have an
 * optimistic local version) found through the R*Tree `case_geo`, and the few optimistic rows
 * (`local_cases`) by their lon / lat columns — within `metres` of the point, nearest first.
 *
 * Three steps: the bounding box of the circle in degrees at that latitude (exact on the sphere, widened
 * by a hair against rounding; split at the antimeridian, the whole longitude range near a pole) selects
 * the candidates from the R*Tree (open cases only: its third dimension); the distance of each candidate's
 * stored box (32-bit floats, a metre or so wide) drops those clearly outside the circle without reading
 * their rows; the great-circle distance (haversine on the mean Earth radius, the radius @turf/distance
 * uses) of the remaining rows' exact points (their REAL columns) keeps those within the radius.
 */
import type Database from 'better-sqlite3';
import type { NearbyCase, NearbyQuery } from '../../../shared/api.js';

/** Mean Earth radius in metres (as @turf/helpers' earthRadius). */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/** Great-circle distance in metres between two lon/lat points (haversine). */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A lon/lat box [minLon, maxLon, minLat, maxLat] in degrees. */
export type Box = [number, number, number, number];

/**
 * Boxes (one, or two across the antimeridian) that contain every point within `metres` of (lon, lat) on
 * the sphere: latitude ± r, longitude ± asin(sin r / cos φ) (the circle's widest longitude), the whole
 * longitude range when the circle reaches a pole.
 */
export function circleBoxes(lon: number, lat: number, metres: number): Box[] {
  // Widened by a millionth and 1e-7° (1 cm): rounding must never cut a point on the boundary off.
  const r = (metres / EARTH_RADIUS_M) * (1 + 1e-6);
  const dLat = r / RAD + 1e-7;
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  const cosLat = Math.cos(lat * RAD);
  if (lat + dLat >= 90 || lat - dLat <= -90 || Math.sin(r) >= cosLat) return [[-180, 180, minLat, maxLat]];
  const dLon = Math.asin(Math.min(1, Math.sin(r) / cosLat)) / RAD + 1e-7;
  if (dLon >= 180) return [[-180, 180, minLat, maxLat]];
  const west = lon - dLon;
  const east = lon + dLon;
  if (west < -180) return [[west + 360, 180, minLat, maxLat], [-180, east, minLat, maxLat]];
  if (east > 180) return [[west, 180, minLat, maxLat], [-180, east - 360, minLat, maxLat]];
  return [[west, east, minLat, maxLat]];
}

/** Columns of a nearby candidate (server or local row). */
const CANDIDATE = 'c.id, c.code, c.title, c.address, c.status, c.community_id, c.grid_id, c.reported_at, c.lon, c.lat';
type Candidate = [id: string, code: string, title: string, address: string, status: string, communityId: string, gridId: string, reportedAt: number, lon: number, lat: number];
type GeoEntry = [rid: number, minLon: number, maxLon: number, minLat: number, maxLat: number];

/**
 * Slack added to the distance of a stored box's centre. The centre is less than one 32-bit ulp from the
 * point in each dimension (the R*Tree rounds min down and max up): at most 2^-16° of longitude (|lon| ≥
 * 128°, 1.7 m at the equator) and 2^-17° of latitude (0.85 m), under 1.9 m in all; 5 m is generous.
 */
const BOX_SLACK_M = 5;

export class NearbyReader {
  private readonly s;

  constructor(db: Database.Database) {
    const geo = (openOnly: boolean) => db.prepare(`SELECT rid, min_lon, max_lon, min_lat, max_lat FROM case_geo WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?${openOnly ? ' AND min_open >= 1' : ''}`).raw();
    const open = (on: boolean) => (on ? " AND c.tab != 'closed'" : '');
    const local = (openOnly: boolean) => db.prepare(`SELECT ${CANDIDATE} FROM local_cases c WHERE c.lon BETWEEN ? AND ? AND c.lat BETWEEN ? AND ?${open(openOnly)}`).raw();
    this.s = {
      geo: { open: geo(true), all: geo(false) },
      // The rows of the kept candidates, minus those with an optimistic version (read from local_cases).
      rows: db.prepare(`SELECT ${CANDIDATE} FROM cases c WHERE c.rid IN (SELECT value FROM json_each(?)) AND c.rid NOT IN (SELECT rid FROM local_cases)`).raw(),
      local: { open: local(true), all: local(false) },
      localCount: db.prepare('SELECT count(*) FROM local_cases').pluck(),
    };
  }

  /** Cases within `q.metres` of the point, nearest first (ties by id), at most `q.limit`. */
  nearby(q: NearbyQuery): NearbyCase[] {
    const which = q.openOnly ? 'open' : 'all';
    const hasLocal = (this.s.localCount.get() as number) > 0;
    const rids: number[] = [];
    const rows: Candidate[] = [];
    for (const [w, e, s, n] of circleBoxes(q.lon, q.lat, q.metres)) {
      for (const [rid, minLon, maxLon, minLat, maxLat] of this.s.geo[which].all(w, e, s, n) as GeoEntry[]) {
        // The box's centre is within 1.9 m of the point (BOX_SLACK_M).
        if (haversineMetres(q.lon, q.lat, (minLon + maxLon) / 2, (minLat + maxLat) / 2) <= q.metres + BOX_SLACK_M) rids.push(rid);
      }
      if (hasLocal) rows.push(...(this.s.local[which].all(w, e, s, n) as Candidate[]));
    }
    if (rids.length > 0) rows.push(...(this.s.rows.all(JSON.stringify(rids)) as Candidate[]));
    const found: NearbyCase[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      if (r[0] === q.excludeId || seen.has(r[0])) continue;
      const metres = haversineMetres(q.lon, q.lat, r[8], r[9]);
      if (metres > q.metres) continue;
      seen.add(r[0]);
      found.push({ id: r[0], code: r[1], title: r[2], address: r[3], status: r[4] as NearbyCase['status'], communityId: r[5], gridId: r[6], reportedAt: r[7], lon: r[8], lat: r[9], metres });
    }
    found.sort((a, b) => a.metres - b.metres || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return found.slice(0, q.limit);
  }
}
