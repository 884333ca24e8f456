/**
 * A real relay on loopback for the core's tests. Kept apart from testkit.ts: this one imports relay/, which
 * the Electron project (tsconfig.electron.json) does not build; the Node project typechecks it.
 */
import { startRelay, type RelayHandle, type StartRelayOptions } from '../../../relay/server.js';
import { TEST_TOKEN_SECRET, tempDir } from './testkit.js';

/**
 * An ephemeral port, a fresh data directory, no demo data, no district platform, the test token secret,
 * quiet, normal sync, presence without coalescing; `opts` overrides any of them (pass the same dataDir and
 * port to restart one).
 */
export function startTestRelay(opts: StartRelayOptions = {}): Promise<RelayHandle> {
  return startRelay({
    port: 0,
    dataDir: tempDir('relay-'),
    demo: false,
    districtUrl: 'none',
    tokenSecret: TEST_TOKEN_SECRET,
    quiet: true,
    sync: 'normal',
    presenceIntervalMs: 0,
    ...opts,
  });
}
