/**
 * Cache migrations: the runner applies every migration a file has not had (a set, not a high-water mark:
 * versions written in parallel may land in any order), version 3 (counts per grid / department /
 * category, covering grid index) upgrades an existing cache full of cases with exact counts, and version 4
 * lays the statistics records out again and has them rebuilt.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { QueueQuery } from '../../../shared/api.js';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { createRng } from '../../../shared/demo/prng.js';
import { generateDemoHistory } from '../../../shared/demo/history.js';
import { computeStats } from '../../../shared/metrics/index.js';
import { caseColumns } from './caseRow.js';
import { migrate, openCache, UnusableCache } from './db.js';
import { buildTemplates, caseText, shifted, TEMPLATE_GRADES, TEMPLATE_STATUSES } from '../testing/fixtures.js';
import { memoryLogger } from '../log.js';
import { QueueReader } from '../reads/queue.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, type Migration } from './schema.js';
import { StatsReader } from '../reads/stats.js';
import { Store } from './store.js';
import { tempDir } from '../testing/testkit.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 3, 0, 0);

/** A migration that creates table `t<version>` (fails if it runs twice). */
const fake = (version: number): Migration => ({ version, name: `fake ${version}`, up: (db) => db.exec(`CREATE TABLE t${version} (x)`) });

function ledger(db: Database.Database): number[] {
  return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
}

describe('migration runner', () => {
  it('applies a version that landed after a higher one was already applied', () => {
    const db = new Database(path.join(tempDir('migrate-'), 'w.db'));
    migrate(db, [fake(1), fake(3)]);
    expect(ledger(db)).toEqual([1, 3]);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    migrate(db, [fake(1), fake(3), fake(2)]);
    expect(ledger(db)).toEqual([1, 2, 3]);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 't2'").pluck().get()).toBe('t2');
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    // Nothing runs twice.
    migrate(db, [fake(1), fake(2), fake(3)]);
    expect(ledger(db)).toEqual([1, 2, 3]);
    db.close();
  });

  it('reads a cache from before the ledger as having every version up to user_version', () => {
    const db = new Database(path.join(tempDir('migrate-'), 'w.db'));
    fake(1).up(db);
    db.pragma('user_version = 1');
    migrate(db, [fake(1), fake(2)]);
    expect(ledger(db)).toEqual([1, 2]);
    db.close();
  });

  it('refuses a cache with a version this program does not know (written by a newer one)', () => {
    const db = new Database(path.join(tempDir('migrate-'), 'w.db'));
    migrate(db, [fake(1), fake(3)]);
    expect(() => migrate(db, [fake(1), fake(2)])).toThrow(UnusableCache);
    db.close();
  });

  it('rolls a failing migration back and leaves the ledger as it was', () => {
    const db = new Database(path.join(tempDir('migrate-'), 'w.db'));
    migrate(db, [fake(1)]);
    const broken: Migration = { version: 2, name: 'broken', up: (d) => d.exec('CREATE TABLE half (x); SELECT * FROM missing_table') };
    expect(() => migrate(db, [fake(1), broken])).toThrow(/missing_table/);
    expect(ledger(db)).toEqual([1]);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });
});

