/**
 * UI benchmark: the live queue in Chromium with 50,000 cases while it scrolls and 20 changes per second
 * arrive. Measures frame times (requestAnimationFrame deltas) and long tasks (PerformanceObserver
 * 'longtask'). Targets (issue 18): the queue's p95 frame within 0.5 ms of the same-run baseline's p95 (a
 * static list of the same geometry scrolled in the same browser), and no task over 50 ms — at full speed
 * and with Chromium's CPU throttled 3x (DevTools protocol Emulation.setCPUThrottlingRate, both the baseline
 * and the app), so a slower machine is reproduced on a fast one.
 *
 * The page is the production build (dist/renderer) served by the dev-only fake host (e2e/dev/fakeHost.ts),
 * which runs the real engine over an in-memory case set: this measures the renderer, not SQLite.
 * These machines are shared and rasterise in software, so each round also scrolls a static list of the same
 * size in the same browser (the baseline: what scrolling costs with no application at all), and the report
 * gives medians over rounds of both.
 * Run alone: `npx tsx bench/ui.ts [--throttle 1,3] [--rounds 3] [--profile out.cpuprofile]` (builds the
 * renderer into a temp folder first; BENCH_SKIP_BUILD=1 serves BENCH_STATIC_DIR or dist/renderer as they
 * are). --profile records the page's CPU profile (DevTools Profiler) during the first app round at the
 * highest throttle, for bench/profileSummary.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import { startFakeHost } from '../e2e/dev/fakeHost.js';

export interface UiBenchOptions {
  cases?: number;
  changesPerSecond?: number;
  /** Measured scrolling time per round, ms. */
  durationMs?: number;
  rounds?: number;
  /** Pixels scrolled per frame (24 px = 40 rows a second). */
  scrollStep?: number;
  skipBuild?: boolean;
  /** CPU throttling rates to run (Emulation.setCPUThrottlingRate; 1 = none). Default [1, 3]. */
  throttles?: number[];
  /** Write the page's CPU profile of the first app round at the highest throttle here. */
  profilePath?: string;
}

export interface FrameStats {
  frames: number;
  /** Share of frames that missed a vsync (delta over 1.5 frames of a 60 Hz display). */
  dropped: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  longTasks: number;
  longestTask: number;
}

/** The rounds of one CPU throttling rate. */
export interface UiThrottleResult {
  throttle: number;
  /** Median over rounds. */
  app: FrameStats;
  baseline: FrameStats;
  /** app p95 − baseline p95 (medians of the rounds), ms. */
  p95OverBaseline: number;
  /** Every round, for the record. */
  perRound: { app: FrameStats; baseline: FrameStats }[];
  pass: boolean;
}

export interface UiBenchResult {
  cases: number;
  changesPerSecond: number;
  durationMs: number;
  rounds: number;
  /** The unthrottled run's medians (as before issue 18). */
  app: FrameStats;
  baseline: FrameStats;
  byThrottle: UiThrottleResult[];
  changesApplied: number;
  targets: { p95OverBaselineMs: number; maxTaskMs: number };
  pass: boolean;
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const round2 = (n: number) => Math.round(n * 100) / 100;
/** One frame of a 60 Hz display. */
const FRAME_MS = 16.7;
/**
 * rAF deltas of on-time frames read 16.6-16.8 ms (timer resolution and vsync phase). A p95 within this much
 * of the same run's baseline p95 counts as "the app costs no frames at p95".
 */
const VSYNC_JITTER_MS = 0.5;
const MAX_TASK_MS = 50;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : 0;
};

