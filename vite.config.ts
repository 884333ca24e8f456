/**
 * Renderer build: renderer/ → dist/renderer (served by the browser host, loaded by Electron).
 * `base: './'` keeps asset URLs relative so both hosts can serve the same files.
 * Dev server: `VITE_API_TARGET=http://127.0.0.1:4820 npx vite` proxies the /api WebSocket to a browser host.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    proxy: process.env.VITE_API_TARGET ? { '/api': { target: process.env.VITE_API_TARGET, ws: true } } : undefined,
  },
});
