/**
 * Every input is bounded in the contracts (shared/api.ts, shared/protocol.ts and the schemas they use): an
 * out-of-range value is refused up front with a Chinese message naming the field, never reaching SQLite,
 * the FTS index, Date or the calendar as an INTERNAL error. A real relay (SQLite log, demo history), a real
 * workstation core (SQLite cache) synced from it, real sockets and the signed webhook.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../relay/auth.js';
import { startRelay, type RelayHandle } from '../relay/server.js';
import { connect, login, postJson, removeTempDirs, request, tempDir, TEST_TOKEN_SECRET, TEST_WEBHOOK_SECRET } from '../relay/testing/testkit.js';
import { createCore, type Core } from '../electron/core/core.js';
import { memoryLogger } from '../electron/core/log.js';
import { waitSettled } from '../electron/core/testing/testkit.js';
import type { RefData } from '../shared/refData.js';

let relay: RelayHandle;
let core: Core;
let dispatcher: Socket;
let admin: Socket;
let ref: RefData;
const DAY = 86_400_000;
const CHINESE = /[\u4e00-\u9fff]/;

beforeAll(async () => {
  relay = await startRelay({
    port: 0,
    dataDir: tempDir('bounds-relay-'),
    demo: true,
    demoDays: 2,
    demoCasesPerDay: 10,
    districtUrl: 'none',
    webhookSecret: TEST_WEBHOOK_SECRET,
    tokenSecret: TEST_TOKEN_SECRET,
    sync: 'normal',
    quiet: true,
  });
  dispatcher = await connect(relay.url, { token: await login(relay.url, 'dispatcher', 'bounds-d'), clientId: 'bounds-d' });
  admin = await connect(relay.url, { token: await login(relay.url, 'admin', 'bounds-a'), clientId: 'bounds-a' });
  core = createCore({ dataDir: tempDir('bounds-core-'), relayUrl: relay.url, log: memoryLogger() });
  const r = await core.call('session.login', { username: 'dispatcher', password: 'grid2026' });
  if (!r.ok) throw new Error(r.error.message);
  await waitSettled(core);
  const got = await core.call('ref.get', {});
  if (!got.ok) throw new Error(got.error.message);
  ref = got.value;
});

afterAll(async () => {
  dispatcher?.close();
  admin?.close();
  await core?.close();
  await relay?.close();
  removeTempDirs();
});

async function refused(method: string, input: unknown, field: RegExp): Promise<void> {
  const r = await core.call(method as never, input as never);
  expect(r.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
  if (r.ok) return;
  expect(r.error.code, r.error.message).toBe('INVALID_INPUT');
  expect(r.error.message).toMatch(field);
  expect(r.error.message).toMatch(CHINESE);
}

describe('workstation API bounds (core over a real relay)', () => {
  it('refuses control characters in search terms and filters before they reach FTS5 or SQL', async () => {
    await refused('queue.list', { q: 'a\u0000b' }, /q.*控制字符/);
    await refused('queue.list', { q: '\u0000\u0000\u0000' }, /q.*控制字符/);
    await refused('queue.list', { category: '市容\u0001' }, /category.*控制字符/);
    await refused('queue.list', { status: Array.from({ length: 13 }, () => 'closed') }, /status/);
    await refused('queue.list', { offset: 10_000_001 }, /offset.*翻页位置/);
    // Ordinary searches still work, quotes and FTS syntax included.
    for (const q of ['垃圾', 'a"b', 'NEAR(x y)', '%_']) expect((await core.call('queue.list', { q })).ok, q).toBe(true);
  });

  it('refuses instants outside the Date range and periods the daily trend cannot cover', async () => {
    const now = Date.now();
    await refused('stats.query', { period: { from: 0, to: 8_640_000_000_000_001 } }, /period\.to.*9999/);
    await refused('stats.query', { period: { from: 0, to: Date.UTC(9999, 11, 31) } }, /period\.to.*9999/);
    await refused('stats.query', { period: { from: now - 11 * 366 * DAY, to: now } }, /十年/);
    await refused('stats.query', { period: { from: now, to: now - DAY } }, /开始时间必须早于结束时间/);
    await refused('stats.drill', { period: { from: now - DAY, to: 8_640_000_000_000_001 }, metricId: 'reported' }, /9999/);
    await refused('stats.drill', { period: { from: now - DAY, to: now }, metricId: 'reported\u0000' }, /metricId.*控制字符/);
    await refused('assessment.inputs', { period: { from: 0, to: 8_640_000_000_000_001 } }, /9999/);
    expect((await core.call('stats.query', { period: { from: now - 10 * 365 * DAY, to: now }, groupBy: 'community' })).ok).toBe(true);
  });

  it('refuses control characters in command text and ids, and a dispatch deadline years ahead', async () => {
    const report = { type: 'report', caseId: 'bounds-1', source: 'centre', title: '井盖缺失', description: '人行道井盖缺失', address: '黄石东路8号', communityId: 'c001', gridId: 'g001001' };
    await refused('command.submit', { command: { ...report, title: '井盖\u0000缺失' } }, /title.*控制字符/);
    await refused('command.submit', { command: { ...report, caseId: 'bounds\u0000' } }, /caseId.*控制字符/);
    await refused('command.submit', { command: { ...report, reportedAt: 8_640_000_000_000_001 } }, /reportedAt.*9999/);
    // Multi-line text keeps its line breaks.
    expect((await core.call('command.submit', { command: { ...report, description: '第一行\n第二行\t备注' } })).ok).toBe(true);
    const accepted = (await core.call('queue.list', { tab: 'pending_dispatch', limit: 1 })) as { ok: true; value: { rows: Array<{ id: string }> } };
    const caseId = accepted.value.rows[0]!.id;
    const far = await core.call('command.submit', { command: { type: 'dispatch', caseId, leadDepartmentId: 'cgk', coDepartmentIds: [], deadlineAt: Date.UTC(9999, 0, 1) } });
    expect(far.ok).toBe(false);
    if (!far.ok) expect([far.error.code, far.error.message]).toEqual(['INVALID_COMMAND', '办理期限不能晚于五年之后。请重新设定期限。']);
  });
});

describe('relay request bounds (real sockets, signed webhook)', () => {
  it('answers BAD_REQUEST for out-of-range socket payloads and keeps the connection', async () => {
    const bad = async (socket: Socket, event: string, payload: unknown, field: RegExp) => {
      const a = await request(socket, event, payload);
      expect(a.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      if (!a.ok) {
        expect(a.error.code).toBe('BAD_REQUEST');
        expect(a.error.message).toMatch(field);
      }
    };
    await bad(dispatcher, 'snapshot', { after: 'c\u0000', limit: 5 }, /after.*控制字符/);
    await bad(dispatcher, 'presence:open', { caseId: 'x'.repeat(65) }, /caseId/);
    await bad(
      dispatcher,
      'push',
      { mutations: [{ id: 'bm-1', n: 1, command: { type: 'dispatch', caseId: 'x', leadDepartmentId: 'cgk', deadlineAt: 8_640_000_000_000_001 } }] },
      /deadlineAt.*9999/,
    );
    const year = 366 * DAY;
    const closure = { id: 'long', from: Date.now(), to: Date.now() + 2 * year, reason: '台风', createdBy: 'u-admin' };
    await bad(admin, 'ref:update', { section: 'calendar', value: { ...ref.calendar, closures: [closure] } }, /一年/);
    // A calendar without working time: the relay's deadline recalculation could not lay any clock on it.
    const noHours = { ...ref.calendar, officeHours: [[], [], [], [], [], [], []], makeupDayHours: [] };
    await bad(admin, 'ref:update', { section: 'calendar', value: noHours }, /officeHours.*办公时间/);
    await bad(admin, 'ref:update', { section: 'departments', value: ref.departments.map((d) => ({ ...d, name: d.name + '\u0000' })) }, /name.*控制字符/);
    expect(dispatcher.connected && admin.connected).toBe(true);
  });

  it('answers 400 for a signed district change with an instant past the Date range or a control character', async () => {
    const post = async (change: unknown) => {
      const raw = JSON.stringify(change);
      return postJson(`${relay.url}/district/webhook`, raw, { 'x-signature': signBody(raw, TEST_WEBHOOK_SECRET) });
    };
    const base = { changeId: 'bounds-chg-1', occurredAt: Date.now(), actor: { kind: 'department', id: 'cgk', name: '城管科' }, command: { type: 'sign', caseId: 'nope' } };
    const late = await post({ ...base, occurredAt: 8_640_000_000_000_001 });
    expect([late.status, late.json.code]).toEqual([400, 'BAD_REQUEST']);
    expect(String(late.json.message)).toMatch(/occurredAt.*9999/);
    const name = await post({ ...base, actor: { ...base.actor, name: '城管\u0000科' } });
    expect([name.status, name.json.code]).toEqual([400, 'BAD_REQUEST']);
  });
});
