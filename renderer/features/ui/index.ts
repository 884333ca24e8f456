/** The UI feature's public entry: routes, notices, the help sheet and flashing rows (uiSlice.ts). Other features import ui/ only through this module (test/featureCycles.test.ts). */
export * from './uiSlice.js';
