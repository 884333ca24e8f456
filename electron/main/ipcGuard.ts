/**
 * The checks every IPC call passes before it reaches the core: the channel is a known `api:` channel, the
 * sender is the main frame of one of the app's own windows showing an app:// page, and the payload passes the
 * method's zod input schema. Pure (no Electron import) so vitest covers it under Node.
 */
import { Api, type ApiMethod, type ApiResult } from '../../shared/api.js';
import { IpcErrorCode, methodFromChannel } from '../../shared/ipc.js';
import { formatIssues } from '../../shared/validation.js';
import { isAppUrl } from './appProtocol.js';

/** What main knows about the frame that sent a call (from `event.senderFrame` / `event.sender`). */
export interface IpcSender {
  /** URL of the sending frame, or null when the frame is gone (navigated or destroyed). */
  frameUrl: string | null;
  /** True when the sending frame is the top frame of its page. */
  isMainFrame: boolean;
  /** `webContents.id` of the sender. */
  webContentsId: number;
}

export interface IpcGuardOptions {
  /** True for the webContents of a window the app created (main window, wall window). */
  isOwnWebContents(webContentsId: number): boolean;
}

export type IpcError = { code: string; message: string };
export type IpcGuardResult = { ok: true; method: ApiMethod; input: unknown } | { ok: false; error: IpcError };

/** Validate one call; on success `input` is the schema's parsed output (unknown keys stripped, defaults set). */
export function guardIpcCall(channel: unknown, sender: IpcSender | null, payload: unknown, options: IpcGuardOptions): IpcGuardResult {
  const method = methodFromChannel(channel);
  if (method === null) {
    return fail(IpcErrorCode.unknownChannel, `未知的调用通道：${String(channel).slice(0, 80)}`);
  }
  const senderProblem = checkSender(sender, options);
  if (senderProblem !== null) return fail(IpcErrorCode.foreignSender, `拒绝来自非本应用页面的调用（${senderProblem}）`);

  // Same rule as the core (and so the WebSocket host): a missing input means an empty one.
  const parsed = Api[method].input.safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) {
    return fail(IpcErrorCode.badRequest, `请求参数无效：${formatIssues(parsed.error)}`);
  }
  return { ok: true, method, input: parsed.data };
}

/** As guardIpcCall, for the raw argument list of an `ipcRenderer.invoke`: exactly one argument is allowed. */
export function guardIpcInvoke(
  channel: unknown,
  sender: IpcSender | null,
  args: readonly unknown[],
  options: IpcGuardOptions,
): IpcGuardResult {
  const checked = guardIpcCall(channel, sender, args[0], options);
  if (checked.ok && args.length !== 1) return fail(IpcErrorCode.badRequest, `请求参数无效：应为 1 个参数，收到 ${args.length} 个`);
  return checked;
}

/** Null when the sender is trusted, otherwise a short reason (for the error message and the log). */
export function checkSender(sender: IpcSender | null, options: IpcGuardOptions): string | null {
  if (sender === null) return 'no sender';
  if (!options.isOwnWebContents(sender.webContentsId)) return 'foreign window';
  if (!sender.isMainFrame) return 'sub-frame';
  if (sender.frameUrl === null) return 'frame gone';
  if (!isAppUrl(sender.frameUrl)) return 'not an app:// page';
  return null;
}

/** The answer envelope for a refused call. */
export function refusal(error: IpcError): ApiResult<never> {
  return { ok: false, error };
}

function fail(code: string, message: string): IpcGuardResult {
  return { ok: false, error: { code, message } };
}
