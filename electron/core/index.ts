/**
 * Workstation core (plain Node): SQLite cache, sync engine and the workstation API.
 * Hosts: Electron's utilityProcess (electron/coreHost), the browser host (electron/web), tests.
 */
export { createCore, type Core, type CoreOptions, type CallContext, type StreamListener } from './core.js';
export { consoleLogger, memoryLogger, type Logger } from './log.js';
export { STATUS_TAB, NO_DEADLINE } from './cache/caseRow.js';
