/**
 * Maintaining the base grid's lists on the 基础网格 page, end to end against the real relay: the admin
 * renames a grid, adds a grid worker, moves one to another grid (warned that the grid it leaves has no
 * full-time worker any more) and renames a community; a second workstation shows each change without a
 * reload; a dispatcher sees the lists but no maintenance controls, and the relay refuses their edit.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from './fixtures.js';
import { grantAccess, startStreet, startWorkstation } from './harness/stack.js';
import { AppPage } from './pages/app.js';
import { chooseOption } from './pages/select.js';
import { createDemoRefData } from '../shared/demo/refData.js';

const ref = createDemoRefData();

test('an admin keeps grid names, grid workers and communities; a second workstation follows live', async ({ page, shot, browser }) => {
  const grid = ref.grids.find((g) => g.code === '440111010001002')!;
  const target = ref.grids.find((g) => g.code === '440111010002001')!;
  const mover = ref.gridWorkers.find((w) => w.gridId === grid.id && w.kind === 'worker')!;
  const community = ref.communities[0]!;

  // A street of its own: the lists it changes are the other tests' too.
  const street = await startStreet();
  const station = await startWorkstation(street.relayUrl);
  const other = await startWorkstation(street.relayUrl);
  const app = new AppPage(page, station.url);
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await grantAccess(ctx);
  const page2 = await ctx.newPage();
  const app2 = new AppPage(page2, other.url);
  try {
    await app2.open();
    await app2.login('dispatcher');
    await app2.open('#/grid');
    await expect(page2.getByTestId('division-map')).toHaveAttribute('data-grids', '150');
    await expect(page2.getByTestId('division-registry')).toHaveCount(0);
    await expect(page2.getByTestId(`grid-rename-${grid.code}`)).toHaveCount(0);
    // A dispatcher's own workstation API refuses the edit (the relay checks the role, not the screen).
    const refused = await other.core.call('ref.update', { change: { section: 'grids', value: ref.grids } }, {});
    expect(refused.ok).toBe(false);

    await app.open();
    await app.login('admin');
    await app.open('#/grid');
    await expect(page.getByTestId('division-map')).toHaveAttribute('data-grids', '150');

    // Rename a grid: an empty name is refused in the form; the new name reaches the other workstation.
    await page.getByTestId('division-search').locator('input').fill(grid.code);
    await page.getByTestId(`grid-rename-${grid.code}`).click();
    const nameInput = page.getByTestId('grid-name-input');
    await nameInput.fill('  ');
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('请填写名称')).toBeVisible();
    await nameInput.fill('黄石东花园网格');
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText(/已保存（日志序号 \d+）/)).toBeVisible();
    await expect(page.getByTestId('division-grids')).toContainText('黄石东花园网格');
    await page2.getByTestId('division-search').locator('input').fill(grid.code);
    await expect(page2.getByTestId('division-grids')).toContainText('黄石东花园网格');

    // Add a grid worker to the renamed grid.
    await page.getByTestId('division-registry').click();
    const drawer = page.getByTestId('registry-drawer');
    await drawer.getByTestId('worker-add').click();
    await page.getByTestId('worker-name').fill('黄小梅');
    await page.getByTestId('worker-phone').fill('abc');
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('电话号码只能包含数字、空格和“-”')).toBeVisible();
    await page.getByTestId('worker-phone').fill('020-8888 6666');
    await chooseOption(page, 'worker-grid', grid.code, { type: true });
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.getByTestId('worker-form')).toHaveCount(0);
    await drawer.getByTestId('worker-search').locator('input').fill('黄小梅');
    await expect(drawer.getByTestId('worker-table')).toContainText('黄小梅');
    await expect(drawer.getByTestId('worker-table')).toContainText('黄石东花园网格');

    // Move the grid's original worker to another grid: with the new worker the grid stays manned.
    await drawer.getByTestId('worker-search').locator('input').fill(mover.name);
    await drawer.getByTestId(`worker-edit-${mover.id}`).click();
    await chooseOption(page, 'worker-grid', target.code, { type: true });
    await expect(page.getByTestId('worker-unmanned')).toHaveCount(0);
    await shot('registry-worker-form');
    await page.getByRole('button', { name: '保存' }).click();
    await expect(drawer.getByTestId('worker-table')).toContainText(target.name);

    // Rename a community.
    await drawer.getByTestId('registry-tab-communities').click();
    await drawer.getByTestId(`community-rename-${community.id}`).click();
    await page.getByTestId('community-name-input').fill(`${community.name}（新）`);
    await page.getByRole('button', { name: '保存' }).click();
    await expect(drawer.getByTestId('community-table')).toContainText(`${community.name}（新）`);
    await shot('registry-communities');

    // The other workstation: each grid shows its first full-time worker of the maintained list.
    const after = [...ref.gridWorkers.map((w) => (w.id === mover.id ? { ...w, gridId: target.id } : w)), { name: '黄小梅', gridId: grid.id, kind: 'worker' }];
    const firstWorker = (gridId: string) => after.find((w) => w.gridId === gridId && w.kind === 'worker')!.name;
    await expect(page2.getByTestId('division-grids')).toContainText(firstWorker(grid.id));
    await page2.getByTestId('division-search').locator('input').fill(target.code);
    await expect(page2.getByTestId('division-grids')).toContainText(firstWorker(target.id));
    const refNow = await other.core.call('ref.get', {}, {});
    expect(refNow.ok && refNow.value.communities.find((c) => c.id === community.id)?.name).toBe(`${community.name}（新）`);
    expect(refNow.ok && refNow.value.gridWorkers.find((w) => w.id === mover.id)?.gridId).toBe(target.id);
    expect(refNow.ok && refNow.value.gridWorkers.some((w) => w.name === '黄小梅' && w.gridId === grid.id && w.phone === '020-8888 6666')).toBe(true);
  } finally {
    await ctx.close();
    await other.close();
    await station.close();
    await street.close();
  }
});

test('an admin sets a basemap tile service: the maps draw its tiles through the core, and say so when it is gone', async ({ page, shot }) => {
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const hits: string[] = [];
  const tiles = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(PNG);
  });
  await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', () => r()));
  const tileUrl = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/t/{z}/{x}/{y}.png`;
  const street = await startStreet();
  const station = await startWorkstation(street.relayUrl);
  const app = new AppPage(page, station.url);
  try {
    await app.open();
    await app.login('admin');
    await app.open('#/grid');
    const map = page.getByTestId('division-map');
    await expect(map).toHaveAttribute('data-tiles', 'none');
    expect(hits).toEqual([]);

    // A template without {y} is named in the form and not saved.
    await page.getByTestId('division-basemap').click();
    await page.getByTestId('basemap-label').fill('区政务底图（测试）');
    await page.getByTestId('basemap-url').fill('http://127.0.0.1:1/t/{z}/{x}.png');
    await page.getByTestId('basemap-save').click();
    await expect(page.getByText('地址须包含 {y}（瓦片层级与行列号）')).toBeVisible();
    await page.getByTestId('basemap-url').fill(tileUrl);
    await page.getByTestId('basemap-save').click();
    await expect(page.getByTestId('division-basemap-current')).toContainText('区政务底图（测试）');
    await expect(map).toHaveAttribute('data-tiles', 'loaded');
    // The page never asked the tile service itself: every tile came through the core.
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => /^\/t\/\d+\/\d+\/\d+\.png$/.test(h))).toBe(true);
    await shot('basemap-loaded');

    // The service is gone and the map moves to tiles it never cached: the note says so.
    await new Promise<void>((r) => tiles.close(() => r()));
    await page.getByTestId('division-basemap').click();
    await page.getByTestId('basemap-url').fill('http://127.0.0.1:9/none/{z}/{x}/{y}.png');
    await page.getByTestId('basemap-save').click();
    await expect(map).toHaveAttribute('data-tiles', 'failed');
    await expect(map.getByRole('status')).toContainText('底图服务无法访问');

    // Cleared: the plain background again.
    await page.getByTestId('division-basemap').click();
    await page.getByTestId('basemap-clear').click();
    await expect(page.getByTestId('division-basemap-current')).toHaveText('无底图');
    await expect(map).toHaveAttribute('data-tiles', 'none');
  } finally {
    tiles.close();
    await station.close();
    await street.close();
  }
});
