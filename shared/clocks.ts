/**
 * Supervision clock mechanics (pure). A clock counts time against one unit ('centre' or a department)
 * over a TimeMeasure: working time of the street calendar, or natural time for urgent grades.
 *
 * Semantics (see ../shared/domain.md, rule 5):
 *   used(t)   = between(startedAt, min(t, stoppedAt)) − the paused intervals inside it
 *   deadline  = the instant at which used reaches limitMinutes; for a clock with an explicit deadline
 *               (deadlineAt), that instant moved later by the counted time of its pauses, by its
 *               extensions and by working time a calendar change takes out before it
 * A pause freezes used time; resume lays the remaining minutes onto the calendar again, so already
 * used time is never recounted. Every function returns a new clock; inputs are never mutated.
 */
import { measureFor } from './calendar/index.js';
import type { CalendarConfig, TimeMeasure } from './calendar/types.js';
import type { CaseClock, ClockKind, ClockState } from './model.js';

/** Parameters of a new clock. */
export interface StartClockInput {
  id: string;
  kind: ClockKind;
  /** 'centre' or a department id. */
  unitId: string;
  startedAt: number;
  limitMinutes: number;
  natural: boolean;
  /** An explicit deadline (a dispatch's deadlineAt): the clock's deadline is exactly this instant. */
  deadlineAt?: number;
}

/** The unit id of the centre's own clocks. */
export const CENTRE_UNIT = 'centre';

/** The measure a clock counts in: natural time when `clock.natural`, else the calendar's working time. */
export function clockMeasure(clock: Pick<CaseClock, 'natural'>, config: CalendarConfig): TimeMeasure {
  return measureFor(clock.natural, config);
}

/**
 * A fresh running clock whose deadline is `limitMinutes` of counted time after `startedAt`, or exactly
 * `deadlineAt` when one is given (the limit then only serves remaining time and the warning state).
 */
export function startClock(input: StartClockInput, measure: TimeMeasure): CaseClock {
  const limitMinutes = Math.max(1, Math.round(input.limitMinutes));
  const fixed = input.deadlineAt;
  return {
    id: input.id,
    kind: input.kind,
    unitId: input.unitId,
    startedAt: input.startedAt,
    limitMinutes,
    natural: input.natural,
    deadline: fixed ?? measure.add(input.startedAt, limitMinutes),
    ...(fixed !== undefined ? { deadlineAt: fixed } : {}),
    pauses: [],
    extensions: [],
  };
}

export const isStopped = (clock: CaseClock): boolean => clock.stoppedAt !== undefined;
export const isPaused = (clock: CaseClock): boolean => clock.stoppedAt === undefined && clock.pausedAt !== undefined;

/** Counted minutes of `[a, b]` clipped to `[lo, hi]` (0 when empty). */
function clippedBetween(measure: TimeMeasure, a: number, b: number, lo: number, hi: number): number {
  const from = Math.max(a, lo);
  const to = Math.min(b, hi);
  return to > from ? measure.between(from, to) : 0;
}

/**
 * Minutes of counted time the clock has used at instant `t`: time from its start up to `t` (or its stop),
 * minus paused intervals. Never negative.
 */
export function usedMinutes(clock: CaseClock, t: number, measure: TimeMeasure): number {
  const end = Math.min(t, clock.stoppedAt ?? Number.POSITIVE_INFINITY);
  if (end <= clock.startedAt) return 0;
  let used = measure.between(clock.startedAt, end);
  for (const p of clock.pauses) used -= clippedBetween(measure, p.from, p.to, clock.startedAt, end);
  if (clock.pausedAt !== undefined) used -= clippedBetween(measure, clock.pausedAt, end, clock.startedAt, end);
  return Math.max(0, used);
}

/** Limit minus used time at `t`: negative once overdue. */
export function remainingMinutes(clock: CaseClock, t: number, measure: TimeMeasure): number {
  return clock.limitMinutes - usedMinutes(clock, t, measure);
}

