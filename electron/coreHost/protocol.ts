/**
 * Messages between Electron main and the core host (the utilityProcess running createCore): the core
 * host's dialect of the one host wire (shared/hostWire.ts). Main is the only peer; the renderer never
 * talks to the host directly, so every call has already passed ipcGuard.
 */
import type { z } from 'zod';
import type { ApiMethod, ApiResult, ApiStreamName } from '../../shared/api.js';
import { CoreHostWire, type WireCallContext } from '../../shared/hostWire.js';

/** Main → host: init (once, first), call, shutdown. */
export const HostRequest = CoreHostWire.toHost;
/** Host → main: ready, result, stream, fatal, closed. */
export const HostMessageSchema = CoreHostWire.fromHost;

type Request = z.infer<typeof HostRequest>;
/** Start options of the core, sent once per host process as the first message. */
export type HostInit = Extract<Request, { t: 'init' }>;
/** Who called, as the core's CallContext: main caps calls from the wall display window to the 'wall' role. */
export type HostCallContext = WireCallContext;
export type HostCall = Omit<Extract<Request, { t: 'call' }>, 'method' | 'id'> & { id: number; method: ApiMethod };
export type HostRequest = HostInit | HostCall | { t: 'shutdown' };

export type HostMessage =
  | { t: 'ready' }
  | { t: 'result'; id: number; result: ApiResult<unknown> }
  | { t: 'stream'; stream: ApiStreamName; data: unknown }
  | { t: 'fatal'; message: string }
  | { t: 'closed' };

/** The two ends of a message channel as both hosts see them (Electron parentPort, Node MessagePort). */
export interface MessageEndpoint {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}
