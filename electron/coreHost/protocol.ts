/**
 * Messages between Electron main and the core host (the utilityProcess running createCore). Main is the
 * only peer; the renderer never talks to the host directly, so every call has already passed ipcGuard.
 */
import { z } from 'zod';
import type { ApiMethod, ApiResult, ApiStreamName } from '../../shared/api.js';

/** Start options of the core, sent once per host process as the first message. */
export const HostInit = z.object({
  t: z.literal('init'),
  dataDir: z.string().min(1),
  relayUrl: z.string().min(1),
  clientId: z.string().min(1).optional(),
});
export type HostInit = z.infer<typeof HostInit>;

/** Who called, as the core's CallContext: main caps calls from the wall display window to the 'wall' role. */
export const HostCallContext = z.object({ roleCap: z.literal('wall').optional(), connectionId: z.string().max(64).optional() });
export type HostCallContext = z.infer<typeof HostCallContext>;

export const HostCall = z.object({
  t: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  input: z.unknown(),
  ctx: HostCallContext.optional(),
});
export type HostCall = Omit<z.infer<typeof HostCall>, 'method'> & { method: ApiMethod };

export const HostShutdown = z.object({ t: z.literal('shutdown') });

/** Main → host. */
export const HostRequest = z.discriminatedUnion('t', [HostInit, HostCall, HostShutdown]);
export type HostRequest = HostInit | HostCall | { t: 'shutdown' };

/** Host → main. */
export type HostMessage =
  | { t: 'ready' }
  | { t: 'result'; id: number; result: ApiResult<unknown> }
  | { t: 'stream'; stream: ApiStreamName; data: unknown }
  | { t: 'fatal'; message: string }
  | { t: 'closed' };

export const HostMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready') }),
  z.object({
    t: z.literal('result'),
    id: z.number().int(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
    ]),
  }),
  z.object({ t: z.literal('stream'), stream: z.string(), data: z.unknown() }),
  z.object({ t: z.literal('fatal'), message: z.string() }),
  z.object({ t: z.literal('closed') }),
]);

/** The two ends of a message channel as both hosts see them (Electron parentPort, Node MessagePort). */
export interface MessageEndpoint {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}
