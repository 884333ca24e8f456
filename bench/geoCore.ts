/**
 * Case locations over a 1,000,000-case cache, positioned around 黄石街 (23.2°N 113.3°E).
 *
 *   npm run bench -- geo          (or npx tsx bench/geoCore.ts [--cases 1000000] [--dir <dir>] [--fresh] [--rounds 5])
 *
 * Measures, each beside a baseline in the same run, interleaved query by query (medians over rounds):
 *   - case.nearby, 100 m, open cases, through core.call  vs  the raw R*Tree SELECT of the same box's
 *     open entries (rids only), and that SELECT joined to the rows for the same columns    (p99 < 10 ms)
 *   - queue.map, every open case (status ∈ the open statuses, 'all' tab), through core.call  vs  a raw
 *     SELECT of the same columns of the located open rows (the planner's choice), and the same SELECT
 *     through the covering index cases_map_open
 *
 * Dataset: rows cloned from engine-made template cases (one per status and grade) with shifted times and
 * generated Chinese text, written with indexes dropped and rebuilt after; 95% have a point uniform in a
 * 0.06° × 0.06° box (about 6.1 km × 6.7 km, ~24,000 cases per km²), 8% are open. No case JSON, timeline
 * or FTS entries (these reads use none of them). A dataset of the same version and size younger than a
 * day is reused unless --fresh.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { caseCode } from '../shared/engine/ids.js';
import { createDemoRefData } from '../shared/demo/refData.js';
import { createRng, type Rng } from '../shared/demo/prng.js';
import type { CaseStatus, Grade } from '../shared/model.js';
import { openCache } from '../electron/core/cache/db.js';
import { Store } from '../electron/core/cache/store.js';
import { NO_DEADLINE, caseColumns, type CaseColumns } from '../electron/core/cache/caseRow.js';
import { createCore } from '../electron/core/core.js';
import { buildTemplates, caseText } from '../electron/core/testing/fixtures.js';
import { memoryLogger } from '../electron/core/log.js';
import { circleBoxes } from '../electron/core/reads/nearby.js';
import { OPEN_TABS } from '../electron/core/reads/queueQuery.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const DATASET_VERSION = 2;
const DAY = 86_400_000;
const CENTRE = { lon: 113.3, lat: 23.2 };
const HALF = 0.03;
const OPEN_STATUSES: CaseStatus[] = ['reported', 'accepted', 'dispatched', 'signed', 'bounced', 'rework', 'handled', 'self_handled', 'verified', 'parked'];
const OPEN_MIX: Array<[CaseStatus, number]> = [
  ['reported', 3],
  ['accepted', 3],
  ['dispatched', 10],
  ['signed', 25],
  ['bounced', 2],
  ['rework', 3],
  ['handled', 15],
  ['self_handled', 3],
  ['verified', 6],
  ['parked', 3],
];
const USER = { id: 'u-dispatcher', username: 'dispatcher', name: '张敏', role: 'dispatcher', unitId: 'centre', active: true };

function pickWeighted<T>(rng: Rng, items: Array<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}

interface DatasetInfo {
  version: number;
  cases: number;
  located: number;
  locatedOpen: number;
  now: number;
  generateMs: number;
  fileBytes: number;
}

export function generateGeoDataset(dir: string, total: number, log: (m: string) => void): DatasetInfo {
  const t0 = Date.now();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const now = Date.now();
  const ref = createDemoRefData();
  const { db } = openCache(path.join(dir, 'workstation.db'), { log: memoryLogger() });
  db.pragma('synchronous = OFF');
  db.pragma('journal_mode = OFF');
  const store = new Store(db);
  store.putRef(ref);
  const rng = createRng(20261202);
  const templates = buildTemplates(ref, now - 365 * DAY);
  // Each template's row once; clones shift its instants (warn_at by the same delta: synthetic rows).
  const rows = new Map<string, CaseColumns>();
  for (const [k, t] of templates) rows.set(k, caseColumns(t, ref.calendar));
  const ddl = db.prepare("SELECT name, sql FROM sqlite_schema WHERE tbl_name = 'cases' AND type = 'index' AND sql IS NOT NULL").all() as Array<{ name: string; sql: string }>;
  for (const d of ddl) db.exec(`DROP INDEX ${d.name}`);
  const cols = [...Object.keys(rows.get('normal:reported')!), 'lon', 'lat'];
  const insert = db.prepare(`INSERT INTO cases (rid, ${cols.join(', ')}) VALUES (@rid, ${cols.map((c) => '@' + c).join(', ')})`);
  let located = 0;
  let locatedOpen = 0;
  const BATCH = 50_000;
  for (let start = 0; start < total; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(total, start + BATCH); i++) {
        const open = rng.chance(0.08);
        const status: CaseStatus = open ? pickWeighted(rng, OPEN_MIX) : rng.chance(0.05) ? 'rejected' : 'closed';
        const reportedAt = now - Math.floor(rng.next() * (open ? 30 : 730) * DAY);
        const grade: Grade = rng.chance(0.05) ? 'urgent' : rng.chance(0.25) ? 'important' : 'normal';
        const tplRow = rows.get(`${grade}:${status}`)!;
        const delta = reportedAt - tplRow.reported_at;
        const grid = rng.pick(ref.grids);
        const id = `b${String(i).padStart(7, '0')}`;
        const text = caseText(rng);
        const point = rng.chance(0.95) ? { lon: CENTRE.lon + (rng.next() * 2 - 1) * HALF, lat: CENTRE.lat + (rng.next() * 2 - 1) * HALF } : null;
        if (point) {
          located++;
          if (open) locatedOpen++;
        }
        insert.run({
          ...tplRow,
          rid: i + 1,
          id,
          code: caseCode(id, reportedAt, 480),
          community_id: grid.communityId,
          grid_id: grid.id,
          source: rng.chance(0.6) ? 'grid_worker' : 'hotline',
          reported_at: reportedAt,
          updated_at: tplRow.updated_at + delta,
          closed_at: tplRow.closed_at === null ? null : tplRow.closed_at + delta,
          deadline: tplRow.deadline === NO_DEADLINE ? NO_DEADLINE : tplRow.deadline + delta,
          warn_at: tplRow.warn_at === null ? null : tplRow.warn_at + delta,
          ...text,
          lon: point?.lon ?? null,
          lat: point?.lat ?? null,
        });
      }
    })();
    if ((start / BATCH) % 5 === 4) log(`  ${(start + BATCH).toLocaleString('en')} rows`);
  }
  log('rebuilding indexes, counts, the R*Tree …');
  for (const d of ddl) db.exec(d.sql);
  store.recountFacets();
  db.exec("INSERT INTO case_geo (rid, min_lon, max_lon, min_lat, max_lat, min_open, max_open) SELECT rid, lon, lon, lat, lat, tab != 'closed', tab != 'closed' FROM cases WHERE lon IS NOT NULL");
  db.exec('ANALYZE');
  store.setMeta('session', JSON.stringify({ user: USER }));
  store.setMeta('clientId', 'bench-geo-client');
  db.pragma('journal_mode = WAL');
  db.close();
  const info: DatasetInfo = { version: DATASET_VERSION, cases: total, located, locatedOpen, now, generateMs: Date.now() - t0, fileBytes: fs.statSync(path.join(dir, 'workstation.db')).size };
  fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify(info));
  return info;
}

function reusable(dir: string, cases: number): DatasetInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'dataset.json'), 'utf8')) as DatasetInfo;
    return info.version === DATASET_VERSION && info.cases === cases && Date.now() - info.now < DAY ? info : null;
  } catch {
    return null;
  }
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}
const median = (xs: number[]) => quantile(xs, 0.5);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

interface Side {
  p50Ms: number;
  p99Ms: number;
}
export interface GeoBenchResult {
  cases: number;
  located: number;
  locatedOpen: number;
  datasetGenerateMs: number;
  datasetFileMb: number;
  /** Per round p50 / p99 of each side, and their medians over the rounds. */
  nearby: { metres: number; queriesPerRound: number; rounds: number; meanAnswered: number; meanCandidates: number; api: Side; rtreeRids: Side; rtreeRows: Side; perRound: Array<{ api: Side; rtreeRids: Side; rtreeRows: Side }> };
  /** Informational: tab 'all', two runs. */
  queueMapAll: { runsMs: number[]; points: number; unplaced: number; truncated: boolean };
  queueMap: { points: number; unplaced: number; truncated: boolean; answerMb: number; rounds: number; apiMedianMs: number; rawMedianMs: number; rawIndexedMedianMs: number; ratio: number; ratioIndexed: number; apiRunsMs: number[]; rawRunsMs: number[]; rawIndexedRunsMs: number[] };
  verdicts: string[];
}

