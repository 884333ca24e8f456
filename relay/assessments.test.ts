/**
 * Frozen assessments on a real relay (port 0, temp data dir, real sockets): leader/admin freeze, the relay
 * scores and stamps, a second freeze of the same kind and period is refused, bad payloads and other roles
 * store nothing, every client lists the same records, and they survive a relay restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { DEFAULT_SCHEMES } from '../shared/assessment/defaults.js';
import { verifyFrozen } from '../shared/assessment/freeze.js';
import { scoreAll } from '../shared/assessment/scoring.js';
import { AssessmentScheme, type AssessmentInput, type FrozenAssessment } from '../shared/assessment/types.js';
import type { AssessmentFreezeResponse, AssessmentListResponse } from '../shared/protocol.js';
import { startRelay, type RelayHandle } from './server.js';
import { connect, login, removeTempDirs, request, requestOk, tempDir, TEST_TOKEN_SECRET, TEST_WEBHOOK_SECRET, uid } from './testing/testkit.js';

let relay: RelayHandle;
let dataDir: string;
const sockets: Socket[] = [];

const opts = () => ({
  port: 0,
  dataDir,
  demo: false,
  webhookSecret: TEST_WEBHOOK_SECRET,
  tokenSecret: TEST_TOKEN_SECRET,
  districtUrl: 'none',
  quiet: true,
  sync: 'normal' as const,
  presenceIntervalMs: 0,
});

async function as(username: string): Promise<Socket> {
  const clientId = uid(username);
  const socket = await connect(relay.url, { token: await login(relay.url, username, clientId), clientId });
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  dataDir = tempDir();
  relay = await startRelay(opts());
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await relay.close();
  removeTempDirs();
});

const Q1 = { from: Date.UTC(2026, 0, 1) - 8 * 3_600_000, to: Date.UTC(2026, 3, 1) - 8 * 3_600_000, label: '2026年第1季度' };
const scheme = AssessmentScheme.parse(DEFAULT_SCHEMES.department);
const dept = (id: string, onTime: [number, number]): AssessmentInput => ({
  kind: 'department',
  id,
  label: id === 'cgk' ? '城管科' : '综治办',
  indicators: {
    onTimeClosureRate: { value: onTime[0] / onTime[1], numerator: onTime[0], denominator: onTime[1] },
    closureRate: { value: 0.9, numerator: 9, denominator: 10 },
    satisfactionRate: { value: 1, numerator: 5, denominator: 5 },
    failedVerificationCount: { value: 2 },
  },
});
const inputs = [dept('zzb', [9, 10]), dept('cgk', [13, 20])];
const freezeReq = (over: Record<string, unknown> = {}) => ({ kind: 'department', period: Q1, scheme, inputs, ...over });

describe('assessment:freeze and assessment:list', () => {
  let first: FrozenAssessment;

  it('a leader freezes: the relay scores, digests and stamps it with the signed-in user and its own clock', async () => {
    const leader = await as('leader');
    const t0 = Date.now();
    // Scores the client might send are not part of the request: the relay's own scoring is what is stored.
    const out = await requestOk<AssessmentFreezeResponse>(leader, 'assessment:freeze', { ...freezeReq(), results: [], frozenBy: '冒名' });
    first = out.assessment;
    expect(out.duplicate).toBe(false);
    expect(first.id).toBe(`asm-department-${Q1.from}-${Q1.to}`);
    expect(first.frozenBy).toBe(relay.hub.ref.users.find((u) => u.username === 'leader')!.name);
    expect(first.frozenAt).toBeGreaterThanOrEqual(t0);
    expect(first.frozenAt).toBeLessThanOrEqual(Date.now());
    expect(first.inputs.map((i) => i.id)).toEqual(['cgk', 'zzb']);
    expect(first.results).toEqual(scoreAll(first.inputs, scheme));
    expect(first.results.find((r) => r.id === 'cgk')!.total).toBe(50 - 5 + 18 + 30 - 0.4);
    expect(verifyFrozen(first).ok).toBe(true);
    // An ended period stated no instant (an older workstation): it is evaluated at the period's end.
    expect(first.evaluatedAt).toBe(Q1.to);
  });

  it('an identical retry answers the stored record; a different freeze of the same period is refused in Chinese', async () => {
    const leader = await as('leader');
    const again = await requestOk<AssessmentFreezeResponse>(leader, 'assessment:freeze', freezeReq());
    expect(again.duplicate).toBe(true);
    expect(again.assessment).toEqual(first);

    const admin = await as('admin');
    const changed = await request(admin, 'assessment:freeze', freezeReq({ inputs: [dept('cgk', [14, 20])] }));
    expect(changed.ok).toBe(false);
    if (!changed.ok) {
      expect(changed.error.code).toBe('ALREADY_FROZEN');
      expect(changed.error.message).toContain('2026年第1季度的职能部门考核已于');
      expect(changed.error.message).toContain('不可更改');
    }
    // Another scheme version for the same period is refused too: one official result per kind and period.
    const v2 = await request(admin, 'assessment:freeze', freezeReq({ scheme: { ...scheme, version: '2026.9' } }));
    expect(v2.ok === false && v2.error.code).toBe('ALREADY_FROZEN');
    const all = await requestOk<AssessmentListResponse>(admin, 'assessment:list', {});
    expect(all.assessments).toEqual([first]);
  });

  it('refuses dispatchers, supervisors and the wall display with FORBIDDEN, storing nothing', async () => {
    const Q2 = { ...Q1, from: Q1.to, to: Q1.to + 90 * 86_400_000, label: '2026年第2季度' };
    for (const who of ['dispatcher', 'supervisor', 'wall']) {
      const s = await as(who);
      const r = await request(s, 'assessment:freeze', freezeReq({ period: Q2 }));
      expect(r.ok, who).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('FORBIDDEN');
        expect(r.error.message).toContain('只有中心领导');
      }
    }
    expect(await relay.store.listAssessments({ period: Q2 })).toEqual([]);
  });

  it('answers BAD_REQUEST to malformed payloads and stores nothing', async () => {
    const leader = await as('leader');
    const Q3 = { ...Q1, from: Q1.from + 1, label: '坏请求' };
    const bad: Array<[string, unknown]> = [
      ['not an object', 'freeze'],
      ['no scheme', { kind: 'department', period: Q3, inputs }],
      ['scheme of another kind', freezeReq({ period: Q3, scheme: AssessmentScheme.parse(DEFAULT_SCHEMES.seat) })],
      ['inputs of another kind', freezeReq({ period: Q3, inputs: [{ ...inputs[0]!, kind: 'seat' }] })],
      ['duplicate input ids', freezeReq({ period: Q3, inputs: [inputs[0]!, inputs[0]!] })],
      ['period end before start', freezeReq({ period: { ...Q3, to: Q3.from - 1 } })],
      ['empty period label', freezeReq({ period: { ...Q3, label: '' } })],
      ['unknown kind', freezeReq({ period: Q3, kind: 'street' })],
      ['rule without points', freezeReq({ period: Q3, scheme: { ...scheme, rules: [{ ...scheme.rules[0]!, points: -1 }] } })],
    ];
    for (const [what, payload] of bad) {
      const r = await request(leader, 'assessment:freeze', payload);
      expect(r.ok, what).toBe(false);
      if (!r.ok) expect(r.error.code, what).toBe('BAD_REQUEST');
    }
    const listBad = await request(leader, 'assessment:list', { kind: 'street' });
    expect(listBad.ok === false && listBad.error.code).toBe('BAD_REQUEST');
    expect((await relay.store.listAssessments()).map((a) => a.id)).toEqual([first.id]);
  });

  it('lists for every role with kind and period filters, and keeps the record across a relay restart', async () => {
    const leader = await as('leader');
    const seatScheme = AssessmentScheme.parse(DEFAULT_SCHEMES.seat);
    const seat = await requestOk<AssessmentFreezeResponse>(leader, 'assessment:freeze', {
      kind: 'seat',
      period: Q1,
      scheme: seatScheme,
      inputs: [
        {
          kind: 'seat',
          id: 'u-dispatcher',
          label: '调度员',
          indicators: { onTimeRegistrationRate: { value: 1, numerator: 3, denominator: 3 } },
        },
      ],
    });
    const wall = await as('wall');
    const all = await requestOk<AssessmentListResponse>(wall, 'assessment:list', {});
    expect(all.assessments.map((a) => a.id)).toEqual([seat.assessment.id, first.id]);
    expect((await requestOk<AssessmentListResponse>(wall, 'assessment:list', { kind: 'seat' })).assessments.map((a) => a.kind)).toEqual([
      'seat',
    ]);
    expect(
      (await requestOk<AssessmentListResponse>(wall, 'assessment:list', { period: { from: Q1.from, to: Q1.to + 1 } })).assessments,
    ).toEqual([]);

    for (const s of sockets.splice(0)) s.close();
    await relay.close();
    relay = await startRelay(opts());
    const d = await as('dispatcher');
    const after = await requestOk<AssessmentListResponse>(d, 'assessment:list', {});
    expect(after.assessments).toEqual(all.assessments);
    // Still immutable after the restart.
    const again = await request(await as('leader'), 'assessment:freeze', freezeReq({ inputs: [dept('cgk', [1, 20])] }));
    expect(again.ok === false && again.error.code).toBe('ALREADY_FROZEN');
  });

  it('keeps the evaluation instant a workstation states, and refuses one that breaks the rule', async () => {
    const leader = await as('leader');
    const now = Date.now();
    const running = { from: now - 10 * 86_400_000, to: now + 80 * 86_400_000, label: '本季度（进行中）' };
    const ended = { from: Q1.from - 90 * 86_400_000, to: Q1.from, label: '2025年第4季度' };
    const refused: Array<[string, Record<string, unknown>, RegExp]> = [
      ['after the relay clock', { period: running, evaluatedAt: now + 3_600_000 }, /中继服务器的当前时间/],
      ['before the period', { period: running, evaluatedAt: running.from - 1 }, /尚未开始/],
      ['after the period', { period: ended, evaluatedAt: ended.to + 1 }, /晚于统计周期/],
      ['an ended period not at its end', { period: ended, evaluatedAt: ended.to - 3_600_000 }, /结束时点/],
    ];
    for (const [what, over, message] of refused) {
      const r = await request(leader, 'assessment:freeze', freezeReq(over));
      expect(r.ok, what).toBe(false);
      if (!r.ok) {
        expect(r.error.code, what).toBe('BAD_REQUEST');
        expect(r.error.message, what).toMatch(message);
      }
    }
    expect(await relay.store.listAssessments({ period: ended })).toEqual([]);
    expect(await relay.store.listAssessments({ period: running })).toEqual([]);
    // A running period frozen now: the stated instant is stored with the record (and read back as stored).
    const at = now - 1_000;
    const out = await requestOk<AssessmentFreezeResponse>(leader, 'assessment:freeze', freezeReq({ period: running, evaluatedAt: at }));
    expect(out.assessment.evaluatedAt).toBe(at);
    const listed = await requestOk<AssessmentListResponse>(leader, 'assessment:list', { period: running });
    expect(listed.assessments.map((a) => a.evaluatedAt)).toEqual([at]);
  });
});
