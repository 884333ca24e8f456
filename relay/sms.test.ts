/**
 * SMS notices end to end at the relay, against the real gateway simulator (relay/sms-sim) over HTTP: the
 * notices of dispatch, urge, verification and overdue, a gateway that fails and recovers (every message
 * delivered exactly once, counted by the simulator), a lost acknowledgement (same idempotency key, the
 * simulator keeps one message), and a restart with unsent messages in the outbox (sent once after it).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { actorOf } from '../shared/actor.js';
import type { Command } from '../shared/commands.js';
import type { Mutation } from '../shared/protocol.js';
import { startSmsSim, type SmsSim } from './sms-sim/sim.js';
import { startRelay, type RelayHandle } from './server.js';
import { postWebhook, removeTempDirs, reportCmd, tempDir, testRelayOptions, uid, waitUntil } from './testing/testkit.js';

const KEY = 'sms-test-key-0123456789';
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const h of open.splice(0).reverse()) await h.close();
});
afterAll(() => removeTempDirs());

async function sim(): Promise<SmsSim> {
  const s = await startSmsSim({ key: KEY, auth: 'hmac' });
  open.push(s);
  return s;
}
async function relay(dataDir: string, s: SmsSim, over: Parameters<typeof startRelay>[0] = {}): Promise<RelayHandle> {
  const r = await startRelay(
    testRelayOptions(dataDir, {
      smsGatewayUrl: s.endpoint,
      smsKey: KEY,
      smsAuth: 'hmac',
      smsSignName: '测试街道',
      smsQuietHours: 'none',
      smsBaseMs: 10,
      smsCapMs: 50,
      smsScanMs: 100,
      ...over,
    }),
  );
  open.push(r);
  return r;
}

let n = 0;
async function push(r: RelayHandle, username: string, ...commands: Command[]): Promise<void> {
  const user = r.hub.ref.users.find((u) => u.username === username)!;
  const mutations: Mutation[] = commands.map((command) => ({ id: uid('m'), n: ++n, command }));
  const res = await r.hub.push('sms-test-client', actorOf(user), mutations);
  expect(res.results.map((x) => x.status)).toEqual(commands.map(() => 'applied'));
}
async function dispatchCase(r: RelayHandle, extra: Record<string, unknown> = {}): Promise<string> {
  const caseId = uid('case');
  await push(
    r,
    'dispatcher',
    reportCmd(caseId),
    { type: 'accept', caseId, catalogItemId: 'sr01', grade: 'normal' } as Command,
    { type: 'dispatch', caseId, leadDepartmentId: 'cgk', coDepartmentIds: [], ...extra } as Command,
  );
  return caseId;
}
const cgkMobile = (r: RelayHandle) => r.hub.ref.departments.find((d) => d.id === 'cgk')!.contacts![0]!.mobile;

describe('SMS notices through the gateway simulator', () => {
  it('a gateway that fails and recovers: every notice (dispatch, urge, verification, overdue) delivered exactly once', async () => {
    const s = await sim();
    s.fail(5);
    const r = await relay(tempDir(), s);
    const a = await dispatchCase(r);
    const b = await dispatchCase(r);
    const code = (await r.store.getCase(a))!.code;
    await push(r, 'supervisor', {
      type: 'urge',
      caseId: a,
      urgeId: uid('u'),
      level: 'remind',
      message: '请尽快处理',
      replyHours: 4,
    } as Command);
    // The department reports its result (district webhook): the grid's worker is asked to verify.
    const result = await postWebhook(r.url, {
      changeId: uid('chg'),
      occurredAt: Date.now(),
      actor: { kind: 'department', id: 'cgk', name: '城管科' },
      command: { type: 'reportResult', caseId: b, text: '已清运', attachments: [] },
    });
    expect(result.status).toBe(200);
    const c = await dispatchCase(r);
    // The overdue check as of c's deadline (the timer does it with the relay's clock): a and c are overdue
    // (b's handling clock stopped at its result), each once however often it looks.
    const deadline = (await r.store.getCase(c))!.clocks.find((k) => k.kind === 'handling')!.deadline;
    expect(await r.hub.queueOverdueSms(deadline)).toBe(2);
    expect(await r.hub.queueOverdueSms(deadline + 60_000)).toBe(0);

    const expected = 3 + 1 + 1 + 2; // dispatch a, b, c; urge a; verification b (one worker); overdue a, c
    await waitUntil(async () => (await r.store.listSms({ status: 'delivered', limit: 100 })).length >= expected, 'all delivered');

    const rows = await r.store.listSms({ limit: 100 });
    expect(rows).toHaveLength(expected);
    expect(rows.every((m) => m.status === 'delivered')).toBe(true);
    expect(rows.some((m) => m.attempts > 1)).toBe(true);
    expect(s.counts.failed).toBe(5);
    const got = s.messages();
    expect(got).toHaveLength(expected);
    expect(new Set(got.map((m) => m.idempotencyKey)).size).toBe(expected);
    expect(s.counts.duplicates).toBe(0);
    expect(rows.map((m) => m.kind).sort()).toEqual(['dispatch', 'dispatch', 'dispatch', 'overdue', 'overdue', 'urge', 'verification']);
    const dispatchText = got.find((m) => m.idempotencyKey.startsWith('dispatch:') && m.text.includes(code))!;
    expect(dispatchText.mobile).toBe(cgkMobile(r));
    expect(dispatchText.text).toMatch(
      new RegExp(`^【测试街道】事件${code}“暴露垃圾”已派遣至城管科，请于\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}前办结。$`),
    );
    const worker = r.hub.ref.gridWorkers.find((w) => w.gridId === 'g001001' && w.kind === 'worker')!;
    expect(got.find((m) => m.idempotencyKey.startsWith('verification:'))!.mobile).toBe(worker.phone);
    expect(got.find((m) => m.idempotencyKey.startsWith('overdue:'))!.text).toContain('已超过办理期限');
    expect(
      rows
        .filter((m) => m.kind === 'overdue')
        .map((m) => m.caseId)
        .sort(),
    ).toEqual([a, c].sort());
  });

  it('a lost acknowledgement repeats the idempotency key: the simulator keeps one message', async () => {
    const s = await sim();
    const r = await relay(tempDir(), s);
    await dispatchCase(r);
    await waitUntil(async () => (await r.store.listSms({ status: 'delivered', limit: 10 })).length === 1, 'delivered');
    const [row] = await r.store.listSms({ limit: 10 });
    // As if the relay had died after the gateway accepted, before it marked the row.
    await r.store.updateSms(row!.id, { status: 'queued', attempts: row!.attempts, nextAt: Date.now() });
    r.sms!.kick();
    await waitUntil(async () => (await r.store.listSms({ status: 'delivered', limit: 10 })).length === 1, 'delivered again');
    expect(s.counts.duplicates).toBe(1);
    expect(s.messages()).toHaveLength(1);
  });

  it('messages committed but not yet sent survive a restart and are sent once', async () => {
    const s = await sim();
    s.fail('always');
    const dir = tempDir();
    const r = await relay(dir, s, { smsBaseMs: 400, smsCapMs: 400 });
    await dispatchCase(r);
    await waitUntil(async () => ((await r.store.listSms({ limit: 10 }))[0]?.attempts ?? 0) >= 1, 'a failed attempt');
    await r.close();
    expect(s.messages()).toHaveLength(0);
    s.fail('off');
    const again = await relay(dir, s);
    await waitUntil(async () => (await again.store.listSms({ status: 'delivered', limit: 10 })).length === 1, 'delivered after restart');
    expect(s.messages()).toHaveLength(1);
    expect(s.counts.duplicates).toBe(0);
  });

  it('quiet hours hold a normal-grade message; no gateway configured means no SMS rows', async () => {
    const s = await sim();
    // Quiet all day but one minute from now: a normal case's notice waits.
    const r = await relay(tempDir(), s, { smsQuietHours: '00:00-23:59' });
    await dispatchCase(r);
    const rows = await r.store.listSms({ limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('queued');
    expect(rows[0]!.nextAt).toBeGreaterThan(Date.now());
    await r.sms!.drain();
    expect(s.messages()).toHaveLength(0);
    const off = await startRelay(testRelayOptions(tempDir()));
    open.push(off);
    await dispatchCase(off);
    expect(off.smsSettings.current()).toBeNull(); // gateway 'none' and nothing saved: no notices
    expect(await off.store.listSms({ limit: 10 })).toEqual([]);
  });

  it('a template with an unknown placeholder stops the start with the reason in Chinese', async () => {
    const s = await sim();
    await expect(relay(tempDir(), s, { smsTemplates: JSON.stringify({ urge: '请{部门}处理' }) })).rejects.toThrow(/未知占位符 \{部门\}/);
  });
});
