/**
 * The street's scoring schemes (ref section assessmentSchemes) against a real relay on loopback with real
 * caches: a leader's or admin's save is numbered and stamped by the relay and followed by every workstation;
 * dispatchers, supervisors and the wall are refused by the core AND by the relay (a dispatcher calling
 * ref:update on the socket directly); bad schemes and stale saves are refused in Chinese; a freeze records
 * the version it was scored with and refuses a version the user did not see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { RelayHandle } from '../../../relay/server.js';
import { connect, login, request } from '../../../relay/testing/testkit.js';
import { startTestRelay } from '../testing/relayTestkit.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { ok, tempDir, waitSettled } from '../testing/testkit.js';
import { AssessmentScheme } from '../../../shared/assessment/types.js';
import { DEFAULT_SCHEMES } from '../../../shared/assessment/defaults.js';
import { scoreAll } from '../../../shared/assessment/scoring.js';
import { verifyFrozen } from '../../../shared/assessment/freeze.js';
import { schemeInForce } from '../../../shared/assessment/streetSchemes.js';

const DAY = 86_400_000;
let relay: RelayHandle;
const cores: Core[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  relay = await startTestRelay({ demo: true, demoDays: 6, demoCasesPerDay: 12 });
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const c of cores) await c.close();
  await relay?.close();
});

async function signedIn(username: string): Promise<Core> {
  const c = createCore({ dataDir: tempDir(), relayUrl: relay.url, log: memoryLogger(), validateOutput: true });
  cores.push(c);
  ok(await c.call('session.login', { username, password: 'grid2026' }));
  await waitSettled(c, relay.hub.head, 120_000);
  return c;
}

/** A socket straight to the relay with a valid account, bypassing the core's checks. */
async function rawSocket(username: string): Promise<Socket> {
  const clientId = `raw-${username}-${Date.now().toString(36)}`;
  const token = await login(relay.url, username, clientId);
  const s = await connect(relay.url, { token, clientId });
  sockets.push(s);
  return s;
}

const gridScheme = () => AssessmentScheme.parse(DEFAULT_SCHEMES.gridWorker);
/** The default grid-worker scheme with the satisfaction weight changed. */
const reweighted = (points: number) => {
  const s = gridScheme();
  return {
    ...s,
    name: '网格员考核（调整）',
    rules: s.rules.map((r) => (r.id === 'satisfaction' && r.type === 'proportional' ? { ...r, points } : r)),
  };
};
const save = (scheme: unknown, basedOn: number) => ({ change: { section: 'assessmentScheme' as const, value: { scheme, basedOn } } });

