/**
 * Seeded, bounded fuzz over the three doors from outside into the product: the relay's Socket.IO requests
 * (as dispatcher, leader, admin and the read-only wall), the signed district webhook (single and batch), and
 * the workstation API over the browser host's WebSocket. Everything is real: a relay on loopback with its
 * SQLite log (demo history), a workstation core with its SQLite cache synced from it, a browser host in
 * front of the core, real sockets.
 *
 * Inputs are valid requests mutated at one place (a leaf replaced by a hostile value — control characters,
 * huge or fractional numbers, instants past the Date range, long strings, wrong types —, a key dropped or
 * added, an array repeated) plus arbitrary JSON. fast-check with fixed seeds, so a failure replays.
 *
 * Fails on: an INTERNAL answer, an HTTP 5xx, a request answered not at all (hang: the ack wait is a failure
 * detector, generous on purpose), a connection dropped by the server, an unhandled error (vitest), and at
 * the end a log row that does not parse, a gap in the log, or a case timeline that goes back in time.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API_METHODS } from '../shared/api.js';
import { DEFAULT_SCHEMES } from '../shared/assessment/defaults.js';
import type { Command } from '../shared/commands.js';
import type { GridEvent } from '../shared/gridEvent.js';
import type { RefData } from '../shared/refData.js';
import type { Ack, SnapshotResponse } from '../shared/protocol.js';
import { signBody } from '../relay/auth.js';
import { startRelay, type RelayHandle } from '../relay/server.js';
import {
  connect,
  login,
  postJson,
  readLogFile,
  removeTempDirs,
  tempDir,
  TEST_TOKEN_SECRET,
  TEST_WEBHOOK_SECRET,
} from '../relay/testing/testkit.js';
import { createCore, type Core } from '../electron/core/core.js';
import { memoryLogger } from '../electron/core/log.js';
import { waitSettled } from '../electron/core/testing/testkit.js';
import { startWebHost, type WebHost } from '../electron/web/server.js';

/** Inputs per door (3 doors, plus a tenth as raw frames: about 3,100 in all); FUZZ_RUNS overrides for a longer local run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = 20_261_202;
/** An answer that has not come after this long is a hang (a failure detector, not a timing assertion). */
const ANSWER_MS = 20_000;
const ACCESS_TOKEN = 'fuzz-access-token-0123456789abcdef';

let relay: RelayHandle;
let relayDir: string;
let core: Core;
let host: WebHost;
const sockets: Record<'dispatcher' | 'leader' | 'admin' | 'wall', Socket> = {} as never;
let ws: WebSocket;
let ref: RefData;
let cases: GridEvent[] = [];
const relayLog: string[] = [];
/** What the fuzz reached, for the coverage guards at the end. */
const seen = { socketOk: 0, socketErr: 0, applied: 0, hook200: 0, hook4xx: 0, apiOk: 0, apiErr: 0, codes: new Set<string>() };

