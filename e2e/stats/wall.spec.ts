/// <reference lib="dom" />
/**
 * 会议大屏 in Debian Chromium against the real stack, opened standalone with the read-only wall token.
 * Demo street: every panel at 1920x1080 and 3840x2160 (screenshots), nothing scrolls, body text ≥ 28 px
 * and key figures ≥ 72 px on the design canvas, ≤ 7 items per list, panels rotate on their own.
 * Empty street: live updates without reload (a bounced case via the changes stream, an overdue case via
 * the clock), masking of personal data, and the lost-link notice.
 */
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures.js';
import { startWorkstation, type Street, type Workstation } from '../harness/stack.js';
import { CGK, centre, GRID, GW, loginCore, ref, shotPath, startEmptyStreet, waitStatus } from './support.js';

const WALL_TOKEN = 'e2e-wall-token-0123456789';
const PANELS = ['figures', 'overdue', 'ranking', 'trend', 'hotspots', 'map', 'review'] as const;

async function wallStation(relayUrl: string): Promise<Workstation> {
  const w = await startWorkstation(relayUrl, { wallToken: WALL_TOKEN });
  await loginCore(w.core, 'wall');
  return w;
}

/** Layout facts of the canvas, in design pixels (computed font sizes are not affected by the scale). */
async function layoutFacts(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="wall-canvas"]') as HTMLElement;
    let minFont = Infinity;
    let minFontText = '';
    const walker = document.createTreeWalker(canvas, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (!text || !el || el.getClientRects().length === 0) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < minFont) {
        minFont = size;
        minFontText = text;
      }
    }
    const figures = [...canvas.querySelectorAll('[data-testid^="wall-figure-value-"], [data-testid$="-total"]')].map((e) =>
      parseFloat(getComputedStyle(e).fontSize),
    );
    const lists = ['wall-overdue-row', 'wall-ranking-row', 'wall-hotspot-row', 'wall-bounced-row', 'wall-fallback-row'].map(
      (id) => canvas.querySelectorAll(`[data-testid="${id}"]`).length,
    );
    const r = canvas.getBoundingClientRect();
    const doc = document.scrollingElement!;
    return {
      minFont,
      minFontText,
      figures,
      lists,
      canvas: { w: r.width, h: r.height },
      scale: Number(canvas.dataset.scale),
      scrolls: doc.scrollHeight > window.innerHeight || doc.scrollWidth > window.innerWidth,
      overflowing: [...canvas.querySelectorAll('main *')].some((e) => {
        const b = e.getBoundingClientRect();
        return b.width > 0 && (b.right > r.right + 1 || b.bottom > r.bottom + 1);
      }),
    };
  });
}

