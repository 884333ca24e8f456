/**
 * The queue map (queue.map): every located case of the merged view matching the queue's tab and filters
 * (the same conditions as the queue: QueueReader.filterSql over reads/queueQuery.ts), as columns of map
 * points, with the number of matching cases that have no position. No order is promised (server rows in
 * the walk's order, then the optimistic rows); at most `limit` points, `truncated` when more matched.
 *
 * One pass per arm reads every matching row once: a located row becomes a point, an unplaced one is
 * counted. Open tabs (most maps) read their located server rows from cases_map_open, a partial covering
 * index of the located open rows (cache/locations.ts), and count the unplaced ones as the matching rows
 * (counted in the tab indexes, which carry every filter column) minus the located. The point's state is the case's clock state at `now` (cache/caseRow.ts clockStateOfRow) as the
 * map shows it: normal / warning / overdue / paused, 'none' for the rest (no running or paused clock).
 */
import type Database from 'better-sqlite3';
import type { MapPointState, QueueMap, QueueMapQuery, QueueQuery } from '../../../shared/api.js';
import { clockStateOfRow } from '../cache/caseRow.js';
import type { QueueReader } from './queue.js';
import { STATUS_TABS, and } from './queueQuery.js';
import { MAP_INDEX } from '../cache/locations.js';

const POINT_COLS = 'c.id, c.code, c.title, c.lon, c.lat, c.clock_base, c.deadline, c.warn_at';
type PointRow = [id: string, code: string, title: string, lon: number | null, lat: number | null, clockBase: string | null, deadline: number, warnAt: number | null];

/** The map's state of a row at `now`. */
export function mapStateOf(clockBase: string | null, deadline: number, warnAt: number | null, now: number): MapPointState {
  const s = clockStateOfRow({ clock_base: clockBase, deadline, warn_at: warnAt }, now);
  return s === 'normal' || s === 'warning' || s === 'overdue' || s === 'paused' ? s : 'none';
}

export class QueueMapReader {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly queue: QueueReader,
  ) {}

  private prepare(sql: string, shape: 'raw' | 'pluck'): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = shape === 'raw' ? this.db.prepare(sql).raw() : this.db.prepare(sql).pluck();
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(sql, st);
    }
    return st;
  }

  /**
   * The statements of a map: `points` arms (each row a point, or unplaced when it has no position) and,
   * for open tabs, a `count` of the server rows matching (the located ones come from cases_map_open, a
   * covering index of the located open rows: no lookup per row; unplaced = count − located).
   */
  plan(q: QueueMapQuery, now: number, serverVersion = -1): { points: Array<{ sql: string; params: unknown[] }>; count: { sql: string; params: unknown[] } | null } {
    const query: QueueQuery = { ...q, sort: { field: 'reportedAt', dir: 'desc' }, offset: 0, limit: 1 };
    const { tabs, server, local } = this.queue.filterSql(query, now, serverVersion);
    const points: Array<{ sql: string; params: unknown[] }> = [];
    let count: { sql: string; params: unknown[] } | null = null;
    const notShadowed = 'c.rid NOT IN (SELECT rid FROM local_cases)';
    if (tabs.length > 0) {
      const tabCond = `c.tab IN (${tabs.map(() => '?').join(', ')})`;
      if (!tabs.includes('closed')) {
        // The index's own WHERE terms make it usable; INDEXED BY keeps the planner on it.
        points.push({ sql: `SELECT ${POINT_COLS} FROM cases c INDEXED BY ${MAP_INDEX} WHERE ${and(tabCond, "c.lon IS NOT NULL AND c.tab != 'closed'", server.sql, notShadowed)}`, params: [...tabs, ...server.params] });
        count = { sql: `SELECT count(*) FROM cases c WHERE ${and(tabCond, server.sql, notShadowed)}`, params: [...tabs, ...server.params] };
      } else {
        // Every tab: no tab condition (a scan of the table beats eight index ranges with a lookup each).
        const everyTab = tabs.length === STATUS_TABS.length;
        points.push({ sql: `SELECT ${POINT_COLS} FROM cases c WHERE ${and(everyTab ? '' : tabCond, server.sql, notShadowed)}`, params: [...(everyTab ? [] : tabs), ...server.params] });
      }
    }
    const localTab = q.tab === 'all' ? '' : `c.tab IN (${tabs.map(() => '?').join(', ') || "''"})`;
    const where = and(localTab, local.sql);
    points.push({ sql: `SELECT ${POINT_COLS} FROM local_cases c${where ? ' WHERE ' + where : ''}`, params: [...(q.tab === 'all' ? [] : tabs), ...local.params] });
    return { points, count };
  }

  read(q: QueueMapQuery, now: number, serverVersion = -1): QueueMap {
    const out: QueueMap = { ids: [], codes: [], titles: [], lons: [], lats: [], states: [], unplaced: 0, truncated: false };
    const { points, count } = this.plan(q, now, serverVersion);
    let located = 0;
    points.forEach((arm, i) => {
      for (const r of this.prepare(arm.sql, 'raw').iterate(...arm.params) as IterableIterator<PointRow>) {
        if (r[3] === null || r[4] === null) {
          out.unplaced++;
          continue;
        }
        // The server arm (the first) of a counted map: its located rows.
        if (count && i === 0) located++;
        if (out.ids.length >= q.limit) {
          out.truncated = true;
          continue;
        }
        out.ids.push(r[0]);
        out.codes.push(r[1]);
        out.titles.push(r[2]);
        out.lons.push(r[3]);
        out.lats.push(r[4]);
        out.states.push(mapStateOf(r[5], r[6], r[7], now));
      }
    });
    if (count) out.unplaced += (this.prepare(count.sql, 'pluck').get(...count.params) as number) - located;
    return out;
  }
}
