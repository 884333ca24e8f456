/**
 * A clientId belongs to the workstation that registered it (real relay on loopback, real sockets, the relay's
 * SQLite file): another account cannot log in under it, presence does not reveal it, and a pushed mutation
 * number is bounded by what the client could have issued, so no push can stop a workstation's sync.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { MAX_MUTATION_LEAD, type PresenceEntry, type PushResponse } from '../shared/protocol.js';
import { startRelay, type RelayHandle } from './server.js';
import { connect, postJson, removeTempDirs, reportCmd, request, requestOk, tempDir, uid, waitFor, testRelayOptions } from './testing/testkit.js';

let relay: RelayHandle;
let dataDir: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  dataDir = tempDir();
  relay = await startRelay(testRelayOptions(dataDir));
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await relay.close();
  removeTempDirs();
});

type LoginValue = { token: string; clientSecret?: string };
const loginRaw = (username: string, clientId: string, clientSecret?: string, password = 'grid2026') =>
  postJson(`${relay.url}/api/login`, { username, password, clientId, ...(clientSecret ? { clientSecret } : {}) });

async function open(token: string, clientId: string): Promise<Socket> {
  const s = await connect(relay.url, { token, clientId });
  sockets.push(s);
  return s;
}

const lastNInFile = (clientId: string): number | undefined => {
  const db = new Database(path.join(dataDir, 'relay.db'), { readonly: true });
  try {
    return db.prepare('SELECT last_n FROM clients WHERE client_id = ?').pluck().get(clientId) as number | undefined;
  } finally {
    db.close();
  }
};

describe('clientId registration', () => {
  it('issues a secret at the first login and refuses the clientId to anyone without it, whatever their password', async () => {
    const victim = uid('ws-victim');
    const first = await loginRaw('dispatcher', victim);
    expect(first.status).toBe(200);
    const secret = (first.json.value as LoginValue).clientSecret;
    expect(secret).toMatch(/^[\w-]{40,}$/);
    // Another staff account, right password, the victim's clientId: refused, no token.
    for (const guess of [undefined, 'not-the-secret']) {
      const stolen = await loginRaw('supervisor', victim, guess);
      expect(stolen.status).toBe(409);
      expect(stolen.json).toMatchObject({ ok: false, error: { code: 'CLIENT_ID_TAKEN' } });
      expect((stolen.json.error as { message: string }).message).toMatch(/工作站编号/);
      expect(stolen.json.value).toBeUndefined();
    }
    // The workstation itself, for any user who signs in there, presents the secret: accepted, no new secret.
    for (const user of ['dispatcher', 'supervisor']) {
      const again = await loginRaw(user, victim, secret);
      expect(again.status).toBe(200);
      expect((again.json.value as LoginValue).clientSecret).toBeUndefined();
    }
    // Only the secret's hash is stored.
    const db = new Database(path.join(dataDir, 'relay.db'), { readonly: true });
    const stored = db
      .prepare('SELECT value FROM meta WHERE key = ?')
      .pluck()
      .get('client:' + victim) as string;
    db.close();
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(secret);
  });

  it('two concurrent first logins with one clientId register it once', async () => {
    const id = uid('ws-race');
    const both = await Promise.all([loginRaw('dispatcher', id), loginRaw('leader', id)]);
    const issued = both.filter((r) => r.status === 200 && (r.json.value as LoginValue).clientSecret);
    expect(issued).toHaveLength(1);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('presence', () => {
  it('tells every account (the wall too) who is online without any workstation’s clientId', async () => {
    const ws = uid('ws-a');
    const a = (await loginRaw('dispatcher', ws)).json.value as LoginValue;
    const wallId = uid('ws-wall');
    const wall = (await loginRaw('wall', wallId)).json.value as LoginValue;
    const wallSocket = await open(wall.token, wallId);
    let list: PresenceEntry[] = [];
    wallSocket.on('presence', (l: PresenceEntry[]) => (list = l));
    const aSocket = await open(a.token, ws);
    await waitFor(wallSocket, () => list.some((p) => p.id === aSocket.id), 10_000, 'the dispatcher in presence');
    expect(list.find((p) => p.id === aSocket.id)).toMatchObject({ userId: 'u-dispatcher', role: 'dispatcher' });
    expect(JSON.stringify(list)).not.toContain(ws);
    expect(JSON.stringify(list)).not.toContain(wallId);
  });
});

describe('mutation numbers', () => {
  it('refuses a number further ahead than the client could have issued, without consuming it', async () => {
    const id = uid('ws-n');
    const v = (await loginRaw('dispatcher', id)).json.value as LoginValue;
    const s = await open(v.token, id);
    const huge = { id: uid('m'), n: Number.MAX_SAFE_INTEGER, command: { type: 'sign', caseId: uid('missing') } };
    const r1 = await requestOk<PushResponse>(s, 'push', { mutations: [huge] });
    expect(r1.results[0]).toMatchObject({ status: 'rejected', code: 'MUTATION_NUMBER_AHEAD' });
    expect(r1.lastN).toBe(0);
    expect(lastNInFile(id) ?? 0).toBe(0);
    // A rejected command within the bound consumes its number (protocol §3.3) but cannot run further ahead.
    const far = { id: uid('m'), n: MAX_MUTATION_LEAD, command: { type: 'sign', caseId: uid('missing') } };
    const r2 = await requestOk<PushResponse>(s, 'push', { mutations: [far] });
    expect(r2.results[0]!.status).toBe('rejected');
    expect(r2.results[0]!.code).not.toBe('MUTATION_NUMBER_AHEAD');
    expect(r2.lastN).toBe(MAX_MUTATION_LEAD);
    // The next numbers are still usable.
    const next = { id: uid('m'), n: MAX_MUTATION_LEAD + 1, command: reportCmd(uid('case')) };
    const r3 = await requestOk<PushResponse>(s, 'push', { mutations: [next] });
    expect(r3.results[0]!.status).toBe('applied');
    expect(lastNInFile(id)).toBe(MAX_MUTATION_LEAD + 1);
  });

  it('the attack of the issue: another account can neither take a workstation’s clientId nor stop its pushes', async () => {
    const victimId = uid('ws-victim');
    const victim = (await loginRaw('dispatcher', victimId)).json.value as LoginValue;
    const vs = await open(victim.token, victimId);
    expect(
      (await requestOk<PushResponse>(vs, 'push', { mutations: [{ id: uid('m'), n: 1, command: reportCmd(uid('case')) }] })).lastN,
    ).toBe(1);
    // The attacker knows the victim's clientId (somehow): login under it is refused.
    expect((await loginRaw('supervisor', victimId)).status).toBe(409);
    // A token minted for the attacker's own clientId does not open a socket as the victim's workstation.
    const own = uid('ws-attacker');
    const attacker = (await loginRaw('supervisor', own)).json.value as LoginValue;
    await expect(connect(relay.url, { token: attacker.token, clientId: victimId })).rejects.toMatchObject({
      data: { code: 'TOKEN_INVALID' },
    });
    const as = await open(attacker.token, own);
    const poison = { id: uid('m'), n: Number.MAX_SAFE_INTEGER, command: { type: 'sign', caseId: uid('missing') } };
    expect((await requestOk<PushResponse>(as, 'push', { mutations: [poison] })).results[0]!.code).toBe('MUTATION_NUMBER_AHEAD');
    // The victim keeps pushing with its next number.
    const ack = await request<PushResponse>(vs, 'push', { mutations: [{ id: uid('m'), n: 2, command: reportCmd(uid('case')) }] });
    expect(ack).toMatchObject({ ok: true, value: { lastN: 2, results: [{ status: 'applied' }] } });
    expect(lastNInFile(victimId)).toBe(2);
    expect(lastNInFile(own) ?? 0).toBe(0);
  });
});
