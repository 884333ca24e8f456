/**
 * Migration 5 (case locations) on an existing cache, in the style of migrate.test.ts: a cache as version 4
 * left it, with cases whose JSON carries points (some unusable), gets lon / lat on its rows (server and
 * optimistic) and the R*Tree from that JSON; nearby reads and later writes work on it.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { NearbyQuery } from '../../../shared/api.js';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { createRng } from '../../../shared/demo/prng.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import { caseColumns } from './caseRow.js';
import { openCache } from './db.js';
import { buildTemplates, caseText, shifted, TEMPLATE_GRADES, TEMPLATE_STATUSES } from '../testing/fixtures.js';
import { randomPoint } from '../testing/geoFixtures.js';
import { memoryLogger } from '../log.js';
import { NearbyReader, haversineMetres } from '../reads/nearby.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import { Store } from './store.js';
import { tempDir } from '../testing/testkit.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 3, 0, 0);

describe('version 5 on an existing cache', () => {
  it('fills lon / lat and the R*Tree from the case JSON, leaving cases without a usable point NULL', () => {
    const ref = createDemoRefData();
    const file = path.join(tempDir('migrate-'), 'workstation.db');
    // A cache as version 4 left it: rows and JSON written with plain SQL (that program had no location columns).
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    for (const v of [1, 2, 3, 4]) MIGRATIONS.find((m) => m.version === v)!.up(old);
    old.pragma('user_version = 4');
    old.pragma(`application_id = ${APPLICATION_ID}`);
    const tpls = buildTemplates(ref, NOW - 30 * DAY);
    const rng = createRng(5);
    const cols = Object.keys(caseColumns(tpls.get('normal:reported')!, ref.calendar));
    const insert = old.prepare(`INSERT INTO cases (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`);
    const insertLocal = old.prepare(`INSERT INTO local_cases (rid, ${cols.join(', ')}, doc, events) VALUES (@rid, ${cols.map((c) => '@' + c).join(', ')}, @doc, '[]')`);
    const expected = new Map<string, { lon: number; lat: number } | null>();
    const unusable: unknown[] = [{ lon: 200, lat: 10 }, { lon: 113, lat: -91 }, { lon: '113.3', lat: 23.2 }, { lon: 113.3 }, null, 'somewhere'];
    old.transaction(() => {
      for (let i = 0; i < 300; i++) {
        const tpl = tpls.get(`${rng.pick([...TEMPLATE_GRADES])}:${rng.pick([...TEMPLATE_STATUSES])}`)!;
        const c = shifted(tpl, -Math.floor(rng.next() * 20 * DAY));
        Object.assign(c, caseText(rng), { id: `c${i}`, code: `SJ-${i}` });
        const k = rng.int(0, 9);
        let doc: Record<string, unknown> = { ...c, timeline: [] };
        if (k < 6) {
          const p = randomPoint(rng);
          doc = { ...doc, location: p };
          expected.set(c.id, p);
        } else {
          if (k < 8) doc = { ...doc, location: rng.pick(unusable) };
          expected.set(c.id, null);
        }
        const rid = insert.run(caseColumns(c as GridEvent, ref.calendar)).lastInsertRowid;
        old.prepare('INSERT INTO case_docs (rid, doc) VALUES (?, ?)').run(rid, JSON.stringify(doc));
        // An optimistic version of some cases, moved elsewhere.
        if (i % 10 === 0) insertLocal.run({ rid, ...caseColumns(c as GridEvent, ref.calendar), doc: JSON.stringify({ ...doc, location: { lon: 113.31, lat: 23.21 } }) });
      }
    })();
    old.close();

    const { db } = openCache(file, { log: memoryLogger() });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toContain(5);
      const rows = db.prepare('SELECT id, rid, lon, lat FROM cases').all() as Array<{ id: string; rid: number; lon: number | null; lat: number | null }>;
      for (const r of rows) {
        const p = expected.get(r.id)!;
        expect([r.lon, r.lat], r.id).toEqual(p ? [p.lon, p.lat] : [null, null]);
      }
      const located = rows.filter((r) => r.lon !== null);
      expect(located.length).toBeGreaterThan(100);
      expect(db.prepare('SELECT rid FROM case_geo ORDER BY rid').pluck().all()).toEqual(located.map((r) => r.rid).sort((a, b) => a - b));
      expect(db.prepare('SELECT count(*) FROM local_cases WHERE lon = 113.31 AND lat = 23.21').pluck().get()).toBe(30);

      // Nearby reads the migrated cache (the merged view: the local versions moved).
      const shadowed = (id: string) => Number(id.slice(1)) % 10 === 0;
      const merged = rows.map((r) => (shadowed(r.id) ? { ...r, lon: 113.31, lat: 23.21 } : r));
      for (const at of [located.find((r) => !shadowed(r.id))!, { lon: 113.31, lat: 23.21 }]) {
        const q = NearbyQuery.parse({ lon: at.lon, lat: at.lat, metres: 2000, openOnly: false, limit: 200 });
        const brute = merged.filter((r) => r.lon !== null && haversineMetres(at.lon!, at.lat!, r.lon, r.lat!) <= 2000).map((r) => r.id);
        expect(brute.length).toBeGreaterThan(0);
        expect(new NearbyReader(db).nearby(q).map((r) => r.id).sort()).toEqual(brute.sort());
      }

      // And the store keeps it on later writes: a point moved, one dropped.
      const store = new Store(db);
      const [a, b] = located;
      const headA = store.getCaseHead(a!.id)!;
      const headB = store.getCaseHead(b!.id)!;
      const noPoint = { ...headB.state };
      delete noPoint.location;
      store.tx(() => {
        store.putCase({ ...headA.state, location: { lon: -73.98, lat: 40.75 } }, headA.prev, ref.calendar, []);
        store.putCase(noPoint, headB.prev, ref.calendar, []);
      });
      const box = (rid: number) => db.prepare('SELECT min_lon, max_lat FROM case_geo WHERE rid = ?').get(rid) as { min_lon: number; max_lat: number } | undefined;
      expect(box(a!.rid)!.min_lon).toBeCloseTo(-73.98, 4);
      expect(box(a!.rid)!.max_lat).toBeCloseTo(40.75, 4);
      expect(box(b!.rid)).toBeUndefined();
      expect(db.prepare('SELECT lon, lat FROM cases WHERE rid = ?').get(b!.rid)).toEqual({ lon: null, lat: null });
    } finally {
      db.close();
    }
  });

  it('on an empty cache: the columns and an empty R*Tree', () => {
    const { db } = openCache(path.join(tempDir('migrate-'), 'workstation.db'), { log: memoryLogger() });
    try {
      for (const t of ['cases', 'local_cases']) expect(db.prepare(`SELECT name FROM pragma_table_info('${t}') WHERE name IN ('lon', 'lat')`).pluck().all()).toEqual(['lon', 'lat']);
      expect(db.prepare('SELECT count(*) FROM case_geo').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
