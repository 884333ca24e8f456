/**
 * Revocation takes effect at once (real relay on loopback, real sockets): a user an admin deactivates or
 * demotes loses the sockets already open, cannot reconnect with the old token, and cannot push even with a
 * command taken in the same batch as the change.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { User } from '../shared/model.js';
import type { PushResponse, WireError } from '../shared/protocol.js';
import { HubError } from './hub.js';
import { startRelay, type RelayHandle } from './server.js';
import { connect, login, removeTempDirs, reportCmd, request, requestOk, tempDir, uid, testRelayOptions } from './testing/testkit.js';

let relay: RelayHandle;
const sockets: Socket[] = [];

beforeEach(async () => {
  relay = await startRelay(testRelayOptions(tempDir()));
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await relay.close();
});
afterAll(() => removeTempDirs());

async function session(username: string): Promise<{ socket: Socket; token: string; clientId: string }> {
  const clientId = uid('ws-' + username);
  const token = await login(relay.url, username, clientId);
  const socket = await connect(relay.url, { token, clientId });
  sockets.push(socket);
  return { socket, token, clientId };
}

const withUser = (id: string, patch: Partial<User>): User[] => relay.hub.ref.users.map((u) => (u.id === id ? { ...u, ...patch } : u));

/** The admin changes the users section over its own socket, as the admin screen does. */
async function adminChangesUsers(admin: Socket, users: User[]): Promise<void> {
  await requestOk(admin, 'ref:update', { section: 'users', value: users });
}

/** The push's answer, or the error it was refused with (never an unhandled rejection). */
const settle = (p: Promise<PushResponse>): Promise<PushResponse | unknown> =>
  p.then(
    (v) => v,
    (e: unknown) => e,
  );

/** Resolves with the revocation notice and the disconnect reason of a socket. */
function revoked(socket: Socket): Promise<{ notice: WireError; reason: string }> {
  return new Promise((resolve) => {
    let notice: WireError | null = null;
    socket.once('auth:revoked', (n: WireError) => (notice = n));
    socket.once('disconnect', (reason: string) => resolve({ notice: notice!, reason }));
  });
}

describe('revocation', () => {
  it('a deactivated user’s open socket is closed with a Chinese reason, and the old token no longer connects', async () => {
    const admin = await session('admin');
    const d = await session('dispatcher');
    expect(
      (await requestOk<PushResponse>(d.socket, 'push', { mutations: [{ id: uid('m'), n: 1, command: reportCmd(uid('case')) }] })).lastN,
    ).toBe(1);
    const closed = revoked(d.socket);
    await adminChangesUsers(admin.socket, withUser('u-dispatcher', { active: false }));
    const { notice, reason } = await closed;
    expect(notice).toMatchObject({ code: 'ACCOUNT_DISABLED' });
    expect(notice.message).toMatch(/账号已停用/);
    expect(reason).toBe('io server disconnect');
    await expect(connect(relay.url, { token: d.token, clientId: d.clientId })).rejects.toMatchObject({ data: { code: 'TOKEN_INVALID' } });
    // Nor does it read the reference data over HTTP.
    const ref = await fetch(`${relay.url}/api/ref`, { headers: { authorization: `Bearer ${d.token}` } });
    expect(ref.status).toBe(401);
    expect((await fetch(`${relay.url}/api/ref`, { headers: { authorization: `Bearer ${admin.token}` } })).status).toBe(200);
    // The admin's own socket stays.
    expect(admin.socket.connected).toBe(true);
  });

  it('a dispatcher demoted to wall loses push rights at once, not when the 12 h token runs out', async () => {
    const admin = await session('admin');
    const d = await session('dispatcher');
    const other = await session('supervisor');
    const closed = revoked(d.socket);
    await adminChangesUsers(admin.socket, withUser('u-dispatcher', { role: 'wall' }));
    const { notice } = await closed;
    expect(notice).toMatchObject({ code: 'ROLE_CHANGED' });
    expect(notice.message).toMatch(/角色已变更/);
    // The old token (role dispatcher in its claims) is refused; a fresh login gets the new role, read-only.
    await expect(connect(relay.url, { token: d.token, clientId: d.clientId })).rejects.toMatchObject({ data: { code: 'TOKEN_INVALID' } });
    const fresh = await connect(relay.url, { token: await login(relay.url, 'dispatcher', d.clientId), clientId: d.clientId });
    sockets.push(fresh);
    const ack = await request(fresh, 'push', { mutations: [{ id: uid('m'), n: 1, command: reportCmd(uid('case')) }] });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Users whose profile did not change keep their sockets.
    expect(other.socket.connected).toBe(true);
  });

  it('the hub checks the current role and active flag when it takes the command (same batch as the change)', async () => {
    const adminActor = { id: 'u-admin', name: '系统管理员', role: 'admin' as const, unitId: 'centre' };
    const stale = { id: 'u-supervisor', name: '李强', role: 'supervisor' as const, unitId: 'centre' };
    // Queued in the same turn: the users change is decided first, then the push with the token's old actor.
    const update = relay.hub.updateRef(adminActor, { section: 'users', value: withUser('u-supervisor', { active: false }) });
    const push = settle(relay.hub.push(uid('ws'), stale, [{ id: uid('m'), n: 1, command: reportCmd(uid('case')) }]));
    await update;
    const refused = await push;
    expect(refused).toBeInstanceOf(HubError);
    expect(refused).toMatchObject({ code: 'ACCOUNT_DISABLED' });
    const demote = relay.hub.updateRef(adminActor, { section: 'users', value: withUser('u-leader', { role: 'wall' }) });
    const leaderPush = settle(
      relay.hub.push(uid('ws'), { id: 'u-leader', name: '许文华', role: 'leader', unitId: 'centre' }, [
        { id: uid('m'), n: 1, command: reportCmd(uid('case')) },
      ]),
    );
    await demote;
    expect(await leaderPush).toMatchObject({ code: 'FORBIDDEN' });
  });
});
