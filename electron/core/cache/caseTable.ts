/**
 * The server state of cases in the cache: the indexed row (`cases`), the JSON without its timeline and the
 * timeline summary (`case_docs`), the timeline (`timeline`), the FTS entry (`cases_fts`), the facet counts
 * (`facet_counts`, `facet_counts_by`, kept by delta within a transaction) and the statistics dirty mark.
 * Part of the Store facade (store.ts).
 */
import type Database from 'better-sqlite3';
import type { CaseLocations } from './locations.js';
import type { CaseEvent, GridEvent } from '../../../shared/gridEvent.js';
import type { RefData } from '../../../shared/refData.js';
import { caseColumns, type CaseColumns } from './caseRow.js';
import { FACET_BY_RECOUNT } from './schema.js';
import { timelineSummary } from './timelineSummary.js';
import { BigramWriter } from './bigrams.js';

export const COLS = [
  'id',
  'version',
  'code',
  'tab',
  'status',
  'community_id',
  'grid_id',
  'category',
  'lead_dept',
  'grade',
  'grade_rank',
  'source',
  'reported_at',
  'updated_at',
  'closed_at',
  'deadline',
  'warn_at',
  'clock_base',
  'urge_count',
  'title',
  'address',
  'description',
  'extra',
] as const;

/** Column list of a case row for SELECTs (table alias `c`). */
export const ROW_SELECT = ['c.rid', ...COLS.map((k) => `c.${k}`)].join(', ');

export type StoredRow = CaseColumns & { rid: number };
/** The stored row of a case before a write (what putCase compares against). */
export type PrevRow = StoredRow;

/** Recomputes facet_counts and facet_counts_by from the rows of `cases` (bulk loads bypass putCase). */
export function recountFacets(db: Database.Database): void {
  db.exec(
    `DELETE FROM facet_counts; INSERT INTO facet_counts SELECT tab, status, community_id, source, coalesce(grade, ''), coalesce(clock_base, ''), urge_count > 0, count(*) FROM cases GROUP BY 1, 2, 3, 4, 5, 6, 7;
     DELETE FROM facet_counts_by; ${FACET_BY_RECOUNT}`,
  );
}

/** The columns countFacet keys on. */
const FACET_COLS = ['tab', 'status', 'community_id', 'grid_id', 'lead_dept', 'category', 'source', 'grade', 'clock_base'] as const;

/** Whether a rewrite moves the row to another facet_counts / facet_counts_by key. */
function facetChanged(a: CaseColumns, b: CaseColumns): boolean {
  return FACET_COLS.some((k) => a[k] !== b[k]) || a.urge_count > 0 !== b.urge_count > 0;
}

type FacetRow = Pick<
  CaseColumns,
  'tab' | 'status' | 'community_id' | 'grid_id' | 'lead_dept' | 'category' | 'source' | 'grade' | 'clock_base' | 'urge_count'
>;

export class CaseTable {
  private readonly s;
  private readonly facetDelta = new Map<string, number>();
  private readonly updates = new Map<string, Database.Statement>();
  /** The case's row of the two-character search index (bigrams.ts). */
  private readonly bigrams: BigramWriter;
  /** Bumped by every write of server case state (keys caches of derived data, e.g. search matches). */
  serverVersion = 0;

