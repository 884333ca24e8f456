/**
 * Deadline recalculation after a calendar change (holidays imported, a closure entered, office hours
 * changed): every open clock, and the reply deadline of every unanswered urge notice, is laid onto the new
 * calendar again, with an audit entry of each deadline that moved.
 */
import { measureFor } from '../calendar/index.js';
import { recomputeDeadline, remainingMinutes } from '../clocks.js';
import type { CaseEvent, GridEvent } from '../gridEvent.js';
import { isOpen } from '../gridEvent.js';
import type { CaseClock } from '../model.js';
import type { RefData } from '../refData.js';
import type { DeadlineChange, EventData, UrgeDeadlineChange } from './eventData.js';
import { evolve } from './evolve.js';
import { datedContext, makeEntry } from './entry.js';
import type { Decision, EngineContext } from './types.js';

function entry(state: GridEvent, type: CaseEvent['type'], data: Record<string, unknown>, ctx: EngineContext, note?: string): CaseEvent {
  return makeEntry(state.id, state.version + 1, type, data, datedContext(state, ctx), note);
}

/**
 * Recomputes the deadlines of the case's open clocks and unanswered urge notices on `ref.calendar`.
 * Returns one 'deadlines_recalculated' entry listing old and new deadlines, or no entry when nothing moved.
 * Paused clocks keep their deadline; their remaining minutes are recounted instead. A clock with an
 * explicit deadline (deadlineAt) keeps that instant unless the new calendar takes working time out before
 * it (see recomputeDeadline). Urge notices issued
 * before their working minutes were kept (no replyMinutes) keep their deadline.
 */
export function recalculateDeadlines(state: GridEvent, ref: RefData, ctx: EngineContext): Decision {
  if (!isOpen(state)) return { ok: true, events: [] };
  const changes: DeadlineChange[] = [];
  const clocks: CaseClock[] = state.clocks.map((k) => {
    if (k.stoppedAt !== undefined || k.natural) return k;
    const measure = measureFor(k.natural, ref.calendar);
    if (k.pausedAt !== undefined) {
      const newRemaining = Math.round(remainingMinutes(k, k.pausedAt, measure));
      if (newRemaining === k.remainingAtPause) return k;
      changes.push({
        clockId: k.id,
        kind: k.kind,
        unitId: k.unitId,
        oldDeadline: k.deadline,
        newDeadline: k.deadline,
        oldRemaining: k.remainingAtPause ?? 0,
        newRemaining,
      });
      return { ...k, remainingAtPause: newRemaining };
    }
    const deadline = recomputeDeadline(k, measure);
    if (deadline === k.deadline) return k;
    changes.push({ clockId: k.id, kind: k.kind, unitId: k.unitId, oldDeadline: k.deadline, newDeadline: deadline });
    return { ...k, deadline };
  });
  // Unanswered urge notices: the reply is due the notice's working minutes after it was issued.
  const working = measureFor(false, ref.calendar);
  const urges: UrgeDeadlineChange[] = [];
  for (const u of state.urges) {
    if (u.reply || u.replyMinutes === undefined) continue;
    const deadline = working.add(u.issuedAt, u.replyMinutes);
    if (deadline !== u.replyDeadline) urges.push({ urgeId: u.id, oldDeadline: u.replyDeadline, newDeadline: deadline });
  }
  if (changes.length === 0 && urges.length === 0) return { ok: true, events: [] };
  const data: EventData<'deadlines_recalculated'> = { changes, clocks, ...(urges.length > 0 ? { urges } : {}) };
  const e = entry(state, 'deadlines_recalculated', data, ctx, '工作日历调整，重新计算办理期限');
  evolve(state, e); // fails loudly if the entry would not fold
  return { ok: true, events: [e] };
}

/**
 * The compensating entry the relay appends when the district platform refuses a centre command.
 * `restore` optionally sets the status and clocks back.
 */
export function upstreamRejected(
  state: GridEvent,
  issue: { commandId: string; code: string; message: string },
  ctx: EngineContext,
  restore?: { status: GridEvent['status']; clocks: CaseClock[] },
): Decision {
  const data: EventData<'upstream_rejected'> = { commandId: issue.commandId, code: issue.code, message: issue.message };
  if (restore) {
    data.status = restore.status;
    data.clocks = restore.clocks;
  }
  const e = entry(state, 'upstream_rejected', data, ctx, issue.message);
  evolve(state, e);
  return { ok: true, events: [e] };
}
