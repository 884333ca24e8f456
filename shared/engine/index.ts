// Placeholder until the engine lands: see shared/engine/types.ts for the contract.
export type { Decide, Evolve, EngineContext, Decision, Rejection, RejectionCode } from './types.js';
