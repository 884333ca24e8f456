/**
 * Queue queries over the merged view: server rows (`cases`, minus the cases that have an optimistic local
 * version) and the optimistic rows (`local_cases`).
 *
 * A page is read in two steps. First the (sort key, rid) pairs of the page: one arm per tab the query
 * covers (tab 'all' = every tab, 'overdue' = the open tabs), each walking its (tab, sort key) index, plus
 * one arm for the local rows, combined by a top-level `UNION ALL … ORDER BY … LIMIT` that SQLite runs as an
 * ordered merge — so a page costs O(offset + limit) index entries per arm, never O(rows). Few matches of a
 * grid / department / category filter or a search are instead collected (one arm over all tabs) and
 * sorted. Then the full rows of the ≤ limit rids.
 *
 * Totals and tab counts come from `facet_counts` / `facet_counts_by` (exact, kept by Store.putCase)
 * whenever the filters allow, adjusted by the few local rows; otherwise from an index range. The overdue
 * count is advanced from the previous one while the server state is unchanged. Full-text search: the FTS
 * matches are read once (a comma-separated rid list, kept for the recent searches of the current server
 * state); few go to a temp table the planner fetches from, many are checked during the index walk against
 * a bitmap in memory (search_hit).
 */
import type Database from 'better-sqlite3';
import type { QueueQuery, QueueResult, QueueRow, QueueTab } from '../../../shared/api.js';
import { queueRowOf, NO_DEADLINE } from '../cache/caseRow.js';
import { ROW_SELECT, type StoredRow } from '../cache/store.js';
import {
  STATUS_TABS,
  type StatusTab,
  OPEN_TABS,
  WALK_ABOVE,
  BITMAP_ABOVE,
  COLLECT_AT_MOST,
  searchTerms,
  ftsMatch,
  searchKey,
  sortSpec,
  RUNNING_STATES,
  armTabs,
  type SearchProbe,
  type SearchMatches,
  type Where,
  filters,
  ridBits,
  and,
  facetConds,
} from './queueQuery.js';