/**
 * The instant at which the clock's used time reaches its limit, walking from the start across the
 * recorded pauses. A paused clock keeps its last deadline (it is meaningless until resume). A clock with
 * an explicit deadline ends at that instant, moved later by its extensions, by the counted time a calendar
 * change took out of the span up to it, and by each pause that began before the deadline it had then (by
 * the pause's counted time); with none of these it is exactly the instant set.
 */
export function recomputeDeadline(clock: CaseClock, measure: TimeMeasure): number {
  if (clock.pausedAt !== undefined && clock.stoppedAt === undefined) return clock.deadline;
  if (clock.deadlineAt !== undefined) return fixedDeadline(clock, clock.deadlineAt, measure);
  let remaining = clock.limitMinutes;
  let cursor = clock.startedAt;
  const pauses = [...clock.pauses].sort((a, b) => a.from - b.from);
  for (const p of pauses) {
    if (p.to <= cursor) continue;
    const segment = p.from > cursor ? measure.between(cursor, p.from) : 0;
    if (segment >= remaining) return measure.add(cursor, remaining);
    remaining -= segment;
    cursor = Math.max(cursor, p.to);
  }
  return measure.add(cursor, remaining);
}

function fixedDeadline(clock: CaseClock, deadlineAt: number, measure: TimeMeasure): number {
  const extra = clock.extensions.reduce((s, e) => s + e.minutes, 0);
  // Counted time a later calendar change took out of [start, deadline set] (a closure entered after the
  // dispatch): the limit was that span's counted time then, rounded down. It is owed after the deadline, to
  // the minute; a change that adds working time never moves the deadline before the instant set.
  const lost = clock.limitMinutes - extra - measure.between(clock.startedAt, deadlineAt);
  const owed = extra + (lost > 1e-6 ? Math.ceil(lost - 1e-6) : 0);
  // add(t, 0) is t: nothing owed keeps the instant set, even when it lies outside working time.
  let deadline = measure.add(deadlineAt, owed);
  const pauses = [...clock.pauses].sort((a, b) => a.from - b.from);
  for (const p of pauses) {
    const from = Math.max(p.from, clock.startedAt);
    if (p.to <= from) continue;
    // A pause from the deadline on changes nothing: the time was used up before it (as for other clocks).
    if (from >= deadline) break;
    deadline = measure.add(deadline, measure.between(from, p.to));
  }
  return deadline;
}

/**
 * Stops the clock at `at`. Without an explicit outcome it is 'met' when stopped by its deadline and
 * 'late' after it; 'stopped' marks an end that is nobody's success or failure (a bounce, or the dispatch
 * clock of an accepted case that is then rejected).
 */
export function stopClock(clock: CaseClock, at: number, measure: TimeMeasure, outcome?: 'stopped'): CaseClock {
  if (clock.stoppedAt !== undefined) return clock;
  const t = Math.max(at, clock.startedAt);
  const wasPaused = clock.pausedAt !== undefined;
  const c = wasPaused ? closePause(clock, t) : clock;
  // A paused clock's stored deadline is stale, so judge it by used time instead; one with an explicit
  // deadline by whether it was paused after the deadline it would have if resumed now.
  const late = !wasPaused
    ? t > c.deadline
    : c.deadlineAt !== undefined
      ? (clock.pausedAt as number) > recomputeDeadline(c, measure)
      : usedMinutes(c, t, measure) > c.limitMinutes;
  return { ...c, stoppedAt: t, outcome: outcome ?? (late ? 'late' : 'met') };
}

function closePause(clock: CaseClock, at: number): CaseClock {
  const { pausedAt, remainingAtPause: _r, ...rest } = clock;
  if (pausedAt === undefined) return clock;
  return { ...rest, pauses: [...clock.pauses, { from: pausedAt, to: Math.max(at, pausedAt) }] };
}

