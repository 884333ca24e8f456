/**
 * A workstation core in its own process, driven over Node IPC (child_process.fork), for the fault tests
 * that kill it (SIGKILL) and start it again on the same data directory. Not used by the product.
 *
 * argv: <dataDir> <relayUrl>. Speaks the child-core dialect of the one host wire (shared/hostWire.ts,
 * ChildCoreWire): in {t:'call', id, method, input} | {t:'shutdown'}; out {t:'ready', clientId} |
 * {t:'result', id, result} | {t:'stream', stream, data} (the `push` stream: ids about to be pushed).
 */
import type { z } from 'zod';
import { ChildCoreWire, readWire, refusedCall } from '../../shared/hostWire.js';
import { createCore } from './core.js';
import { memoryLogger } from './log.js';

const [dataDir, relayUrl] = process.argv.slice(2) as [string, string];
const send = (m: z.infer<typeof ChildCoreWire.fromChild>) => process.send?.(m);
const core = createCore({
  dataDir,
  relayUrl,
  log: memoryLogger(),
  requestTimeoutMs: 5000,
  beforePush: (ids) => send({ t: 'stream', stream: 'push', data: ids }),
});
core.subscribeAll((stream, data) => send({ t: 'stream', stream, data }));
process.on('message', (raw: unknown) => {
  const read = readWire(ChildCoreWire.toChild, raw);
  if (!read.ok) {
    if (typeof read.id === 'number' && read.t === 'call') send({ t: 'result', id: read.id, result: refusedCall(read.reason) });
    else console.warn(`childCore dropped a message: ${read.reason}`);
    return;
  }
  const m = read.message;
  if (m.t === 'call') void core.call(m.method, m.input).then((result) => send({ t: 'result', id: m.id, result }));
  else void core.close().then(() => process.exit(0));
});
send({ t: 'ready', clientId: core.clientId });
