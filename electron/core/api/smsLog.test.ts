/**
 * sms.list (issue 15.4) through the core against a real relay whose notices went through the real SMS gateway
 * simulator: a supervisor sees the dispatch notice as delivered with the mobile masked, the admin in full, a
 * dispatcher is refused, a span over a year is refused in Chinese, and offline the core says so in Chinese.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { actorOf } from '../../../shared/actor.js';
import type { Command } from '../../../shared/commands.js';
import { maskMobile } from '../../../shared/sms.js';
import { SMS_LOG_OFFLINE } from '../../../shared/smsLog.js';
import { startSmsSim } from '../../../relay/sms-sim/sim.js';
import { reportCmd, uid, waitUntil } from '../../../relay/testing/testkit.js';
import { startTestRelay } from '../testing/relayTestkit.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { ok, tempDir, waitForSync, waitSettled } from '../testing/testkit.js';

const KEY = 'core-sms-log-key-0123456789';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function core(relayUrl: string): Core {
  const c = createCore({ dataDir: tempDir(), relayUrl, log: memoryLogger(), validateOutput: true });
  cleanups.push(() => c.close());
  return c;
}
const DAY = 86_400_000;
const period = () => ({ from: Date.now() - DAY, to: Date.now() + DAY });

describe('sms.list', () => {
  it('reads the relay’s log per role, refuses others, and says so offline', async () => {
    const sim = await startSmsSim({ key: KEY, auth: 'hmac' });
    cleanups.push(() => sim.close());
    const r = await startTestRelay({
      smsGatewayUrl: sim.endpoint,
      smsKey: KEY,
      smsAuth: 'hmac',
      smsSignName: '测试街道',
      smsQuietHours: 'none',
      smsBaseMs: 10,
      smsCapMs: 50,
      smsScanMs: 100,
    });
    let relayOpen = true;
    cleanups.push(() => (relayOpen ? r.close() : undefined));

    const caseId = uid('case');
    const dispatcher = r.hub.ref.users.find((u) => u.username === 'dispatcher')!;
    const commands: Command[] = [
      reportCmd(caseId),
      { type: 'accept', caseId, catalogItemId: 'sr01', grade: 'normal' } as Command,
      { type: 'dispatch', caseId, leadDepartmentId: 'cgk', coDepartmentIds: [] } as Command,
    ];
    const res = await r.hub.push(
      'core-sms',
      actorOf(dispatcher),
      commands.map((command, i) => ({ id: uid('m'), n: i + 1, command })),
    );
    expect(res.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    await waitUntil(async () => (await r.store.listSms({ status: 'delivered', limit: 5 })).length === 1, 'delivered');
    const mobile = r.hub.ref.departments.find((d) => d.id === 'cgk')!.contacts![0]!.mobile;

    const sup = core(r.url);
    ok(await sup.call('session.login', { username: 'supervisor', password: 'grid2026' }));
    await waitSettled(sup);
    const seen = ok(await sup.call('sms.list', period()));
    expect(seen.masked).toBe(true);
    expect(seen.messages.map((m) => [m.caseId, m.kind, m.status, m.mobile])).toEqual([
      [caseId, 'dispatch', 'delivered', maskMobile(mobile)],
    ]);
    expect(seen.messages[0]!.text).toContain('已派遣至城管科');

    const long = await sup.call('sms.list', { from: 0, to: 400 * DAY });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.message).toContain('查询时段不能超过一年');

    const admin = core(r.url);
    ok(await admin.call('session.login', { username: 'admin', password: 'grid2026' }));
    await waitSettled(admin);
    expect(ok(await admin.call('sms.list', period())).messages.map((m) => m.mobile)).toEqual([mobile]);

    const disp = core(r.url);
    ok(await disp.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    const refused = await disp.call('sms.list', period());
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('FORBIDDEN');

    relayOpen = false;
    await r.close();
    await waitForSync(sup, (s) => s.connection === 'offline' || s.connection === 'connecting', { label: 'relay gone' });
    const offline = await sup.call('sms.list', period());
    expect(offline.ok).toBe(false);
    if (!offline.ok) expect(offline.error).toMatchObject({ code: 'OFFLINE', message: SMS_LOG_OFFLINE });
  });
});
