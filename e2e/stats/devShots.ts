/** DEV-ONLY: screenshots of the statistics screens against the real stack (`SHOTS=wall,stats npx tsx e2e/stats/devShots.ts`); writes /tmp/wdev. */
import { chromium } from '@playwright/test';
import { startStreet, startWorkstation } from '../harness/stack.js';

const street = await startStreet();
const ws = await startWorkstation(street.relayUrl, { wallToken: 'walltok' });
const r = await ws.core.call('session.login', { username: 'dispatcher', password: 'grid2026' }, {});
console.log('login', r.ok);
// wait for sync
for (let i = 0; i < 100; i++) {
  const s = await ws.core.call('sync.status', {}, {});
  if (s.ok && s.value.connection === 'online' && s.value.cursor >= (s.value.head ?? 1)) break;
  await new Promise((r) => setTimeout(r, 300));
}
const q = await ws.core.call('queue.list', { tab: 'all', limit: 1 }, {});
if (q.ok) console.log('cases', q.value.total, JSON.stringify(q.value.counts));
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
const shots = (process.env.SHOTS ?? 'wall').split(',');
for (const what of shots) {
  if (what === 'wall') {
    for (const [w, h, dpr] of [
      [1920, 1080, 1],
      [1920, 1080, 2],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: w, height: h }, deviceScaleFactor: dpr });
      page.on('pageerror', (e) => console.log('pageerror', e.message));
      page.on('console', (m) => m.type() === 'error' && console.log('console', m.text().slice(0, 300)));
      for (const p of (process.env.PANELS ?? 'figures,overdue,ranking,trend,hotspots,map,review').split(',')) {
        await page.goto(`${ws.url}/?token=walltok&panel=${p}#/wall`);
        await page.getByTestId(`wall-panel-${p}`).waitFor();
        await page.getByTestId('wall-title').waitFor();
        await page.waitForTimeout(2500);
        await page.screenshot({ path: `/tmp/wdev/wall-${p}-${dpr}x.png` });
      }
      await page.close();
      if (!process.env.HIDPI) break;
    }
  } else {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on('pageerror', (e) => console.log('pageerror', e.message));
    page.on('console', (m) => m.type() === 'error' && console.log('console', m.text().slice(0, 300)));
    await page.goto(`${ws.url}/#/${what}`);
    await page.waitForTimeout(1000);
    if (
      await page
        .getByTestId('login-username')
        .isVisible()
        .catch(() => false)
    ) {
      await page.getByTestId('login-username').fill('leader');
      await page.getByTestId('login-password').fill('grid2026');
      await page.getByTestId('login-submit').click();
    }
    await page.waitForTimeout(4000);
    await page.screenshot({ path: `/tmp/wdev/${what}.png`, fullPage: true });
    await page.close();
  }
}
await browser.close();
await ws.close();
await street.close();
process.exit(0);
