/**
 * Launching the packaged-layout app (package.json "main" → dist/electron/main.cjs) under Playwright's
 * Electron driver, with a fresh profile per test (GRID_USER_DATA_DIR) and a relay address nobody listens on.
 *
 * The Electron binary comes from ELECTRON_EXECUTABLE or from node_modules/electron when its lazy download
 * has happened. Neither exists on the team's build machines, so the specs skip there with that reason.
 * We never call require('electron') here: it would try to download the binary.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ExecutableLookup {
  path: string | null;
  /** Why no executable is usable (for test.skip). */
  reason: string;
}

export function findElectronExecutable(env: NodeJS.ProcessEnv = process.env): ExecutableLookup {
  const fromEnv = env.ELECTRON_EXECUTABLE;
  if (fromEnv) {
    // An explicit setting that points nowhere is an error, not a reason to skip.
    if (!fs.existsSync(fromEnv)) throw new Error(`ELECTRON_EXECUTABLE=${fromEnv} does not exist`);
    return { path: fromEnv, reason: '' };
  }
  const pkgDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (fs.existsSync(pathFile)) {
    const exe = path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    if (fs.existsSync(exe)) return { path: exe, reason: '' };
  }
  return {
    path: null,
    reason:
      'Electron binary not available: set ELECTRON_EXECUTABLE to an Electron 45 executable (or let node_modules/electron download its binary) and run `npm run build` first; on Linux run under xvfb-run',
  };
}

export interface LaunchedApp {
  app: ElectronApplication;
  /** The workstation window. */
  page: Page;
  userDataDir: string;
  close(): Promise<void>;
}

export async function launchApp(executablePath: string): Promise<LaunchedApp> {
  const main = path.join(repoRoot, 'dist', 'electron', 'main.cjs');
  const index = path.join(repoRoot, 'dist', 'renderer', 'index.html');
  for (const f of [main, index])
    if (!fs.existsSync(f)) throw new Error(`${path.relative(repoRoot, f)} is missing: run \`npm run build\` first`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-electron-e2e-'));
  const app = await _electron.launch({
    executablePath,
    args: [repoRoot, ...(process.platform === 'linux' && process.env.CI ? ['--no-sandbox'] : [])],
    cwd: repoRoot,
    env: { ...process.env, GRID_USER_DATA_DIR: userDataDir, GRID_RELAY_URL: 'http://127.0.0.1:9' } as Record<string, string>,
  });
  const page = await app.firstWindow();
  return {
    app,
    page,
    userDataDir,
    async close() {
      await app.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
