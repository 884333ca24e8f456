/**
 * Queue queries against a plain model: for random caches (server rows + optimistic local rows) and random
 * queries, the SQL path (two-step paging, facet counts, FTS with LIKE fallback, index walks) must give
 * exactly the rows, total and tab counts of filtering and sorting the merged rows in JavaScript.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { QueueQuery, type QueueTab } from '../../../shared/api.js';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { createRng } from '../../../shared/demo/prng.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { RefData } from '../../../shared/refData.js';
import { clockStateOfRow } from '../cache/caseRow.js';
import { openCache } from '../cache/db.js';
import { TEMPLATE_GRADES, TEMPLATE_STATUSES, buildTemplates, caseText, shifted } from '../testing/fixtures.js';
import { memoryLogger } from '../log.js';
import { QueueReader } from './queue.js';
import { ROW_SELECT, Store, type StoredRow } from '../cache/store.js';
import { tempDir } from '../testing/testkit.js';

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
  // Spread lead departments and categories (the templates share one) so their counts and indexes matter.
  if (c.leadDepartmentId !== undefined) c.leadDepartmentId = rng.pick(ref.departments.slice(0, 4)).id;
  if (c.category !== undefined) c.category = rng.pick(CATEGORIES(ref));
  if (rng.chance(0.2)) c.urges = [{ id: `${id}-u`, caseId: id, level: 'remind', departmentId: 'cgk', message: '请尽快处理', issuedAt: reportedAt, issuedBy: { id: 'u', name: '李强', role: 'supervisor' }, replyDeadline: reportedAt + DAY }];
  c.timeline = [];
  return c;
}

const CATEGORIES = (ref: RefData) => [...new Set(ref.catalog.map((c) => c.category))].slice(0, 3);

function build(seed: number, n: number, locals: number, walkAbove?: number, bitmapAbove?: number): Fixture {
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
  return { store, reader: new QueueReader(db, walkAbove, bitmapAbove), ref, terms: [...terms] };
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
        category: fc.constantFrom(...CATEGORIES(fx.ref)),
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
    const many = build(2, 600, 5, 10, 40);
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

/** A random query over a fixture (every filter optional), for the properties below. */
function queryArb(fx: Fixture): fc.Arbitrary<QueueQuery> {
  return fc
    .record(
      {
        tab: fc.constantFrom(...TABS),
        sort: fc.record({ field: fc.constantFrom('reportedAt', 'updatedAt', 'deadline', 'code', 'grade'), dir: fc.constantFrom('asc', 'desc') }),
        communityId: fc.constantFrom('c001', 'c002', 'c003'),
        gridId: fc.constantFrom(...fx.ref.grids.slice(0, 30).map((g) => g.id)),
        departmentId: fc.constantFrom(...fx.ref.departments.slice(0, 5).map((d) => d.id)),
        category: fc.constantFrom(...CATEGORIES(fx.ref)),
        grade: fc.constantFrom('urgent', 'important', 'normal'),
        source: fc.constantFrom('grid_worker', 'hotline', 'centre'),
        clockState: fc.constantFrom('normal', 'warning', 'overdue', 'paused', 'met'),
        urged: fc.boolean(),
        q: fc.constantFrom(...fx.terms),
        offset: fc.integer({ min: 0, max: 60 }),
        limit: fc.integer({ min: 1, max: 25 }),
      },
      { requiredKeys: ['tab', 'sort', 'offset', 'limit'] },
    )
    .map((raw) => QueueQuery.parse(raw));
}

/** The merged rows matching `q` in order: a naive SQL ORDER BY over the merged view, no indexes forced. */
function naivePage(store: Store, q: QueueQuery, now: number): StoredRow[] {
  return merged(store)
    .filter((r) => matches(r, q, now))
    .sort(compare(q));
}