describe('scoring schemes kept by the relay', () => {
  it('an admin saves version 1, a leader version 2; the relay numbers and stamps them and a second workstation follows', async () => {
    const admin = await signedIn('admin');
    const dispatcher = await signedIn('dispatcher');
    expect(schemeInForce(ok(await dispatcher.call('ref.get', {})).assessmentSchemes, 'gridWorker').version).toBe(0);

    // Stamps a client sends are replaced by the relay's.
    const forged = { ...save(reweighted(40), 0) };
    (forged.change.value as Record<string, unknown>).version = 99;
    (forged.change.value as Record<string, unknown>).savedBy = '别人';
    const first = ok(await admin.call('ref.update', forged));
    await waitSettled(dispatcher, first.seq!);
    const v1 = ok(await dispatcher.call('ref.get', {})).assessmentSchemes?.gridWorker;
    const adminName = relay.hub.ref.users.find((u) => u.username === 'admin')!.name;
    expect(v1).toMatchObject({
      version: 1,
      savedBy: adminName,
      savedById: 'u-admin',
      scheme: { version: '1', name: '网格员考核（调整）' },
    });
    expect(Math.abs(v1!.savedAt - Date.now())).toBeLessThan(60_000);
    expect(relay.hub.ref.assessmentSchemes?.gridWorker?.version).toBe(1);
    // Other kinds are untouched (still the built-in default).
    expect(schemeInForce(relay.hub.ref.assessmentSchemes, 'department').version).toBe(0);

    const leader = await signedIn('leader');
    const second = ok(await leader.call('ref.update', save(reweighted(10), 1)));
    await waitSettled(dispatcher, second.seq!);
    const v2 = ok(await dispatcher.call('ref.get', {})).assessmentSchemes?.gridWorker;
    expect(v2).toMatchObject({ version: 2, savedBy: relay.hub.ref.users.find((u) => u.username === 'leader')!.name });

    // An edit started from version 1 would overwrite version 2: refused, saying who saved what.
    const stale = await admin.call('ref.update', save(reweighted(25), 1));
    expect(stale.ok === false && stale.error.code).toBe('SCHEME_CHANGED');
    if (!stale.ok) expect(stale.error.message).toMatch(/已由.+更新为第2版/);
    expect(relay.hub.ref.assessmentSchemes?.gridWorker?.version).toBe(2);
  }, 180_000);

  it('dispatchers, supervisors and the wall are refused by the core, and a dispatcher calling ref:update directly by the relay', async () => {
    const before = relay.hub.ref.assessmentSchemes?.gridWorker?.version ?? 0;
    const headBefore = relay.hub.head;
    const dispatcher = await signedIn('dispatcher');
    const supervisor = await signedIn('supervisor');
    for (const [c, ctx] of [
      [dispatcher, {}],
      [supervisor, {}],
      [dispatcher, { roleCap: 'wall' as const }],
    ] as const) {
      const out = await c.call('ref.update', save(reweighted(5), before), ctx);
      expect(out.ok === false && out.error.code).toBe('FORBIDDEN');
    }
    // A leader may change the schemes only: any other section stays an admin's.
    const leader = await signedIn('leader');
    const cal = await leader.call('ref.update', { change: { section: 'calendar', value: relay.hub.ref.calendar } });
    expect(cal.ok === false && cal.error.code).toBe('FORBIDDEN');
    if (!cal.ok) expect(cal.error.message).toBe('只有管理员可以修改基础数据');

    // The attacker: a valid dispatcher account, straight to the relay.
    const raw = await rawSocket('dispatcher');
    const direct = await request(raw, 'ref:update', { section: 'assessmentScheme', value: { scheme: reweighted(100), basedOn: before } });
    expect(direct).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '只有中心领导（党工委书记）或管理员可以修改评分规则' } });
    const wallRaw = await rawSocket('wall');
    const wallDirect = await request(wallRaw, 'ref:update', {
      section: 'assessmentScheme',
      value: { scheme: reweighted(100), basedOn: before },
    });
    expect(wallDirect.ok === false && wallDirect.error.code).toBe('FORBIDDEN');
    expect(relay.hub.ref.assessmentSchemes?.gridWorker?.version ?? 0).toBe(before);
    expect(relay.hub.head).toBe(headBefore);
  }, 180_000);

  it('bad schemes are refused in Chinese by the core and by the relay, and nothing is logged', async () => {
    const admin = await signedIn('admin');
    const version = relay.hub.ref.assessmentSchemes?.gridWorker?.version ?? 0;
    const headBefore = relay.hub.head;
    const s = gridScheme();
    const foreign = { ...s, rules: [{ ...s.rules[0]!, indicator: 'onTimeClosureRate' }] };
    const viaCore = await admin.call('ref.update', save(foreign, version));
    expect(viaCore.ok === false && viaCore.error.code).toBe('INVALID_INPUT');
    if (!viaCore.ok) expect(viaCore.error.message).toMatch(/评分规则无法保存：.*不是该考核对象的指标/);
    const noRules = await admin.call('ref.update', save({ ...s, rules: [] }, version));
    expect(noRules.ok === false && noRules.error.code).toBe('INVALID_INPUT');
    if (!noRules.ok) expect(noRules.error.message).toMatch(/^参数不正确/);

    const raw = await rawSocket('admin');
    const viaRelay = await request(raw, 'ref:update', {
      section: 'assessmentScheme',
      value: { scheme: { ...s, withoutData: 'scored' }, basedOn: version },
    });
    expect(viaRelay.ok === false && viaRelay.error.code).toBe('INVALID_REFERENCE');
    if (!viaRelay.ok) expect(viaRelay.error.message).toMatch(/无数据不参与排名/);
    const negative = await request(raw, 'ref:update', { section: 'assessmentScheme', value: { scheme: s, basedOn: -3 } });
    expect(negative.ok === false && negative.error.code).toBe('BAD_REQUEST');
    expect(relay.hub.head).toBe(headBefore);
  }, 180_000);

  it('a freeze is scored with the scheme in force and records its version; a version the user did not see is refused', async () => {
    const leader = await signedIn('leader');
    const ref = ok(await leader.call('ref.get', {}));
    const inForce = schemeInForce(ref.assessmentSchemes, 'gridWorker');
    expect(inForce.version).toBeGreaterThan(0);
    const period = { from: Date.now() - 8 * DAY, to: Date.now() - DAY, label: '方案测试周期' };

    const stale = await leader.call('assessment.freeze', { kind: 'gridWorker', period, schemeVersion: inForce.version - 1 });
    expect(stale.ok === false && stale.error.code).toBe('SCHEME_CHANGED');
    if (!stale.ok) expect(stale.error.message).toMatch(/考核结果未冻结：评分规则已由.+更新为第\d+版/);
    // A scheme other than the one in force, sent straight to the relay, is refused too.
    const raw = await rawSocket('leader');
    const inputs = ok(await leader.call('assessment.inputs', { period, kind: 'gridWorker' }));
    const direct = await request(raw, 'assessment:freeze', {
      kind: 'gridWorker',
      period,
      scheme: gridScheme(),
      inputs,
      evaluatedAt: period.to,
    });
    expect(direct.ok === false && direct.error.code).toBe('SCHEME_CHANGED');

    const frozen = ok(await leader.call('assessment.freeze', { kind: 'gridWorker', period, schemeVersion: inForce.version }));
    expect(frozen.schemeVersion).toBe(inForce.version);
    expect(frozen.scheme).toEqual(inForce.scheme);
    expect(verifyFrozen(frozen).ok).toBe(true);
    expect(frozen.results).toEqual(scoreAll(frozen.inputs, inForce.scheme));
    // The no-data rule: workers without cases in the period are not ranked, and never ahead of a ranked one.
    const firstUnranked = frozen.results.findIndex((r) => r.unranked);
    if (firstUnranked >= 0) expect(frozen.results.slice(firstUnranked).every((r) => r.unranked && r.total === 0)).toBe(true);
    expect(frozen.results.some((r) => !r.unranked)).toBe(true);
  }, 180_000);
});
