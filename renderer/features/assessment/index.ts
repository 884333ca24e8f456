/**
 * The assessment feature's public entry: what other features (the meeting's agenda) may use of it. The
 * period's inputs and the shared frozen results from the core, and the street's schemes in force (kept
 * by the relay). Other features import assessment/ only through this module (test/featureCycles.test.ts).
 */
export { frozenFor, loadAssessmentData, loadFrozen, type AssessmentData } from './data.js';
export { loadSchemeOverrides } from './schemeStore.js';
export { schemesInForce } from './scheme.js';
