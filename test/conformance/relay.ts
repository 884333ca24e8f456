/**
 * Relay conformance: drives a relay through the documented wire only (docs/protocol.md; HTTP and
 * Socket.IO as relay.openapi.json and relay.asyncapi.json state them) and validates every answer against
 * docs/contracts/schemas.json.
 *
 * It needs a centre user with case commands (a dispatcher), a second user to observe (any role; an admin
 * by default), and the webhook secret. It writes one case of its own (`conformance-<random>`: reported,
 * accepted, dispatched by the dispatcher, signed and handled by its department through the webhook), so
 * run it against a test relay, or a street where such a case does no harm. The relay's district platform
 * must not act on the case by itself (use our simulator with `--no-reports`, or `--district-url none`).
 */
import { io, type Socket } from 'socket.io-client';
import {
  Contracts,
  Suite,
  expect,
  http,
  isObject,
  jsonEqual,
  postJson,
  preview,
  randomPart,
  signBody,
  signService,
  type HttpAnswer,
  type StepResult,
  type SuiteResult,
} from './kit.js';
import { COMPARED_FIELDS, FOLDED_TYPES, foldCase } from './fold.js';

export interface Credentials {
  username: string;
  password: string;
}

export interface RelayConformanceOptions {
  relayUrl: string;
  webhookSecret: string;
  /** A user with case commands (role dispatcher or leader). */
  dispatcher: Credentials;
  /** Any other active user: observes live events (connects with batch: true). */
  observer: Credentials;
  /** How long to wait for an answer or a live event (default 15 s). */
  timeoutMs?: number;
  /** How many demo cases to fold and compare besides the suite's own (default 25). */
  foldCases?: number;
  contracts?: Contracts;
  onStep?: (r: StepResult) => void;
}

type Json = Record<string, unknown>;