  constructor(
    private readonly db: Database.Database,
    /** Case points (locations.ts): kept by the hooks in putCase and clearCases. */
    private readonly locations: CaseLocations,
  ) {
    this.bigrams = new BigramWriter(db);
    this.s = {
      caseHead: db.prepare(`SELECT ${ROW_SELECT}, d.doc FROM cases c JOIN case_docs d ON d.rid = c.rid WHERE c.id = ?`),
      caseRow: db.prepare(`SELECT ${ROW_SELECT} FROM cases c WHERE c.id = ?`),
      caseHeads: db.prepare(
        `SELECT ${ROW_SELECT}, d.doc FROM cases c JOIN case_docs d ON d.rid = c.rid WHERE c.id IN (SELECT value FROM json_each(?))`,
      ),
      insertCase: db.prepare(`INSERT INTO cases (${COLS.join(', ')}) VALUES (${COLS.map((k) => '@' + k).join(', ')})`),
      insertDoc: db.prepare('INSERT INTO case_docs (rid, doc, tl) VALUES (?, ?, ?)'),
      updateDoc: db.prepare('UPDATE case_docs SET doc = ?, tl = tl || ? WHERE rid = ?'),
      replaceDoc: db.prepare('UPDATE case_docs SET doc = ?, tl = ? WHERE rid = ?'),
      ftsInsert: db.prepare('INSERT INTO cases_fts (rowid, title, description, address) VALUES (?, ?, ?, ?)'),
      ftsDelete: db.prepare("INSERT INTO cases_fts (cases_fts, rowid, title, description, address) VALUES ('delete', ?, ?, ?, ?)"),
      insertEvent: db.prepare('INSERT OR IGNORE INTO timeline (case_id, version, event) VALUES (?, ?, ?)'),
      timeline: db.prepare('SELECT event FROM timeline WHERE case_id = ? ORDER BY version').pluck(),
      caseCount: db.prepare('SELECT count(*) FROM cases').pluck(),
      runningCaseIds: db.prepare("SELECT id FROM cases WHERE clock_base = 'running'").pluck(),
      statDirty: db.prepare('INSERT OR IGNORE INTO stat_dirty (rid) VALUES (?)'),
      facetAdd: db.prepare('INSERT INTO facet_counts VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n'),
      facetByAdd: db.prepare(
        'INSERT INTO facet_counts_by VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
      ),
    };
  }

  // ---------------------------------------------------------------- facet counts

  /** Counts a row in (d = +1) or out (d = -1) of facet_counts and of facet_counts_by (its grid, department, category). */
  private countFacet(r: FacetRow, d: number): void {
    // Keys are the columns joined by U+0001 (no id or code contains it): cheaper than JSON per write.
    const facet = `${r.tab}\u0001${r.status}\u0001${r.community_id}\u0001${r.source}\u0001${r.grade ?? ''}\u0001${r.clock_base ?? ''}\u0001${r.urge_count > 0 ? 1 : 0}`;
    this.addDelta(`\u0001\u0001${facet}`, d);
    this.addDelta(`grid\u0001${r.grid_id}\u0001${facet}`, d);
    if (r.lead_dept !== null) this.addDelta(`dept\u0001${r.lead_dept}\u0001${facet}`, d);
    if (r.category !== null) this.addDelta(`category\u0001${r.category}\u0001${facet}`, d);
  }

  private addDelta(key: string, d: number): void {
    this.facetDelta.set(key, (this.facetDelta.get(key) ?? 0) + d);
  }

  /** Writes the transaction's facet count changes (before its commit). */
  flushFacets(): void {
    for (const [key, d] of this.facetDelta) {
      if (d === 0) continue;
      const [dim, value, ...facet] = key.split('\u0001') as [string, string, ...string[]];
      const urged = Number(facet[6]);
      if (dim === '') this.s.facetAdd.run(...facet.slice(0, 6), urged, d);
      else this.s.facetByAdd.run(dim, value, ...facet.slice(0, 6), urged, d);
    }
    this.facetDelta.clear();
  }

  /** Forgets the changes of a rolled-back transaction. */
  dropFacets(): void {
    this.facetDelta.clear();
  }

  // ---------------------------------------------------------------- reads

  /** Server state of a case with its whole timeline, or null. */
  getCase(id: string): GridEvent | null {
    const head = this.s.caseHead.get(id) as { doc: string } | undefined;
    if (!head) return null;
    const c = JSON.parse(head.doc) as GridEvent;
    c.timeline = (this.s.timeline.all(id) as string[]).map((e) => JSON.parse(e) as CaseEvent);
    return c;
  }

  /** Server state without the timeline (cheap: what folding one more event needs), with its stored row. */
  getCaseHead(id: string): { state: GridEvent; prev: PrevRow } | null {
    const head = this.s.caseHead.get(id) as (StoredRow & { doc: string }) | undefined;
    if (!head) return null;
    const { doc, ...row } = head;
    return { state: JSON.parse(doc) as GridEvent, prev: row };
  }

