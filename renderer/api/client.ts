/**
 * Typed, validated access to the workstation API over whichever bridge the page has.
 * Inputs are checked before sending and outputs/stream data after receiving, with the shared schemas.
 */
import {
  Api,
  ApiStreams,
  type ApiInput,
  type ApiMethod,
  type ApiOutput,
  type ApiResult,
  type ApiStreamData,
  type ApiStreamName,
} from '../../shared/api.js';
import { formatIssues } from '../../shared/validation.js';
import type { GridApiBridge, HostLink } from './bridge.js';
import { createWsBridge, defaultWsUrl } from './wsBridge.js';
import { createWorkerBridge } from './workerBridge.js';

/** A failed call: `code` is the core's machine code (or TRANSPORT/TIMEOUT/BAD_RESPONSE/INVALID_INPUT). */
export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  on<S extends ApiStreamName>(stream: S, cb: (data: ApiStreamData<S>) => void): () => void;
  onLink(cb: (link: HostLink) => void): () => void;
}

export function createApiClient(bridge: GridApiBridge): ApiClient {
  // The transport worker validates answers and pushes off the main thread; do not do it twice.
  const prevalidated = (bridge as { validated?: boolean }).validated === true;
  return {
    async call(method, input) {
      const spec = Api[method];
      const parsedIn = spec.input.safeParse(input);
      if (!parsedIn.success) {
        throw new ApiError('INVALID_INPUT', formatIssues(parsedIn.error));
      }
      let res: ApiResult<unknown>;
      try {
        res = await bridge.invoke(method, parsedIn.data);
      } catch (e) {
        throw new ApiError('TRANSPORT', e instanceof Error ? e.message : String(e));
      }
      if (!res || typeof res !== 'object' || typeof res.ok !== 'boolean')
        throw new ApiError('BAD_RESPONSE', `malformed answer to ${method}`);
      if (!res.ok) throw new ApiError(res.error?.code ?? 'UNKNOWN', res.error?.message ?? '');
      if (prevalidated) return res.value as ApiOutput<typeof method>;
      const out = spec.output.safeParse(res.value);
      if (!out.success) throw new ApiError('BAD_RESPONSE', `${method}: ${formatIssues(out.error, { max: 3 })}`);
      return out.data as ApiOutput<typeof method>;
    },
    on(stream, cb) {
      const schema = ApiStreams[stream];
      if (prevalidated) return bridge.on(stream, (data) => cb(data as ApiStreamData<typeof stream>));
      return bridge.on(stream, (data) => {
        const parsed = schema.safeParse(data);
        if (parsed.success) cb(parsed.data as ApiStreamData<typeof stream>);
        else console.warn(`dropped malformed '${stream}' push`, formatIssues(parsed.error, { max: 1 }));
      });
    },
    onLink(cb) {
      if (bridge.onLink) return bridge.onLink(cb);
      // IPC has no link of its own to lose.
      cb('up');
      return () => undefined;
    },
  };
}

/**
 * The Electron preload's bridge when present, otherwise the browser host's WebSocket, run in a transport
 * worker when the browser has workers (parsing and validation off the main thread).
 */
export function createDefaultApiClient(win: Window = window): ApiClient {
  if (win.gridApi) return createApiClient(win.gridApi);
  const url = defaultWsUrl(win.location);
  if (typeof Worker !== 'undefined') {
    try {
      const worker = new Worker(new URL('./apiWorker.ts', import.meta.url), { type: 'module', name: 'grid-api' });
      return createApiClient(createWorkerBridge(worker, url));
    } catch {
      // A page that may not start workers still works, on the main thread.
    }
  }
  return createApiClient(createWsBridge({ url }));
}
