/**
 * Storage of the statistics fact records (shared/metrics/factRecord.ts) in the cache: table stat_recs (one
 * record per case with its tail, clustered by lifetime class and report time; see put for the blobs), stat_dirty (cases
 * written since their record was built: Store.putCase adds them, a tiny insert) and the code dictionary
 * stat_keys (department, community, grid, category and source ids as small numbers). Meta
 * 'statFactsCal' holds the key of the calendar every record was built under (handling minutes are working
 * time); 'statFactsBackfill' asks for every record to be (re)built.
 */
import type Database from 'better-sqlite3';
import type { CalendarConfig } from '../../../shared/calendar/types.js';
import type { CaseEvent, GridEvent } from '../../../shared/gridEvent.js';
import { isOpen } from '../../../shared/gridEvent.js';
import { buildFactRecord, FACT_RECORD_FORMAT, recordTail, type FactCodes } from '../../../shared/metrics/factRecord.js';

/**
 * Lifetime classes of stat_recs (last change − report, closed cases): class i holds lifetimes up to
 * LIFETIME_CLASSES[i]; open cases and longer lifetimes are in the last class (LIFETIME_CLASSES.length).
 */
export const LIFETIME_CLASSES = [1, 7, 30, 120].map((d) => d * 86_400_000);

/** The lifetime class of a case (see LIFETIME_CLASSES). */
export function lifetimeClass(open: boolean, rep: number, upd: number): number {
  if (open) return LIFETIME_CLASSES.length;
  const i = LIFETIME_CLASSES.findIndex((l) => upd - rep <= l);
  return i < 0 ? LIFETIME_CLASSES.length : i;
}

