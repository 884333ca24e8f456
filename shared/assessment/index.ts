/** Assessment (考核评价): configurable weighted scoring, freezing, inputs, and masking for public screens. */
export * from './types.js';
export * from './scoring.js';
export * from './freeze.js';
export * from './defaults.js';
export * from './inputs.js';
export * from './indicators.js';
export * from './mask.js';
export { canonicalJson, digestOf, sha256Hex } from './digest.js';
export * from './streetSchemes.js';