describe('version 3 on an existing cache', () => {
  it('counts the cases already cached per grid, department and category, and swaps the grid index', () => {
    const ref = createDemoRefData();
    const file = path.join(tempDir('migrate-'), 'workstation.db');
    // A cache as version 1 left it, with cases in it (written with plain SQL: that program had no facet_counts_by).
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    MIGRATIONS.find((m) => m.version === 1)!.up(old);
    old.pragma('user_version = 1');
    old.pragma(`application_id = ${APPLICATION_ID}`);
    const tpls = buildTemplates(ref, NOW - 30 * DAY);
    const rng = createRng(11);
    const depts = ref.departments.slice(0, 3).map((d) => d.id);
    const cols = Object.keys(caseColumns(tpls.get('normal:reported')!, ref.calendar));
    const insert = old.prepare(`INSERT INTO cases (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`);
    old.transaction(() => {
      for (let i = 0; i < 300; i++) {
        const tpl = tpls.get(`${rng.pick([...TEMPLATE_GRADES])}:${rng.pick([...TEMPLATE_STATUSES])}`)!;
        const c = shifted(tpl, -Math.floor(rng.next() * 20 * DAY));
        const grid = rng.pick(ref.grids.slice(0, 10));
        Object.assign(c, caseText(rng), { id: `c${i}`, code: `SJ-${i}`, communityId: grid.communityId, gridId: grid.id });
        if (c.leadDepartmentId !== undefined) c.leadDepartmentId = rng.pick(depts);
        const rid = insert.run(caseColumns(c, ref.calendar)).lastInsertRowid;
        old.prepare('INSERT INTO case_docs (rid, doc) VALUES (?, ?)').run(rid, JSON.stringify({ ...c, timeline: [] }));
      }
      old.exec("INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')");
    })();
    old.close();

    const { db } = openCache(file, { log: memoryLogger() });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(ledger(db)).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
    const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cases'").pluck().all();
    expect(indexes).toContain('cases_grid_cover');
    expect(indexes).not.toContain('cases_grid');

    const count = (sql: string, ...p: unknown[]) => db.prepare(sql).pluck().get(...p) as number;
    for (const d of depts) {
      const n = count('SELECT count(*) FROM cases WHERE lead_dept = ?', d);
      expect(n).toBeGreaterThan(0);
      expect(count("SELECT sum(n) FROM facet_counts_by WHERE dim = 'dept' AND value = ?", d)).toBe(n);
    }
    for (const g of ref.grids.slice(0, 10)) {
      expect(count("SELECT coalesce(sum(n), 0) FROM facet_counts_by WHERE dim = 'grid' AND value = ?", g.id)).toBe(count('SELECT count(*) FROM cases WHERE grid_id = ?', g.id));
    }
    expect(count("SELECT sum(n) FROM facet_counts_by WHERE dim = 'category'")).toBe(count('SELECT count(*) FROM cases WHERE category IS NOT NULL'));

    // The queue reads the migrated cache: a department total from the counts equals the rows.
    const reader = new QueueReader(db);
    for (const tab of ['all', 'closed', 'handling'] as const) {
      const q = QueueQuery.parse({ tab, departmentId: depts[0] });
      const expected = count(`SELECT count(*) FROM cases WHERE lead_dept = ?${tab === 'all' ? '' : ' AND tab = ?'}`, ...(tab === 'all' ? [depts[0]] : [depts[0], tab]));
      expect(reader.list(q, NOW, new Map()).total).toBe(expected);
    }
    // And keeps the counts exact on later writes.
    const store = new Store(db);
    const id = db.prepare('SELECT id FROM cases WHERE lead_dept = ? LIMIT 1').pluck().get(depts[0]) as string;
    const row = store.getServerRow(id)!;
    const state = { ...tpls.get('normal:closed')!, id, code: row.code, communityId: row.community_id, gridId: row.grid_id, leadDepartmentId: depts[1], timeline: [] };
    store.tx(() => store.putCase(state, row, ref.calendar, []));
    expect(count("SELECT sum(n) FROM facet_counts_by WHERE dim = 'dept' AND value = ?", depts[0])).toBe(count('SELECT count(*) FROM cases WHERE lead_dept = ?', depts[0]));
    expect(count("SELECT sum(n) FROM facet_counts_by WHERE dim = 'dept' AND value = ?", depts[1])).toBe(count('SELECT count(*) FROM cases WHERE lead_dept = ?', depts[1]));
    db.close();
  });
});

describe('version 4 on an existing cache', () => {
  it('lays the statistics records out again (tails, stat_full) and has them rebuilt: the same figures after', async () => {
    const ref = createDemoRefData();
    const file = path.join(tempDir('migrate-'), 'workstation.db');
    // A cache as version 3 left it: cases written by the store, one record in the old layout.
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    for (const v of [1, 2, 3]) MIGRATIONS.find((m) => m.version === v)!.up(old);
    old.pragma('user_version = 3');
    old.pragma(`application_id = ${APPLICATION_ID}`);
    const cases = generateDemoHistory({ seed: 8, now: NOW, days: 20, casesPerDay: 8, ref }).cases;
    const store = new Store(old);
    store.putRef(ref);
    store.tx(() => {
      for (const c of cases) {
        store.putCase(c, null, ref.calendar, c.timeline);
        store.putEvents(c.timeline);
      }
    });
    old.prepare('INSERT INTO stat_recs (cls, rep, rid, upd, open, f) VALUES (0, 1, 1, 1, 0, zeroblob(16))').run();
    old.close();

    const { db } = openCache(file, { log: memoryLogger() });
    try {
      const columns = db.prepare("SELECT name FROM pragma_table_info('stat_recs')").pluck().all();
      expect(columns).toEqual(['cls', 'rep', 'rid', 'upd', 'open', 'tail_from', 'tail']);
      expect(db.prepare('SELECT count(*) FROM stat_recs').pluck().get()).toBe(0);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'statFactsBackfill'").pluck().get()).toBe('pending');
      const reader = new StatsReader(db);
      const period = { from: NOW - 15 * DAY, to: NOW - 2 * DAY };
      const expected = computeStats(cases, period, 'department', ref, NOW);
      expect(await reader.query({ period, groupBy: 'department' }, ref, NOW, 1)).toEqual(expected);
      expect(reader.lastPeriod.fast).toBe(false); // exact path while the records are rebuilt
      await reader.catchUpRecords(ref);
      expect(db.prepare('SELECT count(*) FROM stat_full').pluck().get()).toBe(cases.length);
      expect(await reader.query({ period, groupBy: 'department' }, ref, NOW, 2)).toEqual(expected);
      expect(reader.lastPeriod.fast).toBe(true);
    } finally {
      db.close();
    }
  });
});
