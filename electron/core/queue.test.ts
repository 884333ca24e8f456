/**
 * Queue queries against a plain model: for random caches (server rows + optimistic local rows) and random
 * queries, the SQL path (two-step paging, facet counts, FTS with LIKE fallback, index walks) must give
 * exactly the rows, total and tab counts of filtering and sorting the merged rows in JavaScript.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { QueueQuery, type QueueTab } from '../../shared/api.js';
import { createDemoRefData } from '../../shared/demo/refData.js';
import { createRng } from '../../shared/demo/prng.js';
import type { GridEvent } from '../../shared/gridEvent.js';
import type { RefData } from '../../shared/refData.js';
import { clockStateOfRow } from './caseRow.js';
import { openCache } from './db.js';
import { TEMPLATE_GRADES, TEMPLATE_STATUSES, buildTemplates, caseText, shifted } from './fixtures.js';
import { memoryLogger } from './log.js';
import { QueueReader } from './queue.js';
import { ROW_SELECT, Store, type StoredRow } from './store.js';
import { tempDir } from './testkit.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 3, 0, 0);

interface Fixture {
  store: Store;
  reader: QueueReader;
  ref: RefData;
  terms: string[];
}

function makeCase(tpls: Map<string, GridEvent>, ref: RefData, rng: ReturnType<typeof createRng>, id: string, status: string, grade: string): GridEvent {
  const tpl = tpls.get(`${grade}:${status}`)!;
  const reportedAt = NOW - Math.floor(rng.next() * 20 * DAY);
  const c = shifted(tpl, reportedAt - tpl.reportedAt);
  const grid = rng.pick(ref.grids.slice(0, 30));
  Object.assign(c, caseText(rng), { id, code: `SJ-${id}`, communityId: grid.communityId, gridId: grid.id, source: rng.pick(['grid_worker', 'hotline', 'centre'] as const) });
  if (rng.chance(0.2)) c.urges = [{ id: `${id}-u`, caseId: id, level: 'remind', departmentId: 'cgk', message: '请尽快处理', issuedAt: reportedAt, issuedBy: { id: 'u', name: '李强', role: 'supervisor' }, replyDeadline: reportedAt + DAY }];
  c.timeline = [];
  return c;
}

function build(seed: number, n: number, locals: number, walkAbove?: number): Fixture {
  const ref = createDemoRefData();
  const tpls = buildTemplates(ref, NOW - 30 * DAY);
  const { db } = openCache(path.join(tempDir('queue-'), 'w.db'), { log: memoryLogger() });
  const store = new Store(db);
  store.putRef(ref);
  const rng = createRng(seed);
  const cases: GridEvent[] = [];
  store.tx(() => {
    for (let i = 0; i < n; i++) {
      const c = makeCase(tpls, ref, rng, `c${i}`, rng.pick([...TEMPLATE_STATUSES]), rng.pick([...TEMPLATE_GRADES]));
      cases.push(c);
      store.putCase(c, null, ref.calendar, []);
    }
    // Rewrite some cases (status changes go through the UPDATE of changed columns and the count triggers).
    for (let i = 0; i < n / 5; i++) {
      const old = rng.pick(cases);
      const head = store.getCaseHead(old.id)!;
      const next = makeCase(tpls, ref, rng, old.id, rng.pick([...TEMPLATE_STATUSES]), rng.pick([...TEMPLATE_GRADES]));
      store.putCase({ ...next, title: rng.chance(0.5) ? old.title : next.title }, head.prev, ref.calendar, []);
    }
    for (let i = 0; i < locals; i++) {
      if (rng.chance(0.5)) {
        const base = rng.pick(cases);
        const row = store.getServerRow(base.id)!;
        const c = makeCase(tpls, ref, rng, base.id, rng.pick([...TEMPLATE_STATUSES]), rng.pick([...TEMPLATE_GRADES]));
        store.putLocal(c, [], row.rid, i + 1, ref.calendar);
      } else {
        store.putLocal(makeCase(tpls, ref, rng, `new${i}`, 'reported', rng.pick([...TEMPLATE_GRADES])), [], null, i + 1, ref.calendar);
      }
    }
  });
  const all = db.prepare(`SELECT ${ROW_SELECT} FROM cases c`).all() as StoredRow[];
  const terms = new Set<string>();
  for (const r of all.slice(0, 40)) {
    terms.add(r.title.slice(0, 4));
    terms.add(r.address.slice(2, 5));
    terms.add(r.description.slice(3, 5));
    terms.add(r.title.slice(1, 2));
  }
  return { store, reader: new QueueReader(db, walkAbove), ref, terms: [...terms] };
}

/** The merged view in JavaScript: server rows replaced by their local version, plus local-only rows. */
function merged(store: Store): StoredRow[] {
  const server = store.db.prepare(`SELECT ${ROW_SELECT} FROM cases c`).all() as StoredRow[];
  const local = store.db.prepare(`SELECT ${ROW_SELECT} FROM local_cases c`).all() as StoredRow[];
  const localByRid = new Map(local.map((r) => [r.rid, r]));
  return [...server.filter((r) => !localByRid.has(r.rid)), ...local];
}

