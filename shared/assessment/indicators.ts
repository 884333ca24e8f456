/**
 * Assessment inputs computed from the cases of a period, for all four kinds of assessed object.
 * Departments and communities read the statistics metrics (shared/metrics), so scores and the statistics
 * screen agree; grid workers and the centre's seats need indicators the statistics do not have (valid
 * reports, verification clocks, who registered and dispatched), computed here from the timelines.
 * Same convention as the metrics: period [from, to), evaluated at t* = min(to, now).
 */
import type { GridEvent } from '../gridEvent.js';
import type { RefData } from '../refData.js';
import { caseStateAt, computeGrouped, evaluationInstant, type Period } from '../metrics/index.js';
import { inputsFromGroups } from './inputs.js';
import { COMMUNITY_METRIC_MAP, DEPARTMENT_METRIC_MAP, GRID_METRIC_MAP } from './metricMaps.js';

export { COMMUNITY_METRIC_MAP, DEPARTMENT_METRIC_MAP, GRID_METRIC_MAP };
import type { AssessmentInput, IndicatorValue } from './types.js';

const CENTRE_ROLES: ReadonlySet<string> = new Set(['dispatcher', 'supervisor', 'leader', 'admin']);
const rate = (n: number, d: number): IndicatorValue => ({ value: d > 0 ? n / d : null, numerator: n, denominator: d });

interface Tally {
  validN: number;
  validD: number;
  verifyN: number;
  verifyD: number;
  selfHandled: number;
}
const emptyTally = (): Tally => ({ validN: 0, validD: 0, verifyN: 0, verifyD: 0, selfHandled: 0 });

/**
 * Valid-report rate = grid-worker reports of the period that were accepted or self-handled ÷ those decided
 * (accepted, self-handled or rejected) by t*. On-time verification rate = verification clocks that ended in
 * the period on time ÷ those that ended in the period plus those still running and overdue at t*.
 */
function gridTallies(states: readonly GridEvent[], period: Period, t: number): Map<string, Tally> {
  const inP = (at: number) => at >= period.from && at < period.to && at <= t;
  const byGrid = new Map<string, Tally>();
  const tally = (gridId: string) => {
    let x = byGrid.get(gridId);
    if (!x) byGrid.set(gridId, (x = emptyTally()));
    return x;
  };
  for (const s of states) {
    const x = tally(s.gridId);
    if (s.source === 'grid_worker' && inP(s.reportedAt)) {
      const decision = s.timeline.find((e) => (e.type === 'accepted' || e.type === 'self_handled' || e.type === 'rejected') && e.at <= t);
      if (decision) {
        x.validD += 1;
        if (decision.type !== 'rejected') x.validN += 1;
      }
    }
    for (const e of s.timeline) if (e.type === 'self_handled' && inP(e.at)) x.selfHandled += 1;
    for (const c of s.clocks) {
      if (c.kind !== 'verification') continue;
      if (c.stoppedAt !== undefined && inP(c.stoppedAt) && (c.outcome === 'met' || c.outcome === 'late')) {
        x.verifyD += 1;
        if (c.outcome === 'met') x.verifyN += 1;
      } else if (c.stoppedAt === undefined && c.pausedAt === undefined && c.deadline < t && c.deadline >= period.from) {
        x.verifyD += 1;
      }
    }
  }
  return byGrid;
}

interface SeatTally {
  regN: number;
  regD: number;
  dispatches: number;
  notBounced: number;
}

/**
 * On-time registration = registration clocks the seat stopped (by accepting or rejecting) in the period on
 * time ÷ all it stopped. Accurate dispatch = the seat's dispatches in the period not bounced afterwards
 * (by t*) ÷ its dispatches in the period.
 */
