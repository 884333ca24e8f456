/**
 * 短信设置 (SMS settings saved by the admin at the relay, docs/sms.md) over a real socket from a real relay
 * and the real gateway simulator: a save is validated (bad templates, unknown placeholders, a short key,
 * a bad gateway address refused in Chinese, nothing kept), refused to a dispatcher or supervisor holding a
 * valid account, never answers the key, is recorded (who, when, which fields; no key), survives a restart
 * and wins over the start flags there, and takes effect at once: the next notice uses the new template and
 * sign name, and a new key and gateway address are used for messages not yet sent.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { actorOf } from '../shared/actor.js';
import type { Command } from '../shared/commands.js';
import type { Mutation } from '../shared/protocol.js';
import { DEFAULT_SMS_TEMPLATES, SMS_SETTINGS_FORBIDDEN, SmsSettingsView, type SmsSettingsSaveRequest } from '../shared/sms.js';
import { startSmsSim, type SmsSim } from './sms-sim/sim.js';
import { startRelay, type RelayHandle } from './server.js';
import { SMS_SETTINGS_META } from './sms/settingsStore.js';
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

const KEY = 'sms-settings-test-key-0123';
const NEW_KEY = 'a-new-gateway-key-98765';
const open: Array<{ close(): Promise<void> }> = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const h of open.splice(0).reverse()) await h.close();
});
afterAll(() => removeTempDirs());

async function sim(key = KEY): Promise<SmsSim> {
  const s = await startSmsSim({ key, auth: 'hmac' });
  open.push(s);
  return s;
}

async function relay(dataDir: string, s: SmsSim | null, over: Parameters<typeof startRelay>[0] = {}) {
  const r = await startRelay(
    testRelayOptions(dataDir, {
      smsGatewayUrl: s ? s.endpoint : 'none',
      smsKey: KEY,
      smsAuth: 'hmac',
      smsSignName: '测试街道',
      smsQuietHours: 'none',
      smsBaseMs: 10,
      smsCapMs: 50,
      smsScanMs: 0,
      ...over,
    }),
  );
  open.push(r);
  const as = async (username: string) => {
    const clientId = uid(username);
    const sock = await connect(r.url, { token: await login(r.url, username, clientId), clientId });
    sockets.push(sock);
    return sock;
  };
  return { r, as };
}

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
  const res = await r.hub.push('sms-settings-client', actorOf(user), mutations);
  expect(res.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
  return caseId;
}

const saveOf = (v: SmsSettingsView, over: Partial<SmsSettingsSaveRequest> = {}): SmsSettingsSaveRequest => ({
  gatewayUrl: v.gatewayUrl,
  auth: v.auth,
  signName: v.signName,
  quietHours: v.quietHours,
  templates: { ...v.templates },
  ...over,
});

describe('SMS settings saved at the relay', () => {
  it('the admin reads the start flags as defaults, saves a new template, and the next notice uses it', async () => {
    const s = await sim();
    const { r, as } = await relay(tempDir(), s);
    const admin = await as('admin');
    const v0 = SmsSettingsView.parse(await requestOk(admin, 'sms:settings:get'));
    expect(v0).toMatchObject({
      gatewayUrl: s.endpoint,
      auth: 'hmac',
      keySet: true,
      signName: '测试街道',
      quietHours: null,
      source: 'config',
      history: [],
    });
    expect(v0.templates).toEqual(DEFAULT_SMS_TEMPLATES);
    expect(JSON.stringify(v0)).not.toContain(KEY);

    // One message with the flags' template, queued and delivered before the save.
    await dispatchCase(r);
    await waitUntil(() => s.messages().length === 1, 'first message');
    expect(s.messages()[0]!.text).toMatch(/^【测试街道】事件.+已派遣至/);

    const saved = SmsSettingsView.parse(
      await requestOk(
        admin,
        'sms:settings:save',
        saveOf(v0, { signName: '黄石街道', templates: { ...v0.templates, dispatch: '新派遣{code}，{department}请于{deadline}前办结' } }),
      ),
    );
    expect(saved.source).toBe('stored');
    expect(saved.templates.dispatch).toBe('新派遣{code}，{department}请于{deadline}前办结');
    expect(saved.history).toHaveLength(1);
    expect(saved.history[0]).toMatchObject({
      actorId: r.hub.ref.users.find((u) => u.username === 'admin')!.id,
      fields: ['signName', 'templates.dispatch'],
    });
    expect(JSON.stringify(saved)).not.toContain(KEY);

    const id = await dispatchCase(r);
    const code = (await r.store.getCase(id))!.code;
    await waitUntil(() => s.messages().length === 2, 'second message');
    expect(s.messages()[1]!.text).toMatch(new RegExp(`^【黄石街道】新派遣${code}，\\S+请于\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}前办结$`));
    expect(s.counts.duplicates).toBe(0);
  });

  it('refuses a bad template, an unknown placeholder, a short key and a bad address in Chinese, keeping nothing', async () => {
    const s = await sim();
    const { as, r } = await relay(tempDir(), s);
    const admin = await as('admin');
    const v0 = SmsSettingsView.parse(await requestOk(admin, 'sms:settings:get'));
    const bad: Array<[Partial<SmsSettingsSaveRequest>, RegExp]> = [
      [{ templates: { ...v0.templates, urge: '催办{code}{phone}' } }, /“催办”短信模板含未知占位符 \{phone\}/],
      [{ templates: { ...v0.templates, overdue: '超期{code' } }, /“超期”短信模板的花括号不成对/],
      [{ templates: { ...v0.templates, verification: '  ' } }, /“核查”短信模板不能为空/],
      [{ key: 'short' }, /网关密钥至少 8 个字符/],
      [{ gatewayUrl: 'ftp://x.example/sms' }, /网关地址应为 http\(s\) 地址或 none/],
      [{ signName: '街' }, /短信签名为 2–12 个字/],
      [{ quietHours: { from: '25:00', to: '07:00' } }, /时间应为 HH:MM/],
    ];
    for (const [over, message] of bad) {
      const a = await request(admin, 'sms:settings:save', saveOf(v0, over));
      expect(a.ok).toBe(false);
      if (!a.ok) {
        expect(a.error.code).toBe('BAD_REQUEST');
        expect(a.error.message).toMatch(message);
      }
    }
    expect(await r.store.getMeta(SMS_SETTINGS_META)).toBeNull();
    expect(SmsSettingsView.parse(await requestOk(admin, 'sms:settings:get'))).toEqual(v0);
  });

  it('refuses a dispatcher and a supervisor calling it directly over the socket', async () => {
    const s = await sim();
    const { as, r } = await relay(tempDir(), s);
    const admin = await as('admin');
    const v0 = SmsSettingsView.parse(await requestOk(admin, 'sms:settings:get'));
    for (const username of ['dispatcher', 'supervisor', 'leader']) {
      const sock = await as(username);
      for (const [event, payload] of [
        ['sms:settings:get', undefined],
        ['sms:settings:save', saveOf(v0, { signName: '越权街道', key: 'stolen-key-123456' })],
      ] as const) {
        const a = await request(sock, event, payload);
        expect(a).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: SMS_SETTINGS_FORBIDDEN } });
      }
    }
    expect(await r.store.getMeta(SMS_SETTINGS_META)).toBeNull();
    expect(r.smsSettings.all().signName).toBe('测试街道');
  });

  it('keeps the key write-only, records who changed what without it, and a restart keeps the settings over the flags', async () => {
    const dir = tempDir();
    const s1 = await sim(KEY);
    const s2 = await sim(NEW_KEY);
    const first = await relay(dir, s1);
    const admin = await first.as('admin');
    const v0 = SmsSettingsView.parse(await requestOk(admin, 'sms:settings:get'));
    // A new gateway (which only knows the new key) and the new key: nothing of it in any answer.
    const v1 = SmsSettingsView.parse(
      await requestOk(
        admin,
        'sms:settings:save',
        saveOf(v0, { gatewayUrl: s2.endpoint, key: NEW_KEY, quietHours: { from: '23:00', to: '06:00' } }),
      ),
    );
    expect(v1.keySet).toBe(true);
    expect(v1.history[0]!.fields).toEqual(['gatewayUrl', 'key', 'quietHours']);
    const everything = JSON.stringify([v1, await requestOk(admin, 'sms:settings:get')]);
    expect(everything).not.toContain(NEW_KEY);
    expect(everything).not.toContain(KEY);
    // A save without a key keeps the one in force.
    const v2 = SmsSettingsView.parse(await requestOk(admin, 'sms:settings:save', saveOf(v1, { quietHours: null })));
    expect(v2.history.map((h) => h.fields)).toEqual([['quietHours'], ['gatewayUrl', 'key', 'quietHours']]);
    expect(first.r.smsSettings.all().key).toBe(NEW_KEY);
    // The next message goes to the new gateway, signed with the new key (the old one would refuse it there).
    await dispatchCase(first.r);
    await waitUntil(() => s2.messages().length === 1, 'sent through the new gateway');
    expect(s1.messages()).toHaveLength(0);
    sockets.splice(0).forEach((x) => x.close());
    await first.r.close();

    // Restarted with the old flags: the saved settings win.
    const second = await relay(dir, s1);
    const admin2 = await second.as('admin');
    const v3 = SmsSettingsView.parse(await requestOk(admin2, 'sms:settings:get'));
    expect(v3).toEqual(v2);
    expect(second.r.smsSettings.all().key).toBe(NEW_KEY);
    await dispatchCase(second.r);
    await waitUntil(() => s2.messages().length === 2, 'sent through the new gateway after the restart');
    expect(s1.messages()).toHaveLength(0);
  });

  it('a relay started without a gateway starts sending once the admin configures one, without a restart', async () => {
    const s = await sim();
    const { as, r } = await relay(tempDir(), null);
    const admin = await as('admin');
    const v0 = SmsSettingsView.parse(await requestOk(admin, 'sms:settings:get'));
    expect(v0.gatewayUrl).toBe('none');
    await dispatchCase(r);
    expect(await r.store.listSms({ limit: 10 })).toHaveLength(0); // no gateway: nothing queued
    await requestOk(admin, 'sms:settings:save', saveOf(v0, { gatewayUrl: s.endpoint }));
    await dispatchCase(r);
    await waitUntil(() => s.messages().length === 1, 'sent after the gateway was configured');
    expect(s.messages()[0]!.text).toMatch(/^【测试街道】事件/);
  });
});
