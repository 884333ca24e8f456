/**
 * A period's statistics from the fact records of one SQLite connection (see stats.ts for why it is exact):
 * the part of StatsReader that reads records and counts them, with no state but caches. The core's own
 * connection runs it on the main thread; each stats worker (statsWorker.ts) runs it on a read-only
 * connection of its own, so the periods of a dashboard refresh are counted side by side.
 */
import type Database from 'better-sqlite3';
import { evaluationInstant, type Period } from '../../../shared/metrics/index.js';
import { deriveInto, DERIVED, EXACT, FactScratch } from '../../../shared/metrics/factRecord.js';
import { PeriodStats } from '../../../shared/metrics/periodStats.js';
import type { CaseEvent, GridEvent } from '../../../shared/gridEvent.js';
import type { RefData } from '../../../shared/refData.js';
import { parseTimelineSummary } from '../cache/timelineSummary.js';
import { FactStore, LIFETIME_CLASSES, forEachRecord } from './statFacts.js';

/** How a period was answered (for benchmarks and checks). */
export interface PeriodInfo {
  /** From the records (false: the exact path over the cached cases). */
  fast: boolean;
  /** Records read. */
  candidates: number;
  /** Cases that went the exact path. */
  exactPath: number;
  /** Dirty records rebuilt before answering. */
  rebuilt: number;
  /** Counted in a stats worker. */
  worker: boolean;
}

/** Records per read: a chunk of ~1–2 MB (no large transient allocations, which would stay in the heap). */
const CHUNK_ROWS = 2000;
/** The largest rid (keyset start that skips every row of a report instant). */
const LAST_RID = Number.MAX_SAFE_INTEGER;

export class RecordPeriods {
  private readonly s;
  readonly facts: FactStore;

  constructor(db: Database.Database) {
    this.facts = new FactStore(db);
    // The candidates from the records: reported before the end and (changed since the start or open). A
    // closed case of lifetime class i reported before from − LIFETIME_CLASSES[i] last changed before the
    // start, so each class is one range of the primary key (cls, rep, rid); closed cases of the last
    // class and the open cases are two more. Each range is read in chunks of CHUNK_ROWS records after a
    // key (rep, rid), a chunk as one blob (group_concat keeps the bytes; CAST makes it a blob again): one
    // value to hand over instead of one Buffer per case, most of the cost row by row. A record's tail
    // stands in for it when the evaluation instant t is past the tail's start (recordTail); otherwise the
    // whole record is looked up in stat_full.
    const chunk = (where: string) =>
      db.prepare(
        `SELECT CAST(group_concat(f, '') AS BLOB) AS b, count(*) AS n, max(rep) AS r FROM (
           SELECT CASE WHEN tail_from <= @t THEN tail ELSE (SELECT f FROM stat_full WHERE stat_full.rid = stat_recs.rid) END AS f, rep FROM stat_recs WHERE cls = @cls AND (rep, rid) > (@rep, @rid) AND rep < @to AND ${where}
           ORDER BY rep, rid LIMIT ${CHUNK_ROWS})`,
      );
    this.s = {
      closed: chunk('(upd >= @from OR open = 1)'),
      longClosed: chunk('open = 0 AND upd >= @from'),
      open: chunk('open = 1'),
      docs: db.prepare(
        'SELECT c.id, c.updated_at, d.doc, d.tl FROM cases c JOIN case_docs d ON d.rid = c.rid WHERE c.rid IN (SELECT value FROM json_each(?))',
      ),
      timeline: db.prepare('SELECT event FROM timeline WHERE case_id = ? ORDER BY version').pluck(),
    };
  }

  /** The cached cases of `rids` (in rid order), with full timelines when they changed after `tStar`. */
  loadNow(rids: readonly number[], tStar: number): GridEvent[] {
    const out: GridEvent[] = [];
    for (const row of this.s.docs.all(JSON.stringify(rids)) as Array<{ id: string; updated_at: number; doc: string; tl: string }>) {
      const c = JSON.parse(row.doc) as GridEvent;
      c.timeline =
        row.updated_at > tStar
          ? (this.s.timeline.all(row.id) as string[]).map((e) => JSON.parse(e) as CaseEvent)
          : parseTimelineSummary(row.tl);
      out.push(c);
    }
    return out;
  }

