/**
 * Browser end-to-end tests: Debian Chromium against the REAL relay, district simulator, workstation core
 * and browser host (started in-process by e2e/fixtures.ts). e2e/electron has its own config
 * (e2e/electron/playwright.config.ts); e2e/dev holds dev-only tools, not tests.
 */
import { defineConfig } from '@playwright/test';

/**
 * E2E_CPU_THROTTLE=N (e2e/dev/throttled.sh): pages run N times slower, so every upper bound scales with
 * it (as Playwright's own test.slow() does); nothing waits longer on a normal run.
 */
const slow = Math.max(1, Number(process.env.E2E_CPU_THROTTLE ?? '') || 1);

export default defineConfig({
  testDir: 'e2e',
  testIgnore: ['electron/**', 'dev/**'],
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/globalSetup.ts',
  // Two cores on this machine: one worker, each test with its own workstation.
  workers: 1,
  fullyParallel: false,
  timeout: 180_000 * slow,
  expect: { timeout: 20_000 * slow },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results/web',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    viewport: { width: 1600, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
