/**
 * The base grid (一张基础网格), end to end against the real relay and simulator: the admin imports a new
 * division with a gap → the gap is named and drawn → the fixed file passes → it is filed (备案) → a second
 * workstation shows the new division and its new grid without a reload.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.js';
import { grantAccess, startStreet, startWorkstation } from './harness/stack.js';
import { AppPage } from './pages/app.js';
import { createDemoDivision } from '../shared/demo/geometry.js';
import { localDay } from '../shared/calendar/localDay.js';
import { createDemoRefData } from '../shared/demo/refData.js';
import { chooseOption } from './pages/select.js';

const NEW_CODE = '440111010001101';

/** The demo division as a GIS export would give it: one feature per grid with code/name/community/worker attributes. */
function writeDivisionFile(dir: string, name: string, opts: { dropCode?: string; renumber?: boolean }): string {
  const division = createDemoDivision();
  const communityCode = new Map(createDemoRefData().communities.map((c) => [c.id, c.code]));
  const features = division.grids
    .filter((g) => g.code !== opts.dropCode)
    .map((g) => {
      const renamed = opts.renumber && g.code === '440111010001001';
      return {
        type: 'Feature',
        properties: {
          WGBM: renamed ? NEW_CODE : g.code,
          WGMC: renamed ? '黄石东新建网格' : g.name,
          SQBM: communityCode.get(g.communityId ?? ''),
          WGY: g.gridWorkerId ?? null,
        },
        geometry: g.boundary,
      };
    });
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  return file;
}

async function importFile(page: Page, file: string, day: string): Promise<void> {
  await page.locator('[data-testid="division-import-drawer"] input[type="file"]').setInputFiles(file);
  await expect(page.getByTestId('division-file-loaded')).toContainText(path.basename(file));
  await chooseOption(page, 'division-crs', 'CGCS2000');
  for (const [field, attr] of [
    ['codeField', 'WGBM'],
    ['nameField', 'WGMC'],
    ['communityField', 'SQBM'],
    ['gridWorkerField', 'WGY'],
  ] as const) {
    await chooseOption(page, `division-${field}`, attr);
  }
  const date = page.getByTestId('division-effective');
  await date.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(day);
  await page.keyboard.press('Enter');
  await page.getByTestId('division-check').click();
}

test('import a division with a gap, see it named and drawn, fix it, file it, and a second workstation follows live', async ({ page, shot, browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'division-'));
  const gapped = writeDivisionFile(dir, 'gap.geojson', { dropCode: '440111010002003', renumber: true });
  const fixed = writeDivisionFile(dir, 'fixed.geojson', { renumber: true });
  const today = localDay(Date.now(), { utcOffsetMinutes: 480 });

  // A street of its own: filing retires a grid, which the other tests' street must keep.
  const street = await startStreet();
  const station = await startWorkstation(street.relayUrl);
  const app = new AppPage(page, station.url);
  // A second workstation, a dispatcher looking at the base grid.
  const other = await startWorkstation(street.relayUrl);
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await grantAccess(ctx);
  const page2 = await ctx.newPage();
  const app2 = new AppPage(page2, other.url);
  try {
    await app2.open();
    await app2.login('dispatcher');
    await app2.open('#/grid');
    await expect(page2.getByTestId('division-in-force')).toContainText('第 1 版');
    await expect(page2.getByTestId('division-map')).toHaveAttribute('data-grids', '150');
    await expect(page2.getByTestId('division-import')).toHaveCount(0);

    await app.open();
    await app.login('admin');
    await app.open('#/grid');
    await expect(page.getByTestId('division-in-force')).toContainText('第 1 版');
    await page.getByTestId('division-import').click();

    // The gap: named (with the grids around it), drawn on the preview map, and filing is impossible.
    await importFile(page, gapped, today);
    await expect(page.getByTestId('division-problems-head')).toBeVisible();
    const gap = page.locator('[data-testid="division-problem"][data-kind="gap"]');
    await expect(gap.first()).toContainText('未划入任何网格');
    await expect(gap.first()).toContainText('440111010002');
    await expect(page.getByTestId('division-preview-map')).not.toHaveAttribute('data-problems', '0');
    await expect(page.getByTestId('division-file-submit')).toBeDisabled();
    await gap.first().click();
    await shot('division-gap');

    // Fixed: no problem left, filed.
    await importFile(page, fixed, today);
    await expect(page.getByTestId('division-valid')).toContainText('150');
    await page.getByTestId('division-file-submit').click();
    await expect(page.getByText('已备案第 2 版网格划分')).toBeVisible();
    await expect(page.getByTestId('division-in-force')).toContainText('第 2 版');

    // The other workstation follows without a reload: the new division, the renumbered grid.
    await expect(page2.getByTestId('division-in-force')).toContainText('第 2 版');
    await page2.getByTestId('division-search').locator('input').fill(NEW_CODE);
    await expect(page2.getByTestId('division-grids')).toContainText('黄石东新建网格');
    await shot('division-second-workstation', page2);
  } finally {
    await ctx.close();
    await other.close();
    await station.close();
    await street.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