function seatTallies(states: readonly GridEvent[], period: Period, t: number): Map<string, SeatTally> {
  const inP = (at: number) => at >= period.from && at < period.to && at <= t;
  const bySeat = new Map<string, SeatTally>();
  const tally = (userId: string) => {
    let x = bySeat.get(userId);
    if (!x) bySeat.set(userId, (x = { regN: 0, regD: 0, dispatches: 0, notBounced: 0 }));
    return x;
  };
  for (const s of states) {
    const tl = s.timeline.filter((e) => e.at <= t);
    for (const c of s.clocks) {
      if (c.kind !== 'registration' || c.stoppedAt === undefined || !inP(c.stoppedAt)) continue;
      if (c.outcome !== 'met' && c.outcome !== 'late') continue;
      const by = tl.find((e) => (e.type === 'accepted' || e.type === 'rejected' || e.type === 'self_handled') && e.at === c.stoppedAt);
      if (!by || !CENTRE_ROLES.has(by.actor.role)) continue;
      const x = tally(by.actor.id);
      x.regD += 1;
      if (c.outcome === 'met') x.regN += 1;
    }
    tl.forEach((e, i) => {
      if (e.type !== 'dispatched' || !inP(e.at)) return;
      const x = tally(e.actor.id);
      x.dispatches += 1;
      const next = tl.slice(i + 1).find((n) => n.type === 'dispatched' || n.type === 'bounced');
      if (!next || next.type !== 'bounced') x.notBounced += 1;
    });
  }
  return bySeat;
}

/** Every assessment input of the period: departments, communities, grid workers and seats. */
export function computeAssessmentInputs(cases: readonly GridEvent[], period: Period, ref: RefData, now: number): AssessmentInput[] {
  const t = evaluationInstant(period, now);
  const states = cases.map((c) => caseStateAt(c, t)).filter((s): s is GridEvent => s !== null);
  const depts = inputsFromGroups(
    'department',
    computeGrouped(cases, period, 'department', ref, now).filter((g) => g.key !== ''),
    DEPARTMENT_METRIC_MAP,
  );
  const grids = gridTallies(states, period, t);

  const communities = inputsFromGroups('community', computeGrouped(cases, period, 'community', ref, now), COMMUNITY_METRIC_MAP).map(
    (input) => {
      let n = 0;
      let d = 0;
      for (const g of ref.grids) {
        if (g.communityId !== input.id) continue;
        const x = grids.get(g.id);
        n += x?.validN ?? 0;
        d += x?.validD ?? 0;
      }
      return { ...input, indicators: { ...input.indicators, validReportRate: rate(n, d) } };
    },
  );

  const workerOfGrid = new Map(ref.gridWorkers.filter((w) => w.kind === 'worker').map((w) => [w.gridId, w]));
  const workers = inputsFromGroups('gridWorker', computeGrouped(cases, period, 'grid', ref, now), GRID_METRIC_MAP, (g) => {
    const w = workerOfGrid.get(g.key);
    return w ? { id: w.id, label: `${w.name}（${g.label}）` } : null;
  }).map((input) => {
    const w = ref.gridWorkers.find((x) => x.id === input.id)!;
    const x = grids.get(w.gridId) ?? emptyTally();
    return {
      ...input,
      indicators: {
        ...input.indicators,
        validReportRate: rate(x.validN, x.validD),
        onTimeVerificationRate: rate(x.verifyN, x.verifyD),
        selfHandledCount: { value: x.selfHandled },
      },
    };
  });

  const seats = seatTallies(states, period, t);
  const seatUsers = ref.users.filter((u) => u.role === 'dispatcher' || seats.has(u.id));
  const seatInputs: AssessmentInput[] = seatUsers.map((u) => {
    const x = seats.get(u.id) ?? { regN: 0, regD: 0, dispatches: 0, notBounced: 0 };
    return {
      kind: 'seat',
      id: u.id,
      label: u.name,
      indicators: {
        onTimeRegistrationRate: rate(x.regN, x.regD),
        accurateDispatchRate: rate(x.notBounced, x.dispatches),
        dispatchCount: { value: x.dispatches },
      },
    };
  });

  return [...depts, ...communities, ...workers, ...seatInputs];
}
