/**
 * The cache's small tables: `meta` (cursor, client id, mutation numbers, session, clock offset …) and the
 * reference data (`ref`, one row per RefData key, with an in-memory copy). Part of the Store facade.
 */
import type Database from 'better-sqlite3';
import { refKeyOf, refValueAfter, type RefChange } from '../../../shared/protocol.js';
import type { RefData } from '../../../shared/refData.js';

/** Keys of RefData stored one row each. */
const REF_KEYS = [
  'streetName',
  'centreName',
  'communities',
  'grids',
  'gridWorkers',
  'departments',
  'catalog',
  'precedents',
  'users',
  'calendar',
  'centreLimits',
  'gridCodeRule',
] as const;

export class MetaTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      get: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      set: db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      del: db.prepare('DELETE FROM meta WHERE key = ?'),
    };
  }

  get(key: string): string | undefined {
    return this.s.get.get(key) as string | undefined;
  }
  set(key: string, value: string | number): void {
    this.s.set.run(key, String(value));
  }
  del(key: string): void {
    this.s.del.run(key);
  }
}

export class RefTable {
  private readonly s;
  private cache: RefData | null | undefined;

  constructor(db: Database.Database) {
    this.s = {
      all: db.prepare('SELECT section, value FROM ref'),
      set: db.prepare('INSERT INTO ref(section, value) VALUES (?, ?) ON CONFLICT(section) DO UPDATE SET value = excluded.value'),
    };
  }

  get(): RefData | null {
    if (this.cache !== undefined) return this.cache;
    const rows = this.s.all.all() as Array<{ section: string; value: string }>;
    if (rows.length === 0) return (this.cache = null);
    const ref: Record<string, unknown> = {};
    for (const r of rows) ref[r.section] = JSON.parse(r.value);
    this.cache = REF_KEYS.every((k) => k in ref) ? (ref as unknown as RefData) : null;
    return this.cache;
  }

  put(ref: RefData): void {
    for (const k of REF_KEYS) this.s.set.run(k, JSON.stringify(ref[k]));
    // Optional keys (divisions, map tiles, schemes, document numbers, catalogue versions and proposals…) are
    // written when the relay has them: every key of the snapshot, so a new optional section is never dropped.
    for (const [k, v] of Object.entries(ref)) if (v !== undefined && !(REF_KEYS as readonly string[]).includes(k)) this.s.set.run(k, JSON.stringify(v));
    this.cache = undefined;
  }

  apply(change: RefChange): void {
    // Most sections replace their key; a filed division merges into 'divisions' (see shared/protocol.ts).
    this.s.set.run(refKeyOf(change), JSON.stringify(refValueAfter(this.get() ?? {}, change)));
    this.cache = undefined;
  }

  /** Forget the in-memory copy (after a rolled-back transaction). */
  invalidate(): void {
    this.cache = undefined;
  }
}