describe('count tables', () => {
  it('facet_counts and facet_counts_by after inserts and rewrites equal a recount from the rows', () => {
    for (const seed of [3, 4]) {
      const fx = build(seed, 300, 0);
      const read = () => ({
        facets: fx.store.db.prepare('SELECT * FROM facet_counts WHERE n != 0 ORDER BY 1, 2, 3, 4, 5, 6, 7').all(),
        by: fx.store.db.prepare('SELECT * FROM facet_counts_by WHERE n != 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9').all(),
      });
      const kept = read();
      expect(kept.by.length).toBeGreaterThan(10);
      // Every dimension is counted (grid, department, category).
      expect(new Set((kept.by as Array<{ dim: string }>).map((r) => r.dim))).toEqual(new Set(['grid', 'dept', 'category']));
      fx.store.recountFacets();
      expect(read()).toEqual(kept);
    }
  });

  it('a department, grid or category total with facet filters comes from the counts and is exact', () => {
    const fx = build(5, 400, 12);
    const dept = fx.store.db.prepare('SELECT lead_dept FROM cases WHERE lead_dept IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
    for (const extra of [{}, { communityId: 'c001' }, { grade: 'normal' }, { status: ['closed', 'signed'] }, { clockState: 'met' }, { urged: true }]) {
      for (const tab of ['all', 'closed', 'handling'] as const) {
        for (const filter of [{ departmentId: dept }, { gridId: fx.ref.grids[0]!.id }, { category: CATEGORIES(fx.ref)[0]! }]) {
          const q = QueueQuery.parse({ tab, ...filter, ...extra, limit: 5 });
          const res = fx.reader.list(q, NOW, new Map());
          expect(res.total, JSON.stringify(q)).toBe(naivePage(fx.store, q, NOW).length);
        }
      }
    }
  });
});

describe('paging over random small caches', () => {
  it('every page equals the naive ordering (index walks, collected filters, in-memory search matches)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 70 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 30 }),
        (seed, n, locals, walkAbove, bitmapAbove) => {
          const fx = build(seed, n, n === 0 ? 0 : locals, walkAbove, bitmapAbove);
          if (fx.terms.length === 0) fx.terms.push('路');
          fc.assert(
            fc.property(queryArb(fx), fc.integer({ min: NOW - 5 * DAY, max: NOW + 5 * DAY }), (q, now) => {
              const expected = naivePage(fx.store, q, now);
              const res = fx.reader.list(q, now, new Map(), 1);
              expect(res.rows.map((r) => r.id)).toEqual(expected.slice(q.offset, q.offset + q.limit).map((r) => r.id));
              expect(res.total).toBe(expected.length);
            }),
            { numRuns: 25 },
          );
          // Consecutive pages tile the whole ordering (no row twice, none skipped).
          const q = QueueQuery.parse({ tab: 'all', sort: { field: 'updatedAt', dir: 'desc' }, limit: 7 });
          const seen: string[] = [];
          for (let offset = 0; offset < n + locals + 7; offset += 7) seen.push(...fx.reader.list({ ...q, offset }, NOW, new Map(), 1).rows.map((r) => r.id));
          expect(seen).toEqual(naivePage(fx.store, q, NOW).map((r) => r.id));
          fx.store.db.close();
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('overdue count', () => {
  it('advanced incrementally for the same server state, it equals a fresh count at every instant', () => {
    const fx = build(6, 300, 4);
    const overdueAt = (now: number) => merged(fx.store).filter((r) => r.deadline < now).length;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 * DAY }), { minLength: 1, maxLength: 12 }), fc.boolean(), (steps, back) => {
        let now = NOW - 3 * DAY;
        const version = fx.store.serverVersion;
        for (const step of steps) {
          now += step;
          expect(fx.reader.counts(now, version).overdue).toBe(overdueAt(now));
        }
        // Time going back (a clock correction) is counted afresh.
        if (back) expect(fx.reader.counts(now - DAY, version).overdue).toBe(overdueAt(now - DAY));
      }),
      { numRuns: 40 },
    );
    // A write changes the server version: the earlier count is not reused.
    const before = fx.reader.counts(NOW, fx.store.serverVersion).overdue;
    const row = fx.store.db.prepare("SELECT id FROM cases WHERE tab = 'handling' AND deadline < ? LIMIT 1").pluck().get(NOW) as string;
    const head = fx.store.getCaseHead(row)!;
    fx.store.tx(() => fx.store.putCase({ ...head.state, status: 'closed', clocks: [] }, head.prev, fx.ref.calendar, []));
    expect(fx.reader.counts(NOW, fx.store.serverVersion).overdue).toBe(overdueAt(NOW));
    expect(overdueAt(NOW)).toBeLessThanOrEqual(before);
  });
});

