/**
 * Scoring scheme saves on a real relay (port 0, temp data dir, real sockets): concurrent saves based on the
 * same version (two leaders at once) give exactly one new version, the other is refused SCHEME_CHANGED; the
 * versions logged count up without gaps; the saved schemes survive a relay restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { DEFAULT_SCHEMES } from '../shared/assessment/defaults.js';
import { AssessmentScheme } from '../shared/assessment/types.js';
import { schemeInForce } from '../shared/assessment/streetSchemes.js';
import { startRelay, type RelayHandle } from './server.js';
import {
  collectChanges,
  connect,
  login,
  removeTempDirs,
  request,
  tempDir,
  TEST_TOKEN_SECRET,
  TEST_WEBHOOK_SECRET,
  uid,
  waitFor,
} from './testing/testkit.js';

let relay: RelayHandle;
let dataDir: string;
const sockets: Socket[] = [];

const opts = () => ({
  port: 0,
  dataDir,
  demo: false,
  webhookSecret: TEST_WEBHOOK_SECRET,
  tokenSecret: TEST_TOKEN_SECRET,
  districtUrl: 'none',
  quiet: true,
  sync: 'normal' as const,
  presenceIntervalMs: 0,
});

async function as(username: string): Promise<Socket> {
  const clientId = uid(username);
  const socket = await connect(relay.url, { token: await login(relay.url, username, clientId), clientId });
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  dataDir = tempDir();
  relay = await startRelay(opts());
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await relay.close();
  removeTempDirs();
});

const seat = AssessmentScheme.parse(DEFAULT_SCHEMES.seat);
const withName = (name: string) => ({ ...seat, name });

describe('ref:update assessmentScheme', () => {
  it('concurrent saves from one version: exactly one is numbered, the others are refused; versions count up', async () => {
    const leader = await as('leader');
    const admin = await as('admin');
    const watcher = await as('dispatcher');
    const seen = collectChanges(watcher);
    for (let round = 0; round < 4; round++) {
      const basedOn = schemeInForce(relay.hub.ref.assessmentSchemes, 'seat').version;
      const answers = await Promise.all(
        [leader, admin, leader].map((s, i) =>
          request(s, 'ref:update', { section: 'assessmentScheme', value: { scheme: withName(`第${round}轮-${i}`), basedOn } }),
        ),
      );
      expect(answers.filter((a) => a.ok)).toHaveLength(1);
      for (const a of answers.filter((x) => !x.ok)) expect(!a.ok && a.error.code).toBe('SCHEME_CHANGED');
      expect(schemeInForce(relay.hub.ref.assessmentSchemes, 'seat').version).toBe(basedOn + 1);
    }
    await waitFor(watcher, () => seen.filter((e) => e.kind === 'ref').length === 4, 10_000, 'four scheme entries');
    const versions = seen.flatMap((e) => (e.kind === 'ref' && e.ref.section === 'assessmentScheme' ? [e.ref.value.version] : []));
    expect(versions).toEqual([1, 2, 3, 4]);
    const stamped = seen.flatMap((e) => (e.kind === 'ref' && e.ref.section === 'assessmentScheme' ? [e.ref.value] : []));
    for (const v of stamped) {
      expect(v.scheme.version).toBe(String(v.version));
      expect(v.savedById === 'u-leader' || v.savedById === 'u-admin').toBe(true);
      expect(v.savedAt).toBeGreaterThan(0);
    }
    // Other kinds stay the built-in default.
    expect(schemeInForce(relay.hub.ref.assessmentSchemes, 'department').version).toBe(0);
  });

  it('a supervisor is refused (their office is itself assessed), and the saved schemes survive a restart', async () => {
    const supervisor = await as('supervisor');
    const before = relay.hub.ref.assessmentSchemes;
    const refused = await request(supervisor, 'ref:update', {
      section: 'assessmentScheme',
      value: { scheme: withName('督办员'), basedOn: 4 },
    });
    expect(refused.ok === false && refused.error.code).toBe('FORBIDDEN');
    for (const s of sockets.splice(0)) s.close();
    await relay.close();
    relay = await startRelay(opts());
    expect(relay.hub.ref.assessmentSchemes).toEqual(before);
    expect(schemeInForce(relay.hub.ref.assessmentSchemes, 'seat').version).toBe(4);
  });
});
