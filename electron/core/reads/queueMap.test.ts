/**
 * The queue map against the queue: for random caches and random tabs and filters (search included), the
 * map's points plus its unplaced count are exactly the queue's matching rows (every page of queue.list
 * for the same filters), each point at its case's location with its clock state at `now`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueMapQuery, QueueQuery, type QueueTab } from '../../../shared/api.js';
import { clockStateOfRow } from '../cache/caseRow.js';
import { ROW_SELECT, type StoredRow } from '../cache/store.js';
import { GEO_NOW, buildGeoFixture, type GeoFixture } from '../testing/geoFixtures.js';
import { QueueReader } from './queue.js';
import { QueueMapReader, mapStateOf } from './queueMap.js';

const DAY = 86_400_000;
const TABS: QueueTab[] = ['pending_accept', 'pending_dispatch', 'handling', 'bounced', 'pending_verify', 'pending_close', 'overdue', 'parked', 'closed', 'all'];

/** Search terms found in the fixture's text (some ≥ 3 characters: FTS; some shorter: LIKE). */
function terms(fx: GeoFixture): string[] {
  const out = new Set<string>();
  for (const c of [...fx.model.values()].slice(0, 30)) {
    out.add(c.title.slice(0, 4));
    out.add(c.address.slice(2, 5));
    out.add(c.title.slice(1, 2));
  }
  return [...out].filter((t) => t.trim().length > 0);
}

/** A tab and at most two filters (more match almost nothing in a small cache). */
function filterArb(fx: GeoFixture) {
  const all = fc.record({
    communityId: fc.constantFrom('c001', 'c002', 'c003'),
    gridId: fc.constantFrom(...fx.ref.grids.slice(0, 20).map((g) => g.id)),
    departmentId: fc.constantFrom(...fx.ref.departments.slice(0, 4).map((d) => d.id)),
    grade: fc.constantFrom('urgent', 'important', 'normal'),
    source: fc.constantFrom('grid_worker', 'hotline', 'centre'),
    clockState: fc.constantFrom('normal', 'warning', 'overdue', 'paused', 'met', 'late'),
    urged: fc.boolean(),
    status: fc.subarray(['reported', 'accepted', 'signed', 'closed', 'handled', 'parked'] as const, { minLength: 1 }),
    q: fc.constantFrom(...terms(fx)),
  });
  const keys = ['communityId', 'gridId', 'departmentId', 'grade', 'source', 'clockState', 'urged', 'status', 'q'] as const;
  return fc.tuple(fc.constantFrom(...TABS), all, fc.subarray([...keys], { maxLength: 2 })).map(([tab, values, picked]) => ({ tab, ...Object.fromEntries(picked.map((k) => [k, values[k]])) }));
}

/** Every id queue.list answers for the filters (all pages). */
function queueIds(reader: QueueReader, filters: object, now: number): string[] {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const res = reader.list(QueueQuery.parse({ ...filters, offset, limit: 500 }), now, new Map());
    ids.push(...res.rows.map((r) => r.id));
    if (offset + 500 >= res.total) return ids;
  }
}

/** Checks the map of `filters` against the queue; returns the number of matching cases. */
function check(fx: GeoFixture, queue: QueueReader, map: QueueMapReader, filters: object, now: number, limit?: number): number {
  const expected = queueIds(queue, filters, now);
  const m = map.read(QueueMapQuery.parse({ ...filters, ...(limit !== undefined ? { limit } : {}) }), now);
  const placed = expected.filter((id) => fx.model.get(id)!.location);
  expect(m.unplaced).toBe(expected.length - placed.length);
  expect(m.ids.length).toBe(Math.min(placed.length, limit ?? Infinity));
  expect(m.truncated).toBe(placed.length > (limit ?? Infinity));
  if (limit === undefined) expect([...m.ids].sort()).toEqual([...placed].sort());
  else for (const id of m.ids) expect(placed).toContain(id);
  expect(new Set(m.ids).size).toBe(m.ids.length);
  for (const [k, a] of Object.entries({ codes: m.codes, titles: m.titles, lons: m.lons, lats: m.lats, states: m.states })) expect(a.length, k).toBe(m.ids.length);
  m.ids.forEach((id, i) => {
    const c = fx.model.get(id)!;
    expect([m.codes[i], m.titles[i], m.lons[i], m.lats[i]]).toEqual([c.code, c.title, c.location!.lon, c.location!.lat]);
  });
  return expected.length;
}

