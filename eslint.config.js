// Lint enforces the layers of docs/architecture.md:
// shared/ imports nothing platform-specific; renderer/ never imports electron/ or Node;
// Electron and Node code never import renderer/; relay/ never imports electron/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
          { group: ['**/renderer/**', '**/electron/**', '**/relay/**'], message: 'shared/ may not import other layers.' },
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
          { group: ['**/electron/**', '**/relay/**'], message: 'renderer/ talks to the core only through the API contract in shared/.' },
          { group: ['better-sqlite3', 'socket.io', 'ws'], message: 'renderer/ runs in Chromium.' },
        ]),
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'relay/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**', 'react', 'react-dom', 'antd'], message: 'Node and Electron code never import renderer/.' }] }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**', 'react', 'react-dom', 'antd'], message: 'Node and Electron code never import renderer/.' },
            { group: ['electron', 'electron/*', '**/electron/main/**', '**/electron/preload/**'], message: 'The core runs under plain Node: no Electron imports.' },
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
        { patterns: [{ group: ['**/renderer/**', '**/electron/**', 'electron', 'react', 'antd'], message: 'relay/ may import only shared/.' }] },
      ],
    },
  },
);