beforeAll(async () => {
  relayDir = tempDir('fuzz-relay-');
  relay = await startRelay({
    port: 0,
    dataDir: relayDir,
    demo: true,
    demoDays: 3,
    demoCasesPerDay: 20,
    districtUrl: 'none',
    webhookSecret: TEST_WEBHOOK_SECRET,
    tokenSecret: TEST_TOKEN_SECRET,
    sync: 'normal',
    presenceIntervalMs: 0,
    log: (m) => relayLog.push(m),
  });
  for (const who of ['dispatcher', 'leader', 'admin', 'wall'] as const) {
    const clientId = `fuzz-${who}`;
    sockets[who] = await connect(relay.url, { token: await login(relay.url, who, clientId), clientId });
  }
  const snap = await sockets.dispatcher.timeout(ANSWER_MS).emitWithAck('snapshot', { limit: 2000 });
  const value = (snap as Ack<SnapshotResponse>).ok ? (snap as { value: SnapshotResponse }).value : null;
  if (!value?.ref) throw new Error('no snapshot');
  ref = value.ref;
  cases = value.cases;

  core = createCore({ dataDir: tempDir('fuzz-core-'), relayUrl: relay.url, log: memoryLogger() });
  const signedIn = await core.call('session.login', { username: 'dispatcher', password: 'grid2026' });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  await waitSettled(core);
  const staticDir = tempDir('fuzz-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>fuzz</title>');
  host = await startWebHost({ core, port: 0, staticDir, accessToken: ACCESS_TOKEN, log: memoryLogger() });
  ws = new WebSocket(`${host.url.replace('http', 'ws')}/api?token=${ACCESS_TOKEN}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
});

afterAll(async () => {
  ws?.close();
  for (const s of Object.values(sockets)) s?.close();
  await host?.close();
  await core?.close();
  await relay?.close();
  removeTempDirs();
});

// ---------------------------------------------------------------- hostile values and mutation

const HOSTILE: unknown[] = [
  '',
  ' ',
  'a\u0000b',
  '\u0000\u0000\u0000',
  '\u001b[31m',
  'line\nbreak',
  '\u202e反转',
  '\ud800',
  '😀'.repeat(40),
  'x'.repeat(5000),
  '"\'`;--',
  'NEAR(a b)',
  '*',
  '%_',
  '../../etc/passwd',
  '__proto__',
  -1,
  0,
  1.5,
  2 ** 31,
  2 ** 53,
  2 ** 53 - 1,
  8_640_000_000_000_001,
  8_640_000_000_000_000,
  253_402_300_800_000,
  -8_640_000_000_000_001,
  1e308,
  null,
  true,
  [],
  {},
  JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}') as unknown,
];
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

type Path = Array<string | number>;
function paths(v: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}
const DROP = Symbol('drop');
/** A copy of `root` with the value at `p` replaced by f(old), or removed when f answers DROP. */
function setAt(root: unknown, p: Path, f: (old: unknown) => unknown): unknown {
  if (p.length === 0) return f(root);
  const [head, ...rest] = p;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<string | number, unknown>;
  if (rest.length > 0) {
    copy[head!] = setAt(copy[head!], rest, f);
    return copy;
  }
  const r = f(copy[head!]);
  if (r !== DROP) copy[head!] = r;
  else if (Array.isArray(copy)) (copy as unknown[]).splice(head as number, 1);
  else delete copy[head!];
  return copy;
}

/** Hostile values by the type of what they replace: most replacements keep the type, to get past type checks. */
const STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000\u0000\u0000',
  'x\u001fy',
  '\u007f',
  '\u001b[31m',
  'a\nb',
  '\u202e反转',
  '\ud800',
  '😀'.repeat(40),
  'x'.repeat(5000),
  '"\'`;--',
  '*',
  '%_',
];
const NUMBERS = [
  -1,
  0,
  1.5,
  2 ** 31,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  8_640_000_000_000_001,
  8_640_000_000_000_000,
  253_402_300_800_000,
  -8_640_000_000_000_001,
  1e308,
  Date.now() + 200 * 365 * 86_400_000,
];
const hostileString: fc.Arbitrary<(old: string) => unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STRINGS).map((v) => () => v) },
  { weight: 2, arbitrary: fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f').map((c) => (old: string) => old + c + old) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }).map((v) => () => v) },
);
const hostileNumber: fc.Arbitrary<(old: number) => unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NUMBERS).map((v) => () => v) },
  { weight: 1, arbitrary: fc.integer().map((v) => () => v) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }).map((v) => () => v) },
);

interface Mutation {
  op: 'replace' | 'drop' | 'add' | 'repeat' | 'whole';
  at: number;
  typed: boolean;
  str: (old: string) => unknown;
  num: (old: number) => unknown;
  value: unknown;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('replace', 'replace', 'replace', 'replace', 'replace', 'drop', 'add', 'repeat', 'whole'),
  at: fc.nat(),
  typed: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
  str: hostileString,
  num: hostileNumber,
  value: hostile,
});
/** No change (about one input in eight), or one to three mutations. */
const mutations: fc.Arbitrary<Mutation[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant([] as Mutation[]) },
  { weight: 7, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
);