describe('recent-search cache', () => {
  it('reuses the FTS matches of recent searches while the server state is unchanged, and drops them when it changes', () => {
    const fx = build(7, 300, 4, 10, 40);
    // Counts FTS decodes (the statement that reads the matching rids).
    const stmts = (fx.reader as unknown as { s: { matchRids: { get: (...a: unknown[]) => unknown } } }).s;
    const get = stmts.matchRids.get.bind(stmts.matchRids);
    let decodes = 0;
    stmts.matchRids.get = (...a: unknown[]) => {
      decodes++;
      return get(...a);
    };
    const ftsTerms = fx.terms.filter((t) => [...t].length >= 3);
    expect(ftsTerms.length).toBeGreaterThan(3);
    const cmd = fc.oneof(
      { weight: 4, arbitrary: queryArb(fx).map((q) => ({ kind: 'query' as const, q: { ...q, q: q.q ?? ftsTerms[0]! } })) },
      { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom(...ftsTerms)).map(([i, term]) => ({ kind: 'write' as const, i, term })) },
    );
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 1, maxLength: 30 }), (cmds) => {
        for (const c of cmds) {
          if (c.kind === 'write') {
            // A title change moves the case in or out of searches (the FTS entry is rewritten).
            const ids = fx.store.db.prepare('SELECT id FROM cases ORDER BY rid').pluck().all() as string[];
            const head = fx.store.getCaseHead(ids[c.i % ids.length]!)!;
            fx.store.tx(() => fx.store.putCase({ ...head.state, title: head.state.title.startsWith(c.term) ? '无关标题' : `${c.term}${head.state.title}` }, head.prev, fx.ref.calendar, []));
            continue;
          }
          const before = decodes;
          const version = fx.store.serverVersion;
          const res = fx.reader.list(c.q, NOW, new Map(), version);
          const expected = naivePage(fx.store, c.q, NOW);
          expect(res.rows.map((r) => r.id)).toEqual(expected.slice(c.q.offset, c.q.offset + c.q.limit).map((r) => r.id));
          expect(res.total).toBe(expected.length);
          // The same search again (another page) for the same server version: no second decode.
          fx.reader.list({ ...c.q, offset: c.q.offset + c.q.limit }, NOW, new Map(), version);
          expect(decodes - before).toBeLessThanOrEqual(1);
        }
        expect(fx.reader.recentSearches).toBeLessThanOrEqual(QueueReader.RECENT_SEARCHES);
      }),
      { numRuns: 40 },
    );
    // Going back to an earlier search reuses its matches; a write makes every search decode again.
    const [a, b] = ftsTerms;
    const version = fx.store.serverVersion;
    const q = (term: string) => QueueQuery.parse({ q: term, limit: 5 });
    fx.reader.list(q(a!), NOW, new Map(), version);
    fx.reader.list(q(b!), NOW, new Map(), version);
    const before = decodes;
    fx.reader.list(q(a!), NOW, new Map(), version);
    expect(decodes).toBe(before);
    const head = fx.store.getCaseHead(fx.store.db.prepare('SELECT id FROM cases LIMIT 1').pluck().get() as string)!;
    fx.store.tx(() => fx.store.putCase({ ...head.state, title: `${a!}${head.state.title}` }, head.prev, fx.ref.calendar, []));
    const after = fx.reader.list(q(a!), NOW, new Map(), fx.store.serverVersion);
    expect(decodes).toBe(before + 1);
    expect(after.total).toBe(naivePage(fx.store, q(a!), NOW).length);
    fx.store.db.close();
  });
});
