/**
 * The core host loop: receives `init` once, creates the workstation core, answers `call`s and forwards every
 * core stream. Independent of Electron (it sees a MessageEndpoint), so tests drive it over a Node
 * MessageChannel; electron/coreHost/index.ts binds it to `process.parentPort` in the utilityProcess.
 */
import type { ApiMethod, ApiResult, ApiStreamName } from '../../shared/api.js';
import { readWire, refusedCall } from '../../shared/hostWire.js';
import { IPC_STREAMS, IpcErrorCode } from '../../shared/ipc.js';
import { HostRequest, type HostCallContext, type HostInit, type HostMessage, type MessageEndpoint } from './protocol.js';

/** The part of the workstation core the host uses. */
export interface HostedCore {
  call(method: ApiMethod, input: unknown, ctx?: HostCallContext): Promise<ApiResult<unknown>>;
  subscribe(stream: ApiStreamName, listener: (data: unknown) => void): () => void;
  close(): Promise<void>;
}

export interface CoreHostOptions {
  endpoint: MessageEndpoint;
  createCore(init: HostInit): Promise<HostedCore> | HostedCore;
  /** Called after `shutdown` has closed the core (the utilityProcess exits here). */
  onClosed?(): void;
  /** Where a refused message without an id is reported (default console.warn). */
  warn?(message: string): void;
}

export interface CoreHostHandle {
  /** Resolves once the core is created (rejects if creation failed). */
  readonly started: Promise<void>;
}

export function runCoreHost(options: CoreHostOptions): CoreHostHandle {
  const { endpoint } = options;
  const post = (m: HostMessage) => endpoint.post(m);
  let resolveCore!: (core: HostedCore) => void;
  let rejectCore!: (err: unknown) => void;
  const corePromise = new Promise<HostedCore>((res, rej) => {
    resolveCore = res;
    rejectCore = rej;
  });
  // Calls that arrive before init wait on corePromise; avoid an unhandled rejection when nobody waits.
  corePromise.catch(() => undefined);
  const started = corePromise.then(() => undefined);
  started.catch(() => undefined);
  let initialised = false;
  let unsubscribers: Array<() => void> = [];
  let startError: string | null = null;

  endpoint.onMessage((raw) => {
    const parsed = readWire(HostRequest, raw);
    if (!parsed.ok) {
      // A refused call is still answered (its caller waits for it); anything else is reported and dropped.
      if (typeof parsed.id === 'number' && parsed.t === 'call') post({ t: 'result', id: parsed.id, result: refusedCall(parsed.reason) });
      else (options.warn ?? console.warn)(`核心宿主丢弃了一条消息：${parsed.reason}`);
      return;
    }
    const msg = parsed.message;
    if (msg.t === 'init') {
      if (initialised) return;
      initialised = true;
      Promise.resolve()
        .then(() => options.createCore(msg))
        .then((core) => {
          unsubscribers = IPC_STREAMS.map((stream) => core.subscribe(stream, (data) => post({ t: 'stream', stream, data })));
          resolveCore(core);
          post({ t: 'ready' });
        })
        .catch((err: unknown) => {
          startError = err instanceof Error ? err.message : String(err);
          rejectCore(err);
          post({ t: 'fatal', message: `core failed to start: ${startError}` });
        });
      return;
    }
    if (msg.t === 'call') {
      const { id, method, input, ctx } = msg;
      corePromise
        .then((core) => core.call(method as ApiMethod, input, ctx ?? {}))
        .then(
          (result) => post({ t: 'result', id, result }),
          (err: unknown) =>
            post({
              t: 'result',
              id,
              result: {
                ok: false,
                error: {
                  code: startError ? IpcErrorCode.coreUnavailable : IpcErrorCode.internal,
                  message: err instanceof Error ? err.message : String(err),
                },
              },
            }),
        );
      return;
    }
    // shutdown
    if (!initialised) {
      post({ t: 'closed' });
      options.onClosed?.();
      return;
    }
    for (const u of unsubscribers) u();
    unsubscribers = [];
    corePromise
      .then((core) => core.close())
      .catch(() => undefined)
      .finally(() => {
        post({ t: 'closed' });
        options.onClosed?.();
      });
  });

  return { started };
}