function matches(r: StoredRow, q: QueueQuery, now: number): boolean {
  if (q.tab === 'overdue' ? !(r.deadline < now) : q.tab !== 'all' && r.tab !== q.tab) return false;
  if (q.status?.length && !q.status.includes(r.status as never)) return false;
  if (q.communityId !== undefined && r.community_id !== q.communityId) return false;
  if (q.gridId !== undefined && r.grid_id !== q.gridId) return false;
  if (q.category !== undefined && r.category !== q.category) return false;
  if (q.departmentId !== undefined && r.lead_dept !== q.departmentId) return false;
  if (q.grade !== undefined && r.grade !== q.grade) return false;
  if (q.source !== undefined && r.source !== q.source) return false;
  if (q.urged !== undefined && r.urge_count > 0 !== q.urged) return false;
  if (q.clockState !== undefined && clockStateOfRow(r, now) !== q.clockState) return false;
  for (const t of (q.q ?? '').split(/\s+/u).filter(Boolean)) {
    const needle = t.toLowerCase();
    if (![r.title, r.description, r.address].some((s) => s.toLowerCase().includes(needle))) return false;
  }
  return true;
}

function compare(q: QueueQuery): (a: StoredRow, b: StoredRow) => number {
  const d = q.sort.dir === 'asc' ? 1 : -1;
  const cmp = (x: number | string, y: number | string) => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) => {
    if (q.sort.field === 'grade') return d * cmp(a.grade_rank, b.grade_rank) || -d * cmp(a.reported_at, b.reported_at) || d * cmp(a.rid, b.rid);
    const key = { reportedAt: 'reported_at', updatedAt: 'updated_at', deadline: 'deadline', code: 'code' }[q.sort.field] as 'reported_at';
    return d * cmp(a[key], b[key]) || d * cmp(a.rid, b.rid);
  };
}

const TABS: QueueTab[] = ['pending_accept', 'pending_dispatch', 'handling', 'bounced', 'pending_verify', 'pending_close', 'overdue', 'parked', 'closed', 'all'];

describe('queue queries equal the model', () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = build(1, 400, 30);
  });

  it('rows, totals and tab counts for random queries', () => {
    const query = fc.record(
      {
        tab: fc.constantFrom(...TABS),
        sort: fc.record({ field: fc.constantFrom('reportedAt', 'updatedAt', 'deadline', 'code', 'grade'), dir: fc.constantFrom('asc', 'desc') }),
        communityId: fc.constantFrom('c001', 'c002', 'c003'),
        gridId: fc.constantFrom(...fx.ref.grids.slice(0, 12).map((g) => g.id)),
        departmentId: fc.constantFrom(...fx.ref.departments.slice(0, 4).map((d) => d.id)),
        category: fc.constantFrom(...[...new Set(fx.ref.catalog.map((c) => c.category))].slice(0, 3)),
        grade: fc.constantFrom('urgent', 'important', 'normal'),
        source: fc.constantFrom('grid_worker', 'hotline', 'centre'),
        clockState: fc.constantFrom('normal', 'warning', 'overdue', 'paused', 'met', 'late', 'stopped'),
        urged: fc.boolean(),
        status: fc.subarray(['reported', 'accepted', 'signed', 'closed', 'handled'] as const, { minLength: 1 }),
        q: fc.oneof(fc.constantFrom(...fx.terms), fc.tuple(fc.constantFrom(...fx.terms), fc.constantFrom(...fx.terms)).map(([a, b]) => `${a} ${b}`)),
        offset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 })),
        limit: fc.integer({ min: 1, max: 120 }),
      },
      { requiredKeys: ['tab', 'sort', 'offset', 'limit'] },
    );
    const nowArb = fc.integer({ min: NOW - 10 * DAY, max: NOW + 10 * DAY });
    fc.assert(
      fc.property(query, nowArb, (raw, now) => {
        const q = QueueQuery.parse(raw);
        const res = fx.reader.list(q, now, new Map());
        const expected = merged(fx.store)
          .filter((r) => matches(r, q, now))
          .sort(compare(q));
        expect(res.rows.map((r) => r.id)).toEqual(expected.slice(q.offset, q.offset + q.limit).map((r) => r.id));
        expect(res.total).toBe(expected.length);
        const all = merged(fx.store);
        for (const tab of TABS) {
          const n = all.filter((r) => (tab === 'all' ? true : tab === 'overdue' ? r.deadline < now : r.tab === tab)).length;
          expect(res.counts[tab], tab).toBe(n);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('walks the sort index for a search with many matches and still pages exactly', () => {
    const many = build(2, 600, 5, 10);
    const rows = merged(many.store);
    // The most frequent road name: well above the walk threshold of this reader.
    const roads = rows.map((r) => r.title.slice(0, 4));
    const term = roads.sort((a, b) => roads.filter((x) => x === b).length - roads.filter((x) => x === a).length)[0]!;
    for (const text of [term, `${term} 号`, '号']) {
      for (const field of ['reportedAt', 'updatedAt', 'grade'] as const) {
        const qq = QueueQuery.parse({ q: text, limit: 7, offset: 3, sort: { field, dir: 'desc' } });
        const res = many.reader.list(qq, NOW, new Map());
        const expected = rows.filter((r) => matches(r, qq, NOW)).sort(compare(qq));
        expect(expected.length).toBeGreaterThan(10);
        expect(res.rows.map((r) => r.id)).toEqual(expected.slice(3, 10).map((r) => r.id));
        expect(res.total).toBe(expected.length);
      }
    }
    expect(many.reader.explain(QueueQuery.parse({ q: term }), NOW).join(' ')).toMatch(/cases_tab_reported/);
  });
});