  /** getCaseHead for many cases in one query (a batch of log entries); absent ids are not in the map. */
  getCaseHeads(ids: readonly string[]): Map<string, { state: GridEvent; prev: PrevRow }> {
    const out = new Map<string, { state: GridEvent; prev: PrevRow }>();
    if (ids.length === 0) return out;
    for (const head of this.s.caseHeads.all(JSON.stringify(ids)) as Array<StoredRow & { doc: string }>) {
      const { doc, ...row } = head;
      out.set(row.id, { state: JSON.parse(doc) as GridEvent, prev: row });
    }
    return out;
  }

  getServerRow(id: string): StoredRow | undefined {
    return this.s.caseRow.get(id) as StoredRow | undefined;
  }

  caseCount(): number {
    return this.s.caseCount.get() as number;
  }

  /** Ids of the server cases with a running clock. */
  runningCaseIds(): string[] {
    return this.s.runningCaseIds.all() as string[];
  }

  // ---------------------------------------------------------------- writes

  /** UPDATE of exactly the columns that changed: an index is rewritten only when one of its columns is set. */
  private updateFor(cols: readonly string[]): Database.Statement {
    const key = cols.join(',');
    let st = this.updates.get(key);
    if (!st) {
      st = this.db.prepare(`UPDATE cases SET ${cols.map((k) => `${k} = @${k}`).join(', ')} WHERE rid = @rid`);
      this.updates.set(key, st);
    }
    return st;
  }

  /**
   * Writes the server state of a case (the JSON without its timeline, the timeline summary, the indexed
   * row, the FTS entry when the text changed). `prev` is the stored row (from getCaseHead), or null for a
   * new case. `events` are the timeline entries this write adds (`replace`: the whole timeline).
   */
  putCase(
    state: GridEvent,
    prev: PrevRow | null,
    calendar: RefData['calendar'] | null,
    events: readonly CaseEvent[],
    replace = false,
  ): void {
    this.serverVersion++;
    const cols = caseColumns(state, calendar);
    const doc = JSON.stringify({ ...state, timeline: [] });
    const tl = timelineSummary(events);
    if (!this.db.inTransaction) throw new Error('putCase outside a transaction');
    if (!prev) {
      this.countFacet(cols, +1);
      const rid = Number(this.s.insertCase.run(cols).lastInsertRowid);
      this.s.insertDoc.run(rid, doc, tl);
      this.locations.serverWritten(rid, state, null); // location hook
      this.s.statDirty.run(rid);
      this.s.ftsInsert.run(rid, cols.title, cols.description, cols.address);
      this.bigrams.put(rid, cols, false);
      return;
    }
    // Most writes keep every counted column (a timestamp, a note): the −1 and +1 would cancel out.
    if (facetChanged(prev, cols)) {
      this.countFacet(prev, -1);
      this.countFacet(cols, +1);
    }
    const changed = COLS.filter((k) => cols[k] !== prev[k]);
    if (changed.length > 0) {
      const params: Record<string, unknown> = { rid: prev.rid };
      for (const k of changed) params[k] = cols[k];
      this.updateFor(changed).run(params);
    }
    (replace ? this.s.replaceDoc : this.s.updateDoc).run(doc, tl, prev.rid);
    this.locations.serverWritten(prev.rid, state, prev); // location hook
    this.s.statDirty.run(prev.rid); // its statistics record is rebuilt before the next statistics query
    if (prev.title !== cols.title || prev.description !== cols.description || prev.address !== cols.address) {
      this.s.ftsDelete.run(prev.rid, prev.title, prev.description, prev.address);
      this.s.ftsInsert.run(prev.rid, cols.title, cols.description, cols.address);
      this.bigrams.put(prev.rid, cols, true);
    }
  }

  putEvents(events: readonly CaseEvent[]): void {
    for (const e of events) this.s.insertEvent.run(e.caseId, e.version, JSON.stringify(e));
  }

  /** Drops all server case state (before a snapshot). */
  clearCases(): void {
    this.serverVersion++;
    this.db.exec(
      "DELETE FROM cases; DELETE FROM case_docs; DELETE FROM timeline; INSERT INTO cases_fts(cases_fts) VALUES ('delete-all'); DELETE FROM cases_bigram; DELETE FROM facet_counts; DELETE FROM facet_counts_by; DELETE FROM stat_recs; DELETE FROM stat_full; DELETE FROM stat_dirty;",
    );
    this.locations.serverCleared(); // location hook
  }
}
