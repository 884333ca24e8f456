/**
 * The one IPC entry point: an ipcMain.handle for each known `api:` channel, every call checked by ipcGuard
 * (channel, sender, payload) before it is forwarded to the core. Answers are always ApiResult envelopes.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { ApiMethod, ApiResult } from '../../shared/api.js';
import { apiChannel, IPC_METHODS, IpcErrorCode } from '../../shared/ipc.js';
import type { HostCallContext } from '../coreHost/protocol.js';
import { guardIpcInvoke, refusal, type IpcSender } from './ipcGuard.js';

export interface IpcBridgeDeps {
  isOwnWebContents(webContentsId: number): boolean;
  /** The core call context of a trusted window (the wall display window is capped to the 'wall' role). */
  contextFor(webContentsId: number): HostCallContext;
  call(method: ApiMethod, input: unknown, ctx: HostCallContext): Promise<ApiResult<unknown>>;
}

export function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  const main = event.sender.mainFrame;
  return {
    frameUrl: frame ? frame.url : null,
    isMainFrame: frame !== null && frame.parent === null && frame.frameTreeNodeId === main.frameTreeNodeId,
    webContentsId: event.sender.id,
  };
}

/** Registers the handlers; returns a function that removes them. */
export function registerIpc(deps: IpcBridgeDeps): () => void {
  const channels = IPC_METHODS.map(apiChannel);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<ApiResult<unknown>> => {
      const checked = guardIpcInvoke(channel, senderOf(event), args, deps);
      if (!checked.ok) {
        console.warn(`[ipc] refused ${channel}: ${checked.error.code}`);
        return refusal(checked.error);
      }
      try {
        return await deps.call(checked.method, checked.input, deps.contextFor(event.sender.id));
      } catch (err) {
        return { ok: false, error: { code: IpcErrorCode.internal, message: err instanceof Error ? err.message : String(err) } };
      }
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
