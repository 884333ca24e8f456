/** The session feature's public entry: who is signed in, login and logout (sessionSlice.ts). Other features import session/ only through this module (test/featureCycles.test.ts). */
export * from './sessionSlice.js';
