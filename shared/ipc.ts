/**
 * The Electron IPC bridge contract: what the preload exposes to the renderer as `window.gridApi`, and the
 * channel names it forwards. Calls travel on `api:<method>` (method names exactly as in shared/api.ts),
 * pushes on `stream:<name>`.
 *
 * The method and stream lists are literals on purpose: the sandboxed preload bundles this file, and
 * importing shared/api.ts at runtime would drag zod and every schema into it. The type checks below make
 * the literals fail to compile when they drift from shared/api.ts, and shared/ipc.test.ts compares them at
 * runtime as well.
 */
import type { ApiMethod, ApiResult, ApiStreamName } from './api.js';

/** Every workstation API method reachable over IPC. Must equal the keys of `Api` in shared/api.ts. */
export const IPC_METHODS = [
  'session.login',
  'session.current',
  'session.logout',
  'queue.list',
  'case.get',
  'case.nearby',
  'queue.map',
  'map.tile',
  'command.submit',
  'outbox.list',
  'outbox.dismiss',
  'ref.get',
  'ref.update',
  'ref.fileDivision',
  'users.save',
  'sync.status',
  'sync.now',
  'presence.list',
  'presence.open',
  'stats.query',
  'stats.drill',
  'time.now',
  'assessment.inputs',
  'assessment.freeze',
  'assessment.list',
  'audit.list',
  'sms.list',
  'smsSettings.get',
  'smsSettings.save',
  'docNumber.allocate',
  'file.upload',
  'file.get',
] as const satisfies readonly ApiMethod[];

/** Every push stream forwarded to the renderer. Must equal the keys of `ApiStreams` in shared/api.ts. */
export const IPC_STREAMS = ['changes', 'sync', 'outbox', 'presence', 'notify', 'assessments'] as const satisfies readonly ApiStreamName[];

// Compile-time exhaustiveness: if shared/api.ts gains a method or stream, add it to the list above.
type MissingFrom<All, Listed> = Exclude<All, Listed>;
type AssertNever<T extends never> = T;
export type _AllMethodsListed = AssertNever<MissingFrom<ApiMethod, (typeof IPC_METHODS)[number]>>;
export type _AllStreamsListed = AssertNever<MissingFrom<ApiStreamName, (typeof IPC_STREAMS)[number]>>;

export const API_CHANNEL_PREFIX = 'api:';
export const STREAM_CHANNEL_PREFIX = 'stream:';

export type ApiChannel = `api:${ApiMethod}`;
export type StreamChannel = `stream:${ApiStreamName}`;

/** `session.login` → `api:session.login`. */
export function apiChannel(method: ApiMethod): ApiChannel {
  return `${API_CHANNEL_PREFIX}${method}` as ApiChannel;
}

/** `notify` → `stream:notify`. */
export function streamChannel(stream: ApiStreamName): StreamChannel {
  return `${STREAM_CHANNEL_PREFIX}${stream}` as StreamChannel;
}

const METHOD_SET: ReadonlySet<string> = new Set(IPC_METHODS);
const STREAM_SET: ReadonlySet<string> = new Set(IPC_STREAMS);

export function isIpcMethod(value: unknown): value is ApiMethod {
  return typeof value === 'string' && METHOD_SET.has(value);
}

export function isIpcStream(value: unknown): value is ApiStreamName {
  return typeof value === 'string' && STREAM_SET.has(value);
}

/** The method behind an `api:` channel, or null when the channel is not a known API channel. */
export function methodFromChannel(channel: unknown): ApiMethod | null {
  if (typeof channel !== 'string' || !channel.startsWith(API_CHANNEL_PREFIX)) return null;
  const method = channel.slice(API_CHANNEL_PREFIX.length);
  return isIpcMethod(method) ? method : null;
}

/** Name of the global the preload defines in the renderer (`window.gridApi`). */
export const GRID_API_KEY = 'gridApi';

/**
 * The whole surface the Electron preload exposes to the renderer, and nothing else.
 * `invoke` never rejects: transport and validation failures come back as `{ ok: false, error }`.
 * `on` returns the function that removes the listener.
 */
export interface GridApi {
  invoke(method: ApiMethod, input: unknown): Promise<ApiResult<unknown>>;
  on(stream: ApiStreamName, cb: (data: unknown) => void): () => void;
}

/**
 * Error codes produced by the IPC bridge itself, in the core's style (UNKNOWN_METHOD and INVALID_INPUT are
 * the codes the core answers for the same faults, so the renderer handles one set).
 */
export const IpcErrorCode = {
  unknownChannel: 'UNKNOWN_METHOD',
  foreignSender: 'FORBIDDEN_SENDER',
  badRequest: 'INVALID_INPUT',
  coreUnavailable: 'CORE_UNAVAILABLE',
  coreTimeout: 'CORE_TIMEOUT',
  transport: 'TRANSPORT_ERROR',
  internal: 'INTERNAL',
} as const;
export type IpcErrorCode = (typeof IpcErrorCode)[keyof typeof IpcErrorCode];
