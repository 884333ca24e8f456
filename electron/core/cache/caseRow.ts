/**
 * From a case (GridEvent) to the narrow indexed row of the cache, and from that row to the API's QueueRow.
 * Clock states depend on the time, so the row stores the instants at which they change (nearest deadline,
 * nearest warning) and a time-independent base; the query turns those into a state at `now`.
 */
import type { CaseStatus, CaseClock, ClockState, Grade } from '../../../shared/model.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { QueueRow, QueueTab } from '../../../shared/api.js';
import type { CalendarConfig } from '../../../shared/calendar/types.js';
import { clockMeasure, nearestDeadline, recomputeDeadline, runningClocks } from '../../../shared/clocks.js';

/** Deadline stored for a case without a running clock: sorts after every real deadline. */
export const NO_DEADLINE = 8_640_000_000_000_000;

/** The queue tab each status belongs to ('overdue' and 'all' are cross-cutting). */
export const STATUS_TAB: Record<CaseStatus, Exclude<QueueTab, 'overdue' | 'all'>> = {
  reported: 'pending_accept',
  accepted: 'pending_dispatch',
  bounced: 'bounced',
  dispatched: 'handling',
  signed: 'handling',
  rework: 'handling',
  handled: 'pending_verify',
  self_handled: 'pending_verify',
  verified: 'pending_close',
  parked: 'parked',
  closed: 'closed',
  rejected: 'closed',
};

export const GRADE_RANK: Record<Grade, number> = { urgent: 0, important: 1, normal: 2 };
const NO_GRADE_RANK = 3;

/** Time-independent part of a case's clock state. */
export type ClockBase = 'running' | 'paused' | 'late' | 'met' | 'stopped';

/** Queue-row fields that are not columns of their own. */
export interface RowExtra {
  clocks: CaseClock[];
  catalogItemId?: string;
  bounceCount: number;
  mandatory: boolean;
  fallback: boolean;
  urgeCount: number;
  upstreamIssue: boolean;
}

/** Column values of one case row (table `cases` and `local_cases`). */
export interface CaseColumns {
  id: string;
  version: number;
  code: string;
  tab: string;
  status: string;
  community_id: string;
  grid_id: string;
  category: string | null;
  lead_dept: string | null;
  grade: string | null;
  grade_rank: number;
  source: string;
  reported_at: number;
  updated_at: number;
  closed_at: number | null;
  deadline: number;
  warn_at: number | null;
  clock_base: string | null;
  urge_count: number;
  title: string;
  address: string;
  description: string;
  extra: string;
}

/**
 * The first instant at which a running clock shows 'warning' (less than warnRatio of the limit left, see
 * clockStateAt in shared/clocks.ts): just after its used time passes (1 − warnRatio) × limit.
 */
export function warnAt(clock: CaseClock, calendar: CalendarConfig, warnRatio = calendar.warnRatio): number {
  const measure = clockMeasure(clock, calendar);
  const threshold = (1 - warnRatio) * clock.limitMinutes;
  if (threshold <= 0) return clock.startedAt;
  // The threshold is counted time from the start, also for a clock with an explicit deadline.
  const { deadlineAt: _explicit, ...counted } = clock;
  const reached = recomputeDeadline({ ...counted, limitMinutes: threshold }, measure);
  // One more millisecond of counted time: the state flips only once used time exceeds the threshold.
  return measure.add(reached, 1 / 60_000);
}

export function clockBase(clocks: readonly CaseClock[]): ClockBase | null {
  if (clocks.length === 0) return null;
  let paused = false;
  let late = false;
  let met = false;
  for (const c of clocks) {
    if (c.stoppedAt === undefined) {
      if (c.pausedAt === undefined) return 'running';
      paused = true;
    } else if (c.outcome === 'late') late = true;
    else if (c.outcome === 'met') met = true;
  }
  return paused ? 'paused' : late ? 'late' : met ? 'met' : 'stopped';
}

/** The case's clock state at `now` from its stored columns (worst running clock first). */
export function clockStateOfRow(r: Pick<CaseColumns, 'clock_base' | 'deadline' | 'warn_at'>, now: number): ClockState | null {
  if (r.clock_base !== 'running') return (r.clock_base as ClockState | null) ?? null;
  if (now > r.deadline) return 'overdue';
  if (r.warn_at !== null && now >= r.warn_at) return 'warning';
  return 'normal';
}

export function caseColumns(c: GridEvent, calendar: CalendarConfig | null): CaseColumns {
  const deadline = nearestDeadline(c);
  let warn: number | null = null;
  if (calendar) {
    for (const k of c.clocks) {
      if (k.stoppedAt !== undefined || k.pausedAt !== undefined) continue;
      try {
        const w = warnAt(k, calendar);
        if (warn === null || w < warn) warn = w;
      } catch {
        // A calendar without working time ahead (RangeError): the clock never warns before its deadline.
      }
    }
  }
  const extra: RowExtra = {
    clocks: runningClocks(c),
    bounceCount: c.bounceCount,
    mandatory: c.mandatory,
    fallback: c.fallback,
    urgeCount: c.urges.length,
    upstreamIssue: c.upstreamIssue !== undefined,
  };
  if (c.catalogItemId !== undefined) extra.catalogItemId = c.catalogItemId;
  return {
    id: c.id,
    version: c.version,
    code: c.code,
    tab: STATUS_TAB[c.status],
    status: c.status,
    community_id: c.communityId,
    grid_id: c.gridId,
    category: c.category ?? null,
    lead_dept: c.leadDepartmentId ?? null,
    grade: c.grade ?? null,
    grade_rank: c.grade ? GRADE_RANK[c.grade] : NO_GRADE_RANK,
    source: c.source,
    reported_at: c.reportedAt,
    updated_at: c.updatedAt,
    closed_at: c.closedAt ?? null,
    deadline: deadline ?? NO_DEADLINE,
    warn_at: warn,
    clock_base: clockBase(c.clocks),
    urge_count: c.urges.length,
    title: c.title,
    address: c.address,
    description: c.description,
    extra: JSON.stringify(extra),
  };
}

/** A stored row (server or local) as the API's QueueRow. */
export function queueRowOf(r: CaseColumns, pendingCount: number): QueueRow {
  const extra = JSON.parse(r.extra) as RowExtra;
  const row: QueueRow = {
    id: r.id,
    code: r.code,
    title: r.title,
    address: r.address,
    communityId: r.community_id,
    gridId: r.grid_id,
    source: r.source as QueueRow['source'],
    status: r.status as QueueRow['status'],
    reportedAt: r.reported_at,
    updatedAt: r.updated_at,
    clocks: extra.clocks,
    bounceCount: extra.bounceCount,
    mandatory: extra.mandatory,
    fallback: extra.fallback,
    urgeCount: extra.urgeCount,
    pendingCount,
    upstreamIssue: extra.upstreamIssue,
  };
  if (r.category !== null) row.category = r.category;
  if (extra.catalogItemId !== undefined) row.catalogItemId = extra.catalogItemId;
  if (r.grade !== null) row.grade = r.grade as Grade;
  if (r.lead_dept !== null) row.leadDepartmentId = r.lead_dept;
  if (r.deadline !== NO_DEADLINE) row.deadline = r.deadline;
  return row;
}