/** The sample with the mutations applied (deterministic for them). */
function mutate(sample: unknown, ms: Mutation[]): unknown {
  return ms.reduce(mutateOnce, sample);
}
function mutateOnce(sample: unknown, m: Mutation): unknown {
  if (m.op === 'whole') return m.value;
  const all = paths(sample);
  const p = all[m.at % all.length]!;
  switch (m.op) {
    case 'replace':
      return setAt(sample, p, (old) =>
        !m.typed ? m.value : typeof old === 'string' ? m.str(old) : typeof old === 'number' ? m.num(old) : m.value,
      );
    case 'drop':
      return p.length === 0 ? undefined : setAt(sample, p, () => DROP);
    case 'add':
      return setAt(sample, p, (old) =>
        old && typeof old === 'object' && !Array.isArray(old) ? { ...old, ['x' + (m.at % 7)]: m.value } : old,
      );
    case 'repeat':
      // Arrays made long (bounded well below the 256 KiB message limit, which closes a connection by design).
      return setAt(sample, p, (old) =>
        Array.isArray(old) ? Array.from({ length: 150 + (m.at % 400) }, (_, i) => old[i % Math.max(1, old.length)] ?? m.value) : old,
      );
  }
}

// ---------------------------------------------------------------- valid samples

let fresh = 0;
const nextId = (p: string) => `${p}-fz${(fresh++).toString(36)}`;
const pickCase = (n: number, status?: GridEvent['status'][]) => {
  const pool = status ? cases.filter((c) => status.includes(c.status)) : cases;
  return (pool.length ? pool : cases)[n % (pool.length || cases.length)]!;
};

function commandSample(n: number): Command {
  const kind = n % 9;
  if (kind === 0)
    return {
      type: 'report',
      caseId: nextId('case'),
      source: 'centre',
      title: '井盖缺失',
      description: '人行道井盖缺失，存在安全隐患。',
      address: '黄石东路8号',
      communityId: 'c001',
      gridId: 'g001001',
      attachments: [],
    };
  if (kind === 1) return { type: 'accept', caseId: pickCase(n, ['reported']).id, catalogItemId: 'sr01', grade: 'normal' };
  if (kind === 2)
    return {
      type: 'dispatch',
      caseId: pickCase(n, ['accepted', 'bounced']).id,
      leadDepartmentId: 'cgk',
      coDepartmentIds: [],
      deadlineAt: Date.now() + 86_400_000,
    };
  if (kind === 3)
    return {
      type: 'urge',
      caseId: pickCase(n, ['dispatched', 'signed']).id,
      urgeId: nextId('urge'),
      level: 'remind',
      message: '请尽快办理',
      replyHours: 4,
    };
  if (kind === 4) return { type: 'close', caseId: pickCase(n, ['verified']).id, satisfaction: 'satisfied' };
  if (kind === 5) return { type: 'decideExtension', caseId: pickCase(n).id, approve: true, minutes: 120 };
  if (kind === 6) return { type: 'reject', caseId: pickCase(n, ['reported']).id, reason: '重复上报' };
  if (kind === 7)
    return { type: 'recordAccountability', caseId: pickCase(n).id, recordId: nextId('acc'), unitId: 'cgk', kind: 'late', text: '超期办理' };
  return { type: 'verify', caseId: pickCase(n, ['handled', 'self_handled']).id, passed: true, note: '现场核查通过' };
}

function districtCommandSample(n: number): Command {
  const c = pickCase(n, ['dispatched', 'signed', 'rework']);
  switch (n % 5) {
    case 0:
      return { type: 'sign', caseId: c.id };
    case 1:
      return { type: 'reportResult', caseId: c.id, text: '已处置完毕', attachments: [{ name: '现场照片.jpg', kind: 'photo' }] };
    case 2:
      return { type: 'bounce', caseId: c.id, reasonCode: 'not_our_duty', text: '不属于本单位职责' };
    case 3:
      return { type: 'requestExtension', caseId: c.id, minutes: 240, reason: '需协调施工' };
    default:
      return { ...commandSample(0), source: 'grid_worker' } as Command;
  }
}

const period = () => ({ from: Date.now() - 30 * 86_400_000, to: Date.now() });