export async function runGeoBench(opts: { cases?: number; dir?: string; reuse?: boolean; rounds?: number; log?: (m: string) => void } = {}): Promise<GeoBenchResult> {
  const log = opts.log ?? ((m: string) => console.error(`[bench:geo] ${m}`));
  const cases = opts.cases ?? 1_000_000;
  const dir = opts.dir ?? path.join(os.tmpdir(), `geo-bench-${cases}`);
  const rounds = opts.rounds ?? 5;
  let info = reusable(dir, cases);
  if (!(opts.reuse ?? true) || !info) {
    log(`generating ${cases.toLocaleString('en')} positioned cases in ${dir} …`);
    info = generateGeoDataset(dir, cases, log);
    log(`generated in ${(info.generateMs / 1000).toFixed(1)} s (${(info.fileBytes / 2 ** 30).toFixed(2)} GiB), ${info.located.toLocaleString('en')} located, ${info.locatedOpen.toLocaleString('en')} of them open`);
  } else log(`reusing dataset in ${dir}`);

  const core = createCore({ dataDir: dir, relayUrl: 'http://127.0.0.1:9', log: memoryLogger() });
  // The baselines read the same file through a connection of their own (same page cache size as the core's).
  const raw = new Database(path.join(dir, 'workstation.db'), { readonly: true });
  raw.pragma('cache_size = -65536');
  // The open cases of the box: their rids, and their rows joined.
  const rids = raw.prepare('SELECT rid FROM case_geo WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ? AND min_open >= 1').raw();
  const rowsSql = raw
    .prepare(
      'SELECT c.id, c.code, c.title, c.address, c.status, c.community_id, c.grid_id, c.reported_at, c.lon, c.lat FROM case_geo g CROSS JOIN cases c ON c.rid = g.rid WHERE g.max_lon >= ? AND g.min_lon <= ? AND g.max_lat >= ? AND g.min_lat <= ? AND g.min_open >= 1',
    )
    .raw();

  // ---- nearby, 100 m
  const METRES = 100;
  const PER_ROUND = 300;
  const rng = createRng(42);
  const perRound: Array<{ api: Side; rtreeRids: Side; rtreeRows: Side }> = [];
  let answered = 0;
  let candidates = 0;
  const point = () => ({ lon: CENTRE.lon + (rng.next() * 2 - 1) * HALF * 0.95, lat: CENTRE.lat + (rng.next() * 2 - 1) * HALF * 0.95 });
  // Warm-up: both sides, not counted.
  for (let i = 0; i < 100; i++) {
    const p = point();
    await core.call('case.nearby', { ...p, metres: METRES });
    const [b] = circleBoxes(p.lon, p.lat, METRES);
    rids.all(b![0], b![1], b![2], b![3]);
    rowsSql.all(b![0], b![1], b![2], b![3]);
  }
  log(`case.nearby ${METRES} m: ${rounds} rounds of ${PER_ROUND} …`);
  for (let r = 0; r < rounds; r++) {
    const api: number[] = [];
    const ridsMs: number[] = [];
    const rowsMs: number[] = [];
    for (let i = 0; i < PER_ROUND; i++) {
      const p = point();
      const [b] = circleBoxes(p.lon, p.lat, METRES);
      const order = i % 2 === 0;
      const runApi = async () => {
        const t = performance.now();
        const res = await core.call('case.nearby', { ...p, metres: METRES, limit: 200 });
        api.push(performance.now() - t);
        if (!res.ok) throw new Error(`case.nearby: ${res.error.code} ${res.error.message}`);
        answered += res.value.length;
      };
      const runRaw = () => {
        let t = performance.now();
        candidates += rids.all(b![0], b![1], b![2], b![3]).length;
        ridsMs.push(performance.now() - t);
        t = performance.now();
        rowsSql.all(b![0], b![1], b![2], b![3]);
        rowsMs.push(performance.now() - t);
      };
      if (order) {
        await runApi();
        runRaw();
      } else {
        runRaw();
        await runApi();
      }
    }
    const side = (xs: number[]): Side => ({ p50Ms: round(median(xs)), p99Ms: round(quantile(xs, 0.99)) });
    perRound.push({ api: side(api), rtreeRids: side(ridsMs), rtreeRows: side(rowsMs) });
    log(`  round ${r + 1}: api p50 ${side(api).p50Ms} / p99 ${side(api).p99Ms} ms; R*Tree rids p50 ${side(ridsMs).p50Ms} / p99 ${side(ridsMs).p99Ms} ms; R*Tree + rows p50 ${side(rowsMs).p50Ms} / p99 ${side(rowsMs).p99Ms} ms`);
  }
  const med = (k: 'api' | 'rtreeRids' | 'rtreeRows'): Side => ({ p50Ms: round(median(perRound.map((x) => x[k].p50Ms))), p99Ms: round(median(perRound.map((x) => x[k].p99Ms))) });

  // ---- queue map, every open case
  log(`queue.map, every open case: ${rounds} rounds …`);
  const mapQuery = { tab: 'all' as const, status: OPEN_STATUSES };
  const mapCols = 'c.id, c.code, c.title, c.lon, c.lat, c.clock_base, c.deadline, c.warn_at';
  const openTabs = `c.tab IN (${OPEN_TABS.map(() => '?').join(', ')})`;
  const rawMap = raw.prepare(`SELECT ${mapCols} FROM cases c WHERE ${openTabs} AND c.lon IS NOT NULL`).raw();
  const rawMapIndexed = raw.prepare(`SELECT ${mapCols} FROM cases c INDEXED BY cases_map_open WHERE ${openTabs} AND c.lon IS NOT NULL AND c.tab != 'closed'`).raw();
  const apiMs: number[] = [];
  const rawMs: number[] = [];
  const rawIndexedMs: number[] = [];
  let last: { points: number; unplaced: number; truncated: boolean; answerMb: number } | null = null;
  const mapApi = async () => {
    const t = performance.now();
    const res = await core.call('queue.map', mapQuery);
    apiMs.push(performance.now() - t);
    if (!res.ok) throw new Error(`queue.map: ${res.error.code} ${res.error.message}`);
    last = { points: res.value.ids.length, unplaced: res.value.unplaced, truncated: res.value.truncated, answerMb: round(Buffer.byteLength(JSON.stringify(res.value)) / 2 ** 20) };
  };
  const mapRaw = () => {
    let t = performance.now();
    rawMap.all(...OPEN_TABS);
    rawMs.push(performance.now() - t);
    t = performance.now();
    rawMapIndexed.all(...OPEN_TABS);
    rawIndexedMs.push(performance.now() - t);
  };
  await mapApi();
  mapRaw();
  apiMs.length = 0;
  rawMs.length = 0;
  rawIndexedMs.length = 0;
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      await mapApi();
      mapRaw();
    } else {
      mapRaw();
      await mapApi();
    }
    log(`  round ${r + 1}: api ${round(apiMs.at(-1)!)} ms, raw ${round(rawMs.at(-1)!)} ms, raw through the covering index ${round(rawIndexedMs.at(-1)!)} ms`);
  }
  // Informational: the map of every case (tab 'all'): capped at 100,000 points, every row read once.
  const allMs: number[] = [];
  let allInfo = { points: 0, unplaced: 0, truncated: false };
  for (let r = 0; r < 2; r++) {
    const t = performance.now();
    const res = await core.call('queue.map', { tab: 'all' });
    allMs.push(performance.now() - t);
    if (!res.ok) throw new Error(`queue.map all: ${res.error.message}`);
    allInfo = { points: res.value.ids.length, unplaced: res.value.unplaced, truncated: res.value.truncated };
  }
  log(`queue.map, tab 'all': ${allMs.map((x) => round(x)).join(', ')} ms (${allInfo.points} points, truncated ${allInfo.truncated}, ${allInfo.unplaced} unplaced)`);
  raw.close();
  await core.close();
  const mapInfo = last as unknown as { points: number; unplaced: number; truncated: boolean; answerMb: number };

  const result: GeoBenchResult = {
    cases,
    located: info.located,
    locatedOpen: info.locatedOpen,
    datasetGenerateMs: info.generateMs,
    datasetFileMb: round(info.fileBytes / 2 ** 20, 0),
    nearby: { metres: METRES, queriesPerRound: PER_ROUND, rounds, meanAnswered: round(answered / (rounds * PER_ROUND), 1), meanCandidates: round(candidates / (rounds * PER_ROUND), 1), api: med('api'), rtreeRids: med('rtreeRids'), rtreeRows: med('rtreeRows'), perRound },
    queueMap: { ...mapInfo, rounds, apiMedianMs: round(median(apiMs)), rawMedianMs: round(median(rawMs)), rawIndexedMedianMs: round(median(rawIndexedMs)), ratio: round(median(apiMs) / median(rawMs)), ratioIndexed: round(median(apiMs) / median(rawIndexedMs)), apiRunsMs: apiMs.map((x) => round(x)), rawRunsMs: rawMs.map((x) => round(x)), rawIndexedRunsMs: rawIndexedMs.map((x) => round(x)) },
    queueMapAll: { runsMs: allMs.map((x) => round(x)), ...allInfo },
    verdicts: [],
  };
  const n = result.nearby;
  result.verdicts = [
    `nearby ${METRES} m p99 (median of ${rounds} rounds): ${n.api.p99Ms} ms — target < 10 ms: ${n.api.p99Ms < 10 ? 'met' : 'NOT met'}`,
    `nearby ${METRES} m p50: ${n.api.p50Ms} ms vs raw R*Tree SELECT ${n.rtreeRids.p50Ms} ms (rids) / ${n.rtreeRows.p50Ms} ms (with the rows): ${round(n.api.p50Ms / n.rtreeRows.p50Ms)}x the R*Tree + rows baseline`,
    `queue map, every open case (${result.queueMap.points.toLocaleString('en')} points, ${result.queueMap.unplaced.toLocaleString('en')} unplaced): median ${result.queueMap.apiMedianMs} ms vs raw SELECT ${result.queueMap.rawMedianMs} ms (${result.queueMap.ratio}x) and the raw SELECT through the covering index ${result.queueMap.rawIndexedMedianMs} ms (${result.queueMap.ratioIndexed}x); answer ${result.queueMap.answerMb} MiB of JSON`,
  ];
  for (const v of result.verdicts) console.log(v);
  return result;
}

async function cli(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const result = await runGeoBench({
    ...(arg('--cases') ? { cases: Number(arg('--cases')) } : {}),
    ...(arg('--dir') ? { dir: arg('--dir')! } : {}),
    ...(arg('--rounds') ? { rounds: Number(arg('--rounds')) } : {}),
    reuse: !argv.includes('--fresh'),
  });
  const outDir = path.resolve('bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'geo.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  cli(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
