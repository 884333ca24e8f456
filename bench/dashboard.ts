/**
 * Dashboard refresh benchmark: the statistics screen's full refresh — the same calls the screen makes
 * (renderer/features/stats/data.ts loadStatsBundle, mirrored here because bench/ builds with the Node
 * tsconfig: stats.query for the period with its trend, the previous period, the same period last year, and
 * the five groupings, all in parallel) — through core.call on a 1,000,000-case cache.
 *
 *   npx tsx bench/dashboard.ts [--cases 1000000] [--dir <dataset dir>] [--rounds 7]
 *   import { runDashboardBench } from './bench/dashboard.js'
 *
 * The dataset is bench/core.ts's (generateDataset; reused when present with the same case count and its
 * statistics fact records, which the generator writes as the migration's backfill would). The core
 * caches stats per (query, log cursor, minute), so every measured cold refresh uses a different 30-day
 * window (shifted by a day) and misses the cache; warm refreshes repeat one window. Target: a cold full
 * refresh under 300 ms (median). Reported with a same-run baseline: one stats.query (no grouping) of the
 * same window, so the ratio says what the groupings and comparisons cost on top.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../electron/core/core.js';
import { memoryLogger } from '../electron/core/log.js';
import type { ApiInput, ApiMethod, ApiOutput, StatsResult } from '../shared/api.js';
import { addDays, dayIndexOf, dayString, startOfLocalDay } from '../shared/calendar/localDay.js';
import { generateDataset } from './core.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const CFG = { utcOffsetMinutes: 480 };

export interface DashboardBenchResult {
  cases: number;
  callsPerRefresh: number;
  casesInWindow: number;
  cold: { medianMs: number; maxMs: number; runsMs: number[] };
  warm: { medianMs: number; runsMs: number[] };
  baselineSingleQuery: { medianMs: number; runsMs: number[] };
  ratioColdToSingle: number;
  targets: Record<string, { value: number; target: string; pass: boolean }>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};
const round = (x: number) => Math.round(x * 100) / 100;

/** A dataset from before statistics fact records would measure the background backfill, not the screen. */
function hasFactRecords(file: string): boolean {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'stat_recs'").get() !== undefined && db.prepare('SELECT 1 FROM stat_recs LIMIT 1').get() !== undefined;
  } finally {
    db.close();
  }
}

function ensureDataset(dir: string, cases: number, log: (m: string) => void): void {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'dataset.json'), 'utf8')) as { cases: number };
    if (info.cases === cases && fs.existsSync(path.join(dir, 'workstation.db')) && hasFactRecords(path.join(dir, 'workstation.db'))) {
      log(`reusing dataset in ${dir}`);
      return;
    }
  } catch {
    /* none yet */
  }
  log(`generating ${cases.toLocaleString('en')} cases in ${dir} (bench/core.ts generator) …`);
  const info = generateDataset(dir, cases);
  log(`generated in ${(info.generateMs / 1000).toFixed(1)} s`);
}

export async function runDashboardBench(
  opts: { cases?: number; dir?: string; rounds?: number; log?: (m: string) => void } = {},
): Promise<DashboardBenchResult> {
  const log = opts.log ?? ((m: string) => console.error(`[bench:dashboard] ${m}`));
  const cases = opts.cases ?? 1_000_000;
  // Its own directory by default: bench/core.ts may be using (or rebuilding) its dataset at the same time.
  const dir = opts.dir ?? path.join(os.tmpdir(), `dashboard-bench-${cases}`);
  const rounds = opts.rounds ?? 7;
  ensureDataset(dir, cases, log);

  const core = createCore({ dataDir: dir, relayUrl: 'http://127.0.0.1:9', log: memoryLogger() });
  let calls = 0;
  const call = async <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> => {
    calls++;
    const r = await core.call(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value as ApiOutput<M>;
  };

  const today = dayString(dayIndexOf(Date.now(), CFG));
  /** A 30-day window (local days) ending `daysAgo` days before today, shifted back by `back` days. */
  const windowEnding = (daysAgo: number, back = 0) => ({
    from: startOfLocalDay(addDays(today, -daysAgo - 29 - back), CFG),
    to: startOfLocalDay(addDays(today, -daysAgo + 1 - back), CFG),
  });
  const refresh = async (daysAgo: number) => {
    const period = windowEnding(daysAgo);
    const t = performance.now();
    const [overall] = (await Promise.all([
      call('stats.query', { period, groupBy: 'none' }),
      call('stats.query', { period: windowEnding(daysAgo, 30), groupBy: 'none' }),
      call('stats.query', { period: windowEnding(daysAgo, 365), groupBy: 'none' }),
      ...(['department', 'community', 'category', 'source', 'grid'] as const).map((groupBy) => call('stats.query', { period, groupBy })),
    ])) as StatsResult[];
    return { ms: performance.now() - t, overall: overall! };
  };

  log('warm-up …');
  const first = await refresh(100);
  calls = 0;
  await refresh(101);
  const callsPerRefresh = calls;
  const casesInWindow = first.overall.metrics.find((m) => m.id === 'reported')?.value ?? 0;

  log(`cold refreshes: ${rounds} different 30-day windows …`);
  const cold: number[] = [];
  for (let i = 0; i < rounds; i++) cold.push((await refresh(i * 3)).ms);
  log('warm refreshes (same window, cached) …');
  await refresh(0);
  const warm: number[] = [];
  for (let i = 0; i < rounds; i++) warm.push((await refresh(0)).ms);
  log('baseline: one stats.query per window …');
  const single: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await call('stats.query', { period: windowEnding(i * 3 + 1), groupBy: 'none' });
    single.push(performance.now() - t);
  }
  await core.close();

  const result: DashboardBenchResult = {
    cases,
    callsPerRefresh,
    casesInWindow: casesInWindow ?? 0,
    cold: { medianMs: round(median(cold)), maxMs: round(Math.max(...cold)), runsMs: cold.map(round) },
    warm: { medianMs: round(median(warm)), runsMs: warm.map(round) },
    baselineSingleQuery: { medianMs: round(median(single)), runsMs: single.map(round) },
    ratioColdToSingle: round(median(cold) / median(single)),
    targets: {},
  };
  result.targets = {
    coldRefreshMedian: { value: result.cold.medianMs, target: '< 300 ms', pass: result.cold.medianMs < 300 },
    warmRefreshMedian: { value: result.warm.medianMs, target: '< 300 ms', pass: result.warm.medianMs < 300 },
  };
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  runDashboardBench({
    ...(arg('--cases') ? { cases: Number(arg('--cases')) } : {}),
    ...(arg('--dir') ? { dir: arg('--dir')! } : {}),
    ...(arg('--rounds') ? { rounds: Number(arg('--rounds')) } : {}),
  }).then(
    (r) => {
      const outDir = path.resolve('bench/results');
      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(path.join(outDir, 'dashboard.json'), JSON.stringify(r, null, 2));
      console.log(JSON.stringify(r, null, 2));
      for (const [k, t] of Object.entries(r.targets))
        console.log(`${k.padEnd(20)} ${String(t.value).padEnd(10)} ${t.target.padEnd(10)} ${t.pass ? 'yes' : 'NO'}`);
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
