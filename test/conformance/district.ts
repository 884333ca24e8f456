/**
 * District-side outbox contract checker: plays the relay against a district platform's
 * `POST {districtUrl}/api/commands` (docs/protocol.md §4.2; relay.openapi.json `webhooks.districtCommands`)
 * and checks its answers follow the contract:
 *
 * - a valid, signed forward is delivered: 2xx and `{ok: true}` (or a 2xx without a refusal body);
 * - the same idempotency key again gets the same answer (the relay retries forever, the platform dedupes);
 * - a percent-encoded idempotency key (case ids may be Chinese) is read back with decodeURIComponent;
 * - a missing or wrong signature is refused (4xx, never delivered);
 * - a malformed forward is refused as `{ok: false, code, message}` with a 4xx (a 5xx would be retried forever);
 * - with `control` (our simulator's signed test control, protocol.md §8): a forward the platform refuses
 *   answers 4xx `{ok: false, code, message}`, and a repeat of it the same refusal.
 *
 * Every forward it sends is first checked against DistrictForward in schemas.json, and every JSON answer
 * against DistrictForwardAnswer. The forwards are for a case id of their own (`conformance-<random>`):
 * event types the platform only records (`accepted`, `linked`), so a platform that plays departments
 * (like our simulator) has nothing to act on.
 */
import {
  Contracts,
  Suite,
  expect,
  idempotencyHeader,
  isObject,
  jsonEqual,
  postJson,
  preview,
  randomPart,
  signBody,
  type HttpAnswer,
  type StepResult,
  type SuiteResult,
} from './kit.js';

export interface DistrictConformanceOptions {
  /** The district platform's base URL (the relay's --district-url). */
  districtUrl: string;
  /** The webhook secret shared with the relay (DISTRICT_WEBHOOK_SECRET). */
  webhookSecret: string;
  /**
   * Also check a refusal decided by the platform, provoked through the simulator's signed
   * `POST /api/control/reject` (docs/protocol.md §8). A vendor platform without that endpoint leaves it off.
   */
  control?: boolean;
  contracts?: Contracts;
  onStep?: (r: StepResult) => void;
}

const ACTOR = { id: 'u-conformance', name: '一致性测试', role: 'dispatcher', unitId: 'centre' } as const;

