/**
 * The browser transport moved off the main thread: a dedicated Web Worker owns the WebSocket to the host,
 * parses every frame and validates results and pushes with the shared schemas, then posts plain,
 * already-validated data. The page's main thread (which must draw the live queue at 60 fps) never parses
 * or validates a response. Wire between page and worker: the worker dialect of the one host wire
 * (shared/hostWire.ts, WorkerWire):
 *   page → worker  {t:'init', url} | {t:'call', id, method, input} | {t:'subscribe', stream}
 *   worker → page  {t:'result', id, result} | {t:'stream', stream, data} | {t:'link', link}
 * Both ends check every message's envelope (cheap: the worker's answers were validated by their method's
 * schema already, the page checks only the envelope). A refused call is answered with BAD_REQUEST, a
 * refused answer settles its call with BAD_RESPONSE; anything else is logged and dropped.
 */
import type { z } from 'zod';
import { Api, ApiStreams, type ApiMethod, type ApiResult, type ApiStreamName } from '../../shared/api.js';
import { readWire, refusedCall, WIRE_BAD_ANSWER, WIRE_DROPPED, WorkerWire } from '../../shared/hostWire.js';
import { formatIssues, type IssueSource } from '../../shared/validation.js';
import type { GridApiBridge, HostLink } from './bridge.js';
import { createWsBridge, type WsBridgeOptions } from './wsBridge.js';

/** The part of a Worker (page side) or of a worker's global scope (worker side) used here. */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror?: ((ev: ErrorEvent) => void) | null;
}

type ToWorker = z.infer<typeof WorkerWire.toWorker>;
type FromWorker = z.infer<typeof WorkerWire.fromWorker>;

/** A bridge whose answers were validated already: the API client skips its own output checks. */
export interface ValidatedBridge extends GridApiBridge {
  readonly validated: true;
}

const issues = (e: IssueSource) => formatIssues(e, { max: 3 });

/** Validate a result envelope with the method's output schema (the same check the API client makes). */
export function validateResult(method: string, res: ApiResult<unknown>): ApiResult<unknown> {
  if (!res || typeof res !== 'object' || typeof res.ok !== 'boolean')
    return { ok: false, error: { code: 'BAD_RESPONSE', message: `malformed answer to ${method}` } };
  if (!res.ok) return res;
  const spec = (Api as Record<string, (typeof Api)[ApiMethod] | undefined>)[method];
  if (!spec) return { ok: false, error: { code: 'BAD_RESPONSE', message: `unknown method ${method}` } };
  const out = spec.output.safeParse(res.value);
  return out.success
    ? { ok: true, value: out.data }
    : { ok: false, error: { code: 'BAD_RESPONSE', message: `${method}: ${issues(out.error)}` } };
}

/** Worker side: serve the page's calls over a WebSocket bridge made on `init`. */
export function serveApiWorker(port: MessagePortLike, makeBridge: (o: WsBridgeOptions) => GridApiBridge = createWsBridge): void {
  let bridge: GridApiBridge | null = null;
  const queued: Array<Exclude<ToWorker, { t: 'init' }>> = [];
  const streams = new Set<string>();
  const post = (m: FromWorker) => port.postMessage(m);
  const handle = (m: Exclude<ToWorker, { t: 'init' }>) => {
    if (!bridge) {
      queued.push(m);
      return;
    }
    if (m.t === 'call') {
      const { id, method } = m;
      void bridge.invoke(method, m.input).then((res) => post({ t: 'result', id, result: validateResult(method, res) }));
    } else if (m.t === 'subscribe' && !streams.has(m.stream)) {
      const stream = m.stream;
      streams.add(stream);
      const schema = (ApiStreams as Record<string, (typeof ApiStreams)[ApiStreamName] | undefined>)[stream];
      bridge.on(stream, (data) => {
        const parsed = schema?.safeParse(data);
        if (parsed?.success) post({ t: 'stream', stream, data: parsed.data });
        else console.warn(`dropped malformed '${stream}' push`, parsed ? issues(parsed.error) : 'no schema');
      });
    }
  };
  port.onmessage = (ev: MessageEvent) => {
    const read = readWire(WorkerWire.toWorker, ev.data);
    if (!read.ok) {
      if (typeof read.id === 'number' && read.t === 'call') post({ t: 'result', id: read.id, result: refusedCall(read.reason) });
      else console.warn(`${WIRE_DROPPED.pageMessageAtWorker}：${read.reason}`);
      return;
    }
    const m = read.message;
    if (m.t === 'init') {
      if (bridge) return;
      bridge = makeBridge({ url: m.url });
      bridge.onLink?.((link) => post({ t: 'link', link }));
      for (const q of queued.splice(0)) handle(q);
    } else handle(m);
  };
}

/** Page side: a GridApiBridge talking to the transport worker. */
export function createWorkerBridge(worker: MessagePortLike, url: string): ValidatedBridge {
  const pending = new Map<number, (r: ApiResult<unknown>) => void>();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const linkListeners = new Set<(l: HostLink) => void>();
  let link: HostLink = 'connecting';
  let nextId = 1;
  const settle = (id: number, result: ApiResult<unknown>) => {
    const resolve = pending.get(id);
    pending.delete(id);
    resolve?.(result);
    return resolve !== undefined;
  };
  worker.onmessage = (ev: MessageEvent) => {
    const read = readWire(WorkerWire.fromWorker, ev.data);
    if (!read.ok) {
      if (
        read.t === 'result' &&
        typeof read.id === 'number' &&
        settle(read.id, { ok: false, error: { code: WIRE_BAD_ANSWER, message: read.reason } })
      )
        return;
      console.warn(`${WIRE_DROPPED.workerMessageAtPage}：${read.reason}`);
      return;
    }
    const m = read.message;
    if (m.t === 'result') {
      settle(m.id, m.result);
    } else if (m.t === 'stream') {
      const set = listeners.get(m.stream);
      if (set) for (const cb of [...set]) cb(m.data);
    } else if (m.t === 'link') {
      link = m.link;
      for (const cb of linkListeners) cb(link);
    }
  };
  // A worker that fails to load or crashes: the link is down and waiting calls fail instead of hanging.
  worker.onerror = () => {
    link = 'down';
    for (const cb of linkListeners) cb(link);
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve({ ok: false, error: { code: 'TRANSPORT', message: 'transport worker failed' } });
    }
  };
  worker.postMessage({ t: 'init', url } satisfies ToWorker);
  return {
    validated: true,
    invoke(method, input) {
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        worker.postMessage({ t: 'call', id, method, input } satisfies ToWorker);
      });
    },
    on(stream, cb) {
      let set = listeners.get(stream);
      if (!set) {
        listeners.set(stream, (set = new Set()));
        worker.postMessage({ t: 'subscribe', stream } satisfies ToWorker);
      }
      set.add(cb);
      return () => set.delete(cb);
    },
    onLink(cb) {
      linkListeners.add(cb);
      cb(link);
      return () => linkListeners.delete(cb);
    },
  };
}