  /**
   * Calls `fn` for every record of one range of stat_recs (see the constructor), chunk by chunk, starting
   * after the key (rep, rid). Returns the number of records.
   */
  private eachInRange(
    stmt: Database.Statement,
    params: { cls: number; rep: number; rid: number; from: number; to: number; t: number },
    fn: (a: Float64Array, rid: number, b: number) => void,
  ): number {
    let rows = 0;
    const p = { ...params };
    for (;;) {
      const r = stmt.get(p) as { b: Buffer | null; n: number; r: number | null };
      let last = p.rid;
      forEachRecord(r.b, (a, rid, b) => {
        last = rid;
        fn(a, rid, b);
      });
      rows += r.n;
      if (r.n < CHUNK_ROWS) return rows;
      // Ordered by (rep, rid): the last record is the one with the largest rep and, among those, rid.
      p.rep = r.r!;
      p.rid = last;
    }
  }

  /**
   * The same records `period` reads, through the same statements, chunk by chunk, without decoding or
   * counting them: the physical floor of a period's statistics on this file, for the dashboard benchmark's
   * same-run baseline (bench/dashboard.ts). Returns the records and bytes read.
   */
  scanOnly(period: Period, now: number): { records: number; bytes: number } {
    const t = evaluationInstant(period, now);
    const { from, to } = period;
    let records = 0;
    let bytes = 0;
    const range = (stmt: Database.Statement, cls: number, rep: number) => {
      const p = { cls, rep, rid: LAST_RID, from, to, t };
      for (;;) {
        const r = stmt.get(p) as { b: Buffer | null; n: number; r: number | null };
        records += r.n;
        bytes += r.b?.byteLength ?? 0;
        if (r.n < CHUNK_ROWS || !r.b) return;
        // The keyset's next start: the chunk's last record (walking the entries' lengths, not decoding them).
        let lastRid = p.rid;
        forEachRecord(r.b, (_a, rid) => (lastRid = rid));
        p.rep = r.r!;
        p.rid = lastRid;
      }
    };
    for (const [cls, lifetime] of LIFETIME_CLASSES.entries()) range(this.s.closed, cls, from - lifetime - 1);
    const last = LIFETIME_CLASSES.length;
    range(this.s.longClosed, last, -1);
    range(this.s.open, last, -1);
    return { records, bytes };
  }

  /**
   * A period from the records (which must be current: see StatsReader.recordsReady), finished but for the
   * '' groups (StatsReader adds them). Synchronous.
   */
  period(period: Period, ref: RefData, now: number, metricsOnly = false): { ps: PeriodStats; candidates: number; exactPath: number } {
    const tStar = evaluationInstant(period, now);
    const ps = new PeriodStats(period, ref, now, metricsOnly);
    const keys = this.facts.keysNow();
    const x = new FactScratch();
    let exact = 0;
    // Each record goes straight into the period's counters, no per-case objects (PeriodStats sums handling
    // minutes in rid order itself, so the order of reading does not matter). A case only the exact path
    // can give (rare: no record, or handling minutes that depend on t) is read on the spot.
    const each = (a: Float64Array, rid: number, b: number) => {
      const res = b < 0 ? EXACT : deriveInto(a, b, period, tStar, keys, ref.calendar, x);
      if (res === DERIVED) ps.addDerived(x, keys, rid);
      else if (res === EXACT) {
        exact++;
        for (const c of this.loadNow([rid], tStar)) if (c.reportedAt < period.to) ps.addCase(c, rid);
      }
    };
    const { from, to } = period;
    let rows = 0;
    // Report instants are whole milliseconds: after (t − 1, LAST_RID) is from t on.
    for (const [cls, lifetime] of LIFETIME_CLASSES.entries())
      rows += this.eachInRange(this.s.closed, { cls, rep: from - lifetime - 1, rid: LAST_RID, from, to, t: tStar }, each);
    const last = LIFETIME_CLASSES.length;
    rows += this.eachInRange(this.s.longClosed, { cls: last, rep: -1, rid: LAST_RID, from, to, t: tStar }, each);
    rows += this.eachInRange(this.s.open, { cls: last, rep: -1, rid: LAST_RID, from, to, t: tStar }, each);
    return { ps: ps.finish(), candidates: rows, exactPath: exact };
  }
}