const SOCKET_EVENTS = [
  'pull',
  'snapshot',
  'push',
  'time',
  'presence:open',
  'ref:update',
  'assessment:freeze',
  'assessment:list',
  'nope',
] as const;
let pushN = 0;
function socketSample(event: (typeof SOCKET_EVENTS)[number], n: number): unknown {
  switch (event) {
    case 'pull':
      return { cursor: n % 50, limit: 20 };
    case 'snapshot':
      return { limit: 5, ...(n % 2 ? { after: pickCase(n).id } : {}) };
    case 'push':
      return { mutations: [{ id: nextId('m'), n: ++pushN, command: commandSample(n) }] };
    case 'time':
      return undefined;
    case 'presence:open':
      return { caseId: n % 3 ? pickCase(n).id : null };
    case 'ref:update': {
      // Never 'users': a valid users change may deactivate the fuzz's own accounts (revocation closes sockets).
      const section = (['calendar', 'departments', 'catalog', 'precedents'] as const)[n % 4]!;
      return { section, value: ref[section] };
    }
    case 'assessment:freeze': {
      const p = { from: Date.UTC(2026, 0, 1) + (n % 40) * 86_400_000, to: Date.UTC(2026, 3, 1) + (n % 40) * 86_400_000, label: '第一季度' };
      return { kind: 'department', period: p, scheme: DEFAULT_SCHEMES.department, inputs: [] };
    }
    case 'assessment:list':
      return { kind: 'department', ...(n % 2 ? { period: period() } : {}) };
    case 'nope':
      return { x: 1 };
  }
}

function apiSample(method: string, n: number): unknown {
  switch (method) {
    case 'session.login':
      // Never a real password: a successful login would change whose session the fuzz drives.
      return { username: n % 2 ? 'nobody' : 'dispatcher', password: 'wrong-password' };
    case 'queue.list':
      return {
        tab: 'all',
        q: n % 2 ? '垃圾' : 'ab',
        limit: 5,
        offset: n % 7,
        sort: { field: 'deadline', dir: 'asc' },
        status: ['dispatched'],
      };
    case 'case.get':
    case 'outbox.dismiss':
      return { id: pickCase(n).id };
    case 'command.submit':
      return { command: commandSample(n) };
    case 'ref.update':
      return { change: { section: 'departments', value: ref.departments } };
    case 'presence.open':
      return { caseId: pickCase(n).id };
    case 'stats.query':
      return { period: period(), groupBy: (['none', 'department', 'community', 'grid'] as const)[n % 4] };
    case 'stats.drill':
      return { period: period(), metricId: 'reported', groupBy: 'community', groupKey: 'c001', limit: 5 };
    case 'assessment.inputs':
      return { period: period(), kind: 'department' };
    case 'assessment.freeze':
      return { kind: 'department', period: { ...period(), label: '本月' }, scheme: DEFAULT_SCHEMES.department };
    case 'assessment.list':
      return { kind: 'department' };
    case 'users.save':
      // An existing user unchanged (no password): a real change would alter whose session the fuzz drives.
      return { user: ref.users[n % ref.users.length] };
    case 'docNumber.allocate':
      // No pattern is configured in the fuzz street, and any year but the current one is refused: nothing is taken.
      return { requestId: `fuzz-doc-${n}`, patternId: n % 2 ? 'urge' : 'none', ...(n % 3 ? { year: 1999 + (n % 3) } : {}) };
    case 'audit.list':
      return { period: period(), type: n % 2 ? 'dispatched' : undefined, limit: 20, offset: n % 5 };
    case 'smsSettings.save':
      // A bad template (n odd, refused in Chinese) or the settings in force re-saved without a key (kept).
      return {
        gatewayUrl: 'none',
        auth: 'hmac',
        signName: '街道网格中心',
        quietHours: n % 3 ? { from: '22:00', to: '07:00' } : null,
        templates: {
          dispatch: n % 2 ? '派遣{phone}' : '派遣{code}',
          urge: '催办{code}',
          overdue: '超期{code}',
          verification: '核查{code}',
        },
      };
    case 'sms.list':
      // A span over a year (n % 4 === 0) is refused; the rest ask a period, filters and a page.
      return {
        ...(n % 4 ? period() : { from: 0, to: 400 * 86_400_000 }),
        status: n % 2 ? 'delivered' : undefined,
        limit: 10,
        offset: n % 3,
      };
    case 'file.upload':
      // A one-piece file: a tiny PNG signature (refused as unreadable or stored) or plain text (refused by content).
      return { uploadId: `fuzz${n}abcdef`, name: n % 2 ? 'a.png' : 'a.txt', index: 0, total: 1, data: n % 2 ? 'iVBORw0KGgo=' : 'aGVsbG8=' };
    case 'file.get':
      return { sha256: (n % 16).toString(16).repeat(64), variant: n % 2 ? 'thumb' : 'full' };
    case 'case.nearby':
      return { lon: 113.3 + (n % 10) / 1000, lat: 23.2, metres: 500, excludeId: pickCase(n).id, openOnly: n % 2 === 0, limit: 20 };
    case 'queue.map':
      return { tab: n % 2 ? 'all' : 'handling', q: n % 3 ? '垃圾' : 'ab', status: ['dispatched'], limit: 50 };
    default:
      return {};
  }
}

