/**
 * Main-process side of the core host link: numbered calls with a pending map, stream fan-out, and clean
 * failure when the host process dies (every pending call answers `core_unavailable`, never hangs).
 * Pure: the Electron utilityProcess is wired in by coreProcess.ts; tests wire a Node MessageChannel.
 */
import type { ApiMethod, ApiResult, ApiStreamName } from '../../shared/api.js';
import { readWire, WIRE_BAD_ANSWER } from '../../shared/hostWire.js';
import { IpcErrorCode, isIpcStream } from '../../shared/ipc.js';
import { HostMessageSchema, type HostCallContext, type HostMessage, type HostRequest } from '../coreHost/protocol.js';

export interface CoreClientOptions {
  /** Sends one message to the current host process; throws or returns false when there is none. */
  post(message: HostRequest): boolean;
  /** A call unanswered for this long answers `core_timeout` (the core's own relay calls time out sooner). */
  callTimeoutMs?: number;
  onFatal?(message: string): void;
  /** Where a refused message without an id is reported (default console.warn). */
  warn?(message: string): void;
}

export interface CoreClient {
  call(method: ApiMethod, input: unknown, ctx?: HostCallContext): Promise<ApiResult<unknown>>;
  onStream(listener: (stream: ApiStreamName, data: unknown) => void): () => void;
  /** Feed every message received from the host. */
  handleMessage(message: unknown): void;
  /** The host process exited: fail what is pending. */
  handleExit(reason: string): void;
  readonly pendingCount: number;
  readonly ready: boolean;
}

const CORE_UNAVAILABLE = '工作站核心未运行，请稍后重试';

export function createCoreClient(options: CoreClientOptions): CoreClient {
  const timeoutMs = options.callTimeoutMs ?? 60_000;
  const pending = new Map<number, { resolve(r: ApiResult<unknown>): void; timer: ReturnType<typeof setTimeout> }>();
  const listeners = new Set<(stream: ApiStreamName, data: unknown) => void>();
  let nextId = 1;
  let ready = false;

  function settle(id: number, result: ApiResult<unknown>): void {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  return {
    call(method, input, ctx) {
      const id = nextId++;
      return new Promise<ApiResult<unknown>>((resolve) => {
        const timer = setTimeout(
          () => settle(id, { ok: false, error: { code: IpcErrorCode.coreTimeout, message: '工作站核心响应超时' } }),
          timeoutMs,
        );
        timer.unref?.();
        pending.set(id, { resolve, timer });
        let sent = false;
        try {
          sent = options.post(ctx ? { t: 'call', id, method, input, ctx } : { t: 'call', id, method, input });
        } catch {
          sent = false;
        }
        if (!sent) settle(id, { ok: false, error: { code: IpcErrorCode.coreUnavailable, message: CORE_UNAVAILABLE } });
      });
    },
    onStream(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    handleMessage(raw) {
      const parsed = readWire(HostMessageSchema, raw);
      if (!parsed.ok) {
        // A malformed answer still settles its call (with the reason); anything else is reported and dropped.
        if (parsed.t === 'result' && typeof parsed.id === 'number' && pending.has(parsed.id))
          settle(parsed.id, { ok: false, error: { code: WIRE_BAD_ANSWER, message: parsed.reason } });
        else (options.warn ?? console.warn)(`主进程丢弃了核心宿主的一条消息：${parsed.reason}`);
        return;
      }
      const message = parsed.message as HostMessage;
      switch (message.t) {
        case 'ready':
          ready = true;
          return;
        case 'result':
          settle(message.id, message.result);
          return;
        case 'stream':
          if (!isIpcStream(message.stream)) return;
          for (const l of listeners) l(message.stream, message.data);
          return;
        case 'fatal':
          ready = false;
          options.onFatal?.(message.message);
          return;
        case 'closed':
          ready = false;
          return;
      }
    },
    handleExit(reason) {
      ready = false;
      for (const id of [...pending.keys()]) {
        settle(id, { ok: false, error: { code: IpcErrorCode.coreUnavailable, message: `${CORE_UNAVAILABLE}（${reason}）` } });
      }
    },
    get pendingCount() {
      return pending.size;
    },
    get ready() {
      return ready;
    },
  };
}

/** Delay before restarting a crashed core host: 0.5 s doubling to 30 s. */
export function restartDelayMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, attempt));
}
