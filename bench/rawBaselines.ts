/**
 * Same-run physical baselines for the core's reads (issue 18): for a queue query, the one plain SQL SELECT
 * that returns the same page (the same columns, the same order, LIMIT/OFFSET) plus the COUNT of its total,
 * run with raw better-sqlite3 on its own connection to the same file, with no planning, no merging of
 * local rows, no row mapping and no API layer. SQLite chooses the plan over the cache's indexes. A search
 * page's baseline is the same with the FTS5 MATCH (trigram and/or bigram table) as a subquery.
 *
 * The ratio core/raw then says what the core adds above the database's own cost on this machine, so it
 * travels between machines where absolute milliseconds do not.
 */
import type Database from 'better-sqlite3';
import { QueueQuery, type QueueQueryInput } from '../shared/api.js';
import { ROW_SELECT } from '../electron/core/cache/caseTable.js';
import { and, armTabs, filters, ftsMatch, searchTerms, sortSpec } from '../electron/core/reads/queueQuery.js';

export interface RawPage {
  sql: string;
  params: unknown[];
  countSql: string;
  countParams: unknown[];
}

/** The plain SELECT (page) and COUNT (total) equivalent to a queue.list call on server rows. */
export function rawPageOf(input: QueueQueryInput, now: number): RawPage {
  const q = QueueQuery.parse(input);
  const { cols, order } = sortSpec(q);
  const tabs = armTabs(q);
  // The core's filters without the search (which it resolves to a temp table of rids first).
  const f = filters({ ...q, q: undefined }, now, 'server');
  const conds: string[] = [];
  const params: unknown[] = [];
  if (q.tab !== 'all') {
    conds.push(`c.tab IN (${tabs.map(() => '?').join(', ') || "''"})`);
    params.push(...tabs);
  }
  if (f.sql) {
    conds.push(f.sql);
    params.push(...f.params);
  }
  const { fts, bigram, like } = searchTerms(q.q);
  if (fts.length > 0) {
    conds.push('c.rid IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)');
    params.push(ftsMatch(fts));
  }
  if (bigram.length > 0) {
    conds.push('c.rid IN (SELECT rowid FROM cases_bigram WHERE cases_bigram MATCH ?)');
    params.push(ftsMatch(bigram));
  }
  for (const t of like) {
    conds.push("(c.title LIKE ? ESCAPE '\\' OR c.description LIKE ? ESCAPE '\\' OR c.address LIKE ? ESCAPE '\\')");
    params.push(`%${t}%`, `%${t}%`, `%${t}%`);
  }
  const where = and(...conds);
  const w = where ? `WHERE ${where}` : '';
  return {
    sql: `SELECT ${ROW_SELECT}, ${cols} FROM cases c ${w} ${order} LIMIT ? OFFSET ?`,
    params: [...params, q.limit, q.offset],
    countSql: `SELECT count(*) FROM cases c ${w}`,
    countParams: params,
  };
}

/** Runs raw pages on one connection, preparing each distinct SQL once (as the core caches its statements). */
export class RawRunner {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(private readonly db: Database.Database) {}

  private st(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * One page, timed (the baseline is the page alone: the core's total comes from its facet counts, and a
   * COUNT over a large tab would flatter the ratio). Returns the ids, so callers can check they are the
   * core's page.
   */
  run(page: RawPage): { ms: number; ids: string[] } {
    const t = performance.now();
    const rows = this.st(page.sql).all(...page.params) as Array<{ id: string }>;
    const ms = performance.now() - t;
    return { ms, ids: rows.map((r) => r.id) };
  }

  /** The page's total (untimed; for checking). */
  total(page: RawPage): number {
    return this.st(page.countSql)
      .pluck()
      .get(...page.countParams) as number;
  }
}