/** Freezes a running clock at `at`, keeping the remaining counted minutes (rounded for display). */
export function pauseClock(clock: CaseClock, at: number, measure: TimeMeasure): CaseClock {
  if (clock.stoppedAt !== undefined || clock.pausedAt !== undefined) return clock;
  const t = Math.max(at, clock.startedAt);
  return { ...clock, pausedAt: t, remainingAtPause: Math.round(remainingMinutes(clock, t, measure)) };
}

/**
 * Resumes a paused clock at `at`: the pause interval is recorded and the deadline becomes `at` plus the
 * remaining minutes (computed exactly from the recorded intervals, so nothing is counted twice).
 */
export function resumeClock(clock: CaseClock, at: number, measure: TimeMeasure): CaseClock {
  if (clock.stoppedAt !== undefined || clock.pausedAt === undefined) return clock;
  const c = closePause(clock, at);
  return { ...c, deadline: recomputeDeadline(c, measure) };
}

/** Adds `minutes` to the limit (approved extension) and records the old and new deadline. */
export function extendClock(clock: CaseClock, minutes: number, at: number, by: string, measure: TimeMeasure): CaseClock {
  if (clock.stoppedAt !== undefined) return clock;
  const add = Math.round(minutes);
  const limitMinutes = clock.limitMinutes + add;
  const oldDeadline = clock.deadline;
  if (clock.pausedAt !== undefined) {
    // A paused clock has no live deadline: the extra minutes wait in remainingAtPause until resume.
    const remainingAtPause = (clock.remainingAtPause ?? 0) + add;
    return {
      ...clock,
      limitMinutes,
      remainingAtPause,
      extensions: [...clock.extensions, { at, minutes: add, by, oldDeadline, newDeadline: oldDeadline }],
    };
  }
  // The extension is recorded before the deadline is laid again: an explicit deadline moves by its extensions.
  const next: CaseClock = {
    ...clock,
    limitMinutes,
    extensions: [...clock.extensions, { at, minutes: add, by, oldDeadline, newDeadline: oldDeadline }],
  };
  const newDeadline = recomputeDeadline(next, measure);
  return { ...next, deadline: newDeadline, extensions: [...clock.extensions, { at, minutes: add, by, oldDeadline, newDeadline }] };
}

/** The limit originally granted to the clock, before approved extensions. */
export function baseLimitMinutes(clock: CaseClock): number {
  return Math.max(1, clock.limitMinutes - clock.extensions.reduce((s, e) => s + e.minutes, 0));
}

/**
 * Display state of a clock at `t`: met/late/stopped once stopped, paused while paused, overdue after the
 * deadline, warning when less than `warnRatio` of the limit is left, normal otherwise.
 */
export function clockStateAt(
  clock: CaseClock,
  t: number,
  calendarConfig: CalendarConfig,
  warnRatio: number = calendarConfig.warnRatio,
): ClockState {
  if (clock.stoppedAt !== undefined) return clock.outcome ?? 'stopped';
  if (clock.pausedAt !== undefined) return 'paused';
  if (t > clock.deadline) return 'overdue';
  const remaining = remainingMinutes(clock, t, clockMeasure(clock, calendarConfig));
  return remaining < warnRatio * clock.limitMinutes ? 'warning' : 'normal';
}

/** Clocks of a case that have not stopped (running or paused). */
export function runningClocks(c: { clocks: readonly CaseClock[] }): CaseClock[] {
  return c.clocks.filter((k) => k.stoppedAt === undefined);
}

/** The nearest deadline among the case's running, unpaused clocks (undefined when none runs). */
export function nearestDeadline(c: { clocks: readonly CaseClock[] }): number | undefined {
  let best: number | undefined;
  for (const k of c.clocks) {
    if (k.stoppedAt !== undefined || k.pausedAt !== undefined) continue;
    if (best === undefined || k.deadline < best) best = k.deadline;
  }
  return best;
}
