/** The sync feature's public entry: the connection and outbox state (syncSlice.ts) and the connection indicator. Other features import sync/ only through this module (test/featureCycles.test.ts). */
export * from './syncSlice.js';
export * from './ConnectionIndicator.js';
