/**
 * The one host wire: the message envelope of every in-house transport that carries calls, answers and
 * pushes between two processes or threads of ours. One discriminated union on `t`:
 *
 *   call     {t:'call', id, method, input, ctx?}    a request; answered by exactly one result with its id
 *   result   {t:'result', id, result: ApiResult}    the answer ({ok:true, value} | {ok:false, error:{code, message}})
 *   stream   {t:'stream', stream, data}             a push
 *   lifecycle {t:'init', …} {t:'ready', …} {t:'fatal', message} {t:'shutdown'} {t:'closed'}
 *             {t:'subscribe', stream} {t:'link', link}
 *
 * Each transport is a dialect: the subset of members it uses, parameterised where the transports really
 * differ (the init options, the method and stream names, the result value). Every receiving end parses
 * with its dialect through `readWire`/`readWireText`; a refused message gets a Chinese reason, and a refused
 * call still gets its answer (`refusedCall`) so that nobody waits for ever. Documented in
 * docs/workstation-api.md ("The host wire").
 */
import { z } from 'zod';
import { formatIssues } from './validation.js';

/** A call's id: the hosts number their calls, the browser bridge uses strings. */
export const WireId = z.union([z.number().int().nonnegative(), z.string().min(1).max(64)]);
export type WireId = z.infer<typeof WireId>;
/** The id of a transport that numbers its calls. */
export const NumberedId = z.number().int().nonnegative();

/** Method and stream names on the wire (the core answers UNKNOWN_METHOD for a well-formed unknown name). */
export const WireName = z.string().min(1).max(64);

export const WireError = z.object({ code: z.string().max(64), message: z.string() });

/** The answer of a call: the ApiResult of shared/api.ts, with the value's own schema as a parameter. */
export function wireResult<V extends z.ZodType>(value: V) {
  return z.union([z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: WireError })]);
}
export const WireResult = wireResult(z.unknown());

/** Who called, as the core's CallContext: set by a host (main caps the wall window), never by a page. */
export const WireCallContext = z.object({ roleCap: z.literal('wall').optional(), connectionId: z.string().max(64).optional() });
export type WireCallContext = z.infer<typeof WireCallContext>;

// ---- the members -------------------------------------------------------------------------------------

export function callMessage<M extends z.ZodType<string>, I extends z.ZodType, Id extends z.ZodType = typeof WireId>(
  method: M,
  input: I,
  id?: Id,
) {
  return z.object({ t: z.literal('call'), id: (id ?? WireId) as Id, method, input, ctx: WireCallContext.optional() });
}
export function resultMessage<R extends z.ZodType, Id extends z.ZodType = typeof WireId>(result: R, id?: Id) {
  return z.object({ t: z.literal('result'), id: (id ?? WireId) as Id, result });
}
export function streamMessage<S extends z.ZodType<string>, D extends z.ZodType = z.ZodUnknown>(stream: S, data?: D) {
  return z.object({ t: z.literal('stream'), stream, data: (data ?? z.unknown()) as D });
}
export function initMessage<S extends z.ZodRawShape>(shape: S) {
  return z.object({ t: z.literal('init'), ...shape });
}
export function readyMessage<S extends z.ZodRawShape>(shape: S) {
  return z.object({ t: z.literal('ready'), ...shape });
}
export const FatalMessage = z.object({ t: z.literal('fatal'), message: z.string() });
export const ShutdownMessage = z.object({ t: z.literal('shutdown') });
export const ClosedMessage = z.object({ t: z.literal('closed') });
export function subscribeMessage<S extends z.ZodType<string>>(stream: S) {
  return z.object({ t: z.literal('subscribe'), stream });
}
export const HostLinkState = z.enum(['connecting', 'up', 'down']);
export const LinkMessage = z.object({ t: z.literal('link'), link: HostLinkState });

// ---- the dialects ------------------------------------------------------------------------------------

/** Electron main ⇄ the core host utilityProcess (electron/coreHost). */
export const CoreHostWire = {
  toHost: z.discriminatedUnion('t', [
    initMessage({ dataDir: z.string().min(1), relayUrl: z.string().min(1), clientId: z.string().min(1).optional() }),
    callMessage(WireName, z.unknown(), NumberedId),
    ShutdownMessage,
  ]),
  fromHost: z.discriminatedUnion('t', [
    readyMessage({}),
    resultMessage(WireResult, NumberedId),
    streamMessage(WireName),
    FatalMessage,
    ClosedMessage,
  ]),
};

/**
 * A page ⇄ the browser host's WebSocket at /api (electron/web). A page never sets `ctx` (the host decides
 * it from the token; an extra key is dropped by the parse). The host answers a frame it could not read
 * the id of with id null: the page learns that it sent garbage, no waiting call matches it.
 */
export const WebHostWire = {
  toHost: z.discriminatedUnion('t', [callMessage(WireName, z.unknown()).omit({ ctx: true })]),
  fromHost: z.discriminatedUnion('t', [resultMessage(WireResult, WireId.nullable()), streamMessage(WireName)]),
};

/** The page ⇄ its transport Web Worker (renderer/api/workerBridge.ts). */
export const WorkerWire = {
  toWorker: z.discriminatedUnion('t', [
    initMessage({ url: z.string().min(1).max(2048) }),
    callMessage(WireName, z.unknown(), NumberedId),
    subscribeMessage(WireName),
  ]),
  fromWorker: z.discriminatedUnion('t', [resultMessage(WireResult, NumberedId), streamMessage(WireName), LinkMessage]),
};

