/**
 * The wall role is answered by the core with residents' personal data masked, whatever page asks (real
 * relay with the demo street, real SQLite cache, real sockets): queue rows without house numbers or phone
 * numbers, reference data with masked phones, and no case details, outbox, presence or assessment inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelayHandle } from '../../../relay/server.js';
import { maskAddress, maskPhone, maskText } from '../../../shared/assessment/mask.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { startTestRelay } from '../testing/relayTestkit.js';
import { ok, tempDir, waitSettled } from '../testing/testkit.js';

let relay: RelayHandle;
let core: Core;
const WALL = { roleCap: 'wall' as const };

beforeAll(async () => {
  relay = await startTestRelay({ dataDir: tempDir('relay-'), demo: true, demoDays: 5, demoCasesPerDay: 30 });
  core = createCore({ dataDir: tempDir(), relayUrl: relay.url, log: memoryLogger(), validateOutput: true });
  ok(await core.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
  await waitSettled(core, relay.hub.head, 120_000);
}, 180_000);
afterAll(async () => {
  await core.close();
  await relay.close();
});

describe('the wall role', () => {
  it('gets queue rows with addresses and titles masked by the core', async () => {
    const staff = ok(await core.call('queue.list', { tab: 'all', limit: 500 }));
    const wall = ok(await core.call('queue.list', { tab: 'all', limit: 500 }, WALL));
    expect(wall.rows.length).toBe(staff.rows.length);
    expect(wall.rows.length).toBeGreaterThan(50);
    // The demo street has house numbers in its addresses: the wall never sees one.
    expect(staff.rows.some((r) => maskAddress(r.address) !== r.address)).toBe(true);
    staff.rows.forEach((r, i) => {
      const w = wall.rows[i]!;
      expect(w.id).toBe(r.id);
      expect(w.address).toBe(maskAddress(r.address));
      expect(w.title).toBe(maskText(r.title));
      expect(w.address).not.toMatch(/\d+\s*号/);
    });
    expect(wall.total).toBe(staff.total);
  });

  it("cannot look cases up by a resident's phone number (staff can)", async () => {
    const staff = ok(await core.call('queue.list', { tab: 'all', limit: 500 }));
    let phone: string | undefined;
    for (const r of staff.rows) {
      phone = ok(await core.call('case.get', { id: r.id })).case.reporter?.phone;
      if (phone) break;
    }
    expect(phone).toBeDefined();
    const byPhone = ok(await core.call('queue.list', { tab: 'all', limit: 500, q: phone! }));
    expect(byPhone.total).toBeGreaterThan(0);
    expect(byPhone.total).toBeLessThan(staff.total);
    // For the wall the phone term is dropped: the answer says nothing about who called.
    const wall = ok(await core.call('queue.list', { tab: 'all', limit: 500, q: phone! }, WALL));
    expect(wall.total).toBe(staff.total);
  });

  it('gets drill-down rows masked the same way', async () => {
    const period = { from: Date.now() - 10 * 86_400_000, to: Date.now() };
    const staff = ok(await core.call('stats.drill', { period, metricId: 'reported' }));
    const wall = ok(await core.call('stats.drill', { period, metricId: 'reported' }, WALL));
    expect(wall.map((r) => r.id)).toEqual(staff.map((r) => r.id));
    expect(wall.map((r) => r.address)).toEqual(staff.map((r) => maskAddress(r.address)));
  });

  it('gets reference data with phone numbers masked', async () => {
    const staff = ok(await core.call('ref.get', {}));
    const wall = ok(await core.call('ref.get', {}, WALL));
    expect(staff.departments.some((d) => d.phone)).toBe(true);
    wall.departments.forEach((d, i) =>
      expect(d.phone).toBe(staff.departments[i]!.phone === undefined ? undefined : maskPhone(staff.departments[i]!.phone)),
    );
    wall.gridWorkers.forEach((w, i) =>
      expect(w.phone).toBe(staff.gridWorkers[i]!.phone === undefined ? undefined : maskPhone(staff.gridWorkers[i]!.phone)),
    );
    expect(wall.communities).toEqual(staff.communities);
  });

  it('is refused case details (reporter name and phone), the outbox, presence and assessment inputs, in Chinese', async () => {
    const id = ok(await core.call('queue.list', { tab: 'all', limit: 1 })).rows[0]!.id;
    const detail = ok(await core.call('case.get', { id }));
    expect(detail.case.id).toBe(id);
    for (const [method, input] of [
      ['case.get', { id }],
      ['outbox.list', {}],
      ['presence.list', {}],
      ['presence.open', { caseId: id }],
      ['assessment.inputs', { period: { from: 0, to: 1 } }],
      ['sync.now', {}],
    ] as const) {
      const r = await core.call(method, input, WALL);
      expect(r.ok, method).toBe(false);
      if (!r.ok) {
        expect(r.error.code, method).toBe('FORBIDDEN');
        expect(r.error.message, method).toBe('当前角色（会议大屏）无权执行此操作');
      }
    }
    // The reads the wall display needs still answer.
    for (const [method, input] of [
      ['sync.status', {}],
      ['assessment.list', {}],
      ['stats.query', { period: { from: Date.now() - 86_400_000, to: Date.now() }, groupBy: 'none' }],
    ] as const)
      expect((await core.call(method, input, WALL)).ok, method).toBe(true);
  });
});
