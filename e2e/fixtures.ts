/**
 * Playwright fixtures: one real street (relay + district simulator) per worker, one fresh workstation
 * (core + browser host) per test, page objects, and screenshots saved under artifacts/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { grantAccess, startStreet, startWorkstation, type Street, type Workstation } from './harness/stack.js';
import { AppPage } from './pages/app.js';

export const SHOTS = path.resolve('artifacts/screenshots');

/**
 * E2E_CPU_THROTTLE=N slows every page's CPU N times (Chromium's own throttling, over CDP), for runs on a
 * "slowed machine" (e2e/dev/throttled.sh also pins the whole run to one busy core). Unset: no throttling.
 */
/** How many times slower pages run (E2E_CPU_THROTTLE, default 1): explicit upper bounds scale with it. */
export const SLOW = Math.max(1, Number(process.env.E2E_CPU_THROTTLE ?? '') || 1);

export async function applyCpuThrottle(page: Page): Promise<void> {
  const rate = Number(process.env.E2E_CPU_THROTTLE ?? '');
  if (!Number.isFinite(rate) || rate <= 1) return;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

export const test = base.extend<
  { station: Workstation; app: AppPage; shot: (name: string, p?: Page) => Promise<void> },
  { street: Street }
>({
  street: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const s = await startStreet();
      await use(s);
      await s.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  station: async ({ street }, use) => {
    const w = await startWorkstation(street.relayUrl);
    await use(w);
    await w.close();
  },
  context: async ({ context }, use) => {
    await grantAccess(context);
    await use(context);
  },
  page: async ({ page }, use) => {
    await applyCpuThrottle(page);
    await use(page);
  },
  app: async ({ page, station }, use) => {
    await use(new AppPage(page, station.url));
  },
  shot: async ({ page }, use) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await use(async (name, p = page) => {
      await p.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    });
  },
});

export { expect };
