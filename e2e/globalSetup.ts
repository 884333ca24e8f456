/** Builds the renderer once before the run (skip with E2E_SKIP_BUILD=1 when dist/renderer is fresh). */
import path from 'node:path';
import fs from 'node:fs';
import { build } from 'vite';

export default async function globalSetup(): Promise<void> {
  const index = path.resolve('dist/renderer/index.html');
  if (process.env.E2E_SKIP_BUILD === '1' && fs.existsSync(index)) return;
  await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'warn' });
  if (!fs.existsSync(index)) throw new Error(`vite build produced no ${index}`);
}
