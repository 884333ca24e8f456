// Lint enforces the layers of docs/architecture.md in two ways:
// - `boundaries/dependencies` (eslint-plugin-boundaries) resolves every relative import to its file (with the
//   TypeScript resolver, so `./x.js` finds `./x.ts`) and checks which layer may import which (LAYERS below);
// - `no-restricted-imports` keeps packages out of the layers that must not use them (Node built-ins, Electron,
//   React, storage and transport libraries).
// test/lintLayers.test.ts proves the layer rule fails on forbidden imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';
import { LAYERS, LAYER_POLICIES, TEST_FILES } from './eslint.layers.js';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'worker_threads', 'events', 'stream', 'util', 'zlib'];
const platformPatterns = (extra) => ({
  patterns: [
    { group: nodeBuiltins, message: 'This layer may not import Node built-ins.' },
    { group: ['electron', 'electron/*'], message: 'This layer may not import Electron.' },
    ...extra,
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tsbuild/', 'test-results/', 'playwright-report/', 'artifacts/', 'bench/results/', 'release/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': LAYERS,
      'boundaries/files': TEST_FILES,
      'boundaries/include': ['shared/**', 'renderer/**', 'electron/**', 'relay/**', 'scripts/**', 'bench/**', 'e2e/**', 'build/**', 'test/**', '*.ts'],
      'import/resolver': { typescript: { alwaysTryTypes: true, project: ['tsconfig.shared.json', 'tsconfig.node.json', 'tsconfig.renderer.json', 'tsconfig.electron.json'], noWarnOnMultipleProjects: true } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', checkInternals: true, checkUnknownLocals: true, policies: LAYER_POLICIES }],
    },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        platformPatterns([
          { group: ['react', 'react-dom', 'react/*', '@reduxjs/*', 'antd', 'antd/*', 'better-sqlite3', 'socket.io', 'socket.io-client', 'ws', 'exceljs'], message: 'shared/ is pure: no UI, storage or transport libraries.' },
        ]),
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        platformPatterns([
          { group: ['better-sqlite3', 'socket.io', 'ws'], message: 'renderer/ runs in Chromium.' },
        ]),
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'relay/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['react', 'react-dom', 'antd', 'antd/*'], message: 'Node and Electron code never use UI libraries.' }] }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'antd', 'antd/*'], message: 'Node and Electron code never use UI libraries.' },
            { group: ['electron', 'electron/*'], message: 'The core and the web host run under plain Node: no Electron imports.' },
          ],
        },
      ],
    },
  },
  {
    files: ['relay/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron', 'electron/*', 'react', 'antd'], message: 'relay/ is a plain Node server: no Electron or UI libraries.' }] },
      ],
    },
  },
);
