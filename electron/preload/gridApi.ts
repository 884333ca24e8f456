/**
 * Builds `window.gridApi` from the few ipcRenderer functions it needs. Only allow-listed channels are
 * forwarded, the IPC event object never reaches the page, and `invoke` never rejects. Pure: the preload
 * entry passes the real ipcRenderer, tests a fake.
 */
import type { ApiMethod, ApiResult, ApiStreamName } from '../../shared/api.js';
import { apiChannel, IpcErrorCode, isIpcMethod, isIpcStream, streamChannel, type GridApi } from '../../shared/ipc.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** The subset of Electron's ipcRenderer used by the bridge. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: Listener): unknown;
  removeListener(channel: string, listener: Listener): unknown;
}

export function createGridApi(ipc: IpcRendererLike): GridApi {
  const invoke = async (method: ApiMethod, input: unknown): Promise<ApiResult<unknown>> => {
    if (!isIpcMethod(method)) {
      return { ok: false, error: { code: IpcErrorCode.unknownChannel, message: `未知的调用：${String(method).slice(0, 80)}` } };
    }
    try {
      return (await ipc.invoke(apiChannel(method), input)) as ApiResult<unknown>;
    } catch (err) {
      // Structured-clone failures (functions, DOM nodes in the input) and a dead main process end up here.
      return {
        ok: false,
        error: { code: IpcErrorCode.transport, message: `调用失败：${err instanceof Error ? err.message : String(err)}` },
      };
    }
  };
  const on = (stream: ApiStreamName, cb: (data: unknown) => void): (() => void) => {
    if (!isIpcStream(stream)) throw new TypeError(`unknown stream: ${String(stream)}`);
    if (typeof cb !== 'function') throw new TypeError('callback must be a function');
    const channel = streamChannel(stream);
    const listener: Listener = (_event, data) => cb(data);
    ipc.on(channel, listener);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      ipc.removeListener(channel, listener);
    };
  };
  return Object.freeze({ invoke, on });
}
