/**
 * The relay's Socket.IO protocol against a real relay (port 0, temp data dir) with real socket.io-client
 * sockets: authentication, push idempotency, pull/reset/snapshot, presence, ref updates and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import {
  LogEntry,
  MAX_PAYLOAD_BYTES,
  type PullResponse,
  type PushResponse,
  type SnapshotResponse,
  type PresenceEntry,
} from '../shared/protocol.js';
import { signToken } from './auth.js';
import { startRelay, type RelayHandle } from './server.js';
import {
  collectChanges,
  connect,
  login,
  postJson,
  readLogFile,
  removeTempDirs,
  reportCmd,
  request,
  requestOk,
  tempDir,
  uid,
  waitFor,
  testRelayOptions,
} from './testing/testkit.js';

let relay: RelayHandle;
let dataDir: string;
const sockets: Socket[] = [];

async function session(username: string, clientId = uid(username)): Promise<{ socket: Socket; clientId: string; token: string }> {
  const token = await login(relay.url, username, clientId);
  const socket = await connect(relay.url, { token, clientId });
  sockets.push(socket);
  return { socket, clientId, token };
}

const mutation = (n: number, command: unknown, id = uid('m')) => ({ id, n, command });

beforeAll(async () => {
  dataDir = tempDir();
  relay = await startRelay(testRelayOptions(dataDir));
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await relay.close();
  // Whatever the tests threw at it, the log holds only whole, valid, gap-free entries.
  const { problems, entries } = readLogFile(dataDir);
  removeTempDirs();
  expect(problems).toEqual([]);
  expect(entries.length).toBeGreaterThan(0);
});

describe('authentication', () => {
  it('issues a token for good credentials and refuses bad ones', async () => {
    const ok = await postJson(`${relay.url}/api/login`, { username: 'dispatcher', password: 'grid2026', clientId: 'ws-a' });
    expect(ok.status).toBe(200);
    expect(ok.json.ok).toBe(true);
    const value = ok.json.value as { token: string; user: { role: string }; expiresAt: number };
    expect(value.user.role).toBe('dispatcher');
    expect(value.expiresAt).toBeGreaterThan(Date.now());
    const bad = await postJson(`${relay.url}/api/login`, { username: 'dispatcher', password: 'wrong', clientId: 'ws-a' });
    expect(bad.status).toBe(401);
    expect((bad.json.error as { code: string }).code).toBe('BAD_CREDENTIALS');
    const malformed = await postJson(`${relay.url}/api/login`, { username: '', clientId: 'ws-a' });
    expect(malformed.status).toBe(400);
  });

  it('refuses connections without a token, with a bad token, an expired token or another workstation’s token', async () => {
    const refused = async (auth: Record<string, unknown> | undefined) => {
      const err = (await connect(relay.url, auth).then(
        (s) => {
          s.close();
          return null;
        },
        (e: unknown) => e,
      )) as (Error & { data?: { code: string } }) | null;
      expect(err).not.toBeNull();
      return err!;
    };
    expect((await refused(undefined)).data?.code).toBe('UNAUTHENTICATED');
    expect((await refused({ token: 'v1.garbage.sig', clientId: 'ws-x' })).data?.code).toBe('TOKEN_INVALID');
    const forged = signToken(
      { sub: 'u-admin', name: 'x', role: 'admin', cid: 'ws-x', iat: Date.now(), exp: Date.now() + 60_000 },
      'another-secret-0123456789',
    );
    expect((await refused({ token: forged, clientId: 'ws-x' })).data?.code).toBe('TOKEN_INVALID');
    const expired = signToken(
      { sub: 'u-dispatcher', name: '张敏', role: 'dispatcher', cid: 'ws-x', iat: Date.now() - 120_000, exp: Date.now() - 60_000 },
      relay.tokenSecret,
    );
    const e = await refused({ token: expired, clientId: 'ws-x' });
    expect(e.data?.code).toBe('TOKEN_EXPIRED');
    expect(e.message).toContain('过期');
    const token = await login(relay.url, 'dispatcher', 'ws-y');
    expect((await refused({ token, clientId: 'ws-z' })).data?.code).toBe('TOKEN_INVALID');
  });

  it('disconnects a socket when its token expires', async () => {
    const token = signToken(
      { sub: 'u-dispatcher', name: '张敏', role: 'dispatcher', cid: 'ws-exp', iat: Date.now(), exp: Date.now() + 1500 },
      relay.tokenSecret,
    );
    const s = await connect(relay.url, { token, clientId: 'ws-exp' });
    const notice = await new Promise<{ code: string }>((resolve) => s.once('auth:expired', resolve));
    expect(notice.code).toBe('TOKEN_EXPIRED');
    await new Promise<void>((resolve) => (s.disconnected ? resolve() : s.once('disconnect', () => resolve())));
    expect(s.connected).toBe(false);
    s.close();
  });

  it('lets the wall read but never push (nor the admin, who has no case commands)', async () => {
    const { socket } = await session('wall');
    const pull = await requestOk<PullResponse>(socket, 'pull', { cursor: 0 });
    expect(pull.type).toBe('changes');
    const before = relay.hub.head;
    const ack = await request(socket, 'push', { mutations: [mutation(1, reportCmd(uid('case')))] });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!ack.ok) expect(ack.error.message).toContain('只读');
    // The admin maintains reference data; the engine gives it no case commands either.
    const admin = await session('admin');
    expect(await request(admin.socket, 'push', { mutations: [mutation(1, reportCmd(uid('case')))] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(relay.hub.head).toBe(before);
  });

  it('takes the actor from the token, never from the payload', async () => {
    const { socket } = await session('supervisor');
    const caseId = uid('case');
    const disp = await session('dispatcher');
    await requestOk(disp.socket, 'push', { mutations: [mutation(1, reportCmd(caseId))] });
    // A supervisor may not accept; a forged actor in the payload changes nothing.
    const res = await requestOk<PushResponse>(socket, 'push', {
      mutations: [
        {
          ...mutation(1, { type: 'accept', caseId, catalogItemId: 'sr01', grade: 'normal' }),
          actor: { id: 'u-dispatcher', role: 'dispatcher' },
        },
      ],
    });
    expect(res.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN_ROLE' });
    const pulled = await requestOk<PullResponse>(socket, 'pull', { cursor: 0, limit: 1000 });
    const reported = pulled.type === 'changes' ? pulled.entries.find((e) => e.kind === 'case' && e.event.caseId === caseId) : undefined;
    expect(reported?.kind === 'case' && reported.event.actor).toMatchObject({ id: 'u-dispatcher', role: 'dispatcher', name: '张敏' });
  });
});

describe('push', () => {
  it('is idempotent: the same mutation twice is applied then duplicate, with one effect', async () => {
    const { socket, clientId } = await session('dispatcher');
    const caseId = uid('case');
    const m = mutation(1, reportCmd(caseId));
    const first = await requestOk<PushResponse>(socket, 'push', { mutations: [m] });
    expect(first.results[0]).toMatchObject({ id: m.id, n: 1, status: 'applied' });
    expect(first.lastN).toBe(1);
    const second = await requestOk<PushResponse>(socket, 'push', { mutations: [m] });
    expect(second.results[0]).toMatchObject({ id: m.id, n: 1, status: 'duplicate' });
    const entries = readLogFile(dataDir).entries.filter((e) => e.kind === 'case' && e.event.caseId === caseId);
    expect(entries).toHaveLength(1);
    // A reconnect of the same workstation keeps its high-water mark.
    socket.close();
    const again = await session('dispatcher', clientId);
    const third = await requestOk<PushResponse>(again.socket, 'push', { mutations: [m] });
    expect(third.results[0]!.status).toBe('duplicate');
    expect(third.lastN).toBe(1);
  });

  it('answers each mutation: applied, rejected with the engine’s code and Chinese message, duplicate', async () => {
    const { socket } = await session('dispatcher');
    const caseId = uid('case');
    const res = await requestOk<PushResponse>(socket, 'push', {
      mutations: [
        mutation(1, reportCmd(caseId)),
        mutation(2, { type: 'sign', caseId }),
        mutation(3, { type: 'accept', caseId, catalogItemId: 'sr01', grade: 'normal' }),
      ],
    });
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(res.results[1]!.code).toBe('FORBIDDEN_ROLE');
    expect(res.results[1]!.message).toMatch(/[\u4e00-\u9fff]/);
    expect(res.lastN).toBe(3);
    expect(res.results[2]!.seq).toBeGreaterThan(res.results[0]!.seq!);
  });

  it('accepts any number above the last one (gaps allowed), sorts a batch by n, and treats lower numbers as seen', async () => {
    const { socket } = await session('dispatcher');
    const a = uid('case');
    const b = uid('case');
    const c = uid('case');
    // Sent out of order in one batch: applied in n order.
    const res = await requestOk<PushResponse>(socket, 'push', {
      mutations: [mutation(7, { type: 'accept', caseId: a, catalogItemId: 'sr01', grade: 'normal' }), mutation(5, reportCmd(a))],
    });
    expect(res.results.map((r) => [r.n, r.status])).toEqual([
      [5, 'applied'],
      [7, 'applied'],
    ]);
    const gap = await requestOk<PushResponse>(socket, 'push', { mutations: [mutation(20, reportCmd(b))] });
    expect(gap.results[0]!.status).toBe('applied');
    const stale = await requestOk<PushResponse>(socket, 'push', { mutations: [mutation(9, reportCmd(c))] });
    expect(stale.results[0]).toMatchObject({ status: 'duplicate', code: 'ALREADY_SEEN' });
    expect(stale.lastN).toBe(20);
    expect(readLogFile(dataDir).entries.some((e) => e.kind === 'case' && e.event.caseId === c)).toBe(false);
  });

  it('treats a replayed mutation id under a new number as a duplicate', async () => {
    const { socket } = await session('dispatcher');
    const caseId = uid('case');
    const m = mutation(1, reportCmd(caseId));
    await requestOk(socket, 'push', { mutations: [m] });
    const replay = await requestOk<PushResponse>(socket, 'push', { mutations: [{ ...m, n: 2 }] });
    expect(replay.results[0]).toMatchObject({ status: 'duplicate', code: 'ALREADY_APPLIED' });
    expect(readLogFile(dataDir).entries.filter((e) => e.kind === 'case' && e.event.caseId === caseId)).toHaveLength(1);
  });

  it('refuses malformed pushes with BAD_REQUEST and stores nothing', async () => {
    const { socket } = await session('dispatcher');
    const before = relay.hub.head;
    const cases: unknown[] = [
      undefined,
      'garbage',
      { mutations: [] },
      { mutations: [{ id: 'x', n: 0, command: reportCmd('c') }] },
      { mutations: [{ id: 'x', n: 1.5, command: reportCmd('c') }] },
      { mutations: [{ id: 'x', n: 1, command: { type: 'explode', caseId: 'c' } }] },
      { mutations: [{ id: 'x', n: 1, command: { ...reportCmd('c'), title: 42 } }] },
      { mutations: Array.from({ length: 101 }, (_, i) => mutation(i + 1, reportCmd('c'))) },
    ];
    for (const payload of cases) {
      const ack = await request(socket, 'push', payload);
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error.code).toBe('BAD_REQUEST');
    }
    expect(relay.hub.head).toBe(before);
    // The connection still works.
    expect((await requestOk<{ now: number }>(socket, 'time')).now).toBeGreaterThan(0);
  });
});

describe('pull, snapshot and live changes', () => {
  it('broadcasts one LogEntry per message after commit, in seq order, to every client', async () => {
    const a = await session('dispatcher');
    const b = await session('wall');
    const seenB = collectChanges(b.socket);
    const start = relay.hub.head;
    const caseIds = [uid('case'), uid('case'), uid('case')];
    await requestOk(a.socket, 'push', { mutations: caseIds.map((id, i) => mutation(i + 1, reportCmd(id))) });
    await waitFor(b.socket, () => seenB.filter((e) => e.seq > start).length >= 3, 10_000, 'three changes');
    const mine = seenB.filter((e) => e.seq > start);
    for (const e of mine) expect(LogEntry.safeParse(e).success).toBe(true);
    expect(mine.map((e) => e.seq)).toEqual([start + 1, start + 2, start + 3]);
    // Everything broadcast is already durable.
    const stored = readLogFile(dataDir).entries.filter((e) => e.seq > start && e.seq <= start + 3);
    expect(stored.map((e) => e.changeId)).toEqual(mine.map((e) => e.changeId));
  });

  it('sends one "changes" message per commit to sockets that opted in to batches, and no "change"', async () => {
    const a = await session('dispatcher');
    const clientId = uid('wall');
    const batched = await connect(relay.url, { token: await login(relay.url, 'wall', clientId), clientId, batch: true });
    sockets.push(batched);
    const batches: LogEntry[][] = [];
    const singles: LogEntry[] = [];
    batched.on('changes', (es: LogEntry[]) => batches.push(es));
    batched.on('change', (e: LogEntry) => singles.push(e));
    const start = relay.hub.head;
    await requestOk(a.socket, 'push', { mutations: [mutation(1, reportCmd(uid('case'))), mutation(2, reportCmd(uid('case')))] });
    await waitFor(batched, () => batches.flat().filter((e) => e.seq > start).length >= 2, 10_000, 'batched changes');
    const mine = batches.flat().filter((e) => e.seq > start);
    expect(mine.map((e) => e.seq)).toEqual([start + 1, start + 2]);
    // Both mutations were committed together, so they arrive in one message.
    expect(batches.find((b) => b.some((e) => e.seq === start + 1))).toHaveLength(2);
    expect(singles).toEqual([]);
  });

  it('pulls in pages and reports the head; a cursor ahead of the head gets reset', async () => {
    const { socket } = await session('wall');
    const head = relay.hub.head;
    expect(head).toBeGreaterThan(3);
    const collected: LogEntry[] = [];
    let cursor = 0;
    for (let i = 0; i < 1000; i++) {
      const page = await requestOk<PullResponse>(socket, 'pull', { cursor, limit: 2 });
      expect(page.type).toBe('changes');
      if (page.type !== 'changes') break;
      expect(page.entries.length).toBeLessThanOrEqual(2);
      if (page.entries.length === 0) break;
      collected.push(...page.entries);
      cursor = page.entries.at(-1)!.seq;
    }
    expect(collected.map((e) => e.seq)).toEqual(Array.from({ length: collected.length }, (_, i) => i + 1));
    expect(collected.length).toBeGreaterThanOrEqual(head);
    const ahead = await requestOk<PullResponse>(socket, 'pull', { cursor: relay.hub.head + 10 });
    expect(ahead).toMatchObject({ type: 'reset' });
    const bad = await request(socket, 'pull', { cursor: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('serves snapshot pages in id order with the ref data on the first page', async () => {
    const { socket } = await session('wall');
    const first = await requestOk<SnapshotResponse>(socket, 'snapshot', { limit: 2 });
    expect(first.ref?.communities.length).toBeGreaterThan(0);
    expect(first.cases).toHaveLength(2);
    expect(first.next).toBe(first.cases[1]!.id);
    const ids = first.cases.map((c) => c.id);
    let next = first.next;
    for (let i = 0; next && i < 1000; i++) {
      const page = await requestOk<SnapshotResponse>(socket, 'snapshot', { after: next, limit: 2 });
      expect(page.ref).toBeUndefined();
      ids.push(...page.cases.map((c) => c.id));
      next = page.next;
    }
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(await relay.store.caseCount());
  });

  it('measures time for the clock offset', async () => {
    const { socket } = await session('wall');
    const t0 = Date.now();
    const { now } = await requestOk<{ now: number }>(socket, 'time');
    expect(now).toBeGreaterThanOrEqual(t0 - 5);
    expect(now).toBeLessThanOrEqual(Date.now() + 5);
  });
});

describe('presence', () => {
  it('lists online workstations and the case each user has open, and broadcasts changes', async () => {
    const watcher = await session('leader');
    let list: PresenceEntry[] = [];
    watcher.socket.on('presence', (l: PresenceEntry[]) => (list = l));
    const other = await session('dispatcher2');
    const id = other.socket.id!;
    await waitFor(watcher.socket, () => list.some((p) => p.id === id), 10_000, 'presence of the new workstation');
    expect(list.find((p) => p.id === id)).toMatchObject({
      userId: 'u-dispatcher2',
      role: 'dispatcher',
      openCaseId: null,
    });
    // Entries name the connection, never a workstation's clientId (which would let another account use it).
    expect(JSON.stringify(list)).not.toContain(other.clientId);
    expect(JSON.stringify(list)).not.toContain(watcher.clientId);
    await requestOk(other.socket, 'presence:open', { caseId: 'case-42' });
    await waitFor(watcher.socket, () => list.find((p) => p.id === id)?.openCaseId === 'case-42', 10_000, 'open case');
    other.socket.close();
    await waitFor(watcher.socket, () => !list.some((p) => p.id === id), 10_000, 'workstation gone');
  });
});

describe('bad input', () => {
  it('answers unknown requests with UNKNOWN_EVENT and keeps the connection', async () => {
    const { socket } = await session('dispatcher');
    const ack = await request(socket, 'drop-tables', { all: true });
    expect(ack).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    const errors: Array<{ code: string }> = [];
    socket.on('protocol_error', (e: { code: string }) => errors.push(e));
    socket.emit('pull', { cursor: 'zero' });
    await waitFor(socket, () => errors.length > 0, 10_000, 'protocol_error');
    expect(errors[0]!.code).toBe('BAD_REQUEST');
    expect((await requestOk<PullResponse>(socket, 'pull', { cursor: 0, limit: 1 })).type).toBe('changes');
  });

  it('closes a connection that sends an oversized message; the client reconnects and works, nothing is stored', async () => {
    const { socket, clientId, token } = await session('dispatcher');
    const before = relay.hub.head;
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    socket.emit('push', { mutations: [mutation(1, { ...reportCmd(uid('case')), description: 'x'.repeat(MAX_PAYLOAD_BYTES + 10) })] });
    expect(await closed).toMatch(/transport (close|error)/);
    const again = await connect(relay.url, { token, clientId });
    sockets.push(again);
    expect((await requestOk<PushResponse>(again, 'push', { mutations: [mutation(1, reportCmd(uid('case')))] })).results[0]!.status).toBe(
      'applied',
    );
    expect(relay.hub.head).toBe(before + 1);
  });

  it('survives a client that sends garbage frames and then behaves', async () => {
    const { socket, clientId, token } = await session('dispatcher');
    const closed = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    // Not a Socket.IO packet at all: the server drops the connection (it cannot answer an unparseable frame).
    (socket.io.engine as unknown as { write(d: string): void }).write('{{{not a packet');
    await closed;
    const again = await connect(relay.url, { token, clientId });
    sockets.push(again);
    expect((await requestOk<PullResponse>(again, 'pull', { cursor: 0, limit: 1 })).type).toBe('changes');
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('rejects oversized and malformed HTTP bodies clearly', async () => {
    const big = await postJson(`${relay.url}/api/login`, 'x'.repeat(MAX_PAYLOAD_BYTES + 1));
    expect(big.status).toBe(413);
    const notJson = await postJson(`${relay.url}/api/login`, '{"username":');
    expect(notJson.status).toBe(400);
    expect((notJson.json.error as { code: string }).code).toBe('BAD_JSON');
    const missing = await fetch(`${relay.url}/nowhere`);
    expect(missing.status).toBe(404);
  });
});

describe('reference data', () => {
  it('serves GET /api/ref to a bearer token and refuses anonymous reads', async () => {
    expect((await fetch(`${relay.url}/api/ref`)).status).toBe(401);
    expect((await fetch(`${relay.url}/api/ref`, { headers: { authorization: 'Bearer v1.bad.token' } })).status).toBe(401);
    const token = await login(relay.url, 'wall', uid('wall'));
    const res = await fetch(`${relay.url}/api/ref`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; value: { ref: { departments: unknown[] }; head: number } };
    expect(body.ok).toBe(true);
    expect(body.value.ref.departments.length).toBeGreaterThan(5);
    expect(body.value.head).toBe(relay.hub.head);
  });

  it('lets only an admin change it; a calendar closure recalculates open deadlines with audit entries', async () => {
    const disp = await session('dispatcher');
    const caseId = uid('case');
    const pushed = await requestOk<PushResponse>(disp.socket, 'push', {
      mutations: [mutation(1, reportCmd(caseId)), mutation(2, { type: 'accept', caseId, catalogItemId: 'gs02', grade: 'normal' })],
    });
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const calendar = relay.hub.ref.calendar;
    const now = Date.now();
    const change = {
      section: 'calendar',
      value: {
        ...calendar,
        closures: [
          ...calendar.closures,
          { id: uid('closure'), from: now - 3600_000, to: now + 5 * 86_400_000, reason: '台风红色预警停工', createdBy: 'u-admin' },
        ],
      },
    };
    const denied = await request(disp.socket, 'ref:update', change);
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const admin = await session('admin');
    const seen = collectChanges(disp.socket);
    const res = await requestOk<{ seq: number; recalculated: number }>(admin.socket, 'ref:update', change);
    expect(res.recalculated).toBeGreaterThanOrEqual(1);
    await waitFor(
      disp.socket,
      () => seen.some((e) => e.kind === 'case' && e.event.caseId === caseId && e.event.type === 'deadlines_recalculated'),
      10_000,
      'recalculation',
    );
    const refEntry = seen.find((e) => e.seq === res.seq);
    expect(refEntry).toMatchObject({ kind: 'ref', ref: { section: 'calendar' } });
    expect(relay.hub.ref.calendar.closures).toHaveLength(calendar.closures.length + 1);
    const bad = await request(admin.socket, 'ref:update', { section: 'calendar', value: { utcOffsetMinutes: 'x' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
