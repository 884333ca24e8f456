/**
 * case.nearby and queue.map through the core's dispatcher (a real cache with located cases, the saved
 * session of a dispatcher, no relay): input bounds, roles (nearby is staff-only; the wall gets the map
 * with titles masked), answers checked against their output schemas.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskText } from '../../../shared/assessment/mask.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { CENTRE, buildGeoFixture } from '../testing/geoFixtures.js';
import { ok, tempDir } from '../testing/testkit.js';

const USER = { id: 'u-dispatcher', username: 'dispatcher', name: '张敏', role: 'dispatcher', unitId: 'centre', active: true };
const WALL = { roleCap: 'wall' as const };
let core: Core;

beforeAll(() => {
  const dir = tempDir('geo-api-');
  const fx = buildGeoFixture(11, 300, 10, path.join(dir, 'workstation.db'));
  fx.store.setMeta('session', JSON.stringify({ user: USER }));
  fx.close();
  core = createCore({ dataDir: dir, relayUrl: 'http://127.0.0.1:9', log: memoryLogger(), validateOutput: true });
});
afterAll(async () => {
  await core.close();
});

describe('case.nearby', () => {
  it('answers the nearest located cases, nearest first, and excludes the given case', async () => {
    const all = ok(await core.call('case.nearby', { ...CENTRE, metres: 2000, openOnly: false, limit: 200 }));
    expect(all.length).toBeGreaterThan(20);
    for (let i = 1; i < all.length; i++) expect(all[i]!.metres).toBeGreaterThanOrEqual(all[i - 1]!.metres);
    expect(all.every((r) => r.metres <= 2000)).toBe(true);
    const open = ok(await core.call('case.nearby', { ...CENTRE, metres: 2000, limit: 200 }));
    expect(open.length).toBeLessThan(all.length);
    expect(open.every((r) => r.status !== 'closed' && r.status !== 'rejected')).toBe(true);
    const without = ok(await core.call('case.nearby', { ...CENTRE, metres: 2000, openOnly: false, limit: 200, excludeId: all[0]!.id }));
    expect(without.map((r) => r.id)).toEqual(all.slice(1).map((r) => r.id));
    expect(ok(await core.call('case.nearby', { ...CENTRE, metres: 2000, openOnly: false })).length).toBe(Math.min(50, all.length));
  });

  it('refuses out-of-range inputs in Chinese and the wall role', async () => {
    for (const bad of [{ metres: 0 }, { metres: 2001 }, { limit: 201 }, { limit: 0 }, { lon: 181 }, { lat: -91 }, { lon: Number.NaN }, { metres: Number.POSITIVE_INFINITY }]) {
      const r = await core.call('case.nearby', { ...CENTRE, metres: 100, ...bad });
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_INPUT');
        expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    const wall = await core.call('case.nearby', { ...CENTRE, metres: 100 }, WALL);
    expect(wall).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('queue.map', () => {
  it('answers the located cases of a tab with the unplaced count, capped', async () => {
    const list = ok(await core.call('queue.list', { tab: 'all', limit: 500 }));
    const map = ok(await core.call('queue.map', { tab: 'all' }));
    expect(map.ids.length + map.unplaced).toBe(list.total);
    expect(map.unplaced).toBeGreaterThan(0);
    expect(map.truncated).toBe(false);
    const capped = ok(await core.call('queue.map', { tab: 'all', limit: 10 }));
    expect([capped.ids.length, capped.truncated, capped.unplaced]).toEqual([10, true, map.unplaced]);
    expect((await core.call('queue.map', { tab: 'all', limit: 100_001 })).ok).toBe(false);
  });

  it('answers the wall with titles masked', async () => {
    const staff = ok(await core.call('queue.map', { tab: 'handling' }));
    const wall = ok(await core.call('queue.map', { tab: 'handling' }, WALL));
    expect(staff.ids.length).toBeGreaterThan(0);
    expect(wall.ids).toEqual(staff.ids);
    expect(wall.titles).toEqual(staff.titles.map(maskText));
  });
});