test.describe('wall display on the demo street', () => {
  let station: Workstation;
  test.beforeAll(async ({ street }) => {
    station = await wallStation(street.relayUrl);
  });
  test.afterAll(async () => {
    await station?.close();
  });

  for (const [w, h] of [
    [1920, 1080],
    [3840, 2160],
  ] as const) {
    test(`every panel at ${w}x${h}: no scrolling, readable sizes, at most 7 items`, async ({ page }) => {
      await page.setViewportSize({ width: w, height: h });
      for (const p of PANELS) {
        await page.goto(`${station.url}/?token=${WALL_TOKEN}&panel=${p}#/wall`);
        await expect(page.getByTestId(`wall-panel-${p}`)).toBeVisible();
        await expect(page.getByTestId('wall-title')).toHaveText('黄石街社区网格化服务管理中心');
        await expect(page.getByTestId('wall-page')).not.toContainText('正在加载');
        const f = await layoutFacts(page);
        expect(f.scale).toBeCloseTo(w / 1920, 5);
        expect(f.canvas).toEqual({ w, h });
        expect(f.scrolls).toBe(false);
        expect(f.overflowing).toBe(false);
        expect(f.minFont, `smallest text: "${f.minFontText}"`).toBeGreaterThanOrEqual(28);
        for (const size of f.figures) expect(size).toBeGreaterThanOrEqual(72);
        for (const n of f.lists) expect(n).toBeLessThanOrEqual(7);
        await page.screenshot({ path: shotPath(`wall-${p}-${w}x${h}`) });
      }
    });
  }

  test('shows the title bar with date and a live clock, and rotates panels by itself at ?pace', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${station.url}/?token=${WALL_TOKEN}&pace=3#/wall`);
    await expect(page.getByTestId('wall-panel-title')).toHaveText('关键指标');
    await expect(page.getByTestId('wall-date')).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 星期[日一二三四五六]$/);
    const first = await page.getByTestId('wall-clock').textContent();
    await expect(page.getByTestId('wall-clock')).not.toHaveText(first ?? '');
    await expect(page.getByTestId('wall-panel-title')).toHaveText('超期案件', { timeout: 10_000 });
    await expect(page.getByTestId('wall-panel-title')).toHaveText('部门排名', { timeout: 10_000 });
  });

  test('the wall token is read-only: commands are refused', async ({ page }) => {
    await page.goto(`${station.url}/?token=${WALL_TOKEN}&panel=figures#/wall`);
    await expect(page.getByTestId('wall-panel-figures')).toBeVisible();
    const answer = await page.evaluate(async () => {
      const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/api`);
      await new Promise((r) => (ws.onopen = r));
      ws.send(JSON.stringify({ t: 'call', id: 'x', method: 'command.submit', input: { command: { type: 'sign', caseId: 'nope' } } }));
      return new Promise<string>((r) => (ws.onmessage = (m) => r(String(m.data))));
    });
    expect(JSON.parse(answer).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

test.describe('wall display live updates (empty street)', () => {
  let street: Street;
  let station: Workstation;
  let centreStation: Workstation;
  test.beforeAll(async () => {
    street = await startEmptyStreet();
    station = await wallStation(street.relayUrl);
    // The dispatchers work on their own workstation; the wall's core only reads.
    centreStation = await startWorkstation(street.relayUrl);
    await loginCore(centreStation.core, 'dispatcher');
  });
  test.afterAll(async () => {
    await centreStation?.close();
    await station?.close();
    await street?.close();
  });

  test('a bounced case appears without reload, with personal data masked', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${station.url}/?token=${WALL_TOKEN}&panel=review#/wall`);
    await expect(page.getByTestId('wall-bounced-total')).toHaveText('0');
    const id = `wl-${Date.now().toString(36)}`;
    const item = ref.catalog.find((c) => c.defaultDepartmentId === 'cgk')!;
    await street.district(GW, {
      type: 'report',
      caseId: id,
      source: 'grid_worker',
      title: '张三13812345678反映黄石东路12号噪音',
      description: '居民张三（电话 13812345678）反映黄石东路12号3栋夜间施工噪音。',
      address: '黄石东路12号3栋',
      communityId: GRID.communityId,
      gridId: GRID.id,
      catalogItemId: item.id,
      reporter: { name: '张三', phone: '13812345678' },
      attachments: [],
    });
    await waitStatus(centreStation.core, id, 'reported');
    await centre(centreStation.core, { type: 'accept', caseId: id, catalogItemId: item.id, grade: 'normal' });
    await centre(centreStation.core, { type: 'dispatch', caseId: id, leadDepartmentId: 'cgk', coDepartmentIds: [] });
    await waitStatus(centreStation.core, id, 'dispatched');
    await street.district(CGK, { type: 'bounce', caseId: id, reasonCode: 'not_our_duty', text: '非本单位职责' });
    const row = page.getByTestId('wall-bounced-row');
    await expect(row).toHaveCount(1);
    await expect(page.getByTestId('wall-bounced-total')).toHaveText('1');
    await expect(row).toContainText('138****5678');
    await expect(page.getByTestId('wall-page')).not.toContainText('13812345678');
    await expect(page.getByTestId('wall-page')).not.toContainText('12号');
    await page.screenshot({ path: shotPath('wall-live-bounced-1920x1080') });
  });

  test('a case going overdue appears without reload', async ({ page }) => {
    test.setTimeout(330_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${station.url}/?token=${WALL_TOKEN}&panel=overdue&refresh=5#/wall`);
    await expect(page.getByTestId('wall-overdue-total')).toHaveText('0');
    const id = `od-${Date.now().toString(36)}`;
    const item = ref.catalog.find((c) => c.limits.some((l) => l.grade === 'urgent' && l.natural))!;
    await street.district(GW, {
      type: 'report',
      caseId: id,
      source: 'grid_worker',
      title: '江夏北路打架斗殴需紧急处置',
      description: '现场有人员冲突。',
      address: '江夏北路32号旁',
      communityId: GRID.communityId,
      gridId: GRID.id,
      catalogItemId: item.id,
      attachments: [],
    });
    await waitStatus(centreStation.core, id, 'reported');
    await centre(centreStation.core, { type: 'accept', caseId: id, catalogItemId: item.id, grade: 'urgent' });
    // Urgent grades count natural time: a deadline a minute ahead (whole minutes, rounded down) goes overdue while the wall is watching.
    await centre(centreStation.core, {
      type: 'dispatch',
      caseId: id,
      leadDepartmentId: item.defaultDepartmentId,
      coDepartmentIds: [],
      // Two minutes ahead: the relay decides the pushed command again at its own time, which on a loaded
      // machine can be many seconds later than the local decision; a minute of margin keeps it acceptable.
      deadlineAt: Date.now() + 120_000,
    });
    await expect(page.getByTestId('wall-overdue-row')).toContainText('江夏北路打架斗殴需紧急处置', { timeout: 240_000 });
    await expect(page.getByTestId('wall-overdue-total')).toHaveText('1');
    await expect(page.getByTestId('wall-overdue-row')).toContainText(/超期 \d/);
    await page.screenshot({ path: shotPath('wall-live-overdue-1920x1080') });
  });

  test('a lost link shows discreetly in a corner with the time of the last update', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${station.url}/?token=${WALL_TOKEN}&panel=figures#/wall`);
    await expect(page.getByTestId('wall-figure-value-reported')).toBeVisible();
    await expect(page.getByTestId('wall-link-lost')).toHaveCount(0);
    await station.host.close();
    const notice = page.getByTestId('wall-link-lost');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveText(/连接中断 · 最后更新 \d{2}:\d{2}:\d{2}/);
    // The last figures stay on screen.
    await expect(page.getByTestId('wall-figure-value-reported')).toBeVisible();
    await page.screenshot({ path: shotPath('wall-link-lost-1920x1080') });
  });
});
