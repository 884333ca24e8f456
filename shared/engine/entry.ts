/** Building one timeline entry: the single place that stamps id, version, time, actor, command and note. */
import type { CaseEvent, CaseEventType, GridEvent } from '../gridEvent.js';
import { eventId } from './ids.js';
import type { EngineContext } from './types.js';

/**
 * The context a decision about `state` runs in: `now` moved up to the case's last entry when it is earlier
 * (a district change dated before what it answers, a clock that went back), with the stated time kept as
 * `occurredAt` so the entries record it. Every computed instant (clocks, deadlines, replies) uses the moved
 * `now`, so the timeline and the case's instants never go backwards.
 */
export function datedContext<C extends Pick<EngineContext, 'now' | 'occurredAt'>>(
  state: GridEvent | null,
  ctx: C,
  /** The other cases a cross-case command writes to: its entries are dated after their last entries too. */
  others: readonly GridEvent[] = [],
): C {
  const stated = ctx.occurredAt ?? ctx.now;
  const lastOf = (s: GridEvent) => Math.max(s.updatedAt, s.timeline.at(-1)?.at ?? 0);
  const last = Math.max(state ? lastOf(state) : -Infinity, ...others.map(lastOf));
  const now = Math.max(ctx.now, last);
  if (now === ctx.now && stated === ctx.now) return ctx;
  return { ...ctx, now, occurredAt: stated };
}

/** The entry that makes `version` of case `caseId`, stamped with the context's time, actor and command id. */
export function makeEntry(
  caseId: string,
  version: number,
  type: CaseEventType,
  data: Record<string, unknown>,
  ctx: Pick<EngineContext, 'actor' | 'now' | 'commandId' | 'occurredAt'>,
  note?: string,
): CaseEvent {
  const event: CaseEvent = { id: eventId(caseId, version, ctx.commandId), caseId, version, type, at: ctx.now, actor: ctx.actor, data };
  if (ctx.commandId !== undefined) event.commandId = ctx.commandId;
  if (ctx.occurredAt !== undefined && ctx.occurredAt !== ctx.now) event.occurredAt = ctx.occurredAt;
  if (note !== undefined && note.length > 0) event.note = note.slice(0, 4000);
  return event;
}
