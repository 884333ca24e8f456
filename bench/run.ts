/**
 * `npm run bench`: every benchmark of the product in one run, each part reporting medians and ratios
 * against a baseline measured in the same run. Parts: relay, core, geoCore (case locations in the core), dashboard, ui, geo (the
 * spatial model: locating points in grids), mapUi (the queue map's frames with 50,000 points) (select with
 * `npm run bench -- relay core`). Results are printed and written to bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Part = { name: string; run: () => Promise<unknown> };

const parts: Part[] = [
  { name: 'relay', run: async () => (await import('./relay.js')).runRelayBench() },
  { name: 'core', run: async () => (await import('./core.js')).runCoreBench() },
  { name: 'geoCore', run: async () => (await import('./geoCore.js')).runGeoBench() },
  { name: 'dashboard', run: async () => (await import('./dashboard.js')).runDashboardBench() },
  { name: 'ui', run: async () => (await import('./ui.js')).runUiBench() },
  { name: 'geo', run: async () => (await import('./geo.js')).runGeoBench() },
  { name: 'mapUi', run: async () => (await import('./mapUi.js')).runMapUiBench() },
];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length ? parts.filter((p) => wanted.includes(p.name)) : parts;
if (wanted.length && selected.length !== wanted.length) {
  console.error(`unknown bench part; choose from: ${parts.map((p) => p.name).join(', ')}`);
  process.exit(2);
}

const results: Record<string, unknown> = { startedAt: new Date().toISOString(), node: process.version };
let failed = false;
for (const part of selected) {
  console.log(`\n######## bench: ${part.name}`);
  try {
    results[part.name] = await part.run();
  } catch (err) {
    failed = true;
    results[part.name] = { error: String(err instanceof Error ? err.stack : err) };
    console.error(`bench ${part.name} failed:`, err);
  }
}
const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2));
console.log(`\nresults written to ${out}`);
process.exit(failed ? 1 : 0);