/**
 * The fault tests ⇄ a core in a forked child process (electron/core/childCore.ts). `push` is the
 * test hook's stream: the ids of the outbox entries about to be pushed.
 */
export const ChildCoreWire = {
  toChild: z.discriminatedUnion('t', [callMessage(WireName, z.unknown(), NumberedId), ShutdownMessage]),
  fromChild: z.discriminatedUnion('t', [
    readyMessage({ clientId: z.string().min(1) }),
    resultMessage(WireResult, NumberedId),
    streamMessage(WireName),
    FatalMessage,
  ]),
};

/**
 * The relay's log store ⇄ its SQLite writer thread (relay/store). The same envelope with its own method
 * set: `exec` (ops in one durable transaction, the value is each op's change count) and `probe` (a tiny
 * durable write for /healthz); `health` is its one stream. writer.cjs is plain CommonJS (it must load
 * without a TypeScript loader), so it checks incoming messages by hand against these shapes; the store
 * parses the writer's messages with this schema.
 */
export const WriterOp = z.union([
  z.tuple([z.literal('run'), z.string(), z.array(z.unknown())]),
  z.tuple([z.literal('expect'), z.string(), z.array(z.unknown()), z.unknown()]),
]);
export const WriterHealth = z.union([
  z.object({ op: z.enum(['commit', 'checkpoint']), ok: z.literal(true) }),
  z.object({ op: z.enum(['commit', 'checkpoint']), ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export const StoreWriterWire = {
  toWriter: z.discriminatedUnion('t', [
    initMessage({
      file: z.string().min(1),
      pragmas: z.array(z.string()),
      statements: z.record(z.string(), z.string()),
      schema: z.string(),
    }),
    // exec carries {ops}; probe carries nothing.
    callMessage(z.enum(['exec', 'probe']), z.object({ ops: z.array(WriterOp) }).optional(), NumberedId).omit({ ctx: true }),
    ShutdownMessage,
  ]),
  fromWriter: z.discriminatedUnion('t', [
    readyMessage({}),
    resultMessage(wireResult(z.array(z.number().int())), NumberedId),
    streamMessage(z.literal('health'), WriterHealth),
    FatalMessage,
    ClosedMessage,
  ]),
};

// ---- reading -----------------------------------------------------------------------------------------

/** The code of a refused call (the web host has answered it since before the one wire). */
export const WIRE_REFUSED = 'BAD_REQUEST';
/** The code of a refused answer (the renderer's text for it is in i18n: BAD_RESPONSE). */
export const WIRE_BAD_ANSWER = 'BAD_RESPONSE';

export type WireRead<T> = { ok: true; message: T } | { ok: false; id: WireId | null; t: string | null; reason: string };

const MEMBER_TYPES = new WeakMap<z.ZodType, ReadonlySet<string>>();
function memberTypes(schema: z.ZodType): ReadonlySet<string> {
  let types = MEMBER_TYPES.get(schema);
  if (!types) {
    const options = (schema as unknown as { options?: Array<{ shape: { t: { value: string } } }> }).options ?? [];
    types = new Set(options.map((o) => o.shape.t.value));
    MEMBER_TYPES.set(schema, types);
  }
  return types;
}

const refused = (raw: unknown, reason: string): WireRead<never> => {
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const id = WireId.safeParse(obj.id);
  return {
    ok: false,
    id: id.success ? id.data : null,
    t: typeof obj.t === 'string' ? obj.t.slice(0, 32) : null,
    reason: `消息格式不正确：${reason}`,
  };
};

/** Parse one structured (already deserialised) message with a dialect's schema. */
export function readWire<S extends z.ZodType>(schema: S, raw: unknown): WireRead<z.infer<S>> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return refused(raw, '消息必须是对象');
  const t = (raw as { t?: unknown }).t;
  const types = memberTypes(schema);
  if (typeof t !== 'string' || (types.size > 0 && !types.has(t)))
    return refused(raw, `未知的消息类型“${String(t).slice(0, 32)}”（应为 ${[...types].join('、')}）`);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return refused(raw, `“${t}”消息：${formatIssues(parsed.error, { max: 1 })}`);
  return { ok: true, message: parsed.data };
}

/** Parse one text frame (JSON) of at most `maxChars` characters. */
export function readWireText<S extends z.ZodType>(schema: S, text: unknown, maxChars: number): WireRead<z.infer<S>> {
  if (typeof text !== 'string') return refused(null, '只接受文本帧');
  if (text.length > maxChars) return refused(null, `消息过大（超过${maxChars}个字符）`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return refused(null, '不是合法的 JSON');
  }
  return readWire(schema, raw);
}

/** The answer to a refused call: an ApiResult error carrying the Chinese reason. */
export function refusedCall(reason: string, code: string = WIRE_REFUSED) {
  return { ok: false as const, error: { code, message: reason } };
}

/** What a transport logs when it drops a message it could not read (the reason follows after a colon). */
export const WIRE_DROPPED = {
  pageMessageAtWorker: '传输线程丢弃了页面的一条消息',
  workerMessageAtPage: '页面丢弃了传输线程的一条消息',
  hostMessageAtPage: '丢弃了工作台宿主的一条消息',
} as const;