describe('queue map equals the queue', () => {
  let fx: GeoFixture;
  let queue: QueueReader;
  let map: QueueMapReader;
  beforeAll(() => {
    fx = buildGeoFixture(3, 400, 30);
    queue = new QueueReader(fx.store.db, 10, 40);
    map = new QueueMapReader(fx.store.db, queue);
  });
  afterAll(() => fx.close());

  it('for random tabs and filters (search included) and instants', () => {
    let matched = 0;
    fc.assert(
      fc.property(filterArb(fx), fc.integer({ min: GEO_NOW - 10 * DAY, max: GEO_NOW + 10 * DAY }), (filters, now) => {
        if (check(fx, queue, map, filters, now) > 0) matched++;
      }),
      { numRuns: 300 },
    );
    // Not a test of empty answers.
    expect(matched).toBeGreaterThan(60);
  });

  it('reads the located open rows from the covering index (no lookup per row)', () => {
    const { points } = map.plan(QueueMapQuery.parse({ tab: 'handling', communityId: 'c001' }), GEO_NOW);
    const plan = (fx.store.db.prepare(`EXPLAIN QUERY PLAN ${points[0]!.sql}`).all(...points[0]!.params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/COVERING INDEX cases_map_open/);
  });

    it('caps the points and says so', () => {
    for (const limit of [1, 7, 50]) check(fx, queue, map, { tab: 'all' }, GEO_NOW, limit);
    expect(map.read(QueueMapQuery.parse({ tab: 'all', limit: 5 }), GEO_NOW).truncated).toBe(true);
  });

  it('states are the rows’ clock states as the map shows them', () => {
    const rows = [...(fx.store.db.prepare(`SELECT ${ROW_SELECT}, c.lon FROM cases c WHERE c.rid NOT IN (SELECT rid FROM local_cases)`).all() as Array<StoredRow & { lon: number | null }>), ...(fx.store.db.prepare(`SELECT ${ROW_SELECT}, c.lon FROM local_cases c`).all() as Array<StoredRow & { lon: number | null }>)];
    for (const now of [GEO_NOW - 5 * DAY, GEO_NOW, GEO_NOW + 5 * DAY]) {
      const m = map.read(QueueMapQuery.parse({}), now);
      const byId = new Map(m.ids.map((id, i) => [id, m.states[i]]));
      const seen = new Set<string>();
      for (const r of rows) {
        if (r.lon === null) continue;
        const s = clockStateOfRow(r, now);
        const want = s === 'normal' || s === 'warning' || s === 'overdue' || s === 'paused' ? s : 'none';
        expect(byId.get(r.id)).toBe(want);
        expect(mapStateOf(r.clock_base, r.deadline, r.warn_at, now)).toBe(want);
        seen.add(want);
      }
      expect(seen.size).toBeGreaterThan(2);
    }
  });
});

describe('small random caches', () => {
  it('every map equals its queue', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 6 }), (seed, n, locals) => {
        const fx = buildGeoFixture(seed, n, locals);
        try {
          const queue = new QueueReader(fx.store.db, 5, 20);
          const map = new QueueMapReader(fx.store.db, queue);
          if (terms(fx).length === 0) return;
          fc.assert(
            fc.property(filterArb(fx), fc.integer({ min: GEO_NOW - 5 * DAY, max: GEO_NOW + 5 * DAY }), (filters, now) => {
              check(fx, queue, map, filters, now);
            }),
            { numRuns: 15 },
          );
        } finally {
          fx.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