/** A key of the calendar (and record format) records are built under. */
export function calendarKey(cal: CalendarConfig): string {
  const s = `${FACT_RECORD_FORMAT}|${JSON.stringify(cal)}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return `${FACT_RECORD_FORMAT}:${(h >>> 0).toString(16)}`;
}

/** The doubles of a records blob (a copy only when the bytes are not 8-aligned). */
function doublesOf(buf: Buffer): Float64Array {
  if (buf.byteLength % 8 !== 0) throw new Error('stat_recs: blob is not a whole number of records');
  return buf.byteOffset % 8 === 0 ? new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8) : new Float64Array(new Uint8Array(buf).buffer);
}

/**
 * Calls `fn` for each record of concatenated blobs (see FactStore.put), in place and in blob order: the
 * record is `a` from index `b` (b −1: no record, exact path). Returns the number of records. Throws when
 * the bytes do not parse as whole records.
 */
export function forEachRecord(buf: Buffer | null, fn: (a: Float64Array, rid: number, b: number) => void): number {
  if (!buf) return 0;
  const a = doublesOf(buf);
  let n = 0;
  for (let o = 0; o < a.length; n++) {
    const len = a[o + 1]!;
    if (!(len >= 0) || o + 2 + len > a.length) throw new Error('stat_recs: blob is not a whole number of records');
    fn(a, a[o]!, len === 0 ? -1 : o + 2);
    o += 2 + len;
  }
  return n;
}

/**
 * The records in concatenated blobs (see FactStore.put), as (rid, record) pairs; record null = exact path.
 * Throws when the bytes do not parse as whole records.
 */
export function recordsOf(buf: Buffer): Array<{ rid: number; f: Float64Array | null }> {
  const out: Array<{ rid: number; f: Float64Array | null }> = [];
  forEachRecord(buf, (a, rid, b) => out.push({ rid, f: b < 0 ? null : a.subarray(b, b + a[b - 1]!) }));
  return out;
}

export class FactStore implements FactCodes {
  private readonly s;
  private codes: Map<string, number> | null = null;
  private keys: string[] = [];

  constructor(readonly db: Database.Database) {
    this.s = {
      keys: db.prepare('SELECT code, key FROM stat_keys'),
      addKey: db.prepare('INSERT OR IGNORE INTO stat_keys (key) VALUES (?)'),
      codeOf: db.prepare('SELECT code FROM stat_keys WHERE key = ?').pluck(),
      count: db.prepare('SELECT coalesce(max(code), -1) + 1 FROM stat_keys').pluck(),
      // REPLACE also removes the case's previous record (unique rid) when its report time moved.
      put: db.prepare('INSERT OR REPLACE INTO stat_recs (cls, rep, rid, upd, open, tail_from, tail) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      putFull: db.prepare('INSERT OR REPLACE INTO stat_full (rid, f) VALUES (?, ?)'),
      source: db.prepare('SELECT c.id, d.doc FROM cases c JOIN case_docs d ON d.rid = c.rid WHERE c.rid = ?'),
      timeline: db.prepare('SELECT event FROM timeline WHERE case_id = ? ORDER BY version').pluck(),
      drop: db.prepare('DELETE FROM stat_recs WHERE rid = ?'),
      dropFull: db.prepare('DELETE FROM stat_full WHERE rid = ?'),
      clean: db.prepare('DELETE FROM stat_dirty WHERE rid = ?'),
    };
  }

  private load(): Map<string, number> {
    if (!this.codes) {
      this.codes = new Map();
      this.keys = [];
      for (const r of this.s.keys.all() as Array<{ code: number; key: string }>) {
        this.codes.set(r.key, r.code);
        this.keys[r.code] = r.key;
      }
    }
    return this.codes;
  }

  /** The code of a key, added to the dictionary when new (call inside a transaction). */
  code(key: string): number {
    const codes = this.load();
    let c = codes.get(key);
    if (c === undefined) {
      // Another reader of the same file may have added it meanwhile: the table decides.
      this.s.addKey.run(key);
      c = this.s.codeOf.get(key) as number;
      codes.set(key, c);
      this.keys[c] = key;
    }
    return c;
  }

  /** The key of a code. */
  readonly keyOf = (code: number): string => {
    this.load();
    if (this.keys[code] === undefined) {
      this.codes = null; // added by another reader of the same file
      this.load();
    }
    return this.keys[code] ?? '';
  };

  /** The keys by code, complete (reloaded when another reader of the file added some). */
  keysNow(): readonly string[] {
    this.load();
    if (this.keys.length !== (this.s.count.get() as number)) {
      this.codes = null;
      this.load();
    }
    return this.keys;
  }

  /** Forget the in-memory dictionary (after a rolled-back transaction). */
  reset(): void {
    this.codes = null;
  }

  /**
   * Stores the record of the case in row `rid` (`state`: its stored state; f null: exact path): its tail
   * (recordTail) in stat_recs, the whole record in stat_full. Each blob is [rid, length, ...record]
   * (length 0: exact path), so a period's blobs concatenated read back as one.
   */
  put(rid: number, state: Pick<GridEvent, 'reportedAt' | 'updatedAt' | 'status'>, f: Float64Array | null): void {
    const open = isOpen(state);
    const framed = (r: Float64Array | null) => {
      const blob = new Float64Array(2 + (r?.length ?? 0));
      blob[0] = rid;
      blob[1] = r?.length ?? 0;
      if (r) blob.set(r, 2);
      return Buffer.from(blob.buffer);
    };
    const t = f ? recordTail(f) : { tail: null, from: -Infinity };
    const full = framed(f);
    this.s.put.run(lifetimeClass(open, state.reportedAt, state.updatedAt), state.reportedAt, rid, state.updatedAt, open ? 1 : 0, t.from, t.tail === f ? full : framed(t.tail));
    this.s.putFull.run(rid, full);
  }

  /**
   * Rebuilds the record of the case in row `rid` from its stored state and full timeline, stores it and
   * clears its dirty mark. Returns the record (null: exact path) and the case, or undefined when the row
   * no longer exists.
   */
  rebuild(rid: number, calendar: CalendarConfig): { f: Float64Array | null; state: GridEvent } | undefined {
    this.s.clean.run(rid);
    const row = this.s.source.get(rid) as { id: string; doc: string } | undefined;
    if (!row) {
      this.s.drop.run(rid);
      this.s.dropFull.run(rid);
      return undefined;
    }
    const state = JSON.parse(row.doc) as GridEvent;
    state.timeline = (this.s.timeline.all(row.id) as string[]).map((e) => JSON.parse(e) as CaseEvent);
    const f = buildFactRecord(state, calendar, this);
    this.put(rid, state, f);
    return { f, state };
  }
}
