/**
 * Playwright fixtures: one real street (relay + district simulator) per worker, one fresh workstation
 * (core + browser host) per test, page objects, and screenshots saved under artifacts/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startStreet, startWorkstation, type Street, type Workstation } from './harness/stack.js';
import { AppPage } from './pages/app.js';

export const SHOTS = path.resolve('artifacts/screenshots');

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
