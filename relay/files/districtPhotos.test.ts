/** The district simulator's photos reach the relay's store and its reports name them (issue 15.2). */
import { afterAll, expect, it } from 'vitest';
import { startDistrictSim, type DistrictSim } from '../district-sim/sim.js';
import { startRelay, type RelayHandle } from '../server.js';
import { removeTempDirs, tempDir, testRelayOptions, TEST_WEBHOOK_SECRET, waitUntil } from '../testing/testkit.js';

let relay: RelayHandle | undefined;
let sim: DistrictSim | undefined;
afterAll(async () => {
  await sim?.close();
  await relay?.close();
  removeTempDirs();
});

it('uploads real photos once and attaches them by sha256 to grid reports', async () => {
  relay = await startRelay(testRelayOptions(tempDir()));
  sim = await startDistrictSim({
    port: 0,
    relayUrl: relay.url,
    webhookSecret: TEST_WEBHOOK_SECRET,
    rate: 40,
    maxChanges: 30,
    speed: 1,
    log: () => {},
  });
  const r = relay;
  let found: { sha256?: string; mime?: string } | undefined;
  await waitUntil(async () => {
    for (const e of await r.store.readLog(0, 10_000))
      if (e.kind === 'case' && e.event.type === 'reported') {
        const atts = (e.event.data as { attachments?: Array<{ sha256?: string; mime?: string }> }).attachments ?? [];
        found = atts.find((a) => a.sha256 !== undefined) ?? found;
      }
    return found !== undefined;
  }, 'a report with a stored photo');
  expect(found?.mime).toBe('image/jpeg');
  const file = await r.files.read(found!.sha256!);
  expect(file?.mime).toBe('image/jpeg');
  expect((await r.files.read(found!.sha256!, 'thumb'))?.mime).toBe('image/webp');
});
