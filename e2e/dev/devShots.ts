/** DEV-ONLY: screenshots of the main screens against the fake host (`npx tsx e2e/dev/devShots.ts`). */
import { chromium } from '@playwright/test';
import { startFakeHost } from './fakeHost.js';

const host = await startFakeHost({ cases: 400 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') console.log('console:', m.type(), m.text().slice(0, 300));
});
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(host.url);
await page.getByTestId('login-username').fill(process.argv[2] ?? 'dispatcher');
await page.getByTestId('login-password').fill('grid2026');
await page.screenshot({ path: '/tmp/dev-login.png' });
await page.getByTestId('login-submit').click();
await page.getByTestId('queue-row').first().waitFor();
await page.screenshot({ path: '/tmp/dev-queue.png' });
await page.keyboard.press('j');
await page.keyboard.press('j');
await page.keyboard.press('Enter');
await page.getByTestId('case-workbench').waitFor();
await page.screenshot({ path: '/tmp/dev-case.png', fullPage: false });
await page.getByTestId('nav-supervision').click();
await page.getByTestId('supervision-page').waitFor();
await page.screenshot({ path: '/tmp/dev-supervision.png' });
await page.getByTestId('nav-reference').click();
await page.getByTestId('reference-page').waitFor();
await page.screenshot({ path: '/tmp/dev-reference.png' });
await browser.close();
await host.close();