export async function runDistrictConformance(opts: DistrictConformanceOptions): Promise<SuiteResult> {
  const suite = new Suite('district outbox contract', opts.onStep);
  const contracts = opts.contracts ?? new Contracts();
  const base = opts.districtUrl.replace(/\/$/, '');
  const url = `${base}/api/commands`;
  const run = randomPart();
  const caseId = `conformance-${run}`;
  const now = Date.now();

  const event = (version: number, type: string, data: Record<string, unknown>) => ({
    id: `${caseId}:${version}:${run}`,
    caseId,
    version,
    type,
    at: now + version,
    actor: ACTOR,
    commandId: `cmd-${run}-${version}`,
    data,
  });
  const clock = {
    id: `clk-${run}`,
    kind: 'dispatch',
    unitId: 'centre',
    startedAt: now,
    limitMinutes: 30,
    natural: false,
    deadline: now + 30 * 60_000,
    pauses: [],
    extensions: [],
  };
  const forward = (seq: number, ev: ReturnType<typeof event>, key = ev.id) => {
    const body = { idempotencyKey: key, seq, event: { ...ev, id: key } };
    contracts.check('DistrictForward', body, 'the checker’s own forward');
    return JSON.stringify(body);
  };
  const send = (body: string, key: string, signature = signBody(body, opts.webhookSecret)) =>
    postJson(url, body, { 'idempotency-key': idempotencyHeader(key), ...(signature ? { 'x-signature': signature } : {}) });

  /** A JSON answer must match DistrictForwardAnswer; a 2xx answer must not be a refusal. */
  const checkDelivered = (a: HttpAnswer, what: string) => {
    expect(a.status >= 200 && a.status < 300, `${what}: expected 2xx (delivered), got ${a.status} ${preview(a.text)}`);
    if (a.json !== undefined) {
      contracts.check('DistrictForwardAnswer', a.json, `${what}: the answer`);
      expect(isObject(a.json) && a.json.ok === true, `${what}: a 2xx with a refusal body is a refusal; got ${preview(a.json)}`);
    }
  };
  const checkRefused = (a: HttpAnswer, what: string, needBody: boolean) => {
    expect(
      a.status >= 400 && a.status < 500 && a.status !== 408 && a.status !== 429,
      `${what}: expected a refusal (4xx other than 408/429; 2xx means delivered, 5xx/408/429 are retried forever), got ${a.status} ${preview(a.text)}`,
    );
    if (needBody || a.json !== undefined) {
      expect(a.json !== undefined, `${what}: the refusal must be JSON {ok: false, code, message}; got ${preview(a.text)}`);
      contracts.check('DistrictForwardAnswer', a.json, `${what}: the refusal`);
      expect(isObject(a.json) && a.json.ok === false, `${what}: the refusal body must say ok: false; got ${preview(a.json)}`);
    }
  };

  const first = forward(
    1,
    event(2, 'accepted', { catalogItemId: 'conformance-item', category: '一致性测试', grade: 'normal', clocks: [clock] }),
  );
  const firstKey = `${caseId}:2:${run}`;
  let firstAnswer: HttpAnswer | undefined;

  await suite.step('valid signed forward delivered (2xx, {ok: true})', [], async () => {
    firstAnswer = await send(first, firstKey);
    checkDelivered(firstAnswer, 'POST /api/commands with a valid DistrictForward');
  });

  await suite.step('repeated idempotency-key gets the same answer', ['valid signed forward delivered (2xx, {ok: true})'], async () => {
    const again = await send(first, firstKey);
    checkDelivered(again, 'the same forward again');
    expect(
      again.status === firstAnswer!.status && jsonEqual(again.json, firstAnswer!.json),
      `a repeat must get the first answer: first ${firstAnswer!.status} ${preview(firstAnswer!.json)}, repeat ${again.status} ${preview(again.json)}`,
    );
  });

  await suite.step('next forward of the case (seq order) delivered', [], async () => {
    const key = `${caseId}:3:${run}`;
    const a = await send(forward(2, event(3, 'linked', { otherCaseId: `conformance-other-${run}` }), key), key);
    checkDelivered(a, 'the case’s next forward');
  });

  await suite.step('percent-encoded idempotency-key (Chinese case id) delivered and deduplicated', [], async () => {
    const cnCase = `一致性-${run}`;
    const key = `${cnCase}:1:${run}`;
    const ev = { ...event(1, 'linked', { otherCaseId: caseId }), caseId: cnCase };
    const body = JSON.stringify({ idempotencyKey: key, seq: 3, event: { ...ev, id: key } });
    contracts.check('DistrictForward', JSON.parse(body), 'the checker’s own forward');
    expect(/^[\x21-\x7e]+$/.test(idempotencyHeader(key)), 'the checker’s header is not printable ASCII');
    const a = await send(body, key);
    checkDelivered(a, `a forward with idempotency-key ${idempotencyHeader(key)} (decodeURIComponent: ${key})`);
    const b = await send(body, key);
    expect(
      b.status === a.status && jsonEqual(a.json, b.json),
      `a repeat must get the first answer: ${a.status} ${preview(a.json)} vs ${b.status} ${preview(b.json)}`,
    );
  });

  await suite.step('wrong signature refused', [], async () => {
    const key = `${caseId}:4:${run}`;
    const body = forward(4, event(4, 'linked', { otherCaseId: `conformance-sig-${run}` }), key);
    const a = await send(body, key, signBody(body, opts.webhookSecret + '-wrong'));
    checkRefused(a, 'a forward signed with another secret', false);
  });

  await suite.step('missing signature refused', [], async () => {
    const key = `${caseId}:5:${run}`;
    const body = forward(5, event(5, 'linked', { otherCaseId: `conformance-nosig-${run}` }), key);
    const a = await send(body, key, '');
    checkRefused(a, 'a forward without x-signature', false);
  });

  await suite.step('malformed forward refused as {ok: false, code, message}', [], async () => {
    const key = `${caseId}:6:${run}`;
    const body = JSON.stringify({ idempotencyKey: key, seq: 6, event: { id: key, caseId, type: 'accepted' } });
    expect(!contracts.valid('DistrictForward', JSON.parse(body)), 'the checker’s malformed forward is valid after all');
    const a = await send(body, key);
    checkRefused(a, 'a forward whose event lacks version, at, actor and data', true);
  });

  if (opts.control) {
    await suite.step('refusal decided by the platform: 4xx {ok: false, code, message}, same on repeat', [], async () => {
      const key = `${caseId}:7:${run}`;
      const rule = JSON.stringify({
        match: { idempotencyKey: key },
        code: 'CONFORMANCE_REFUSED',
        message: '一致性测试：拒收',
        status: 422,
      });
      const c = await postJson(`${base}/api/control/reject`, rule, { 'x-signature': signBody(rule, opts.webhookSecret) });
      expect(c.status === 200, `POST /api/control/reject (protocol.md §8) answered ${c.status} ${preview(c.text)}`);
      const body = forward(7, event(7, 'linked', { otherCaseId: `conformance-refused-${run}` }), key);
      const a = await send(body, key);
      checkRefused(a, 'a forward the platform refuses', true);
      const j = a.json as { code?: unknown; message?: unknown };
      expect(
        j.code === 'CONFORMANCE_REFUSED' && typeof j.message === 'string' && j.message.length > 0,
        `the refusal must carry the code and a message; got ${preview(a.json)}`,
      );
      const b = await send(body, key);
      expect(
        b.status === a.status && jsonEqual(a.json, b.json),
        `a repeat of a refused forward must get the same refusal: ${a.status} ${preview(a.json)} vs ${b.status} ${preview(b.json)}`,
      );
    });
  }

  return suite.result();
}
