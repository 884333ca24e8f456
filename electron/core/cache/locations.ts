/**
 * Case locations in the cache (migration 5): the point of a located case (GridEvent.location, CGCS2000
 * lon/lat degrees) in the nullable `lon` / `lat` columns of its row (`cases` and `local_cases`) and, for
 * server rows, in the R*Tree `case_geo` keyed by rid: one degenerate box per point (min = max), with a
 * third dimension `open` (1: the case is not closed, tab other than 'closed'; 0: closed), so a query for
 * open cases prunes the closed ones inside the tree (they are most of a street's history). The R*Tree
 * stores 32-bit floats rounded outwards, so a stored box always contains its point: a box query is a
 * conservative pre-filter and the exact test reads the columns (reads/nearby.ts).
 *
 * `cases_map_open`, a partial covering index of the located open rows (every column the queue's filters
 * and the map read), lets the queue map of open tabs read its points without a lookup per row
 * (reads/queueMap.ts).
 *
 * Store calls the hooks of CaseLocations where it writes or clears a row; a write that leaves the point
 * as it was costs one rid lookup (the UPDATE matches no row) and never touches the R*Tree.
 */
import type Database from 'better-sqlite3';
import type { GridEvent } from '../../../shared/gridEvent.js';
import { STATUS_TAB } from './caseRow.js';

/** The R*Tree of server case points (rid = cases.rid). */
export const CASE_GEO_DDL = 'CREATE VIRTUAL TABLE case_geo USING rtree(rid, min_lon, max_lon, min_lat, max_lat, min_open, max_open)';

/** The located open rows with what the queue map reads and the queue filters on (see reads/queueMap.ts). */
export const MAP_INDEX = 'cases_map_open';
export const MAP_INDEX_WHERE = "lon IS NOT NULL AND tab != 'closed'";
export const MAP_INDEX_DDL = `CREATE INDEX ${MAP_INDEX} ON cases(tab, rid, lon, lat, id, code, title, clock_base, deadline, warn_at, community_id, grid_id, source, grade_rank, status, urge_count, lead_dept, category) WHERE ${MAP_INDEX_WHERE}`;

/** SQL condition: `doc` (a case JSON) holds a usable location (finite numbers in range). */
const DOC_HAS_LOCATION = (doc: string) =>
  `instr(${doc}, '"location":') > 0
   AND json_type(${doc}, '$.location.lon') IN ('integer', 'real') AND json_type(${doc}, '$.location.lat') IN ('integer', 'real')
   AND json_extract(${doc}, '$.location.lon') BETWEEN -180 AND 180 AND json_extract(${doc}, '$.location.lat') BETWEEN -90 AND 90`;

/**
 * Fills the columns and the R*Tree from the case JSON of every row (migration 5; after bulk loads that
 * bypassed the store). Rows whose JSON has no usable location keep NULL.
 */
export const REBUILD_LOCATIONS = `
  UPDATE cases SET lon = NULL, lat = NULL WHERE lon IS NOT NULL OR lat IS NOT NULL;
  UPDATE cases SET lon = json_extract(d.doc, '$.location.lon'), lat = json_extract(d.doc, '$.location.lat')
    FROM case_docs d WHERE d.rid = cases.rid AND ${DOC_HAS_LOCATION('d.doc')};
  UPDATE local_cases SET lon = NULL, lat = NULL WHERE lon IS NOT NULL OR lat IS NOT NULL;
  UPDATE local_cases SET lon = json_extract(doc, '$.location.lon'), lat = json_extract(doc, '$.location.lat') WHERE ${DOC_HAS_LOCATION('doc')};
  DELETE FROM case_geo;
  INSERT INTO case_geo (rid, min_lon, max_lon, min_lat, max_lat, min_open, max_open) SELECT rid, lon, lon, lat, lat, tab != 'closed', tab != 'closed' FROM cases WHERE lon IS NOT NULL;
`;

/** A case's usable point, or null (absent, not finite, out of range). */
export function pointOf(c: Pick<GridEvent, 'location'>): { lon: number; lat: number } | null {
  const p = c.location;
  if (!p || !Number.isFinite(p.lon) || !Number.isFinite(p.lat) || Math.abs(p.lon) > 180 || Math.abs(p.lat) > 90) return null;
  return { lon: p.lon, lat: p.lat };
}

export class CaseLocations {
  private st: ReturnType<CaseLocations['prepare']> | null = null;

  constructor(readonly db: Database.Database) {}

  /** Prepared on first use: a Store may be opened on a file from before migration 5 (its tests). */
  private get s() {
    return (this.st ??= this.prepare());
  }

  private prepare() {
    const db = this.db;
    return {
      // Match no row (write nothing) when the point is unchanged.
      setServer: db.prepare('UPDATE cases SET lon = ?, lat = ? WHERE rid = ? AND (lon IS NOT ? OR lat IS NOT ?)'),
      unsetServer: db.prepare('UPDATE cases SET lon = NULL, lat = NULL WHERE rid = ? AND lon IS NOT NULL'),
      geoDelete: db.prepare('DELETE FROM case_geo WHERE rid = ?'),
      geoInsert: db.prepare('INSERT INTO case_geo (rid, min_lon, max_lon, min_lat, max_lat, min_open, max_open) VALUES (@rid, @lon, @lon, @lat, @lat, @open, @open)'),
      geoOpen: db.prepare('UPDATE case_geo SET min_open = @open, max_open = @open WHERE rid = @rid'),
      setLocal: db.prepare('UPDATE local_cases SET lon = @lon, lat = @lat WHERE id = @id AND (lon IS NOT @lon OR lat IS NOT @lat)'),
    };
  }

  /**
   * After the server row `rid` was written with `state`; `prev` is its row before (its tab), null for a
   * new row (its point still NULL).
   */
  serverWritten(rid: number, state: GridEvent, prev: { tab: string } | null): void {
    const p = pointOf(state);
    if (!prev && !p) return;
    const open = STATUS_TAB[state.status] === 'closed' ? 0 : 1;
    if ((p ? this.s.setServer.run(p.lon, p.lat, rid, p.lon, p.lat) : this.s.unsetServer.run(rid)).changes > 0) {
      this.s.geoDelete.run(rid);
      if (p) this.s.geoInsert.run({ rid, lon: p.lon, lat: p.lat, open });
    } else if (p && prev && (prev.tab === 'closed' ? 0 : 1) !== open) this.s.geoOpen.run({ rid, open });
  }

  /** After the optimistic row of case `id` was written with `state`. */
  localWritten(id: string, state: GridEvent): void {
    const p = pointOf(state);
    this.s.setLocal.run({ lon: p?.lon ?? null, lat: p?.lat ?? null, id });
  }

  /** After every server row was deleted (a snapshot starts). */
  serverCleared(): void {
    this.db.exec('DELETE FROM case_geo');
  }

  /** Fills columns and R*Tree from the case JSON (after bulk loads that bypassed the store). */
  rebuild(): void {
    this.db.exec(REBUILD_LOCATIONS);
  }
}
