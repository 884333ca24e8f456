/**
 * The workstation core against a real relay on loopback (real SQLite files on both sides): another staff
 * account cannot take this workstation's clientId or stop its sync, a workstation whose clientId is taken
 * moves to a new one, numbers that ran far ahead are closed up, and offline re-login is throttled in the cache.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MUTATION_LEAD, type PresenceEntry, type PushResponse } from '../../shared/protocol.js';
import type { RelayHandle } from '../../relay/server.js';
import { startTestRelay } from './testing/relayTestkit.js';
import { createCore, type Core } from './core.js';
import { memoryLogger } from './log.js';
import { ok, reportCommand, tempDir, waitSettled } from './testing/testkit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function relay(opts: { dataDir?: string; port?: number } = {}): Promise<RelayHandle> {
  const r = await startTestRelay({ ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(opts.port ? { port: opts.port } : {}) });
  cleanups.push(() => r.close());
  return r;
}

function core(relayUrl: string, dataDir = tempDir(), clientId?: string): Core {
  const c = createCore({ dataDir, relayUrl, log: memoryLogger(), validateOutput: true, ...(clientId ? { clientId } : {}) });
  cleanups.push(() => c.close());
  return c;
}

async function httpLogin(r: RelayHandle, username: string, clientId: string): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${r.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'grid2026', clientId }),
  });
  const body = (await res.json()) as { value?: { token: string } };
  return { status: res.status, ...(body.value ? { token: body.value.token } : {}) };
}

/** A raw socket and the first presence list it receives (the relay sends one right after connecting). */
function socketOf(r: RelayHandle, token: string, clientId: string): Promise<{ s: Socket; presence: Promise<PresenceEntry[]> }> {
  const s = ioClient(r.url, { auth: { token, clientId }, transports: ['websocket'], reconnection: false, forceNew: true });
  cleanups.push(() => void s.close());
  const presence = new Promise<PresenceEntry[]>((resolve) => s.once('presence', resolve));
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve({ s, presence }));
    s.once('connect_error', reject);
  });
}

const relayLastN = (dataDir: string, clientId: string): number | undefined => {
  const db = new Database(path.join(dataDir, 'relay.db'), { readonly: true });
  try {
    return db.prepare('SELECT last_n FROM clients WHERE client_id = ?').pluck().get(clientId) as number | undefined;
  } finally {
    db.close();
  }
};

describe('a workstation’s clientId and mutation numbers', () => {
  it('another staff account can neither log in under this workstation’s clientId nor stop its pushes', async () => {
    const dir = tempDir('relay-');
    const r = await relay({ dataDir: dir });
    const victim = core(r.url);
    ok(await victim.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(victim);
    const first = reportCommand();
    ok(await victim.call('command.submit', { command: first }));
    await waitSettled(victim, 1);

    // The attacker signs in with their own account from their own machine and watches presence.
    const own = 'attacker-ws';
    const attacker = await httpLogin(r, 'supervisor', own);
    expect(attacker.status).toBe(200);
    const { s, presence: initial } = await socketOf(r, attacker.token!, own);
    const presence = await initial;
    expect(presence.some((p) => p.userId === 'u-dispatcher')).toBe(true);
    expect(JSON.stringify(presence)).not.toContain(victim.clientId);
    // Even knowing the victim's clientId, the attacker gets no token for it.
    expect((await httpLogin(r, 'supervisor', victim.clientId)).status).toBe(409);
    // A rejected command with the largest number does not move any number.
    const poison = { id: 'poison-1', n: Number.MAX_SAFE_INTEGER, command: { type: 'sign', caseId: first.caseId } };
    const ack = (await s.timeout(10_000).emitWithAck('push', { mutations: [poison] })) as { ok: true; value: PushResponse };
    expect(ack.value.results[0]).toMatchObject({ status: 'rejected', code: 'MUTATION_NUMBER_AHEAD' });

    // The victim keeps working: its next command is applied and confirmed, in both databases.
    const second = reportCommand();
    ok(await victim.call('command.submit', { command: second }));
    await waitSettled(victim, 2);
    expect(ok(await victim.call('outbox.list', {}))).toEqual([]);
    expect((await r.store.getCase(second.caseId))?.version).toBe(1);
    expect(relayLastN(dir, victim.clientId)).toBe(2);
    expect(relayLastN(dir, own) ?? 0).toBe(0);
  });

  it('a workstation whose clientId another registered first takes a new one and syncs', async () => {
    const r = await relay();
    const taken = 'ws-taken-by-someone';
    expect((await httpLogin(r, 'leader', taken)).status).toBe(200);
    const c = core(r.url, tempDir(), taken);
    ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    expect(c.clientId).not.toBe(taken);
    await waitSettled(c);
    const cmd = reportCommand();
    ok(await c.call('command.submit', { command: cmd }));
    await waitSettled(c, 1);
    expect((await r.store.getCase(cmd.caseId))?.version).toBe(1);
  });

  it('closes up its numbers when they ran further ahead of the relay than it accepts', async () => {
    const dir = tempDir('relay-');
    let r = await relay({ dataDir: dir });
    const port = r.port;
    const c = core(r.url);
    ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(c);
    await r.close();
    // Offline: more commands withdrawn before they could be pushed than the relay lets a number skip.
    for (let i = 0; i <= MAX_MUTATION_LEAD; i++) {
      const sub = ok(await c.call('command.submit', { command: reportCommand() }));
      ok(await c.call('outbox.dismiss', { id: sub.mutationId }));
    }
    const kept = reportCommand();
    expect(ok(await c.call('command.submit', { command: kept })).n).toBe(MAX_MUTATION_LEAD + 2);
    r = await relay({ dataDir: dir, port });
    await waitSettled(c, 1);
    expect((await r.store.getCase(kept.caseId))?.version).toBe(1);
    expect(relayLastN(dir, c.clientId)).toBe(1);
    // A thousand local commands and withdrawals: give a loaded machine room.
  }, 120_000);
});

describe('offline re-login', () => {
  it('is throttled per username in the cache: a burst of guesses is cut off and the right password refused, also after a restart', async () => {
    const r = await relay();
    const dataDir = tempDir();
    let c = core(r.url, dataDir);
    ok(await c.call('session.login', { username: 'supervisor', password: 'grid2026' }));
    await waitSettled(c);
    ok(await c.call('session.logout', {}));
    await r.close();
    const tries = [...Array.from({ length: 50 }, () => 'wrong'), 'grid2026'];
    const answers = await Promise.all(tries.map((password) => c.call('session.login', { username: 'supervisor', password })));
    const codes = answers.map((a) => (a.ok ? 'OK' : a.error.code));
    expect(codes.filter((x) => x === 'OFFLINE_LOGIN_FAILED').length).toBeLessThanOrEqual(5);
    expect(codes).not.toContain('OK');
    expect(codes.at(-1)).toBe('TOO_MANY_ATTEMPTS');
    const last = answers.at(-1)!;
    if (!last.ok) expect(last.error.message).toMatch(/离线登录密码错误次数过多/);
    // The failures are in the cache file: a restarted workstation still refuses.
    await c.close();
    c = core(r.url, dataDir);
    const again = await c.call('session.login', { username: 'supervisor', password: 'grid2026' });
    expect(again.ok ? 'OK' : again.error.code).toBe('TOO_MANY_ATTEMPTS');
  });
});
