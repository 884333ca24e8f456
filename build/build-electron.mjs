#!/usr/bin/env node
// Bundles the Electron shell with esbuild into dist/electron/*.cjs (package.json "main" is main.cjs):
//   main.cjs      main process (CommonJS; electron and better-sqlite3 stay external)
//   preload.cjs   ONE CommonJS file: a sandboxed preload may require('electron') and nothing else
//   coreHost.cjs  the workstation core, run by main in a utilityProcess
//   statsWorker.cjs  a statistics worker thread of the core (electron/core/reads/statsPool.ts finds it beside coreHost.cjs)
// Usage: node build/build-electron.mjs [--out-dir dir] [--minify] [--no-sourcemap]
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { outDir: path.join(root, 'dist', 'electron'), minify: false, sourcemap: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out-dir') opts.outDir = path.resolve(argv[++i] ?? '');
    else if (a.startsWith('--out-dir=')) opts.outDir = path.resolve(a.slice('--out-dir='.length));
    else if (a === '--minify') opts.minify = true;
    else if (a === '--no-sourcemap') opts.sourcemap = false;
    else throw new Error(`unknown argument: ${a}`);
  }
  return opts;
}

// Electron 45 ships Node 22 and Chromium 140.
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';
// Native or optional modules that must be required at run time, never bundled.
const NODE_EXTERNALS = ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate'];
// A CJS bundle has no import.meta: give code that uses import.meta.url the bundle's own file URL.
const importMetaShim = {
  banner: { js: "const __bundle_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__bundle_import_meta_url', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
};

/** Allowed run-time require()s per bundle (node built-ins are allowed in main and coreHost). */
const ALLOWED_REQUIRES = {
  'main.cjs': { builtins: true, modules: ['electron'] },
  'preload.cjs': { builtins: false, modules: ['electron'] },
  'coreHost.cjs': { builtins: true, modules: ['better-sqlite3', 'bufferutil', 'utf-8-validate'] },
  'statsWorker.cjs': { builtins: true, modules: ['better-sqlite3'] },
};

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Every `require("x")` left in a bundle that is not allowed for it. */
export function disallowedRequires(file, code) {
  const rule = ALLOWED_REQUIRES[file];
  const found = new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
  return [...found].filter((id) => !(rule.modules.includes(id) || (rule.builtins && builtins.has(id))));
}

export async function buildElectron({ outDir, minify, sourcemap }) {
  mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true,
    format: 'cjs',
    minify,
    sourcemap: sourcemap ? 'linked' : false,
    legalComments: 'eof',
    logLevel: 'warning',
    absWorkingDir: root,
    metafile: true,
    // The NodeNext sources import './x.js' for './x.ts'; esbuild resolves that itself.
    resolveExtensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
  };
  const jobs = [
    {
      ...common,
      ...importMetaShim,
      entryPoints: { main: 'electron/main/index.ts' },
      platform: 'node',
      target: NODE_TARGET,
      external: NODE_EXTERNALS,
    },
    {
      ...common,
      entryPoints: { preload: 'electron/preload/index.ts' },
      platform: 'browser',
      target: CHROME_TARGET,
      external: ['electron'],
    },
    {
      ...common,
      ...importMetaShim,
      entryPoints: { coreHost: 'electron/coreHost/index.ts' },
      platform: 'node',
      target: NODE_TARGET,
      external: NODE_EXTERNALS,
    },
    {
      ...common,
      ...importMetaShim,
      entryPoints: { statsWorker: 'electron/core/reads/statsWorker.ts' },
      platform: 'node',
      target: NODE_TARGET,
      external: NODE_EXTERNALS,
    },
  ];
  const outputs = [];
  for (const job of jobs) {
    const result = await build({ ...job, outdir: outDir, outExtension: { '.js': '.cjs' } });
    for (const [file, meta] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.cjs')) outputs.push({ file: path.resolve(root, file), bytes: meta.bytes });
    }
  }
  const problems = [];
  for (const { file } of outputs) {
    const name = path.basename(file);
    const bad = disallowedRequires(name, readFileSync(file, 'utf8'));
    if (bad.length > 0) problems.push(`${name} requires ${bad.join(', ')} at run time`);
  }
  if (problems.length > 0) throw new Error(`bundle check failed:\n  ${problems.join('\n  ')}`);
  return outputs;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  buildElectron(opts).then(
    (outputs) => {
      for (const o of outputs) console.log(`  ${path.relative(root, o.file)}  ${(o.bytes / 1024).toFixed(1)} KiB`);
      console.log(`electron bundles built in ${Date.now() - started} ms`);
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
