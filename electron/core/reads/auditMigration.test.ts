/**
 * The operation log's cache schema (migration 8) on real SQLite files: a cache of the previous schema
 * version, full of timeline entries, is upgraded in place (entries kept, the reference-data table empty and
 * its backfill due), and a period of the log reads the timeline through the index timeline_at and the
 * reference-data entries through ref_audit_at (EXPLAIN QUERY PLAN), never scanning the whole table.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AuditQuery } from '../../../shared/api.js';
import { migrate, openCache } from '../cache/db.js';
import { MIGRATIONS } from '../cache/schema.js';
import { Store } from '../cache/store.js';
import { memoryLogger } from '../log.js';
import { tempDir } from '../testing/testkit.js';
import { AUDIT_PAGE_SQL, AuditReader } from './audit.js';
import { RefAuditBackfill } from './refAuditBackfill.js';

const T0 = Date.UTC(2026, 10, 1, 1, 0, 0);
const MIN = 60_000;
const actor = { id: 'u-dispatcher', name: '调度员', role: 'dispatcher' as const, unitId: 'centre' };

/** A cache file of the schema before migration 8 with `n` timeline entries, one a minute, over n/3 cases. */
function previousCache(file: string, n: number): void {
  const db = new Database(file);
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 8),
  );
  const ins = db.prepare('INSERT INTO timeline (case_id, version, event) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const caseId = `c-${Math.floor(i / 3)}`;
      const event = { id: `e-${i}`, caseId, version: (i % 3) + 1, type: i % 3 === 0 ? 'reported' : 'accepted', at: T0 + i * MIN, actor };
      ins.run(caseId, (i % 3) + 1, JSON.stringify(event));
    }
    db.prepare("INSERT INTO meta (key, value) VALUES ('cursor', ?)").run(String(n));
  })();
  expect(db.pragma('user_version', { simple: true })).toBe(7);
  db.close();
}

const plan = (db: Database.Database, sql: string, params: Record<string, unknown>) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail);

describe('operation log cache schema (migration 8)', () => {
  it('upgrades a cache of the previous version in place; the reference-data backfill is due', () => {
    const file = path.join(tempDir('audit-mig-'), 'workstation.db');
    previousCache(file, 300);
    const { db, recovered } = openCache(file, { log: memoryLogger() });
    try {
      expect(recovered).toBeUndefined();
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toContain(8);
      expect(db.prepare('SELECT count(*) FROM timeline').pluck().get()).toBe(300);
      expect(db.prepare('SELECT count(*) FROM ref_audit').pluck().get()).toBe(0);
      const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").pluck().all();
      expect(names).toEqual(expect.arrayContaining(['timeline_at', 'ref_audit_at']));
      const store = new Store(db);
      expect([store.cursor, store.refAuditThrough]).toEqual([300, 0]);
      const backfill = new RefAuditBackfill({
        store,
        log: memoryLogger(),
        relay: { relayRequest: () => Promise.reject(new Error('not called')) },
        connected: () => true,
        role: () => 'supervisor',
      });
      expect(backfill.due()).toBe(true);
      // The old entries read as before: a period of an hour holds 60 of them, newest first.
      const audit = new AuditReader(db);
      const page = audit.read(AuditQuery.parse({ period: { from: T0, to: T0 + 59 * MIN }, limit: 5 }));
      expect(page.total).toBe(60);
      expect(page.rows.map((r) => r.at)).toEqual([59, 58, 57, 56, 55].map((i) => T0 + i * MIN));
      expect(page.rows.every((r) => r.kind === 'case' && r.actor.id === 'u-dispatcher')).toBe(true);
      expect(audit.read(AuditQuery.parse({ period: { from: T0, to: T0 + 59 * MIN }, type: 'reported' })).total).toBe(20);
      expect(audit.read(AuditQuery.parse({ period: { from: T0, to: T0 + 59 * MIN }, kind: 'ref' })).total).toBe(0);
    } finally {
      db.close();
    }
  });

  it('reads a period through the time indexes, not by scanning the timeline', () => {
    const file = path.join(tempDir('audit-plan-'), 'workstation.db');
    previousCache(file, 6000);
    const { db } = openCache(file, { log: memoryLogger() });
    try {
      const store = new Store(db);
      store.tx(() => {
        for (let i = 1; i <= 200; i++)
          store.putRefAudit(
            {
              seq: i,
              at: T0 + i * 30 * MIN,
              section: 'departments',
              actor,
              what: [{ op: 'update', section: 'departments', name: `科${i}`, fields: ['contacts'] }],
            },
            true,
          );
      });
      db.pragma('analysis_limit = 400');
      db.exec('ANALYZE');
      const params = {
        from: T0 + 100 * MIN,
        to: T0 + 160 * MIN,
        actor: null,
        unit: null,
        type: null,
        section: null,
        wantCase: 1,
        wantRef: 1,
        limit: 50,
        offset: 0,
      };
      const details = plan(db, AUDIT_PAGE_SQL, params);
      expect(details.some((d) => /SEARCH t USING INDEX timeline_at \(<expr>>\? AND <expr><\?\)/.test(d))).toBe(true);
      expect(details.some((d) => /SEARCH r USING INDEX ref_audit_at \(at>\? AND at<\?\)/.test(d))).toBe(true);
      expect(details.some((d) => /SCAN t\b/.test(d))).toBe(false);
      // With filters on the actor and the type as well, the period still bounds the read.
      const filtered = plan(db, AUDIT_PAGE_SQL, { ...params, actor: 'u-dispatcher', type: 'accepted' });
      expect(filtered.some((d) => d.includes('USING INDEX timeline_at'))).toBe(true);
      const page = new AuditReader(db).read(AuditQuery.parse({ period: { from: params.from, to: params.to } }));
      // 61 timeline entries (one a minute) and 2 reference-data ones (one each half hour) in the hour.
      expect(page.total).toBe(63);
      expect(page.rows.filter((r) => r.kind === 'ref').map((r) => r.kind === 'ref' && r.seq)).toEqual([5, 4]);
    } finally {
      db.close();
    }
  });
});