/** Scrolls `selector` down and back for `durationMs`, recording rAF deltas and long tasks. */
async function measure(page: Page, selector: string, durationMs: number, step: number): Promise<FrameStats> {
  // tsx/esbuild names inner functions with a __name helper that does not exist in the page.
  await page.evaluate('globalThis.__name = (f) => f');
  const m = await page.evaluate(
    async ({ selector, durationMs, step }) => {
      const el = document.querySelector(selector) as HTMLElement;
      const longTasks: number[] = [];
      const po = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTasks.push(e.duration);
      });
      po.observe({ type: 'longtask', buffered: false });
      const deltas: number[] = [];
      let dir = 1;
      await new Promise<void>((resolve) => {
        let start = 0;
        let last = 0;
        const frame = (t: number) => {
          if (start === 0) start = last = t;
          else deltas.push(t - last);
          last = t;
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - step) dir = -1;
          if (el.scrollTop <= 0) dir = 1;
          el.scrollTop += dir * step;
          if (t - start < durationMs) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });
      // Long-task entries are delivered asynchronously: give the observer a moment.
      await new Promise((r) => setTimeout(r, 100));
      po.disconnect();
      return { deltas, longTasks };
    },
    { selector, durationMs, step },
  );
  const s = [...m.deltas].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
  return {
    frames: s.length,
    dropped: round2(s.length ? s.filter((d) => d > 1.5 * FRAME_MS).length / s.length : 0),
    p50: round2(at(50)),
    p95: round2(at(95)),
    p99: round2(at(99)),
    max: round2(s.at(-1) ?? 0),
    longTasks: m.longTasks.length,
    longestTask: round2(m.longTasks.length ? Math.max(...m.longTasks) : 0),
  };
}

/** A static list with the queue's geometry and CJK text: what scrolling costs without the app. */
function baselineHtml(): string {
  const rows = Array.from(
    { length: 40 },
    (_, i) =>
      `<div style="position:absolute;left:0;right:0;top:${i * 36}px;height:36px;display:grid;grid-template-columns:150px 1fr 100px 170px 88px 64px 112px 96px 92px 300px;align-items:center;border-bottom:1px solid #f0f2f5;font:13px 'Noto Sans CJK SC',sans-serif">` +
      `<div>SJ20261126-${String(i).padStart(6, '0')}</div><div>黄石东社区第${i}网格 井盖缺失或破损 存在安全隐患</div><div>公共设施</div><div>黄石东社区 / 黄石东第0${i % 10}网格</div><div>12345热线</div><div>一般</div><div>已派遣待签收</div><div>市政所</div><div>11-26 10:${String(i % 60).padStart(2, '0')}</div><div>处置·正常 剩余 03:15:0${i % 10}</div></div>`,
  ).join('');
  return `<!doctype html><html><body style="margin:0"><div id="scroll" style="height:760px;margin-top:140px;overflow-y:auto;contain:strict"><div style="height:1800000px;position:relative">${rows}</div></div></body></html>`;
}

async function appRound(page: Page, url: string, cases: number): Promise<void> {
  await page.goto(url);
  const frame = page.getByTestId('app-frame');
  await page.locator('[data-testid="login-page"], [data-testid="app-frame"]').first().waitFor();
  if (!(await frame.isVisible())) {
    await page.getByTestId('login-username').fill('dispatcher');
    await page.getByTestId('login-password').fill('grid2026');
    await page.getByTestId('login-submit').click();
  }
  await page.getByTestId('queue-row').first().waitFor();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="queue-table"]')?.getAttribute('data-total')) >= n, cases);
  // Let start-up work (first pages, reference data) settle before measuring.
  await page.waitForTimeout(800);
}

