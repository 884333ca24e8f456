/** What the sync engine checks the relay's answers with, its relay error, and its pull/push loop state. */
import { z } from 'zod';
import { LogId, PushResponse, ResetCause, WireError } from '../../../shared/protocol.js';

export const Ack = <T extends z.ZodType>(value: T) => z.union([z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: WireError })]);
export const PullAck = Ack(z.unknown());
export const LoosePull = z.discriminatedUnion('type', [
  z.object({ type: z.literal('changes'), entries: z.array(z.unknown()), head: z.number().int().nonnegative(), logId: LogId.optional() }),
  z.object({ type: z.literal('reset'), head: z.number().int().nonnegative(), reason: z.string(), cause: ResetCause.optional() }),
]);
export const PushAck = Ack(PushResponse);

/**
 * One direction of sync (pull or push). `run`: the loop at work, which further callers join (they set
 * `again` for one more round); the loop clears it itself once its work is done, just before it reports
 * the state synced, and otherwise when it settles. "Busy" is `run !== null`.
 */
export interface SyncLoop {
  run: Promise<void> | null;
  again: boolean;
}

/** Joins the running loop (asking it for another round) or starts one. */
export function joinOrStart(loop: SyncLoop, start: () => Promise<void>): Promise<void> {
  if (loop.run) {
    loop.again = true;
    return loop.run;
  }
  const run: Promise<void> = start().finally(() => {
    if (loop.run === run) loop.run = null;
  });
  loop.run = run;
  return run;
}

export class RelayError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
