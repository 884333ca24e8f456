/** The queue feature's public entry for other features: its slice (the live pushes refresh it). The shell mounts QueuePage itself. Other features import queue/ only through this module (test/featureCycles.test.ts). */
export * from './queueSlice.js';
