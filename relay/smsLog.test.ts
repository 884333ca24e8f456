/**
 * 'sms:list' (issue 15.4): the SMS log read over a real socket from a real relay whose notices went through
 * the gateway simulator. The admin sees mobiles in full, supervisors and leaders masked (139****1001), a
 * dispatcher's direct call is refused in Chinese; filters (status, kind, case number, period ≤ 1 year) and
 * paging without overlap; bad queries refused with a Chinese message.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { actorOf } from '../shared/actor.js';
import type { Command } from '../shared/commands.js';
import type { Mutation } from '../shared/protocol.js';
import { maskMobile } from '../shared/sms.js';
import { SMS_LOG_FORBIDDEN, type SmsListResponse } from '../shared/smsLog.js';
import { startSmsSim } from './sms-sim/sim.js';
import { startRelay, type RelayHandle } from './server.js';
import {
  connect,
  login,
  removeTempDirs,
  reportCmd,
  request,
  requestOk,
  tempDir,
  testRelayOptions,
  uid,
  waitUntil,
} from './testing/testkit.js';

const KEY = 'sms-log-test-key-0123456789';
const open: Array<{ close(): Promise<void> }> = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const h of open.splice(0).reverse()) await h.close();
});
afterAll(() => removeTempDirs());

let n = 0;
async function dispatchCase(r: RelayHandle): Promise<string> {
  const caseId = uid('case');
  const user = r.hub.ref.users.find((u) => u.username === 'dispatcher')!;
  const commands: Command[] = [
    reportCmd(caseId),
    { type: 'accept', caseId, catalogItemId: 'sr01', grade: 'normal' } as Command,
    { type: 'dispatch', caseId, leadDepartmentId: 'cgk', coDepartmentIds: [] } as Command,
  ];
  const mutations: Mutation[] = commands.map((command) => ({ id: uid('m'), n: ++n, command }));
  const res = await r.hub.push('sms-log-client', actorOf(user), mutations);
  expect(res.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
  return caseId;
}

async function setup() {
  const sim = await startSmsSim({ key: KEY, auth: 'hmac' });
  open.push(sim);
  const r = await startRelay(
    testRelayOptions(tempDir(), {
      smsGatewayUrl: sim.endpoint,
      smsKey: KEY,
      smsAuth: 'hmac',
      smsSignName: '测试街道',
      smsQuietHours: 'none',
      smsBaseMs: 10,
      smsCapMs: 50,
      smsScanMs: 100,
    }),
  );
  open.push(r);
  const as = async (username: string) => {
    const clientId = uid(username);
    const s = await connect(r.url, { token: await login(r.url, username, clientId), clientId });
    sockets.push(s);
    return s;
  };
  return { r, sim, as };
}

const DAY = 24 * 3600_000;
const period = () => ({ from: Date.now() - DAY, to: Date.now() + DAY });

describe('sms:list on a real relay', () => {
  it('masks per role, refuses a dispatcher in Chinese, filters and pages', async () => {
    const { r, as } = await setup();
    const ids = [await dispatchCase(r), await dispatchCase(r), await dispatchCase(r)];
    await waitUntil(async () => (await r.store.listSms({ status: 'delivered', limit: 10 })).length === 3, 'three delivered');
    const mobile = r.hub.ref.departments.find((d) => d.id === 'cgk')!.contacts![0]!.mobile;

    const admin = await requestOk<SmsListResponse>(await as('admin'), 'sms:list', period());
    expect(admin.masked).toBe(false);
    expect(admin.messages).toHaveLength(3);
    expect(admin.messages.every((m) => m.mobile === mobile && m.status === 'delivered' && m.kind === 'dispatch')).toBe(true);

    for (const role of ['supervisor', 'leader']) {
      const got = await requestOk<SmsListResponse>(await as(role), 'sms:list', period());
      expect(got.masked).toBe(true);
      expect(got.messages.map((m) => m.mobile)).toEqual([maskMobile(mobile), maskMobile(mobile), maskMobile(mobile)]);
      expect(got.messages[0]!.mobile).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(JSON.stringify(got)).not.toContain(mobile);
    }

    const refused = await request(await as('dispatcher'), 'sms:list', period());
    expect(refused).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: SMS_LOG_FORBIDDEN } });

    // Filters: one case by its number; a status and a kind nothing has; a period before everything.
    const sup = await as('supervisor');
    const code = (await r.store.getCase(ids[1]!))!.code;
    const one = await requestOk<SmsListResponse>(sup, 'sms:list', { ...period(), caseCode: code });
    expect(one.messages.map((m) => m.caseId)).toEqual([ids[1]]);
    expect((await requestOk<SmsListResponse>(sup, 'sms:list', { ...period(), status: 'failed' })).messages).toEqual([]);
    expect((await requestOk<SmsListResponse>(sup, 'sms:list', { ...period(), kind: 'urge' })).messages).toEqual([]);
    const before = { from: Date.now() - 10 * DAY, to: Date.now() - 5 * DAY };
    expect((await requestOk<SmsListResponse>(sup, 'sms:list', before)).messages).toEqual([]);

    // Paging: newest first, two pages without overlap covering all three.
    const p1 = await requestOk<SmsListResponse>(sup, 'sms:list', { ...period(), limit: 2 });
    const p2 = await requestOk<SmsListResponse>(sup, 'sms:list', { ...period(), limit: 2, offset: 2 });
    expect([p1.hasMore, p2.hasMore]).toEqual([true, false]);
    expect([...p1.messages, ...p2.messages].map((m) => m.id).sort()).toEqual(admin.messages.map((m) => m.id).sort());
    expect(p1.messages[0]!.createdAt).toBeGreaterThanOrEqual(p1.messages[1]!.createdAt);

    // Bad queries: more than a year, reversed, unknown status.
    const long = await request(sup, 'sms:list', { from: 0, to: 400 * DAY });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.message).toContain('查询时段不能超过一年');
    const reversed = await request(sup, 'sms:list', { from: Date.now(), to: Date.now() - DAY });
    if (!reversed.ok) expect(reversed.error.message).toContain('结束时间不能早于开始时间');
    expect(reversed.ok).toBe(false);
    expect((await request(sup, 'sms:list', { ...period(), status: 'lost' })).ok).toBe(false);
  });
});