export class QueueReader {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    private readonly walkAbove = WALK_ABOVE,
    private readonly bitmapAbove = Math.max(walkAbove, BITMAP_ABOVE),
  ) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS search_rids (rid INTEGER PRIMARY KEY)');
    this.s = {
      tabCounts: db.prepare('SELECT tab, sum(n) AS n FROM facet_counts GROUP BY tab'),
      overdue: db
        .prepare(`SELECT count(*) FROM cases WHERE tab IN (${OPEN_TABS.map((t) => `'${t}'`).join(', ')}) AND deadline < ?`)
        .pluck(),
      overdueBetween: db
        .prepare(
          `SELECT count(*) FROM cases WHERE tab IN (${OPEN_TABS.map((t) => `'${t}'`).join(', ')}) AND deadline >= ? AND deadline < ?`,
        )
        .pluck(),
      localTabs: db.prepare('SELECT tab, deadline FROM local_cases'),
      serverTabsOfLocal: db.prepare('SELECT tab, deadline FROM cases WHERE rid IN (SELECT rid FROM local_cases)'),
      localCount: db.prepare('SELECT count(*) FROM local_cases').pluck(),
      clearSearch: db.prepare('DELETE FROM temp.search_rids'),
      fillSearch: db.prepare('INSERT INTO temp.search_rids (rid) SELECT value FROM json_each(?)'),
      // One comma-separated string: far cheaper than a JS value per match (100,000 matches: 2 ms to parse).
      matchRids: db.prepare('SELECT group_concat(rowid) FROM cases_fts WHERE cases_fts MATCH ?').pluck(),
      matchBigramRids: db.prepare('SELECT group_concat(rowid) FROM cases_bigram WHERE cases_bigram MATCH ?').pluck(),
      matchBothRids: db
        .prepare(
          'SELECT group_concat(rid) FROM (SELECT rowid AS rid FROM cases_fts WHERE cases_fts MATCH ? INTERSECT SELECT rowid FROM cases_bigram WHERE cases_bigram MATCH ? ORDER BY rid)',
        )
        .pluck(),
    };
    db.function('search_hit', { deterministic: false }, (rid: unknown) => {
      const bits = this.search?.bits;
      return bits && typeof rid === 'number' && rid < bits.length && bits[rid] === 1 ? 1 : 0;
    });
  }

  private prepare(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      // Queries differ only by which filters are present: a bounded number of shapes.
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, st);
    }
    return st;
  }

  /** Server rows overdue at `at`, for server version `version` (an earlier count plus the deadlines passed since). */
  private overdueCache: { version: number; at: number; n: number } | null = null;

  private serverOverdue(now: number, serverVersion: number): number {
    const c = this.overdueCache;
    // Exact: with the same server rows, overdue(now) = overdue(at) + open rows whose deadline is in [at, now).
    if (serverVersion >= 0 && c && c.version === serverVersion && now >= c.at) {
      if (now > c.at) {
        c.n += this.s.overdueBetween.get(c.at, now) as number;
        c.at = now;
      }
      return c.n;
    }
    const n = this.s.overdue.get(now) as number;
    this.overdueCache = serverVersion >= 0 ? { version: serverVersion, at: now, n } : null;
    return n;
  }

  /** Counts per tab over the merged view (filters are not applied to counts); `serverVersion` as in list. */
  counts(now: number, serverVersion = -1): Record<QueueTab, number> {
    const counts = Object.fromEntries([...STATUS_TABS, 'overdue', 'all'].map((t) => [t, 0])) as Record<QueueTab, number>;
    for (const r of this.s.tabCounts.all() as Array<{ tab: QueueTab; n: number }>) counts[r.tab] = (counts[r.tab] ?? 0) + r.n;
    counts.overdue = this.serverOverdue(now, serverVersion);
    if ((this.s.localCount.get() as number) > 0) {
      for (const r of this.s.serverTabsOfLocal.all() as Array<{ tab: QueueTab; deadline: number }>) {
        counts[r.tab] -= 1;
        if (r.deadline < now && r.tab !== 'closed') counts.overdue -= 1;
      }
      for (const r of this.s.localTabs.all() as Array<{ tab: QueueTab; deadline: number }>) {
        counts[r.tab] += 1;
        if (r.deadline < now && r.deadline !== NO_DEADLINE && r.tab !== 'closed') counts.overdue += 1;
      }
    }
    counts.all = STATUS_TABS.reduce((s, t) => s + counts[t], 0);
    return counts;
  }

  /** The FTS matches of the current search (version -1: not reusable). */
  private search: SearchMatches | null = null;
  /** Which search's matches temp.search_rids holds (the table holds one search at a time). */
  private inTable: SearchMatches | null = null;
  /**
   * Recent searches' matches for the current server version, least recently used first: going back to an
   * earlier search (or its next page, another tab or sort) decodes the FTS index again only after the
   * server state changed. Cleared as soon as a search sees another server version.
   */
  private readonly recent = new Map<string, SearchMatches>();
  private recentBytes = 0;
  /** The server version every entry of `recent` belongs to. */
  private recentVersion = -1;

  /** Searches and bytes (rid lists + bitmaps) the recent-search cache keeps at most. */
  static readonly RECENT_SEARCHES = 16;
  static readonly RECENT_BYTES = 16 * 2 ** 20;

  /** The number of cached recent searches (for tests). */
  get recentSearches(): number {
    return this.recent.size;
  }

  /**
   * Runs the FTS part of a search (its matching rids, in memory); returns the number of matches (null
   * without FTS terms). The matches are kept while the server state is unchanged (paging, sorting and
   * filtering the same search, or returning to a recent one, decode the index once).
   */
  private prepareSearch(q: QueueQuery, serverVersion: number): number | null {
    const { fts, bigram } = searchTerms(q.q);
    if (fts.length + bigram.length === 0) return null;
    const match = searchKey(fts, bigram);
    if (serverVersion < 0 || serverVersion !== this.recentVersion) {
      this.recent.clear();
      this.recentBytes = 0;
      this.recentVersion = serverVersion;
    }
    const hit = serverVersion >= 0 ? this.recent.get(match) : undefined;
    if (hit) {
      // Most recently used last.
      this.recent.delete(match);
      this.recent.set(match, hit);
      this.search = hit;
      return hit.n;
    }
    // Ascending rowids (one FTS row per case), comma-separated; null without matches.
    const list =
      ((bigram.length === 0
        ? this.s.matchRids.get(ftsMatch(fts))
        : fts.length === 0
          ? this.s.matchBigramRids.get(ftsMatch(bigram))
          : this.s.matchBothRids.get(ftsMatch(fts), ftsMatch(bigram))) as string | null) ?? '';
    let n = 0;
    for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 44) n++;
    if (list.length > 0) n++;
    this.search = { match, version: serverVersion, list, n, bits: null };
    if (serverVersion >= 0) {
      this.recent.set(match, this.search);
      this.recentBytes += list.length;
      this.trimRecent();
    }
    return n;
  }

  /** Drops least recently used searches beyond the count and byte budgets (never the current one). */
  private trimRecent(): void {
    for (const [key, m] of this.recent) {
      if (this.recent.size <= QueueReader.RECENT_SEARCHES && this.recentBytes <= QueueReader.RECENT_BYTES) break;
      if (m === this.search) continue;
      this.recent.delete(key);
      this.recentBytes -= m.list.length + (m.bits?.byteLength ?? 0);
    }
  }

  /** The probe for the current search; 'table' writes its matches to temp.search_rids first (once). */
  private probe(kind: SearchProbe): SearchProbe {
    const cur = this.search;
    if (kind === 'bitmap' && cur && cur.n > 0) {
      if (!cur.bits) {
        cur.bits = ridBits(cur.list);
        if (this.recent.get(cur.match) === cur) {
          this.recentBytes += cur.bits.byteLength;
          this.trimRecent();
        }
      }
      return 'bitmap';
    }
    if (cur && this.inTable !== cur) {
      this.s.clearSearch.run();
      this.s.fillSearch.run(`[${cur.list}]`);
      this.inTable = cur;
    }
    return 'table';
  }

  /**
   * The arms worth walking: a tab in which facet_counts has no server row matching the query's facet
   * filters is left out (else a sparse filter would walk a whole tab, e.g. 'paused' through 'closed').
   */
  private liveTabs(q: QueueQuery, tabs: StatusTab[]): StatusTab[] {
    const { table, w, p } = facetConds(q);
    // A running clock state needs a running clock: tabs without one (parked, …) have nothing to walk.
    if (q.clockState !== undefined && RUNNING_STATES.has(q.clockState)) w.push("clock_base = 'running'");
    if (w.length === 0 || tabs.length === 0) return tabs;
    const sql = `SELECT tab FROM ${table} WHERE ${['tab IN (' + tabs.map(() => '?').join(', ') + ')', ...w].join(' AND ')} GROUP BY tab HAVING sum(n) > 0`;
    const live = new Set(
      this.prepare(sql)
        .pluck()
        .all(...tabs, ...p) as string[],
    );
    return tabs.filter((t) => live.has(t));
  }

  /**
   * The key query of a page: one arm per tab plus the local arm, merged in order by SQLite. `plan` (from
   * the total) decides between walking the sort index (dense matches) and collecting the matches through
   * a filter index and sorting them (few matches spread thin over a large tab).
   */
  private keyQuery(
    q: QueueQuery,
    now: number,
    searchN: number | null,
    plan: { total: number; tabRows: number } | null = null,
  ): { sql: string; params: unknown[] } {
    const { cols, order, index } = sortSpec(q);
    const lf = filters(q, now, 'local');
    const filterIndex =
      q.gridId !== undefined
        ? 'cases_grid_cover'
        : q.departmentId !== undefined
          ? 'cases_dept'
          : q.category !== undefined
            ? 'cases_category'
            : null;
    // Default: every arm walks its sort index (the planner, seeing e.g. a deadline range, would rather
    // sort the whole range). Exceptions: few search matches (fetch and sort them), and few matches of a
    // grid / department / category filter spread thin over large tabs (collect them by their index).
    let forced = ` INDEXED BY ${index}`;
    // Collecting the few matches and sorting them (instead of an ordered walk per tab).
    let collecting = false;
    if (filterIndex) {
      // Walking costs about (offset + limit) / density index entries; collecting costs the matches.
      const walk = plan ? ((q.offset + q.limit) * plan.tabRows) / Math.max(1, plan.total) : 0;
      // The grid index holds every sort key and filter (no table lookups): it is walked in report-time
      // order, and collecting from it costs no more than walking as many sort-index entries.
      const grid = q.gridId !== undefined;
      if (grid && q.sort.field === 'reportedAt') forced = ` INDEXED BY ${filterIndex}`;
      else if (plan && plan.total <= COLLECT_AT_MOST && walk > (grid ? 1 : 4) * plan.total) {
        forced = ` INDEXED BY ${filterIndex}`;
        collecting = true;
      } else if (!plan) forced = '';
    } else if (searchN !== null) {
      // Fetching a match costs a row lookup, about what checking 3 walked entries costs: deep pages of
      // thin searches collect too.
      const walk = plan ? ((q.offset + q.limit) * plan.tabRows) / Math.max(1, searchN) : 0;
      if (searchN <= this.walkAbove || (searchN <= COLLECT_AT_MOST && 3 * searchN < walk)) {
        forced = '';
        collecting = true;
      }
    }
    // Walking many matches checks each entry against the matches in memory; otherwise the temp table.
    const f = filters(
      q,
      now,
      'server',
      searchN === null ? 'table' : this.probe(!collecting && searchN > this.bitmapAbove ? 'bitmap' : 'table'),
    );
    const arms: string[] = [];
    const params: unknown[] = [];
    const tabs = armTabs(q);
    const live = this.liveTabs(q, tabs);
    if (collecting && live.length > 0) {
      // Collecting (few matches, sorted afterwards): one arm over all its tabs reads each match once.
      arms.push(
        `SELECT 0 AS src, c.rid AS rid, ${cols} FROM cases c${forced} WHERE ${and(`c.tab IN (${live.map(() => '?').join(', ')})`, f.sql, 'c.rid NOT IN (SELECT rid FROM local_cases)')}`,
      );
      params.push(...live, ...f.params);
    } else {
      for (const tab of live) {
        arms.push(
          `SELECT 0 AS src, c.rid AS rid, ${cols} FROM cases c${forced} WHERE ${and('c.tab = ?', f.sql, 'c.rid NOT IN (SELECT rid FROM local_cases)')}`,
        );
        params.push(tab, ...f.params);
      }
    }
    const tabCond = q.tab === 'all' ? '' : `c.tab IN (${tabs.map(() => '?').join(', ') || "''"})`;
    arms.push(`SELECT 1 AS src, c.rid AS rid, ${cols} FROM local_cases c ${and(tabCond, lf.sql) ? 'WHERE ' + and(tabCond, lf.sql) : ''}`);
    if (q.tab !== 'all') params.push(...tabs);
    params.push(...lf.params);
    return { sql: `${arms.join(' UNION ALL ')} ${order} LIMIT ? OFFSET ?`, params: [...params, q.limit, q.offset] };
  }

  /** The rows of the merged view matching the query, in sort order, with paging. */
  rows(
    q: QueueQuery,
    now: number,
    pending: ReadonlyMap<string, number>,
    searchN: number | null,
    plan: { total: number; tabRows: number } | null = null,
  ): QueueRow[] {
    if (plan?.total === 0) return [];
    const { sql, params } = this.keyQuery(q, now, searchN, plan);
    const keys = this.prepare(sql).all(...params) as Array<{ src: 0 | 1; rid: number }>;
    if (keys.length === 0) return [];
    const serverRids = keys.filter((k) => k.src === 0).map((k) => k.rid);
    const localRids = keys.filter((k) => k.src === 1).map((k) => k.rid);
    const byKey = new Map<string, StoredRow>();
    if (serverRids.length) {
      for (const r of this.prepare(`SELECT ${ROW_SELECT} FROM cases c WHERE c.rid IN (SELECT value FROM json_each(?))`).all(
        JSON.stringify(serverRids),
      ) as StoredRow[])
        byKey.set(`0:${r.rid}`, r);
    }
    if (localRids.length) {
      for (const r of this.prepare(`SELECT ${ROW_SELECT} FROM local_cases c WHERE c.rid IN (SELECT value FROM json_each(?))`).all(
        JSON.stringify(localRids),
      ) as StoredRow[])
        byKey.set(`1:${r.rid}`, r);
    }
    const out: QueueRow[] = [];
    for (const k of keys) {
      const r = byKey.get(`${k.src}:${k.rid}`);
      if (r) out.push(queueRowOf(r, pending.get(r.id) ?? 0));
    }
    return out;
  }

  /** Server rows matching the query (ignoring local versions), from facet_counts when the filters allow. */
  private serverTotal(q: QueueQuery, now: number, searchN: number | null): number {
    const tabs = armTabs(q);
    if (tabs.length === 0) return 0;
    const f = filters(q, now, 'server');
    const fc = facetConds(q);
    const facetable =
      q.tab !== 'overdue' &&
      fc.exact &&
      searchN === null &&
      noKeyOrLike(q.q) &&
      (q.clockState === undefined || !RUNNING_STATES.has(q.clockState));
    if (facetable) {
      const { table, w, p } = fc;
      const sql = `SELECT coalesce(sum(n), 0) FROM ${table} WHERE ${['tab IN (' + tabs.map(() => '?').join(', ') + ')', ...w].join(' AND ')}`;
      return this.prepare(sql)
        .pluck()
        .get(...tabs, ...p) as number;
    }
    // Search alone over every tab: the number of matches.
    if (searchN !== null && q.tab === 'all' && f.n === 1) return searchN;
    // Counting with other filters: the planner may drive from the matches (they go to the temp table).
    if (searchN !== null) this.probe('table');
    const tabCond = q.tab === 'all' ? '' : `c.tab IN (${tabs.map(() => '?').join(', ')})`;
    const where = and(tabCond, f.sql);
    return this.prepare(`SELECT count(*) FROM cases c ${where ? 'WHERE ' + where : ''}`)
      .pluck()
      .get(...(q.tab === 'all' ? [] : tabs), ...f.params) as number;
  }

  /** Number of rows of the merged view matching the query (no paging). */
  total(q: QueueQuery, now: number, searchN: number | null): number {
    const server = this.serverTotal(q, now, searchN);
    if ((this.s.localCount.get() as number) === 0) return server;
    // Replace the server rows of cases that have a local version by their local rows.
    const tabs = armTabs(q);
    const tabCond = `c.tab IN (${tabs.map(() => '?').join(', ') || "''"})`;
    // Driven from the few local rows: probing the in-memory matches is enough.
    const f = filters(q, now, 'server', searchN === null ? 'table' : this.probe('bitmap'));
    const shadowed = this.prepare(`SELECT count(*) FROM cases c WHERE ${and(tabCond, f.sql, 'c.rid IN (SELECT rid FROM local_cases)')}`)
      .pluck()
      .get(...tabs, ...f.params) as number;
    const lf = filters(q, now, 'local');
    const locals = this.prepare(`SELECT count(*) FROM local_cases c WHERE ${and(tabCond, lf.sql)}`)
      .pluck()
      .get(...tabs, ...lf.params) as number;
    return server - shadowed + locals;
  }

  /** `serverVersion` (Store.serverVersion) lets a repeated search reuse its matches; -1: never reuse. */
  list(q: QueueQuery, now: number, pending: ReadonlyMap<string, number>, serverVersion = -1): QueueResult {
    const counts = this.counts(now, serverVersion);
    const searchN = this.prepareSearch(q, serverVersion);
    const total = this.total(q, now, searchN);
    const tabRows = armTabs(q).reduce((sum, t) => sum + counts[t], 0);
    return { rows: this.rows(q, now, pending, searchN, { total, tabRows }), total, counts };
  }

  /**
   * The conditions of a query's tab and filters for other reads over the merged view (reads/queueMap.ts):
   * the tabs of its server arms and the WHERE of each arm, its search prepared (matches in
   * temp.search_rids, which holds one search: run the SQL before the next call on this reader).
   */
  filterSql(q: QueueQuery, now: number, serverVersion = -1): { tabs: StatusTab[]; server: Where; local: Where } {
    const searchN = this.prepareSearch(q, serverVersion);
    return {
      tabs: armTabs(q),
      server: filters(q, now, 'server', searchN === null ? 'table' : this.probe('table')),
      local: filters(q, now, 'local'),
    };
  }

  /** The plan of a query's key step (for the benchmark and docs). */
  explain(q: QueueQuery, now: number): string[] {
    const searchN = this.prepareSearch(q, -1);
    const { sql, params } = this.keyQuery(q, now, searchN);
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
  }
}

/** No search term that the count tables cannot answer (a one-letter LIKE term, a case or phone number). */
function noKeyOrLike(q: string | undefined): boolean {
  const t = searchTerms(q);
  return t.like.length === 0 && t.codes.length === 0 && t.phones.length === 0;
}
