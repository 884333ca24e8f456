/**
 * Entry of the core host utilityProcess (bundled to dist/electron/coreHost.cjs, forked by
 * electron/main/coreProcess.ts): runs the workstation core off the UI thread and talks to main over
 * `process.parentPort`.
 */
import { createCore, consoleLogger } from '../core/index.js';
import { runCoreHost } from './host.js';

const parentPort = process.parentPort;
if (!parentPort) {
  console.error('coreHost must run as an Electron utilityProcess (process.parentPort is missing)');
  process.exit(2);
}

runCoreHost({
  endpoint: {
    post: (message) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
  },
  createCore: ({ dataDir, relayUrl, clientId }) =>
    createCore({ dataDir, relayUrl, log: consoleLogger('[core]'), ...(clientId !== undefined ? { clientId } : {}) }),
  onClosed: () => process.exit(0),
});