export async function runUiBench(opts: UiBenchOptions = {}): Promise<UiBenchResult> {
  const cases = opts.cases ?? 50_000;
  const rate = opts.changesPerSecond ?? 20;
  const durationMs = opts.durationMs ?? 8_000;
  const rounds = opts.rounds ?? 3;
  const step = opts.scrollStep ?? 24;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const skipBuild = opts.skipBuild || process.env.BENCH_SKIP_BUILD === '1';
  // Built into a private folder: dist/renderer may be in use by an e2e run in the same checkout.
  const staticDir =
    process.env.BENCH_STATIC_DIR ?? (skipBuild ? path.join(root, 'dist/renderer') : path.join(os.tmpdir(), `grid-ui-bench-${process.pid}`));
  if (!skipBuild)
    await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true } });

  const throttles = opts.throttles ?? [1, 3];
  const host = await startFakeHost({ cases, staticDir });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
  let churn: ReturnType<typeof setInterval> | undefined;
  let applied = 0;
  const byThrottle: UiThrottleResult[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    const profileAt = Math.max(...throttles);
    for (const throttle of throttles) {
      // The same slowdown for the baseline and the app (it stays set across navigations of the page).
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      const perRound: { app: FrameStats; baseline: FrameStats }[] = [];
      for (let r = 0; r < rounds; r++) {
        await page.setContent(baselineHtml());
        const baseline = await measure(page, '#scroll', durationMs, step);
        await appRound(page, host.url, cases);
        const profiling = opts.profilePath !== undefined && throttle === profileAt && r === 0;
        if (profiling) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        if (rate > 0) {
          churn = setInterval(() => {
            host.churn(1);
            applied++;
          }, 1000 / rate);
        }
        const app = await measure(page, '[data-testid="queue-scroll"]', durationMs, step);
        clearInterval(churn);
        churn = undefined;
        if (profiling) {
          const { profile } = await cdp.send('Profiler.stop');
          fs.writeFileSync(opts.profilePath!, JSON.stringify(profile));
          await cdp.send('Profiler.disable');
        }
        perRound.push({ app, baseline });
      }
      const app = medianStats(perRound.map((x) => x.app));
      const baseline = medianStats(perRound.map((x) => x.baseline));
      const p95OverBaseline = round2(app.p95 - baseline.p95);
      byThrottle.push({
        throttle,
        app,
        baseline,
        p95OverBaseline,
        perRound,
        pass: p95OverBaseline <= VSYNC_JITTER_MS && app.longestTask < MAX_TASK_MS,
      });
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  } finally {
    if (churn) clearInterval(churn);
    await browser.close();
    await host.close();
  }
  const first = byThrottle[0]!;
  const result: UiBenchResult = {
    cases,
    changesPerSecond: rate,
    durationMs,
    rounds,
    app: first.app,
    baseline: first.baseline,
    byThrottle,
    changesApplied: applied,
    targets: { p95OverBaselineMs: VSYNC_JITTER_MS, maxTaskMs: MAX_TASK_MS },
    pass: byThrottle.every((t) => t.pass),
  };
  printSummary(result);
  return result;
}

/** Field by field medians of the rounds (the verdict is computed from these). */
function medianStats(xs: FrameStats[]): FrameStats {
  const k = (f: keyof FrameStats) => round2(median(xs.map((x) => x[f])));
  return {
    frames: k('frames'),
    dropped: k('dropped'),
    p50: k('p50'),
    p95: k('p95'),
    p99: k('p99'),
    max: k('max'),
    longTasks: k('longTasks'),
    longestTask: k('longestTask'),
  };
}

function printSummary(r: UiBenchResult): void {
  const line = (name: string, s: FrameStats) =>
    `${name.padEnd(9)} p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms  max ${s.max} ms  dropped ${(s.dropped * 100).toFixed(1)}%  long tasks ${s.longTasks} (longest ${s.longestTask} ms)`;
  console.log(`UI bench: ${r.cases} cases, ${r.changesPerSecond} changes/s, ${r.rounds} rounds × ${r.durationMs} ms (medians of the rounds)`);
  for (const t of r.byThrottle) {
    console.log(`CPU throttle ${t.throttle}x:`);
    console.log('  ' + line('queue', t.app));
    console.log('  ' + line('baseline', t.baseline));
    console.log(
      `  p95 over baseline ${t.p95OverBaseline} ms (≤ ${VSYNC_JITTER_MS}), longest task ${t.app.longestTask} ms (< ${MAX_TASK_MS}): ${t.pass ? 'met' : 'NOT met'}`,
    );
  }
  const targets = `queue p95 ≤ baseline p95 + ${VSYNC_JITTER_MS} ms and no task ≥ ${MAX_TASK_MS} ms at every throttle`;
  console.log(r.pass ? `targets met (${targets})` : `targets NOT met (${targets})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const r = await runUiBench({
    ...(arg('--throttle') ? { throttles: arg('--throttle')!.split(',').map(Number) } : {}),
    ...(arg('--rounds') ? { rounds: Number(arg('--rounds')) } : {}),
    ...(arg('--duration-ms') ? { durationMs: Number(arg('--duration-ms')) } : {}),
    ...(arg('--profile') ? { profilePath: arg('--profile')! } : {}),
  });
  const out = path.resolve('bench/results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'ui.json'), JSON.stringify(r, null, 2) + '\n');
}
