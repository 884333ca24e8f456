/**
 * The district connector against a real relay and a real district simulator: the signed inbound webhook
 * and the outbound forwards through the durable outbox (retry, compensating change on rejection).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { PushResponse } from '../shared/protocol.js';
import { signBody } from './auth.js';
import { startDistrictSim, type DistrictSim } from './district-sim/sim.js';
import { startRelay, type RelayHandle } from './server.js';
import {
  collectChanges,
  connect,
  districtReport,
  login,
  postJson,
  postWebhook,
  readLogFile,
  removeTempDirs,
  reportCmd,
  requestOk,
  tempDir,
  TEST_WEBHOOK_SECRET,
  uid,
  waitFor,
  waitUntil,
} from './testing/testkit.js';

let relay: RelayHandle;
let sim: DistrictSim;
let dataDir: string;
let socket: Socket;
let n = 0;

beforeAll(async () => {
  dataDir = tempDir();
  // The simulator's port must be known before the relay starts: start it first, with the ref data it will use.
  const { createDemoRefData } = await import('../shared/demo/refData.js');
  sim = await startDistrictSim({
    port: 0,
    relayUrl: 'http://127.0.0.1:9',
    webhookSecret: TEST_WEBHOOK_SECRET,
    ref: createDemoRefData(),
    rate: 0,
    reports: false,
    speed: 1,
    log: () => {},
  });
  relay = await startRelay({
    port: 0,
    dataDir,
    demo: false,
    webhookSecret: TEST_WEBHOOK_SECRET,
    districtUrl: sim.url,
    outboxBaseMs: 20,
    outboxCapMs: 200,
    quiet: true,
  });
  const clientId = uid('ws');
  socket = await connect(relay.url, { token: await login(relay.url, 'dispatcher', clientId), clientId });
});

afterAll(async () => {
  socket?.close();
  await relay?.close();
  await sim?.close();
  const { problems } = readLogFile(dataDir);
  removeTempDirs();
  expect(problems).toEqual([]);
});

const headNow = () => relay.hub.head;

describe('inbound webhook', () => {
  it('stores a signed change once; a repeated changeId answers 200 {duplicate:true}', async () => {
    const caseId = uid('case');
    const change = districtReport(caseId);
    const first = await postWebhook(relay.url, change);
    expect(first).toMatchObject({ status: 200, json: { ok: true, duplicate: false } });
    const again = await postWebhook(relay.url, change);
    expect(again).toMatchObject({ status: 200, json: { ok: true, duplicate: true, seq: first.json.seq } });
    const entries = readLogFile(dataDir).entries.filter((e) => e.kind === 'case' && e.event.caseId === caseId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      origin: 'district',
      event: { type: 'reported', actor: { role: 'gridWorker', id: 'w001001', unitId: 'g001001' } },
    });
  });

  it('refuses a bad or missing signature with 401 and changes nothing', async () => {
    const before = headNow();
    const change = districtReport(uid('case'));
    expect((await postWebhook(relay.url, change, 'wrong-secret-123')).status).toBe(401);
    expect((await postJson(`${relay.url}/district/webhook`, change)).status).toBe(401);
    expect((await postWebhook(relay.url, change, TEST_WEBHOOK_SECRET, 'sha256=' + '0'.repeat(64))).status).toBe(401);
    expect((await postWebhook(relay.url, change, TEST_WEBHOOK_SECRET, 'md5=abc')).status).toBe(401);
    // Signed body, altered in transit.
    const raw = JSON.stringify(change);
    const tampered = await postJson(`${relay.url}/district/webhook`, raw.replace('暴露垃圾', '道路不洁'), {
      'x-signature': signBody(raw, TEST_WEBHOOK_SECRET),
    });
    expect(tampered.status).toBe(401);
    expect(headNow()).toBe(before);
  });

  it('answers malformed bodies 400 and engine rejections 422 with code and message, storing nothing', async () => {
    const before = headNow();
    const notJson = await postWebhook(relay.url, '{"changeId":');
    expect(notJson).toMatchObject({ status: 400, json: { ok: false, code: 'BAD_JSON' } });
    const wrongType = await postWebhook(relay.url, { ...districtReport(uid('case')), occurredAt: 'yesterday' });
    expect(wrongType).toMatchObject({ status: 400, json: { ok: false, code: 'BAD_REQUEST' } });
    const unknownCommand = await postWebhook(relay.url, { ...districtReport(uid('case')), command: { type: 'teleport', caseId: 'x' } });
    expect(unknownCommand.status).toBe(400);
    const rejected = await postWebhook(relay.url, {
      changeId: uid('chg'),
      occurredAt: Date.now(),
      actor: { kind: 'department', id: 'cgk', name: '城管科' },
      command: { type: 'sign', caseId: uid('nope') },
    });
    expect(rejected.status).toBe(422);
    expect(rejected.json).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(String(rejected.json.message)).toMatch(/[\u4e00-\u9fff]/);
    expect(headNow()).toBe(before);
  });

  it('accepts a signed batch with a result per change', async () => {
    const a = districtReport(uid('case'));
    const b = districtReport(uid('case'));
    const body = JSON.stringify({ changes: [a, b, a] });
    const res = await postJson(`${relay.url}/district/webhook/batch`, body, { 'x-signature': signBody(body, TEST_WEBHOOK_SECRET) });
    expect(res.status).toBe(200);
    const results = res.json.results as Array<{ changeId: string; ok: boolean; duplicate?: boolean }>;
    expect(results.map((r) => [r.changeId, r.ok, r.duplicate])).toEqual([
      [a.changeId, true, false],
      [b.changeId, true, false],
      [a.changeId, true, true],
    ]);
  });
});

describe('district changes dated before what they answer', () => {
  const HOUR = 3_600_000;
  async function dispatched(): Promise<{ caseId: string; dispatchedAt: number }> {
    const caseId = uid('case');
    const res = await requestOk<PushResponse>(socket, 'push', {
      mutations: [
        { id: uid('m'), n: ++n, command: reportCmd(caseId) },
        { id: uid('m'), n: ++n, command: { type: 'accept', caseId, catalogItemId: 'sr01', grade: 'normal' } },
        { id: uid('m'), n: ++n, command: { type: 'dispatch', caseId, leadDepartmentId: 'cgk', coDepartmentIds: [] } },
      ],
    });
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const entry = readLogFile(dataDir).entries.find((e) => e.seq === res.results[2]!.seq);
    if (entry?.kind !== 'case') throw new Error('no dispatch entry');
    return { caseId, dispatchedAt: entry.event.at };
  }
  const department = (caseId: string, occurredAt: number, command: Record<string, unknown>) => ({
    changeId: uid('chg'),
    occurredAt,
    actor: { kind: 'department', id: 'cgk', name: '城管科' },
    command: { caseId, ...command },
  });

  it('dates a sign and a result that claim to precede the dispatch at the dispatch, keeping the platform time as occurredAt', async () => {
    const { caseId, dispatchedAt } = await dispatched();
    const early = dispatchedAt - 2 * HOUR;
    expect((await postWebhook(relay.url, department(caseId, early, { type: 'sign' }))).status).toBe(200);
    expect(
      (await postWebhook(relay.url, department(caseId, early + 60_000, { type: 'reportResult', text: '已清运', attachments: [] }))).status,
    ).toBe(200);
    const timeline = readLogFile(dataDir)
      .entries.flatMap((e) => (e.kind === 'case' && e.event.caseId === caseId ? [e.event] : []))
      .sort((a, b) => a.version - b.version);
    expect(timeline.map((e) => e.type)).toEqual(['reported', 'accepted', 'dispatched', 'signed', 'result_reported']);
    for (let i = 1; i < timeline.length; i++) expect(timeline[i]!.at).toBeGreaterThanOrEqual(timeline[i - 1]!.at);
    expect(timeline.slice(3).map((e) => [e.at, e.occurredAt])).toEqual([
      [dispatchedAt, early],
      [dispatchedAt, early + 60_000],
    ]);
    const stored = await relay.store.getCase(caseId);
    expect(stored!.handledAt).toBeGreaterThanOrEqual(stored!.dispatchedAt!);
    // The department's handling clock ran no negative time.
    const handling = stored!.clocks.find((k) => k.kind === 'handling')!;
    expect(handling.stoppedAt).toBeGreaterThanOrEqual(handling.startedAt);
  });

  it("keeps a late-arriving change dated after the case's last entry at its own time", async () => {
    const { caseId, dispatchedAt } = await dispatched();
    const res = await postWebhook(
      relay.url,
      department(caseId, dispatchedAt + 1, { type: 'bounce', reasonCode: 'not_our_duty', text: '不属于本单位职责' }),
    );
    expect(res.status).toBe(200);
    const bounced = readLogFile(dataDir).entries.find((e) => e.seq === res.json.seq);
    expect(bounced?.kind === 'case' && [bounced.event.type, bounced.event.at, bounced.event.occurredAt]).toEqual([
      'bounced',
      dispatchedAt + 1,
      undefined,
    ]);
  });
});

describe('outbound forwards', () => {
  async function dispatchedCase(caseId = uid('case')): Promise<{ caseId: string; dispatchSeq: number }> {
    const res = await requestOk<PushResponse>(socket, 'push', {
      mutations: [
        { id: uid('m'), n: ++n, command: reportCmd(caseId) },
        { id: uid('m'), n: ++n, command: { type: 'accept', caseId, catalogItemId: 'sr01', grade: 'normal' } },
        { id: uid('m'), n: ++n, command: { type: 'dispatch', caseId, leadDepartmentId: 'cgk', coDepartmentIds: [] } },
      ],
    });
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    return { caseId, dispatchSeq: res.results[2]!.seq! };
  }

  it('forwards every centre event in order with its idempotency key; district changes are not forwarded', async () => {
    const { caseId } = await dispatchedCase();
    await waitUntil(() => sim.received.filter((f) => f.event.caseId === caseId).length >= 3, 'three forwards');
    const mine = sim.received.filter((f) => f.event.caseId === caseId);
    expect(mine.map((f) => f.event.type)).toEqual(['reported', 'accepted', 'dispatched']);
    expect(mine.map((f) => f.idempotencyKey)).toEqual(mine.map((f) => f.event.id));
    expect(mine.map((f) => f.seq)).toEqual([...mine.map((f) => f.seq)].sort((x, y) => x - y));
    const districtCase = uid('case');
    await postWebhook(relay.url, districtReport(districtCase));
    await waitUntil(async () => (await relay.store.outboxStats()).pending === 0, 'outbox drained');
    expect(sim.received.some((f) => f.event.caseId === districtCase)).toBe(false);
    expect(sim.stats().outOfOrder).toBe(0);
  });

  it('forwards the events of a case whose id is Chinese (the header is percent-encoded, the key is not)', async () => {
    const { caseId } = await dispatchedCase(uid('案件'));
    await waitUntil(() => sim.received.filter((f) => f.event.caseId === caseId).length >= 3, 'three forwards');
    const mine = sim.received.filter((f) => f.event.caseId === caseId);
    expect(mine.map((f) => f.idempotencyKey)).toEqual(mine.map((f) => f.event.id));
  });

  it("forwards a merge pushed by a workstation: the duplicate's entry and the paired entry on the original", async () => {
    const original = uid('case');
    const duplicate = uid('case');
    const mergeId = uid('m');
    const res = await requestOk<PushResponse>(socket, 'push', {
      mutations: [
        { id: uid('m'), n: ++n, command: reportCmd(original) },
        { id: uid('m'), n: ++n, command: reportCmd(duplicate) },
        { id: mergeId, n: ++n, command: { type: 'merge', caseId: duplicate, targetCaseId: original, note: '同一处井盖' } },
      ],
    });
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    await waitUntil(() => sim.received.some((f) => f.event.caseId === original && f.event.type === 'duplicate_merged'), 'paired forward');
    const merged = sim.received.find((f) => f.event.caseId === duplicate && f.event.type === 'merged')!;
    const paired = sim.received.find((f) => f.event.caseId === original && f.event.type === 'duplicate_merged')!;
    expect(merged.event).toMatchObject({ commandId: mergeId, data: { intoCaseId: original, statusBeforeMerge: 'reported' } });
    expect(paired.event).toMatchObject({ commandId: mergeId, version: 2, data: { duplicateCaseId: duplicate } });
    // The push answer names the last entry the command made (the paired one).
    expect(res.results[2]!.seq).toBe(paired.seq);
    expect(await relay.store.getCase(original)).toMatchObject({ status: 'reported', mergedCaseIds: [duplicate] });
    expect(await relay.store.getCase(duplicate)).toMatchObject({ status: 'closed', mergedInto: original, statusBeforeMerge: 'reported' });
    // The same mutation again changes nothing.
    const again = await requestOk<PushResponse>(socket, 'push', {
      mutations: [{ id: mergeId, n: ++n, command: { type: 'merge', caseId: duplicate, targetCaseId: original } }],
    });
    expect(again.results[0]).toMatchObject({ status: 'duplicate', code: 'ALREADY_APPLIED' });
    // Rejections come back with the engine's code: an original with duplicates cannot be merged away.
    const self = await requestOk<PushResponse>(socket, 'push', {
      mutations: [{ id: uid('m'), n: ++n, command: { type: 'merge', caseId: original, targetCaseId: duplicate } }],
    });
    expect(self.results[0]).toMatchObject({ status: 'rejected', code: 'HAS_DUPLICATES' });
  });

  it('flags a merge the platform refuses without rolling back one side of it', async () => {
    const original = uid('case');
    const duplicate = uid('case');
    sim.rejectCommands({ match: { caseId: duplicate, eventType: 'merged' }, code: 'NO_MERGE', message: '区平台不支持合并' });
    const res = await requestOk<PushResponse>(socket, 'push', {
      mutations: [
        { id: uid('m'), n: ++n, command: reportCmd(original) },
        { id: uid('m'), n: ++n, command: reportCmd(duplicate) },
        { id: uid('m'), n: ++n, command: { type: 'merge', caseId: duplicate, targetCaseId: original } },
      ],
    });
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    await waitUntil(async () => (await relay.store.getCase(duplicate))?.upstreamIssue !== undefined, 'compensation');
    // Still consistent: the duplicate stays merged (flagged), and the original still lists it.
    expect(await relay.store.getCase(duplicate)).toMatchObject({
      status: 'closed',
      mergedInto: original,
      upstreamIssue: { code: 'NO_MERGE' },
    });
    expect((await relay.store.getCase(original))?.mergedCaseIds).toEqual([duplicate]);
  });

  it('retries transient failures with backoff and delivers once', async () => {
    // Through the simulator's signed control endpoint, as an out-of-process test would do it.
    const control = JSON.stringify({ n: 3, status: 503 });
    expect((await postJson(`${sim.url}/api/control/fail`, control)).status).toBe(401);
    const told = await postJson(`${sim.url}/api/control/fail`, control, { 'x-signature': signBody(control, TEST_WEBHOOK_SECRET) });
    expect(told).toMatchObject({ status: 200, json: { ok: true } });
    const { caseId } = await dispatchedCase();
    await waitUntil(() => sim.received.filter((f) => f.event.caseId === caseId).length >= 3, 'forwards after retries');
    await waitUntil(async () => (await relay.store.outboxStats()).pending === 0, 'outbox drained');
    expect(relay.forwarder!.stats.retries).toBeGreaterThanOrEqual(3);
    const keys = sim.received.filter((f) => f.event.caseId === caseId).map((f) => f.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('turns an upstream rejection into a visible compensating change, never a silent divergence', async () => {
    const caseId = uid('case');
    sim.rejectCommands({ match: { caseId, eventType: 'dispatched' }, code: 'DEPT_SUSPENDED', message: '该部门账号已停用，无法接收派遣' });
    const seen = collectChanges(socket);
    const res = await requestOk<PushResponse>(socket, 'push', {
      mutations: [
        { id: uid('m'), n: ++n, command: reportCmd(caseId) },
        { id: uid('m'), n: ++n, command: { type: 'accept', caseId, catalogItemId: 'sr01', grade: 'normal' } },
        { id: uid('m'), n: ++n, command: { type: 'dispatch', caseId, leadDepartmentId: 'cgk', coDepartmentIds: [] } },
      ],
    });
    const dispatchMutation = res.results[2]!;
    await waitFor(
      socket,
      () => seen.some((e) => e.kind === 'case' && e.event.caseId === caseId && e.event.type === 'upstream_rejected'),
      15_000,
      'compensation',
    );
    const comp = seen.find((e) => e.kind === 'case' && e.event.caseId === caseId && e.event.type === 'upstream_rejected')!;
    expect(comp.origin).toBe('system');
    expect(comp.kind === 'case' && comp.event.data).toMatchObject({ code: 'DEPT_SUSPENDED', commandId: dispatchMutation.id });
    const state = await relay.store.getCase(caseId);
    expect(state?.upstreamIssue).toMatchObject({ code: 'DEPT_SUSPENDED', commandId: dispatchMutation.id });
    // The refused dispatch was the latest entry: the case goes back to 'accepted' so the centre can act again.
    expect(state?.status).toBe('accepted');
    const row = await relay.store.getOutbox(dispatchMutation.seq!);
    expect(row).toMatchObject({ status: 'rejected' });
    // The compensating entry itself is not forwarded.
    expect(sim.received.some((f) => f.event.type === 'upstream_rejected')).toBe(false);
  });

  it('plays the departments for a dispatch it learned of: sign, then result', async () => {
    const { caseId } = await dispatchedCase();
    await waitUntil(() => sim.received.some((f) => f.event.caseId === caseId && f.event.type === 'dispatched'), 'dispatch forwarded');
    // speed 1 means real-time delays: a fast simulator drives the department instead.
    const fast = await startDistrictSim({
      port: 0,
      relayUrl: relay.url,
      webhookSecret: TEST_WEBHOOK_SECRET,
      rate: 1000,
      reports: false,
      speed: 10_000_000,
      log: () => {},
    });
    try {
      const fwd = sim.received.find((f) => f.event.caseId === caseId && f.event.type === 'dispatched')!;
      const body = JSON.stringify(fwd);
      const answer = await postJson(`${fast.url}/api/commands`, body, {
        'idempotency-key': fwd.idempotencyKey,
        'x-signature': signBody(body, TEST_WEBHOOK_SECRET),
      });
      expect(answer).toMatchObject({ status: 200, json: { ok: true } });
      // Same key again: remembered, answered the same, learned once.
      const replay = await postJson(`${fast.url}/api/commands`, body, {
        'idempotency-key': fwd.idempotencyKey,
        'x-signature': signBody(body, TEST_WEBHOOK_SECRET),
      });
      expect(replay.status).toBe(200);
      expect(fast.stats().commandsDuplicate).toBe(1);
      const unsigned = await postJson(`${fast.url}/api/commands`, body, { 'idempotency-key': fwd.idempotencyKey });
      expect(unsigned.status).toBe(401);
      await waitUntil(async () => {
        const s = await relay.store.getCase(caseId);
        return s !== null && s.status !== 'dispatched';
      }, 'department reaction');
      const state = await relay.store.getCase(caseId);
      expect(['signed', 'bounced', 'handled', 'verified', 'closed', 'rework']).toContain(state!.status);
    } finally {
      await fast.close();
    }
  });
});
