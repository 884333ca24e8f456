/**
 * Located cases for the location tests (reads/nearby.test.ts, reads/queueMap.test.ts): a real cache file
 * and the real store, cases from the engine-made templates with points around 黄石街 (23.2°N 113.3°E, a
 * few kilometres), some without a point, some at the antimeridian and near the poles; rewrites that move,
 * drop and add points; optimistic local rows (some moved). `model` is what the merged view must be.
 */
import path from 'node:path';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { createRng, type Rng } from '../../../shared/demo/prng.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { RefData } from '../../../shared/refData.js';
import { openCache } from '../cache/db.js';
import { Store } from '../cache/store.js';
import { memoryLogger } from '../log.js';
import { TEMPLATE_GRADES, TEMPLATE_STATUSES, buildTemplates, caseText, shifted } from './fixtures.js';
import { tempDir } from './testkit.js';

export const GEO_NOW = Date.UTC(2026, 10, 26, 3, 0, 0);
const DAY = 86_400_000;
export const CENTRE = { lon: 113.3, lat: 23.2 };

export interface GeoFixture {
  store: Store;
  ref: RefData;
  /** The merged view: each case's current state (its local version when it has one). */
  model: Map<string, GridEvent>;
  close(): void;
}

/** A point: mostly within ~3 km of the centre, some at the edges of the lon/lat plane. */
export function randomPoint(rng: Rng, edgeShare = 0.05): { lon: number; lat: number } {
  if (rng.chance(edgeShare)) {
    const k = rng.int(0, 3);
    if (k === 0) return { lon: 179.999 + rng.next() * 0.001, lat: rng.next() * 10 - 5 };
    if (k === 1) return { lon: -180 + rng.next() * 0.002, lat: rng.next() * 10 - 5 };
    if (k === 2) return { lon: rng.next() * 360 - 180, lat: 89.99 + rng.next() * 0.01 };
    return { lon: rng.next() * 360 - 180, lat: -89.995 };
  }
  // Clustered: a few hot spots and a spread, so small radii find several cases.
  const spread = rng.chance(0.5) ? 0.002 : 0.03;
  return { lon: CENTRE.lon + (rng.next() * 2 - 1) * spread, lat: CENTRE.lat + (rng.next() * 2 - 1) * spread };
}

/** `file`: where the cache goes (default: a new temp dir). */
export function buildGeoFixture(seed: number, n: number, locals: number, file = path.join(tempDir('geo-'), 'w.db')): GeoFixture {
  const ref = createDemoRefData();
  const tpls = buildTemplates(ref, GEO_NOW - 30 * DAY);
  const { db } = openCache(file, { log: memoryLogger() });
  const store = new Store(db);
  store.putRef(ref);
  const rng = createRng(seed);
  const model = new Map<string, GridEvent>();
  const make = (id: string, status = rng.pick([...TEMPLATE_STATUSES])): GridEvent => {
    const tpl = tpls.get(`${rng.pick([...TEMPLATE_GRADES])}:${status}`)!;
    const c = shifted(tpl, GEO_NOW - Math.floor(rng.next() * 20 * DAY) - tpl.reportedAt);
    const grid = rng.pick(ref.grids.slice(0, 20));
    Object.assign(c, caseText(rng), { id, code: `SJ-${id}`, communityId: grid.communityId, gridId: grid.id, source: rng.pick(['grid_worker', 'hotline', 'centre'] as const) });
    if (c.leadDepartmentId !== undefined) c.leadDepartmentId = rng.pick(ref.departments.slice(0, 4)).id;
    if (rng.chance(0.85)) c.location = randomPoint(rng);
    c.timeline = [];
    return c;
  };
  const ids: string[] = [];
  store.tx(() => {
    for (let i = 0; i < n; i++) {
      const c = make(`c${i}`);
      ids.push(c.id);
      model.set(c.id, c);
      store.putCase(c, null, ref.calendar, []);
    }
    // Rewrites: a new status, and the point moved, dropped, added or kept.
    for (let i = 0; i < n / 3 && ids.length > 0; i++) {
      const id = rng.pick(ids);
      const head = store.getCaseHead(id)!;
      const next = { ...make(id), code: head.state.code };
      const k = rng.int(0, 3);
      if (k === 0) delete next.location;
      else if (k === 1 && head.state.location) next.location = head.state.location;
      model.set(id, next);
      store.putCase(next, head.prev, ref.calendar, []);
    }
    for (let i = 0; i < locals; i++) {
      if (rng.chance(0.5) && ids.length > 0) {
        const id = rng.pick(ids);
        const row = store.getServerRow(id)!;
        const c = { ...make(id), code: row.code };
        const kept = model.get(id)!.location;
        if (kept && rng.chance(0.3)) c.location = kept;
        model.set(id, c);
        store.putLocal(c, [], row.rid, i + 1, ref.calendar);
        // A second optimistic write (another pending command): the point follows.
        if (rng.chance(0.3)) {
          const again: GridEvent = { ...c };
          if (rng.chance(0.5)) again.location = randomPoint(rng);
          else delete again.location;
          model.set(id, again);
          store.putLocal(again, [], row.rid, i + 1, ref.calendar);
        }
      } else {
        const c = make(`new${i}`, 'reported');
        model.set(c.id, c);
        store.putLocal(c, [], null, i + 1, ref.calendar);
      }
    }
  });
  return { store, ref, model, close: () => db.close() };
}
