/**
 * The district link on the workstation, against a real relay and a real district simulator: while the
 * platform answers, nothing waits; when it fails, the workstation's sync status says so with the cases
 * whose forwards wait (未送达区级平台) and since when; when it answers again, the forwards are delivered and
 * the status clears. A relay without a platform says 'off'. A malformed status from the relay is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { DistrictLink } from '../../../shared/protocol.js';
import { startDistrictSim } from '../../../relay/district-sim/sim.js';
import { districtLinkOf, DistrictLinkMonitor } from '../../../relay/districtLink.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { startTestRelay } from '../testing/relayTestkit.js';
import { ok, reportCommand, tempDir, waitForSync, waitSettled } from '../testing/testkit.js';

const WEBHOOK = 'district-link-test-secret-0123';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function stack(withDistrict: boolean) {
  const sim = withDistrict
    ? await startDistrictSim({
        port: 0,
        relayUrl: 'http://127.0.0.1:9',
        webhookSecret: WEBHOOK,
        ref: createDemoRefData(),
        rate: 0,
        reports: false,
        speed: 1,
        log: () => {},
      })
    : null;
  if (sim) cleanups.push(() => sim.close());
  const relay = await startTestRelay({ webhookSecret: WEBHOOK, districtUrl: sim ? sim.url : 'none', outboxBaseMs: 20, outboxCapMs: 100 });
  cleanups.push(() => relay.close());
  const core: Core = createCore({ dataDir: tempDir(), relayUrl: relay.url, log: memoryLogger(), validateOutput: true });
  cleanups.push(() => core.close());
  ok(await core.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
  await waitSettled(core);
  return { sim, relay, core };
}

describe('district link', () => {
  it('names the cases whose forwards wait while the platform fails, and clears when it answers again', async () => {
    const { sim, core } = await stack(true);
    const okNow = await waitForSync(core, (s) => s.district?.state === 'ok', { label: 'district ok' });
    expect(okNow.district).toMatchObject({ pending: 0, pendingCaseIds: [] });

    sim!.failCommands(1_000_000, 503);
    const report = reportCommand();
    ok(await core.call('command.submit', { command: report }));
    const failing = await waitForSync(
      core,
      (s) => s.district?.state === 'failing' && (s.district.pendingCaseIds ?? []).includes(report.caseId),
      {
        label: 'district failing',
      },
    );
    expect(failing.district!.pending).toBeGreaterThanOrEqual(1);
    expect(failing.district!.failingSince).toBeTypeOf('number');
    expect(failing.district!.lastError).toContain('503');
    // The workstation's own push went through: only the district is behind.
    expect(failing.outboxSize).toBe(0);

    sim!.failCommands(0);
    const back = await waitForSync(core, (s) => s.district?.state === 'ok', { label: 'district ok again', timeoutMs: 20_000 });
    expect(back.district).toMatchObject({ pending: 0, pendingCaseIds: [] });
    expect(back.district!.failingSince).toBeUndefined();
    expect(sim!.received.some((f) => f.event.caseId === report.caseId)).toBe(true);
  });

  it("says 'off' when the relay forwards to no platform, and nothing while disconnected", async () => {
    const { core, relay } = await stack(false);
    const s = await waitForSync(core, (x) => x.district !== undefined, { label: 'district status' });
    expect(s.district).toMatchObject({ state: 'off', pending: 0 });
    await relay.close();
    const off = await waitForSync(core, (x) => x.connection !== 'online' && x.connection !== 'syncing', { label: 'disconnected' });
    expect(off.district).toBeUndefined();
  });

  it('is computed from the outbox and the last answers; the schema refuses a malformed status', async () => {
    const at = 1_800_000_000_000;
    expect(districtLinkOf({ pending: 0, caseIds: [] }, null, at).state).toBe('off');
    expect(districtLinkOf({ pending: 0, caseIds: [] }, { failingSince: at - 5 }, at)).toEqual({
      state: 'ok',
      pending: 0,
      pendingCaseIds: [],
      at,
    });
    expect(districtLinkOf({ pending: 2, caseIds: ['a'] }, {}, at).state).toBe('pending');
    expect(districtLinkOf({ pending: 2, caseIds: ['a'] }, { failingSince: at - 5, lastError: 'HTTP 503' }, at)).toMatchObject({
      state: 'failing',
      failingSince: at - 5,
    });
    expect(DistrictLink.safeParse({ state: 'broken', pending: 0, pendingCaseIds: [], at }).success).toBe(false);
    expect(DistrictLink.safeParse({ state: 'ok', pending: -1, pendingCaseIds: [], at }).success).toBe(false);
    expect(
      DistrictLink.safeParse({ state: 'ok', pending: 1, pendingCaseIds: Array.from({ length: 501 }, (_, i) => `c${i}`), at }).success,
    ).toBe(false);
  });

  it('tells the sockets only when the status changed', async () => {
    let pending = { pending: 0, caseIds: [] as string[] };
    const told: DistrictLink[] = [];
    const m = new DistrictLinkMonitor(
      { pendingCases: async () => pending },
      {},
      (l) => told.push(l),
      () => undefined,
      0,
    );
    await m.compute();
    await m.compute();
    expect(told).toEqual([]);
    pending = { pending: 1, caseIds: ['case-1'] };
    await m.compute();
    await m.compute();
    expect(told.map((l) => l.state)).toEqual(['pending']);
    m.close();
  });
});
