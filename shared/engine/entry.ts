/** Building one timeline entry: the single place that stamps id, version, time, actor, command and note. */
import type { CaseEvent, CaseEventType } from '../gridEvent.js';
import { eventId } from './ids.js';
import type { EngineContext } from './types.js';

/** The entry that makes `version` of case `caseId`, stamped with the context's time, actor and command id. */
export function makeEntry(
  caseId: string,
  version: number,
  type: CaseEventType,
  data: Record<string, unknown>,
  ctx: Pick<EngineContext, 'actor' | 'now' | 'commandId'>,
  note?: string,
): CaseEvent {
  const event: CaseEvent = { id: eventId(caseId, version, ctx.commandId), caseId, version, type, at: ctx.now, actor: ctx.actor, data };
  if (ctx.commandId !== undefined) event.commandId = ctx.commandId;
  if (note !== undefined && note.length > 0) event.note = note.slice(0, 4000);
  return event;
}
