/**
 * The queue map (queue.map): every located case of the merged view matching the queue's tab and filters
 * (the same conditions as the queue: QueueReader.filterSql over reads/queueQuery.ts), as columns of map
 * points, with the number of matching cases that have no position. No order is promised (server rows in
 * the walk's order, then the optimistic rows); at most `limit` points, `truncated` when more matched.
 *
 * One pass per arm reads every matching row once: a located row becomes a point, an unplaced one is
 * counted. The point's state is the case's clock state at `now` (cache/caseRow.ts clockStateOfRow) as the
 * map shows it: normal / warning / overdue / paused, 'none' for the rest (no running or paused clock).
 */
import type Database from 'better-sqlite3';
import type { MapPointState, QueueMap, QueueMapQuery, QueueQuery } from '../../../shared/api.js';
import { clockStateOfRow } from '../cache/caseRow.js';
import type { QueueReader } from './queue.js';
import { STATUS_TABS, and } from './queueQuery.js';

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

  private prepare(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql).raw();
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(sql, st);
    }
    return st;
  }

  /** The arms' SQL and parameters: the server rows not shadowed by a local version, then the local rows. */
  arms(q: QueueMapQuery, now: number, serverVersion = -1): Array<{ sql: string; params: unknown[] }> {
    const query: QueueQuery = { ...q, sort: { field: 'reportedAt', dir: 'desc' }, offset: 0, limit: 1 };
    const { tabs, server, local } = this.queue.filterSql(query, now, serverVersion);
    const out: Array<{ sql: string; params: unknown[] }> = [];
    if (tabs.length > 0) {
      // Every tab: no tab condition (a scan of the table beats eight index ranges with a lookup each).
      const everyTab = tabs.length === STATUS_TABS.length;
      const tabCond = everyTab ? '' : `c.tab IN (${tabs.map(() => '?').join(', ')})`;
      out.push({ sql: `SELECT ${POINT_COLS} FROM cases c WHERE ${and(tabCond, server.sql, 'c.rid NOT IN (SELECT rid FROM local_cases)')}`, params: [...(everyTab ? [] : tabs), ...server.params] });
    }
    const localTab = q.tab === 'all' ? '' : `c.tab IN (${tabs.map(() => '?').join(', ') || "''"})`;
    const where = and(localTab, local.sql);
    out.push({ sql: `SELECT ${POINT_COLS} FROM local_cases c${where ? ' WHERE ' + where : ''}`, params: [...(q.tab === 'all' ? [] : tabs), ...local.params] });
    return out;
  }

  read(q: QueueMapQuery, now: number, serverVersion = -1): QueueMap {
    const out: QueueMap = { ids: [], codes: [], titles: [], lons: [], lats: [], states: [], unplaced: 0, truncated: false };
    for (const arm of this.arms(q, now, serverVersion)) {
      for (const r of this.prepare(arm.sql).iterate(...arm.params) as IterableIterator<PointRow>) {
        if (r[3] === null || r[4] === null) {
          out.unplaced++;
          continue;
        }
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
    }
    return out;
  }
}