/** Every event a socket received, in order, with a way to wait for one. */
class Recorder {
  readonly events: { event: string; payload: unknown }[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.events.push({ event, payload });
      for (const w of this.waiters.splice(0)) w();
    });
  }
  of(event: string): unknown[] {
    return this.events.filter((e) => e.event === event).map((e) => e.payload);
  }
  /** Resolves with the first payload of `event` that satisfies `pred` (received before or after the call). */
  waitFor<T = unknown>(event: string, pred: (p: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.events.find((e) => e.event === event && pred(e.payload as T));
        if (hit) resolve(hit.payload as T);
        return hit !== undefined;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== listener);
        reject(new Error(`no '${event}' ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = () => {
        if (check()) clearTimeout(timer);
        else this.waiters.push(listener);
      };
      this.waiters.push(listener);
    });
  }
}

export async function runRelayConformance(opts: RelayConformanceOptions): Promise<SuiteResult> {
  const suite = new Suite('relay', opts.onStep);
  const contracts = opts.contracts ?? new Contracts();
  const base = opts.relayUrl.replace(/\/$/, '');
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const run = randomPart();
  const sockets: Socket[] = [];

  const s = {
    dispatcher: undefined as { token: string; clientId: string; clientSecret?: string; user: Json } | undefined,
    observer: undefined as { token: string; clientId: string; user: Json } | undefined,
    ref: undefined as Json | undefined,
    head: 0,
    logId: undefined as string | undefined,
    entries: [] as Json[],
    pusher: undefined as Recorder | undefined,
    watcher: undefined as Recorder | undefined,
    n: 0,
    caseId: `conformance-${run}`,
    department: undefined as { id: string; name: string } | undefined,
    reportSeq: 0,
    reportMutation: undefined as { id: string; n: number; command: Json } | undefined,
  };

  const httpFailure = (a: HttpAnswer, status: number, code: string, what: string) => {
    expect(a.status === status, `${what}: expected HTTP ${status} ${code}, got ${a.status} ${preview(a.text)}`);
    contracts.check('HttpFailure', a.json, `${what}: the error body`);
    const j = a.json as { code: string; error: { code: string } };
    expect(j.code === code && j.error.code === code, `${what}: expected code ${code}, got ${preview(a.json)}`);
  };
  const okValue = (a: HttpAnswer, schema: string, what: string): Json => {
    expect(a.status === 200, `${what}: expected 200, got ${a.status} ${preview(a.text)}`);
    expect(
      isObject(a.json) && a.json.ok === true && 'value' in a.json,
      `${what}: expected the Ack envelope {ok: true, value}, got ${preview(a.text)}`,
    );
    contracts.check(schema, a.json.value, `${what}: value`);
    return a.json.value as Json;
  };
  const login = (username: string, password: string, clientId: string, clientSecret?: string) =>
    postJson(`${base}/api/login`, JSON.stringify({ username, password, clientId, ...(clientSecret ? { clientSecret } : {}) }));

  /** A request with ack; validates the envelope and the value (or returns the failure). */
  const request = async (
    r: Recorder,
    event: string,
    payload: unknown,
    schema: string | null,
  ): Promise<{ ok: true; value: Json } | { ok: false; error: { code: string; message: string } }> => {
    const ack = (await r.socket.timeout(timeoutMs).emitWithAck(event, payload)) as unknown;
    expect(isObject(ack) && typeof ack.ok === 'boolean', `${event}: the ack is not an Ack envelope: ${preview(ack)}`);
    if (ack.ok === false) {
      contracts.check('AckFailure', ack, `${event}: the refusal`);
      return ack as { ok: false; error: { code: string; message: string } };
    }
    if (schema) contracts.check(schema, ack.value, `${event}: the answer`);
    return ack as { ok: true; value: Json };
  };
  const mustOk = async (r: Recorder, event: string, payload: unknown, schema: string): Promise<Json> => {
    const a = await request(r, event, payload, schema);
    expect(a.ok, `${event}: refused ${preview(a)}`);
    return (a as { value: Json }).value;
  };
  const connect = (auth: unknown): Promise<Recorder> =>
    new Promise((resolve, reject) => {
      const socket = io(base, { auth: auth as Json, transports: ['websocket'], reconnection: false, timeout: timeoutMs, forceNew: true });
      sockets.push(socket);
      const rec = new Recorder(socket);
      socket.once('connect', () => resolve(rec));
      socket.once('connect_error', (err: Error & { data?: unknown }) => reject(Object.assign(new Error(err.message), { data: err.data })));
    });
  const refused = async (auth: unknown, code: string, what: string) => {
    try {
      await connect(auth);
    } catch (err) {
      const e = err as Error & { data?: unknown };
      contracts.check('ConnectError', { message: e.message, data: e.data }, `${what}: connect_error`);
      expect((e.data as { code?: string }).code === code, `${what}: expected connect_error data.code ${code}, got ${preview(e.data)}`);
      return;
    }
    throw new Error(`${what}: the handshake was accepted`);
  };
  const push = async (mutations: unknown[]): Promise<Json> => {
    const v = await mustOk(s.pusher!, 'push', { mutations }, 'PushResponse');
    return v;
  };
  const result = (v: Json, i = 0) => (v.results as Json[])[i]!;
  const nextMutation = (command: Json) => ({ id: `m-${run}-${++s.n}`, n: s.n, command });
  const pullAll = async (from: number): Promise<Json[]> => {
    const out: Json[] = [];
    let cursor = from;
    for (;;) {
      const v = await mustOk(s.pusher!, 'pull', { cursor, limit: 1000, ...(s.logId ? { logId: s.logId } : {}) }, 'PullResponse');
      expect(v.type === 'changes', `pull from ${cursor}: expected {type: 'changes'}, got a reset ${preview(v)}`);
      if (typeof v.logId === 'string') {
        expect(!s.logId || s.logId === v.logId, `pull: logId changed from ${s.logId} to ${v.logId}`);
        s.logId = v.logId;
      }
      const entries = v.entries as Json[];
      for (const [i, e] of entries.entries()) {
        contracts.check('LogEntry', e, `pull from ${cursor}: entry ${i}`);
        expect(
          e.seq === cursor + 1,
          `pull from ${cursor}: entry ${i} has seq ${String(e.seq)}, expected ${cursor + 1} (gap-free, ascending)`,
        );
        cursor = e.seq as number;
        out.push(e);
      }
      s.head = v.head as number;
      if (entries.length === 0 || cursor >= s.head) break;
    }
    expect(cursor === s.head, `pull ended at seq ${cursor}, the head is ${s.head}`);
    return out;
  };
  const webhook = (change: Json, secret = opts.webhookSecret, path = '/district/webhook') => {
    const body = JSON.stringify(change);
    return postJson(`${base}${path}`, body, { 'x-signature': signBody(body, secret) });
  };
  const districtChange = (actor: Json, command: Json, tag: string) => {
    const c = { changeId: `conformance-${run}-${tag}`, occurredAt: Date.now(), actor, command };
    contracts.check('DistrictChange', c, 'the suite’s own district change');
    return c;
  };
  /** Waits until the watcher (batch) and the pusher (per entry) heard of an entry satisfying `pred`. */
  const heard = async (pred: (e: Json) => boolean, what: string) => {
    const single = await s.pusher!.waitFor<Json>('change', (e) => isObject(e) && pred(e), timeoutMs, `(per entry) for ${what}`);
    contracts.check('LogEntry', single, `live 'change' for ${what}`);
    const batch = await s.watcher!.waitFor<Json[]>(
      'changes',
      (m) => Array.isArray(m) && m.some((e) => isObject(e) && pred(e)),
      timeoutMs,
      `(batch) for ${what}`,
    );
    contracts.check('ChangesMessage', batch, `live 'changes' for ${what}`);
  };
  const ofCase = (e: Json) => e.kind === 'case' && (e.event as Json).caseId === s.caseId;

  try {
    // ------------------------------------------------------------ HTTP
    await suite.step('GET /healthz', [], async () => {
      const a = await http(`${base}/healthz`);
      okValue(a, 'HealthValue', 'GET /healthz');
    });

    await suite.step('login refusals (BAD_JSON, BAD_REQUEST, BAD_CREDENTIALS)', [], async () => {
      httpFailure(await postJson(`${base}/api/login`, '{not json'), 400, 'BAD_JSON', 'POST /api/login with a body that is not JSON');
      httpFailure(
        await postJson(`${base}/api/login`, JSON.stringify({ username: opts.dispatcher.username })),
        400,
        'BAD_REQUEST',
        'POST /api/login without password and clientId',
      );
      httpFailure(
        await login(`nobody-${run}`, 'wrong-password', `conf-nobody-${run}`),
        401,
        'BAD_CREDENTIALS',
        'POST /api/login of an unknown user',
      );
    });

    await suite.step('login (dispatcher, observer)', [], async () => {
      const clientId = `conf-${run}-d`;
      const d = okValue(
        await login(opts.dispatcher.username, opts.dispatcher.password, clientId),
        'LoginResponse',
        'POST /api/login (dispatcher)',
      );
      expect(typeof d.clientSecret === 'string', 'the first login with a new clientId must answer its clientSecret (protocol.md §2)');
      s.dispatcher = { token: d.token as string, clientId, clientSecret: d.clientSecret as string, user: d.user as Json };
      const observerId = `conf-${run}-o`;
      const o = okValue(
        await login(opts.observer.username, opts.observer.password, observerId),
        'LoginResponse',
        'POST /api/login (observer)',
      );
      s.observer = { token: o.token as string, clientId: observerId, user: o.user as Json };
    });

    await suite.step(
      'login with a registered clientId needs its clientSecret (CLIENT_ID_TAKEN)',
      ['login (dispatcher, observer)'],
      async () => {
        httpFailure(
          await login(opts.dispatcher.username, opts.dispatcher.password, s.dispatcher!.clientId),
          409,
          'CLIENT_ID_TAKEN',
          'a login with the clientId but no clientSecret',
        );
        okValue(
          await login(opts.dispatcher.username, opts.dispatcher.password, s.dispatcher!.clientId, s.dispatcher!.clientSecret),
          'LoginResponse',
          'a login with the clientSecret',
        );
      },
    );

    await suite.step('GET /api/ref (bearer token, service signature, none)', ['login (dispatcher, observer)'], async () => {
      const v = okValue(
        await http(`${base}/api/ref`, { headers: { authorization: `Bearer ${s.dispatcher!.token}` } }),
        'RefResponse',
        'GET /api/ref with a bearer token',
      );
      s.ref = v.ref as Json;
      const ts = Date.now();
      okValue(
        await http(`${base}/api/ref`, {
          headers: { 'x-timestamp': String(ts), 'x-signature': signService('GET', '/api/ref', ts, opts.webhookSecret) },
        }),
        'RefResponse',
        'GET /api/ref with the district service signature',
      );
      httpFailure(await http(`${base}/api/ref`), 401, 'UNAUTHENTICATED', 'GET /api/ref without auth');
    });

    // ------------------------------------------------------------ Socket.IO
    await suite.step('handshake refusals (UNAUTHENTICATED, TOKEN_INVALID)', ['login (dispatcher, observer)'], async () => {
      await refused({}, 'UNAUTHENTICATED', 'a handshake without auth');
      await refused({ token: 'v1.bad.token', clientId: s.dispatcher!.clientId }, 'TOKEN_INVALID', 'a handshake with a forged token');
      await refused(
        { token: s.dispatcher!.token, clientId: `conf-${run}-other` },
        'TOKEN_INVALID',
        'a handshake with another clientId than the token’s',
      );
    });

    await suite.step(
      'connect (per-entry and batch sockets), presence and district:link on connect',
      ['login (dispatcher, observer)'],
      async () => {
        s.pusher = await connect({ token: s.dispatcher!.token, clientId: s.dispatcher!.clientId });
        s.watcher = await connect({ token: s.observer!.token, clientId: s.observer!.clientId, batch: true });
        for (const [who, r] of [
          ['dispatcher', s.pusher],
          ['observer', s.watcher],
        ] as const) {
          const presence = await r.waitFor('presence', () => true, timeoutMs, `after connecting (${who})`);
          contracts.check('PresenceList', presence, `'presence' on connect (${who})`);
          const link = await r.waitFor('district:link', () => true, timeoutMs, `after connecting (${who})`);
          contracts.check('DistrictLink', link, `'district:link' on connect (${who})`);
        }
      },
    );
    const connected = 'connect (per-entry and batch sockets), presence and district:link on connect';

    await suite.step('time, unknown event, bad payload', [connected], async () => {
      await mustOk(s.pusher!, 'time', undefined, 'TimeResponse');
      const unknown = await request(s.pusher!, `conformance:nothing`, {}, null);
      expect(
        !unknown.ok && unknown.error.code === 'UNKNOWN_EVENT',
        `an unknown request must be refused UNKNOWN_EVENT, got ${preview(unknown)}`,
      );
      const bad = await request(s.pusher!, 'pull', { cursor: -1 }, null);
      expect(!bad.ok && bad.error.code === 'BAD_REQUEST', `pull {cursor: -1} must be refused BAD_REQUEST, got ${preview(bad)}`);
    });

    await suite.step('full pull from cursor 0 to head: gap-free seqs, every entry a valid LogEntry', [connected], async (note) => {
      s.entries = await pullAll(0);
      note(`${s.entries.length} entries`);
      expect(s.entries.length === s.head, `pulled ${s.entries.length} entries, head is ${s.head}`);
    });
    const pulled = 'full pull from cursor 0 to head: gap-free seqs, every entry a valid LogEntry';

    await suite.step('pull with the wrong logId answers reset other_log', [pulled], async () => {
      const v = await mustOk(s.pusher!, 'pull', { cursor: s.head, logId: `other-${run}` }, 'PullResponse');
      expect(v.type === 'reset' && v.cause === 'other_log', `expected {type: 'reset', cause: 'other_log'}, got ${preview(v)}`);
    });

    // ------------------------------------------------------------ commands
    const gridsToday = () => {
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      return ((s.ref!.grids ?? []) as Json[]).filter(
        (g) => String(g.validFrom) <= today && (g.validTo === undefined || String(g.validTo) >= today),
      );
    };
    const catalogItem = () =>
      ((s.ref!.catalog ?? []) as Json[]).find((c) => ((s.ref!.departments ?? []) as Json[]).some((d) => d.id === c.defaultDepartmentId));

    await suite.step(
      'push report: applied, live change (per entry) and changes (batch) arrive',
      [pulled, 'GET /api/ref (bearer token, service signature, none)'],
      async () => {
        const grid = gridsToday()[0];
        expect(grid, 'the reference data has no grid valid today');
        const m = nextMutation({
          type: 'report',
          caseId: s.caseId,
          source: 'centre',
          title: '一致性测试：井盖缺失',
          description: '一致性测试写入的事件（conformance suite）。',
          address: '一致性测试地址 1 号',
          communityId: grid.communityId,
          gridId: grid.id,
        });
        contracts.check('Mutation', m, 'the suite’s own mutation');
        s.reportMutation = m;
        const v = await push([m]);
        const r = result(v);
        expect(r.status === 'applied' && typeof r.seq === 'number', `report: expected {status: 'applied', seq}, got ${preview(r)}`);
        expect(v.lastN === m.n, `lastN after the push: expected ${m.n}, got ${String(v.lastN)}`);
        s.reportSeq = r.seq as number;
        await heard((e) => ofCase(e) && e.seq === s.reportSeq, `the report (seq ${s.reportSeq})`);
      },
    );
    const reported = 'push report: applied, live change (per entry) and changes (batch) arrive';

    await suite.step('idempotent push: same mutation → ALREADY_SEEN, same id under a new n → ALREADY_APPLIED', [reported], async () => {
      const first = s.reportMutation!;
      const again = result(await push([first]));
      expect(
        again.status === 'duplicate' && again.code === 'ALREADY_SEEN',
        `the same mutation again: expected duplicate ALREADY_SEEN, got ${preview(again)}`,
      );
      const renumbered = { ...first, n: ++s.n };
      const v = await push([renumbered]);
      const r = result(v);
      expect(
        r.status === 'duplicate' && r.code === 'ALREADY_APPLIED' && r.seq === s.reportSeq,
        `the same mutation id under n ${renumbered.n}: expected duplicate ALREADY_APPLIED with seq ${s.reportSeq}, got ${preview(r)}`,
      );
      expect(v.lastN === renumbered.n, `lastN: expected ${renumbered.n}, got ${String(v.lastN)}`);
    });

    await suite.step('mutation number too far ahead: rejected MUTATION_NUMBER_AHEAD, n not consumed', [reported], async () => {
      const ahead = {
        id: `m-${run}-ahead`,
        n: s.n + 1001,
        command: { type: 'accept', caseId: s.caseId, catalogItemId: 'x', grade: 'normal' },
      };
      const v = await push([ahead]);
      const r = result(v);
      expect(
        r.status === 'rejected' && r.code === 'MUTATION_NUMBER_AHEAD',
        `n = last_n + 1001: expected rejected MUTATION_NUMBER_AHEAD, got ${preview(r)}`,
      );
      expect(v.lastN === s.n, `lastN must not move: expected ${s.n}, got ${String(v.lastN)}`);
    });

    await suite.step('refused command: {status: rejected, code, message} (close a reported case → INVALID_STATE)', [reported], async () => {
      const r = result(await push([nextMutation({ type: 'close', caseId: s.caseId, satisfaction: 'satisfied' })]));
      expect(r.status === 'rejected' && r.code === 'INVALID_STATE', `expected rejected INVALID_STATE, got ${preview(r)}`);
      expect(typeof r.message === 'string' && r.message.length > 0, `a rejection carries a (Chinese) message, got ${preview(r)}`);
      const unknown = result(
        await push([nextMutation({ type: 'accept', caseId: s.caseId, catalogItemId: `no-such-item-${run}`, grade: 'normal' })]),
      );
      expect(
        unknown.status === 'rejected' && unknown.code === 'UNKNOWN_REFERENCE',
        `accept with an unknown catalogue item: expected rejected UNKNOWN_REFERENCE, got ${preview(unknown)}`,
      );
    });

    await suite.step('push by a role without case commands is refused FORBIDDEN', [connected], async () => {
      const role = s.observer!.user.role;
      expect(role === 'admin' || role === 'wall', `the observer must be an admin or the wall for this step (is ${String(role)})`);
      const a = await request(
        s.watcher!,
        'push',
        { mutations: [{ id: `m-${run}-forbidden`, n: 1, command: { type: 'close', caseId: s.caseId, satisfaction: 'satisfied' } }] },
        null,
      );
      expect(!a.ok && a.error.code === 'FORBIDDEN', `expected the ack {ok: false, error: {code: 'FORBIDDEN'}}, got ${preview(a)}`);
    });

    await suite.step('accept and dispatch applied', [reported], async () => {
      const item = catalogItem();
      expect(item, 'the catalogue has no item whose default department exists');
      const grade = ((item.limits as Json[])[0]!.grade as string) ?? 'normal';
      const a = result(await push([nextMutation({ type: 'accept', caseId: s.caseId, catalogItemId: item.id, grade })]));
      expect(a.status === 'applied', `accept: expected applied, got ${preview(a)}`);
      const dept = ((s.ref!.departments ?? []) as Json[]).find((d) => d.id === item.defaultDepartmentId)!;
      s.department = { id: String(dept.id), name: String(dept.name) };
      const d = result(await push([nextMutation({ type: 'dispatch', caseId: s.caseId, leadDepartmentId: s.department.id })]));
      expect(d.status === 'applied', `dispatch: expected applied, got ${preview(d)}`);
      await heard((e) => ofCase(e) && e.seq === d.seq, `the dispatch (seq ${String(d.seq)})`);
    });
    const dispatched = 'accept and dispatch applied';

    // ------------------------------------------------------------ district webhook
    await suite.step('district webhook: bad signature → 401 BAD_SIGNATURE', [dispatched], async () => {
      const c = districtChange({ kind: 'department', ...s.department! }, { type: 'sign', caseId: s.caseId }, 'badsig');
      httpFailure(await webhook(c, opts.webhookSecret + '-wrong'), 401, 'BAD_SIGNATURE', 'a webhook signed with another secret');
      const body = JSON.stringify(c);
      httpFailure(await postJson(`${base}/district/webhook`, body), 401, 'BAD_SIGNATURE', 'a webhook without x-signature');
    });

    await suite.step('district webhook: refused by the engine → 422 {ok: false, code, message}', [dispatched], async () => {
      const other = ((s.ref!.departments ?? []) as Json[]).find((d) => d.id !== s.department!.id);
      expect(other, 'the reference data has only one department');
      const a = await webhook(
        districtChange({ kind: 'department', id: other.id, name: other.name }, { type: 'sign', caseId: s.caseId }, 'othersign'),
      );
      expect(a.status === 422, `a sign by another department: expected 422, got ${a.status} ${preview(a.text)}`);
      contracts.check('DistrictChangeResult', a.json, 'the 422 body');
      const j = a.json as Json;
      expect(
        j.ok === false && (j.code === 'NOT_LEAD_DEPARTMENT' || j.code === 'NOT_ASSIGNED_DEPARTMENT') && typeof j.message === 'string',
        `expected {ok: false, code: NOT_LEAD_DEPARTMENT | NOT_ASSIGNED_DEPARTMENT, message}, got ${preview(j)}`,
      );
    });

    await suite.step('district webhook: signed change applied, repeated changeId answered duplicate', [dispatched], async () => {
      const c = districtChange({ kind: 'department', ...s.department! }, { type: 'sign', caseId: s.caseId }, 'sign');
      const a = await webhook(c);
      expect(a.status === 200, `a signed sign by the lead department: expected 200, got ${a.status} ${preview(a.text)}`);
      contracts.check('DistrictChangeResult', a.json, 'the webhook answer');
      const j = a.json as Json;
      expect(
        j.ok === true && j.duplicate === false && typeof j.seq === 'number',
        `expected {ok: true, duplicate: false, seq}, got ${preview(j)}`,
      );
      await heard(
        (e) => ofCase(e) && e.seq === j.seq && e.origin === 'district',
        `the district's sign (seq ${String(j.seq)}, origin district)`,
      );
      const b = await webhook(c);
      contracts.check('DistrictChangeResult', b.json, 'the repeated webhook answer');
      const k = b.json as Json;
      expect(
        b.status === 200 && k.ok === true && k.duplicate === true && k.seq === j.seq,
        `the same changeId again: expected 200 {ok: true, duplicate: true, seq: ${String(j.seq)}}, got ${b.status} ${preview(k)}`,
      );
    });

    await suite.step(
      'district webhook batch: DistrictBatchResponse per change',
      ['district webhook: signed change applied, repeated changeId answered duplicate'],
      async () => {
        const c = districtChange(
          { kind: 'department', ...s.department! },
          { type: 'reportResult', caseId: s.caseId, text: '一致性测试：已处置完毕。' },
          'result',
        );
        const batch = { changes: [c] };
        contracts.check('DistrictChangeBatch', batch, 'the suite’s own batch');
        const a = await webhook(batch as unknown as Json, opts.webhookSecret, '/district/webhook/batch');
        expect(a.status === 200, `POST /district/webhook/batch: expected 200, got ${a.status} ${preview(a.text)}`);
        contracts.check('DistrictBatchResponse', a.json, 'the batch answer');
        const r = ((a.json as Json).results as Json[])[0]!;
        expect(r.changeId === c.changeId && r.ok === true && r.duplicate === false, `expected the change applied, got ${preview(r)}`);
        await heard((e) => ofCase(e) && e.seq === r.seq, `the district's result (seq ${String(r.seq)})`);
      },
    );

    // ------------------------------------------------------------ presence
    await suite.step('presence:open: ack {openCaseId}, the others see it in presence', [connected], async () => {
      const v = await mustOk(s.pusher!, 'presence:open', { caseId: s.caseId }, 'PresenceOpenResponse');
      expect(v.openCaseId === s.caseId, `expected {openCaseId: ${s.caseId}}, got ${preview(v)}`);
      const id = s.pusher!.socket.id;
      const list = await s.watcher!.waitFor<Json[]>(
        'presence',
        (p) => Array.isArray(p) && p.some((e) => e.id === id && e.openCaseId === s.caseId),
        timeoutMs,
        `listing the dispatcher's socket with the case open`,
      );
      contracts.check('PresenceList', list, `'presence'`);
      await mustOk(s.pusher!, 'presence:open', { caseId: null }, 'PresenceOpenResponse');
    });

    // ------------------------------------------------------------ live order
    await suite.step('live entries arrive in seq order without gaps', [reported], async () => {
      const single = s.pusher!.of('change') as Json[];
      for (let i = 1; i < single.length; i++)
        expect(
          single[i]!.seq === (single[i - 1]!.seq as number) + 1,
          `'change' seq ${String(single[i]!.seq)} after ${String(single[i - 1]!.seq)}`,
        );
      const batched = (s.watcher!.of('changes') as Json[][]).flat();
      for (const [i, e] of batched.entries()) contracts.check('LogEntry', e, `'changes' entry ${i}`);
      for (let i = 1; i < batched.length; i++)
        expect(
          batched[i]!.seq === (batched[i - 1]!.seq as number) + 1,
          `'changes' seq ${String(batched[i]!.seq)} after ${String(batched[i - 1]!.seq)}`,
        );
    });

    // ------------------------------------------------------------ fold vs snapshot
    await suite.step('folding the log as case-model.md describes gives the snapshot’s cases', [pulled, reported], async (note) => {
      const snapshot = new Map<string, Json>();
      let after: string | undefined;
      let asOf = 0;
      for (let page = 0; ; page++) {
        const v = await mustOk(s.pusher!, 'snapshot', { limit: 2000, ...(after ? { after } : {}) }, 'SnapshotResponse');
        if (page === 0) {
          expect(isObject(v.ref), 'the first snapshot page carries ref');
          asOf = v.asOfSeq as number;
        }
        for (const c of v.cases as Json[]) snapshot.set(String(c.id), c);
        if (typeof v.next !== 'string') break;
        after = v.next;
      }
      // Entries written since the full pull (the suite's own), up to at least the snapshot's head.
      s.entries.push(...(await pullAll(s.entries.length)));
      expect(s.head >= asOf, `the snapshot's asOfSeq ${asOf} is beyond the head ${s.head}`);
      const byCase = new Map<string, Json[]>();
      for (const e of s.entries) {
        if (e.kind !== 'case') continue;
        const ev = e.event as Json;
        const list = byCase.get(String(ev.caseId)) ?? [];
        list.push(ev);
        byCase.set(String(ev.caseId), list);
      }
      const own = byCase.get(s.caseId) ?? [];
      expect(
        own.map((e) => e.type).join(',') === 'reported,accepted,dispatched,signed,result_reported',
        `the suite's case has entries ${own.map((e) => e.type).join(',')}, expected reported,accepted,dispatched,signed,result_reported`,
      );
      const chosen = [
        s.caseId,
        ...[...byCase.keys()]
          .filter((id) => id !== s.caseId && byCase.get(id)!.every((e) => FOLDED_TYPES.has(String(e.type))))
          .slice(0, opts.foldCases ?? 25),
      ];
      for (const id of chosen) {
        const snap = snapshot.get(id);
        expect(snap, `case ${id} is in the log but not in the snapshot`);
        // The snapshot reflects one version of the case; fold the log up to that version.
        const folded = foldCase(byCase.get(id)!.filter((e) => (e.version as number) <= (snap.version as number)));
        for (const f of COMPARED_FIELDS)
          expect(
            jsonEqual(folded[f], snap[f]),
            `case ${id}: folded ${f} = ${preview(folded[f], 200)}, the snapshot has ${preview(snap[f], 200)}`,
          );
        const timeline = (snap.timeline as Json[]).map((e) => e.id);
        expect(
          jsonEqual(folded.timeline, timeline),
          `case ${id}: folded timeline ${preview(folded.timeline)} differs from the snapshot's ${preview(timeline)}`,
        );
      }
      note(`${chosen.length} cases folded (${chosen.length - 1} besides the suite's own), ${s.entries.length} entries`);
      expect(
        snapshot.get(s.caseId)!.status === 'handled',
        `the suite's case should be handled, the snapshot says ${String(snapshot.get(s.caseId)!.status)}`,
      );
    });
  } finally {
    for (const sk of sockets) sk.disconnect();
  }
  return suite.result();
}
