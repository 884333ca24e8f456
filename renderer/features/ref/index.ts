/** The reference-data feature's public entry: the one cache of reference data (refData.ts) and its lookups. Other features import ref/ only through this module (test/featureCycles.test.ts). */
export * from './lookups.js';
export * from './refData.js';
export * from './refAdmin.js';
