/**
 * A workstation core in its own process, driven over Node IPC (child_process.fork), for the fault tests
 * that kill it (SIGKILL) and start it again on the same data directory. Not used by the product.
 *
 * argv: <dataDir> <relayUrl>. Messages in: {t:'call', id, method, input} | {t:'close'}.
 * Messages out: {t:'ready', clientId} | {t:'result', id, result} | {t:'stream', stream, data} | {t:'push', ids}.
 */
import { createCore } from './core.js';
import { memoryLogger } from './log.js';

const [dataDir, relayUrl] = process.argv.slice(2) as [string, string];
const send = (m: unknown) => process.send?.(m);
const core = createCore({
  dataDir,
  relayUrl,
  log: memoryLogger(),
  requestTimeoutMs: 5000,
  beforePush: (ids) => send({ t: 'push', ids }),
});
core.subscribeAll((stream, data) => send({ t: 'stream', stream, data }));
process.on('message', (raw: unknown) => {
  const m = raw as { t: string; id?: number; method?: string; input?: unknown };
  if (m.t === 'call') void core.call(m.method!, m.input).then((result) => send({ t: 'result', id: m.id, result }));
  if (m.t === 'close') void core.close().then(() => process.exit(0));
});
send({ t: 'ready', clientId: core.clientId });
