/**
 * Runs build/build-electron.mjs into a temp folder and inspects the bundles: the sandboxed preload is one
 * file that requires only 'electron'; main and the core host leave only Electron, native modules and Node
 * built-ins to run time; the security wiring of main made it into the bundle.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = path.join(root, 'build', 'build-electron.mjs');
const run = promisify(execFile);
let outDir = '';
const read = (name: string) => fs.readFileSync(path.join(outDir, name), 'utf8');
const requires = (code: string) => [...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!))].sort();
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-electron-build-'));
  await run(process.execPath, [script, '--out-dir', outDir, '--no-sourcemap'], { cwd: root });
}, 120_000);
afterAll(() => {
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

describe('build-electron.mjs', () => {
  it('writes main, preload, coreHost and the stats worker as CommonJS', () => {
    expect(fs.readdirSync(outDir).sort()).toEqual(['coreHost.cjs', 'main.cjs', 'preload.cjs', 'statsWorker.cjs']);
  });

  it('makes the preload one file that requires only electron and exposes only gridApi', () => {
    const code = read('preload.cjs');
    expect(requires(code)).toEqual(['electron']);
    const exposures = [...code.matchAll(/exposeInMainWorld\(([^,]+),/g)].map((m) => m[1]);
    expect(exposures).toHaveLength(1);
    expect(code).toMatch(/GRID_API_KEY = "gridApi"/);
    // No zod or API schemas in the preload: it must stay small and free of anything but channel names.
    expect(code.length).toBeLessThan(20_000);
  });

  it('leaves only electron and Node built-ins to run time in main', () => {
    const extra = requires(read('main.cjs')).filter((id) => !builtins.has(id));
    expect(extra).toEqual(['electron']);
  });

  it('keeps better-sqlite3 external in the core host and bundles everything else', () => {
    const extra = requires(read('coreHost.cjs')).filter((id) => !builtins.has(id));
    expect(extra).toContain('better-sqlite3');
    for (const id of extra) expect(['better-sqlite3', 'bufferutil', 'utf-8-validate'], id).toContain(id);
    expect(requires(read('statsWorker.cjs')).filter((id) => !builtins.has(id))).toEqual(['better-sqlite3']);
  });

  it('carries the security wiring into the main bundle', () => {
    const code = read('main.cjs');
    for (const hook of [
      'registerSchemesAsPrivileged',
      'requestSingleInstanceLock',
      'setWindowOpenHandler',
      '"will-navigate"',
      '"will-redirect"',
      'setPermissionRequestHandler',
      'setPermissionCheckHandler',
      'utilityProcess.fork',
      'ipcMain.handle',
      'sandbox: true',
      'contextIsolation: true',
      'nodeIntegration: false',
    ]) {
      expect(code, hook).toContain(hook);
    }
    expect(code).not.toMatch(/loadURL\(\s*["']https?:/);
  });

  it('fails on an unknown argument', async () => {
    await expect(run(process.execPath, [script, '--bogus'], { cwd: root })).rejects.toMatchObject({ code: 1 });
  });
});