// ---------------------------------------------------------------- checks

function noteCode(code: string): void {
  seen.codes.add(code);
}

async function socketRequest(socket: Socket, event: string, payload: unknown): Promise<Ack<unknown>> {
  try {
    return (
      payload === undefined
        ? await socket.timeout(ANSWER_MS).emitWithAck(event)
        : await socket.timeout(ANSWER_MS).emitWithAck(event, payload)
    ) as Ack<unknown>;
  } catch (e) {
    throw new Error(
      `no answer to ${event} within ${ANSWER_MS} ms (hang?): ${JSON.stringify(payload)?.slice(0, 300)} (${(e as Error).message})`,
    );
  }
}

let callSeq = 0;
function apiCall(method: unknown, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const id = `f${++callSeq}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error(`no answer to ${String(method)} within ${ANSWER_MS} ms (hang?): ${JSON.stringify(input)?.slice(0, 300)}`));
    }, ANSWER_MS);
    const onMessage = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString()) as { t: string; id: unknown; result: never };
      if (m.t !== 'result' || m.id !== id) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(m.result);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'call', id, method, input }));
  });
}

// ---------------------------------------------------------------- the properties

describe('fuzz (seeded, bounded): no INTERNAL error, crash, hang or invalid log row', () => {
  it(`relay socket requests (${RUNS} inputs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('dispatcher', 'dispatcher', 'leader', 'admin', 'wall'),
        fc.constantFrom(...SOCKET_EVENTS, 'push', 'push', 'pull', 'snapshot', 'ref:update', 'assessment:freeze'),
        fc.nat(),
        mutations,
        async (who, event, n, m) => {
          const socket = sockets[who as keyof typeof sockets];
          const payload = mutate(socketSample(event, n), m);
          const ack = await socketRequest(socket, event, payload);
          expect(ack, `${who} ${event} ${JSON.stringify(payload)?.slice(0, 300)}`).toBeTypeOf('object');
          if (!ack.ok) {
            noteCode(ack.error.code);
            expect(ack.error.code, `${who} ${event} ${JSON.stringify(payload)?.slice(0, 300)}: ${ack.error.message}`).not.toBe('INTERNAL');
            seen.socketErr++;
          } else {
            seen.socketOk++;
            const results = (ack.value as { results?: Array<{ status: string; code?: string }> }).results ?? [];
            for (const r of results) {
              if (r.status === 'applied') seen.applied++;
              if (r.code) noteCode(r.code);
              expect(r.code, `${event} ${JSON.stringify(payload)?.slice(0, 300)}`).not.toBe('ENGINE_ERROR');
            }
          }
          expect(socket.connected, `${who}'s connection was dropped after ${event} ${JSON.stringify(payload)?.slice(0, 300)}`).toBe(true);
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it(`district webhook, single and batch (${RUNS} inputs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutations, fc.integer({ min: 0, max: 9 }), async (n, m, shape) => {
        const change = () => ({
          changeId: nextId('chg'),
          // Sometimes dated hours back or ahead (clock skew between the platform and the relay).
          occurredAt: Date.now() + ((n % 5) - 2) * 3_600_000,
          actor: n % 3 === 0 ? { kind: 'gridWorker', id: 'w001001', name: '杨明俊' } : { kind: 'department', id: 'cgk', name: '城管科' },
          command: districtCommandSample(n),
        });
        const batch = shape >= 7;
        const body = mutate(batch ? { changes: [change(), change(), change()] } : change(), m);
        const raw = shape === 0 ? String(m[0]?.value).slice(0, 2000) : JSON.stringify(body ?? null);
        const signature = shape === 1 ? 'sha256=' + '0'.repeat(64) : signBody(raw, TEST_WEBHOOK_SECRET);
        const res = await postJson(`${relay.url}/district/webhook${batch ? '/batch' : ''}`, raw, { 'x-signature': signature });
        const what = `${batch ? 'batch' : 'single'} ${raw.slice(0, 300)}: ${JSON.stringify(res.json).slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        expect(res.json.code, what).not.toBe('INTERNAL');
        if (typeof res.json.code === 'string') noteCode(res.json.code);
        for (const r of (res.json.results as Array<{ code?: string }> | undefined) ?? []) {
          expect(r.code, what).not.toBe('INTERNAL');
          expect(r.code, what).not.toBe('ENGINE_ERROR');
        }
        if (res.status === 200) seen.hook200++;
        else seen.hook4xx++;
      }),
      { seed: SEED + 1, numRuns: RUNS, endOnFailure: true },
    );
  });

  it(`browser host API over WebSocket (${RUNS} inputs)`, async () => {
    const methods = API_METHODS.filter((x) => x !== 'session.logout');
    // The methods with the most input reach SQL, statistics and the engine: drawn more often.
    const heavy = [
      'queue.list',
      'queue.list',
      'queue.list',
      'stats.query',
      'stats.query',
      'stats.drill',
      'command.submit',
      'command.submit',
      'command.submit',
      'assessment.inputs',
      'assessment.list',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods, ...heavy, 'no.such'), fc.nat(), mutations, async (method, n, m) => {
        const input = mutate(apiSample(method, n), m);
        const r = await apiCall(method, input);
        const what = `${method} ${JSON.stringify(input)?.slice(0, 300)}`;
        if (r.ok) seen.apiOk++;
        else {
          seen.apiErr++;
          noteCode(r.error!.code);
          expect(r.error!.code, `${what}: ${r.error!.message}`).not.toBe('INTERNAL');
        }
        expect(ws.readyState, `connection dropped after ${what}`).toBe(WebSocket.OPEN);
      }),
      { seed: SEED + 2, numRuns: RUNS, endOnFailure: true },
    );
    // Frames that are not calls at all.
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        ),
        async (text) => {
          const answer = new Promise<{ t: string; result: { ok: boolean; error?: { code: string } } }>((resolve) => {
            const on = (d: WebSocket.RawData) => {
              const msg = JSON.parse(d.toString()) as { t: string; id: unknown; result: { ok: boolean; error?: { code: string } } };
              if (msg.t !== 'result') return;
              ws.off('message', on);
              resolve(msg);
            };
            ws.on('message', on);
          });
          ws.send(text);
          const got = await answer;
          expect(got.result.error?.code ?? 'ok', text).not.toBe('INTERNAL');
        },
      ),
      { seed: SEED + 3, numRuns: Math.ceil(RUNS / 10), endOnFailure: true },
    );
  });

  it('leaves a valid, gap-free log whose case timelines never go back in time, and a live relay', async () => {
    const { entries, problems } = readLogFile(relayDir);
    expect(problems).toEqual([]);
    const byCase = new Map<string, Array<{ version: number; at: number }>>();
    for (const e of entries) if (e.kind === 'case') byCase.set(e.event.caseId, [...(byCase.get(e.event.caseId) ?? []), e.event]);
    for (const [id, evs] of byCase) {
      evs.sort((a, b) => a.version - b.version);
      expect(
        evs.map((e) => e.version),
        id,
      ).toEqual(evs.map((_, i) => i + 1));
      for (let i = 1; i < evs.length; i++) expect(evs[i]!.at, `${id} v${evs[i]!.version}`).toBeGreaterThanOrEqual(evs[i - 1]!.at);
    }
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
    expect(relayLog.filter((l) => /failed|fault|INTERNAL/i.test(l))).toEqual([]);
    // Coverage guards: the fuzz got past the schemas into the engine and the stores.
    expect(seen.applied).toBeGreaterThan(5);
    expect(seen.hook200).toBeGreaterThan(20);
    expect(seen.socketOk).toBeGreaterThan(RUNS / 10);
    expect(seen.apiOk).toBeGreaterThan(RUNS / 10);
    expect(seen.codes).toContain('BAD_REQUEST');
    expect(seen.codes).toContain('INVALID_INPUT');
  });
});
