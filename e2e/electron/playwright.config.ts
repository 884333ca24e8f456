/**
 * Electron end-to-end tests on their own: `npx playwright test -c e2e/electron/playwright.config.ts`
 * (under `xvfb-run` on Linux). They skip, with the reason, when no Electron binary is available.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // One Electron at a time: each test starts its own app, core host and profile.
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
