/**
 * Base-grid benchmark: location → grid with the demo division of 黄石街 (150 grids).
 *
 *   npm run bench -- geo          (or: npx tsx bench/geo.ts [--points 1000000] [--rounds 5])
 *   import { runGeoBench } from './bench/geo.js'
 *
 * Measures, over the same seeded points in the same run (medians of several rounds after one warm-up):
 *   - GridLocator.locate for 1,000,000 points spread over the street's bounding box (about 15% fall
 *     outside the street): flatbush bbox search + @turf/boolean-point-in-polygon      (target < 1 s)
 *   - baseline: the bbox-only flatbush search for the same points (what the index alone costs)
 *   - for scale: a linear scan of all 150 grids with boolean-point-in-polygon (no index), on a sample of
 *     the points, reported per million
 *   - validateDivision of the demo division (overlaps through the index, gaps, containment, kinks)
 * The verdict line is computed from the medians.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Polygon as GjPolygon } from 'geojson';
import { createDemoDivision } from '../shared/demo/geometry.js';
import { createDemoRefData } from '../shared/demo/refData.js';
import { mulberry32 } from '../shared/demo/prng.js';
import { bbox } from '../shared/geo/geometry.js';
import { GridLocator } from '../shared/geo/locator.js';
import { validateDivision } from '../shared/geo/validate.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const TARGET_MS = 1000;

export interface GeoBenchResult {
  points: number;
  rounds: number;
  grids: number;
  locatedShare: number;
  buildLocatorMs: number;
  locate: { medianMs: number; runsMs: number[]; nsPerPoint: number };
  baselineBboxOnly: { medianMs: number; runsMs: number[] };
  linearScanPerMillionMs: number;
  validateDivision: { medianMs: number; runsMs: number[]; problems: number };
  ratioLocateToBaseline: number;
  targets: Record<string, { value: number; target: string; pass: boolean }>;
  verdict: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};
const round = (x: number) => Math.round(x * 100) / 100;

export async function runGeoBench(opts: { points?: number; rounds?: number } = {}): Promise<GeoBenchResult> {
  const n = opts.points ?? 1_000_000;
  const rounds = opts.rounds ?? 5;
  const division = createDemoDivision();
  const ref = createDemoRefData();

  let t = performance.now();
  const locator = new GridLocator(division);
  const buildLocatorMs = performance.now() - t;

  const [x0, y0, x1, y1] = bbox(division.streetOutline);
  const rnd = mulberry32(20260101);
  const lons = new Float64Array(n);
  const lats = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lons[i] = x0 + rnd() * (x1 - x0);
    lats[i] = y0 + rnd() * (y1 - y0);
  }

  const locateAll = () => {
    let found = 0;
    for (let i = 0; i < n; i++) if (locator.locateIndex(lons[i] as number, lats[i] as number) >= 0) found++;
    return found;
  };
  const bboxOnly = () => {
    let candidates = 0;
    for (let i = 0; i < n; i++) candidates += locator.candidateCount(lons[i] as number, lats[i] as number);
    return candidates;
  };

  // Warm-up (JIT), then alternate the two so both see the same machine state.
  const located = locateAll();
  bboxOnly();
  const locateRuns: number[] = [];
  const baseRuns: number[] = [];
  for (let r = 0; r < rounds; r++) {
    t = performance.now();
    locateAll();
    locateRuns.push(performance.now() - t);
    t = performance.now();
    bboxOnly();
    baseRuns.push(performance.now() - t);
  }

  // Linear scan on a sample, for scale.
  const sample = Math.min(n, 20_000);
  const shapes = division.grids.map((g) => ({ ...(g.boundary as GjPolygon), bbox: bbox(g.boundary) }));
  t = performance.now();
  let linearFound = 0;
  for (let i = 0; i < sample; i++) {
    const pt = [lons[i] as number, lats[i] as number];
    for (const s of shapes) {
      if (booleanPointInPolygon(pt, s)) {
        linearFound++;
        break;
      }
    }
  }
  const linearScanPerMillionMs = ((performance.now() - t) / sample) * 1_000_000;
  void linearFound;

  const validateRuns: number[] = [];
  let problems = 0;
  for (let r = 0; r < 3; r++) {
    t = performance.now();
    problems = validateDivision(division, { gridCodeRule: ref.gridCodeRule, gridWorkers: ref.gridWorkers }).length;
    validateRuns.push(performance.now() - t);
  }

  const locateMedian = median(locateRuns);
  const baseMedian = median(baseRuns);
  const pass = n >= 1_000_000 ? locateMedian < TARGET_MS : (locateMedian / n) * 1_000_000 < TARGET_MS;
  const perMillion = (locateMedian / n) * 1_000_000;
  const result: GeoBenchResult = {
    points: n,
    rounds,
    grids: division.grids.length,
    locatedShare: round(located / n),
    buildLocatorMs: round(buildLocatorMs),
    locate: { medianMs: round(locateMedian), runsMs: locateRuns.map(round), nsPerPoint: round((locateMedian * 1e6) / n) },
    baselineBboxOnly: { medianMs: round(baseMedian), runsMs: baseRuns.map(round) },
    linearScanPerMillionMs: round(linearScanPerMillionMs),
    validateDivision: { medianMs: round(median(validateRuns)), runsMs: validateRuns.map(round), problems },
    ratioLocateToBaseline: round(locateMedian / baseMedian),
    targets: {
      locatePerMillion: { value: round(perMillion), target: `< ${TARGET_MS} ms`, pass },
      demoDivisionValid: { value: problems, target: '0 problems', pass: problems === 0 },
    },
    verdict: '',
  };
  result.verdict =
    `geo: locate ${n.toLocaleString('en')} points median ${result.locate.medianMs} ms (${result.locate.nsPerPoint} ns/point; ` +
    `target < ${TARGET_MS} ms per million: ${pass ? 'PASS' : 'FAIL'}); bbox-only baseline ${result.baselineBboxOnly.medianMs} ms ` +
    `(locate = ${result.ratioLocateToBaseline}x baseline); linear scan without index ≈ ${Math.round(linearScanPerMillionMs)} ms per million; ` +
    `validateDivision ${result.validateDivision.medianMs} ms, ${problems} problems`;
  console.log(JSON.stringify({ ...result, locate: { ...result.locate }, verdict: undefined }, null, 2));
  console.log(result.verdict);
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  runGeoBench({
    ...(arg('--points') ? { points: Number(arg('--points')) } : {}),
    ...(arg('--rounds') ? { rounds: Number(arg('--rounds')) } : {}),
  }).then(
    (r) => {
      const outDir = path.resolve('bench/results');
      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(path.join(outDir, 'geo.json'), JSON.stringify(r, null, 2));
      process.exit(r.targets.locatePerMillion?.pass ? 0 : 1);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
