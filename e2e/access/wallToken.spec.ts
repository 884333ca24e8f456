/// <reference lib="dom" />
/**
 * The read-only wall token in Debian Chromium against the real stack (demo street): whatever route it is
 * opened on, it shows the wall display and nothing else, and no resident's name or full phone number
 * appears anywhere in the page, on any panel. The residents are the reporters of every case the relay
 * holds, read through a staff session of the same workstation.
 */
import { test, expect } from '../fixtures.js';
import { startWorkstation } from '../harness/stack.js';
import { loginCore, ref } from '../stats/support.js';

const WALL_TOKEN = 'e2e-wall-access-token-0123456789';
const PANELS = ['figures', 'overdue', 'ranking', 'trend', 'hotspots', 'map', 'review'] as const;

test('the wall token opens the wall on every route and shows no resident’s name or phone number', async ({ street, browser }) => {
  test.setTimeout(300_000);
  const w = await startWorkstation(street.relayUrl, { wallToken: WALL_TOKEN });
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    // The workstation's own user is staff: the wall token must not borrow its rights.
    await loginCore(w.core, 'dispatcher');
    const list = await w.core.call('queue.list', { tab: 'all', limit: 500 }, {});
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.rows.length).toBeGreaterThan(20);
    const staffNames = new Set([...ref.users.map((u) => u.name), ...ref.gridWorkers.map((g) => g.name)]);
    const names = new Set<string>();
    const phones = new Set<string>();
    for (const row of list.value.rows) {
      const d = await w.core.call('case.get', { id: row.id }, {});
      if (!d.ok) throw new Error(d.error.message);
      const rep = d.value.case.reporter;
      if (rep?.name && Array.from(rep.name).length >= 2 && !staffNames.has(rep.name)) names.add(rep.name);
      if (rep?.phone && rep.phone.replace(/\D/g, '').length >= 7) phones.add(rep.phone.replace(/\D/g, ''));
    }
    expect(names.size).toBeGreaterThan(5);
    expect(phones.size).toBeGreaterThan(5);
    const leaks = (text: string) => {
      const digits = text.replace(/[\s-]/g, '');
      return [...[...names].filter((n) => text.includes(n)), ...[...phones].filter((p) => digits.includes(p))];
    };

    // No access cookie in this context: only the wall token.
    const page = await ctx.newPage();
    const someCase = list.value.rows[0]!.id;
    const routes = ['', '#/queue', `#/case/${encodeURIComponent(someCase)}`, '#/supervision', '#/stats', '#/assessment', '#/meeting', '#/reference', '#/wall'];
    for (const route of routes) {
      await page.goto(`${w.url}/?token=${WALL_TOKEN}&panel=overdue${route}`);
      await expect(page.getByTestId('wall-page'), route).toBeVisible();
      await expect(page.getByTestId('app-frame'), route).toHaveCount(0);
      await expect(page.getByTestId('wall-page')).not.toContainText('正在加载');
      await expect.poll(() => page.evaluate(() => location.hash), { message: route }).toBe('#/wall');
      expect(leaks(await page.evaluate(() => document.body.innerText)), route).toEqual([]);
    }
    for (const p of PANELS) {
      await page.goto(`${w.url}/?token=${WALL_TOKEN}&panel=${p}#/wall`);
      await expect(page.getByTestId(`wall-panel-${p}`)).toBeVisible();
      await expect(page.getByTestId('wall-page')).not.toContainText('正在加载');
      expect(leaks(await page.evaluate(() => document.body.innerText)), p).toEqual([]);
      expect(leaks(await page.content()), `${p} (markup)`).toEqual([]);
    }
    // The same wall, by the short link the start banner prints (/wall?token=…).
    await page.goto(`${w.url}/wall?token=${WALL_TOKEN}`);
    await expect(page.getByTestId('wall-page')).toBeVisible();
    await expect(page.getByTestId('app-frame')).toHaveCount(0);
  } finally {
    await ctx.close();
    await w.close();
  }
});
