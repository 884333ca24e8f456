/** Deterministic demo data of 黄石街: reference data and a history generated through the real engine. */
export { createDemoRefData, DEMO_PASSWORD, DEMO_DIVISION_CODE, DEMO_STREET_CODE, WORK_DAY_MINUTES } from './refData.js';
export { generateDemoHistory, type DemoHistory, type DemoHistoryOptions } from './history.js';
export { createRng, mulberry32, hashSeed, type Rng } from './prng.js';
