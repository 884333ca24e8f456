// The layers of docs/architecture.md, as eslint-plugin-boundaries elements (first match wins), and which
// layer may import which. Test support (`testing/` folders, `*.test.ts`, e2e/, bench/) may import what its
// tests need, and no product file may import it.

/** Files that exist for tests: test files beside the code, and every `testing/` folder. */
export const TEST_FILES = [{ category: 'test', pattern: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'] }];

/** @type {{type: string, pattern: string | string[], partialMatch: false}[]} */
export const LAYERS = [
  { type: 'support', pattern: ['e2e/**', 'bench/**', 'test/**', 'build/**'], partialMatch: false },
  { type: 'shared', pattern: 'shared/**', partialMatch: false },
  { type: 'renderer', pattern: 'renderer/**', partialMatch: false },
  { type: 'core', pattern: 'electron/core/**', partialMatch: false },
  { type: 'node-common', pattern: 'electron/common/**', partialMatch: false },
  { type: 'core-host', pattern: 'electron/coreHost/**', partialMatch: false },
  { type: 'shell', pattern: ['electron/main/**', 'electron/preload/**'], partialMatch: false },
  { type: 'web-host', pattern: 'electron/web/**', partialMatch: false },
  { type: 'relay', pattern: 'relay/**', partialMatch: false },
  { type: 'scripts', pattern: 'scripts/**', partialMatch: false },
];

/** What each layer may import besides itself. */
export const ALLOWED = {
  shared: [],
  renderer: ['shared'],
  core: ['shared'],
  'node-common': ['shared'],
  'core-host': ['core', 'node-common', 'shared'],
  shell: ['core-host', 'node-common', 'shared'],
  'web-host': ['core', 'node-common', 'shared'],
  relay: ['shared'],
  scripts: ['relay', 'core', 'core-host', 'web-host', 'shell', 'node-common', 'shared'],
  support: ['shared', 'renderer', 'core', 'node-common', 'core-host', 'shell', 'web-host', 'relay', 'scripts'],
};

// The last matching policy decides: the layer table, then "nothing imports test support", then "test
// support (test files, testing/ folders and the support layer: e2e/, bench/, test/) imports what it needs".
export const LAYER_POLICIES = [
  ...Object.entries(ALLOWED).map(([from, to]) => ({
    from: { element: { type: from } },
    allow: { to: { element: { types: { anyOf: [from, ...to] } } } },
  })),
  { from: { element: { type: '*' } }, disallow: { to: { file: { categories: 'test' } } }, message: 'Product code never imports test support (testing/ folders, *.test.ts): see docs/architecture.md.' },
  { from: { file: { categories: 'test' } }, allow: { to: { element: { type: '*' } } } },
  { from: { element: { type: 'support' } }, allow: { to: { element: { type: '*' } } } },
];
