/**
 * Metric definitions against a FIXED hand-built data set. Every expected number is worked out by hand in
 * the comments below; these are the numbers leaders are judged by, so they are pinned exactly.
 *
 * Period P = March 2026, local time (UTC+8): [2026-03-01 00:00, 2026-04-01 00:00).
 * Default calendar: Mon-Fri 09:00-12:00 + 14:00-18:00 (420 working minutes a day); 2026-02-28 (Saturday) is
 * a make-up working day of the Spring Festival; March 2026 has no holidays. Mar 2, 9, 16, 23, 30 are Mondays.
 * now = 2026-04-10 12:00, so the evaluation instant t* = min(P.to, now) = 2026-04-01 00:00.
 *
 * Cases (handling clocks only, unless noted):
 *  A  reported 03-02; dispatched cgk 09:30, deadline 03-02 15:30; result 11:30 (met, 120 min used);
 *     closed 03-02 15:00 满意.
 *  B  hotline 03-03; dispatched zfd 10:30, deadline 03-03 16:30; result 03-04 10:00 (LATE;
 *     used 90+240+60 = 390 min); closed 03-04 15:00 基本满意.
 *  C  reported 03-05; dispatched cgk 10:00, deadline 03-06 10:00; signed; never handled; urged 03-10.
 *     Open and overdue at t*.
 *  D  reported 03-09; dispatched cgk 10:00, bounced 11:00 (clock stopped: charged to the centre, not late);
 *     re-dispatched szs 14:00 (mandatory), deadline 03-10 14:00; result 03-10 09:30 (met, 240+30 = 270);
 *     verification failed 15:00 → rework, new clock from 03-10 15:00, deadline 03-12 18:00; result 03-11
 *     10:00 (met, 180+60 = 240); closed 03-11 16:00 满意.  Handling minutes 270 + 240 = 510.
 *  E  reported 03-12; dispatched zfd 09:00, deadline 03-20 18:00; park approved 03-16 10:00 (clock paused,
 *     deadline kept). Parked at t*.
 *  F  reported 03-16; dispatched szs 09:00, deadline 03-17 18:00; extension approved 03-17 10:00, new
 *     deadline 03-24 18:00; result 03-23 10:00 (met; 5 × 420 + 60 = 2160); closed 03-24 15:00 满意.
 *  G  reported 03-18; accepted; self-handled by the grid worker 11:00; closed 03-19 10:00 未评价.
 *  H  reported 03-20; rejected (不予受理).
 *  I  reported 03-30; dispatched cgk 03-31 09:00, deadline 04-03 18:00 (not yet due in March).
 *  J  reported 02-25; dispatched cgk 02-25 10:00, deadline 02-27 12:00; result 03-02 10:00 (LATE; used
 *     120+240 (02-25) + 420 (02-26) + 420 (02-27) + 420 (02-28 make-up day) + 60 (03-02) = 1680);
 *     closed 03-03 11:00 满意.
 *  K  reported 02-20; dispatched jsk, deadline 03-05 18:00; result 02-24; closed 02-26 (closed BEFORE P:
 *     its deadline in March must not make it due in March).
 *  L  reported 03-27; dispatched pcs 09:00, deadline 03-30 18:00; result 04-02, closed 04-03 满意 — both
 *     AFTER t*: in March it is open and overdue.
 *  M  reported 03-23; dispatched cgk 09:00, deadline 03-24 12:00; result 03-24 09:00 (met, 420); verified;
 *     03-25 09:30 resident 不满意 → rework, new clock from 03-25 10:00, deadline 03-27 18:00; result 03-26
 *     10:00 (met, 120+240+60 = 420); verified; closed 03-27 10:00 满意.  Handling minutes 840.
 *  N  reported 03-30; dispatched szs 09:00, deadline 03-31 12:00; result 03-31 10:00 (met, 420+60 = 480);
 *     verification pending (verification clock deadline 04-02 18:00: running but not overdue at t*).
 *
 * Expected March counts (t* = 04-01 00:00):
 *  reported     = A B C D E F G H I L M N            = 12  (J, K were reported in February)
 *  accepted     = A B C D E F G I L M N              = 11  (H rejected)
 *  dispatched   = A B C D E F I L M N                = 10  (G self-handled)
 *  handled      = A B D F G J M N                    =  8  (G self-handled; L's result is after t*)
 *  closed       = A B D F G J M                      =  7
 *  due          = closed 7 + deadline in [03-01, t*) and not closed before 03-01: C E L N = 11
 *                 (I: deadline in April; K: closed in February; H: no deadline)
 *  closedOnTime = A D F G M                          =  5  (B, J late)
 *  overdueNow   = C L                                =  2  (E paused; N's clocks are stopped or not due)
 *  bounced = D (1); reworked = D M (2); extended = F (1); parked = E (1); urged = C (1)
 *
 * Expected rates:
 *  onTimeClosureRate        = 5 / (11 − 1) = 0.5
 *  onTimeClosureRateStrict  = 5 / (7 + 2)  = 5/9
 *  naive closedOnTime/closed = 5 / 7 ≈ 0.714  ← hides C and L, which are overdue and still open
 *  closureRate              = 7 / (11 − 1) = 0.7
 *  reworkRate               = |{D, M}| / 8 = 0.25
 *  bounceRate               = |{D}| / 10   = 0.1
 *  extensionRate            = |{F}| / 10   = 0.1
 *  satisfactionRate         = rated A B D F J M (G 未评价 is not rated) = 6; satisfied A B D F J = 5
 *                             (M had a 不满意 in March) → 5/6
 *  avgHandlingHours         = cohort with a department result in March: A B D F J M N = 7 cases;
 *                             minutes 120 + 390 + 510 + 2160 + 1680 + 840 + 480 = 6180 = 103 h → 103/7
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { localInstant } from '../calendar/index.js';
import { createDemoRefData } from '../demo/refData.js';
import { evolve } from '../engine/index.js';
import type { CaseEvent, GridEvent } from '../gridEvent.js';
import type { Actor, CaseClock, CaseSource, ClockKind, Satisfaction } from '../model.js';
import { MetricValue } from '../api.js';
import {
  COUNT_METRIC_IDS,
  METRIC_DEFINITIONS,
  RATE_METRIC_IDS,
  computeGrouped,
  computeMetrics,
  computeTrend,
  metricCaseIds,
  type Period,
} from './index.js';

const ref = createDemoRefData();
const CFG = { utcOffsetMinutes: 480 };
/** Local wall-clock instant: L('03-02 09:30') is 2026-03-02 09:30 in the street. */
const L = (s: string): number => {
  const [d, hm] = s.split(' ') as [string, string];
  return localInstant(`2026-${d}`, hm, CFG);
};

const centre: Actor = { id: 'u-dispatcher', name: '张敏', role: 'dispatcher', unitId: 'centre' };
const dept = (id: string): Actor => ({ id: `d-${id}`, name: id, role: 'department', unitId: id });

/** Builds a case by folding hand-written timeline entries through the real evolve. */
class CaseBuilder {
  state: GridEvent | null = null;
  clocks: CaseClock[] = [];
  private n = 0;
  private lead = '';

  constructor(
    readonly id: string,
    at: number,
    source: CaseSource = 'grid_worker',
  ) {
    this.ev('reported', at, {
      code: `SJ-${id}`,
      title: `案件${id}`,
      description: '测试',
      address: '黄石东路1号',
      communityId: 'c001',
      gridId: 'g001001',
      source,
      attachments: [],
      reportedAt: at,
      clocks: [],
    });
  }

  private ev(type: CaseEvent['type'], at: number, data: Record<string, unknown>, actor: Actor = centre): this {
    const version = (this.state?.version ?? 0) + 1;
    const e: CaseEvent = {
      id: `${this.id}:${version}`,
      caseId: this.id,
      version,
      type,
      at,
      actor,
      data: { ...data, clocks: this.clocks.map((c) => ({ ...c })) },
    };
    if (!('clocks' in data)) delete e.data['clocks'];
    this.state = evolve(this.state, e);
    return this;
  }

  private startClock(kind: ClockKind, unitId: string, at: number, deadline: number): CaseClock {
    const k: CaseClock = {
      id: `c${++this.n}-${kind}`,
      kind,
      unitId,
      startedAt: at,
      limitMinutes: 60,
      natural: false,
      deadline,
      pauses: [],
      extensions: [],
    };
    this.clocks.push(k);
    return k;
  }

  private stopRunning(kind: ClockKind, at: number, outcome?: 'stopped'): void {
    this.clocks = this.clocks.map((k) =>
      k.kind === kind && k.stoppedAt === undefined ? { ...k, stoppedAt: at, outcome: outcome ?? (at > k.deadline ? 'late' : 'met') } : k,
    );
  }

  accept(at: number): this {
    return this.ev('accepted', at, { catalogItemId: 'sr01', category: '市容环境', grade: 'normal', clocks: [] });
  }
  reject(at: number): this {
    return this.ev('rejected', at, { reason: '重复上报', clocks: [] });
  }
  selfHandle(at: number): this {
    return this.ev('self_handled', at, { clocks: [] });
  }
  dispatch(at: number, department: string, deadline: number): this {
    this.lead = department;
    const k = this.startClock('handling', department, at, deadline);
    const mandatory = (this.state?.bounceCount ?? 0) > 0;
    return this.ev('dispatched', at, {
      leadDepartmentId: department,
      coDepartmentIds: [],
      mandatory,
      fallback: false,
      handlingClockId: k.id,
      limitMinutes: k.limitMinutes,
      natural: false,
      deadline,
      deadlineOverride: false,
      clocks: [],
    });
  }
  sign(at: number): this {
    return this.ev('signed', at, { departmentId: this.lead }, dept(this.lead));
  }
  bounce(at: number): this {
    this.stopRunning('handling', at, 'stopped');
    return this.ev(
      'bounced',
      at,
      { departmentId: this.lead, reasonCode: 'not_our_duty', text: '非本部门职责', clocks: [] },
      dept(this.lead),
    );
  }
  result(at: number, verificationDeadline?: number): this {
    this.stopRunning('handling', at);
    if (verificationDeadline !== undefined) this.startClock('verification', 'centre', at, verificationDeadline);
    return this.ev('result_reported', at, { departmentId: this.lead, text: '已处理', attachments: [], clocks: [] }, dept(this.lead));
  }
  extend(at: number, newDeadline: number): this {
    this.clocks = this.clocks.map((k) =>
      k.kind === 'handling' && k.stoppedAt === undefined
        ? {
            ...k,
            limitMinutes: k.limitMinutes + 60,
            deadline: newDeadline,
            extensions: [...k.extensions, { at, minutes: 60, by: 'u-supervisor', oldDeadline: k.deadline, newDeadline }],
          }
        : k,
    );
    return this.ev('extension_decided', at, { approve: true, minutes: 60, clockId: 'x', clocks: [] });
  }
  park(at: number): this {
    this.clocks = this.clocks.map((k) => (k.stoppedAt === undefined ? { ...k, pausedAt: at, remainingAtPause: 100 } : k));
    return this.ev('park_decided', at, { approve: true, statusBeforePark: this.state?.status, clocks: [] });
  }
  verify(at: number, passed: boolean): this {
    return this.ev('verified', at, { passed, clocks: [] });
  }
  rework(at: number, reason: 'verification_failed' | 'unsatisfied', newDeadline: number, restartAt = at): this {
    this.stopRunning('verification', at);
    this.startClock('handling', this.lead, restartAt, newDeadline);
    const data: Record<string, unknown> = { reason, status: 'rework', clocks: [] };
    if (reason === 'unsatisfied') data['satisfaction'] = 'unsatisfied';
    return this.ev('rework_ordered', at, data);
  }
  close(at: number, satisfaction: Satisfaction): this {
    this.stopRunning('verification', at);
    return this.ev('closed', at, { satisfaction, clocks: [] });
  }
  /** Adds a clock as a calendar recalculation would publish it (used to plant a centre clock). */
  addClock(at: number, clock: CaseClock): this {
    this.clocks.push(clock);
    return this.ev('deadlines_recalculated', at, {
      changes: [{ clockId: clock.id, kind: clock.kind, unitId: clock.unitId, oldDeadline: clock.deadline, newDeadline: clock.deadline }],
      clocks: [],
    });
  }
  urge(at: number): this {
    const urge = {
      id: `${this.id}-u1`,
      caseId: this.id,
      level: 'remind',
      departmentId: this.lead,
      message: '请尽快处置',
      issuedAt: at,
      issuedBy: centre,
      replyDeadline: at + 3_600_000,
    };
    return this.ev('urged', at, { urge });
  }
  build(): GridEvent {
    if (!this.state) throw new Error('empty case');
    return this.state;
  }
}

const b = (id: string, at: string, source?: CaseSource) => new CaseBuilder(id, L(at), source);

const CASES: GridEvent[] = [
  b('A', '03-02 08:50')
    .accept(L('03-02 09:10'))
    .dispatch(L('03-02 09:30'), 'cgk', L('03-02 15:30'))
    .sign(L('03-02 09:40'))
    .result(L('03-02 11:30'))
    .verify(L('03-02 14:30'), true)
    .close(L('03-02 15:00'), 'satisfied')
    .build(),
  b('B', '03-03 09:50', 'hotline')
    .accept(L('03-03 10:00'))
    .dispatch(L('03-03 10:30'), 'zfd', L('03-03 16:30'))
    .result(L('03-04 10:00'))
    .verify(L('03-04 14:30'), true)
    .close(L('03-04 15:00'), 'basic')
    .build(),
  b('C', '03-05 09:00')
    .accept(L('03-05 09:20'))
    .dispatch(L('03-05 10:00'), 'cgk', L('03-06 10:00'))
    .sign(L('03-05 11:00'))
    .urge(L('03-10 10:00'))
    .build(),
  b('D', '03-09 09:00')
    .accept(L('03-09 09:30'))
    .dispatch(L('03-09 10:00'), 'cgk', L('03-09 16:00'))
    .bounce(L('03-09 11:00'))
    .dispatch(L('03-09 14:00'), 'szs', L('03-10 14:00'))
    .result(L('03-10 09:30'))
    .verify(L('03-10 15:00'), false)
    .rework(L('03-10 15:00'), 'verification_failed', L('03-12 18:00'))
    .result(L('03-11 10:00'))
    .verify(L('03-11 15:00'), true)
    .close(L('03-11 16:00'), 'satisfied')
    .build(),
  b('E', '03-12 08:30')
    .accept(L('03-12 08:40'))
    .dispatch(L('03-12 09:00'), 'zfd', L('03-20 18:00'))
    .sign(L('03-12 10:00'))
    .park(L('03-16 10:00'))
    .build(),
  b('F', '03-16 08:30')
    .accept(L('03-16 08:40'))
    .dispatch(L('03-16 09:00'), 'szs', L('03-17 18:00'))
    .extend(L('03-17 10:00'), L('03-24 18:00'))
    .result(L('03-23 10:00'))
    .verify(L('03-24 10:00'), true)
    .close(L('03-24 15:00'), 'satisfied')
    .build(),
  b('G', '03-18 09:00')
    .accept(L('03-18 09:10'))
    .selfHandle(L('03-18 11:00'))
    .verify(L('03-19 09:00'), true)
    .close(L('03-19 10:00'), 'not_rated')
    .build(),
  b('H', '03-20 09:00').reject(L('03-20 09:10')).build(),
  b('I', '03-30 16:00').accept(L('03-30 16:10')).dispatch(L('03-31 09:00'), 'cgk', L('04-03 18:00')).build(),
  b('J', '02-25 09:00')
    .accept(L('02-25 09:30'))
    .dispatch(L('02-25 10:00'), 'cgk', L('02-27 12:00'))
    .result(L('03-02 10:00'))
    .verify(L('03-03 10:00'), true)
    .close(L('03-03 11:00'), 'satisfied')
    .build(),
  b('K', '02-20 09:00')
    .accept(L('02-20 09:30'))
    .dispatch(L('02-20 10:00'), 'jsk', L('03-05 18:00'))
    .result(L('02-24 10:00'))
    .verify(L('02-25 10:00'), true)
    .close(L('02-26 10:00'), 'satisfied')
    .build(),
  b('L', '03-27 08:30')
    .accept(L('03-27 08:45'))
    .dispatch(L('03-27 09:00'), 'pcs', L('03-30 18:00'))
    .result(L('04-02 10:00'))
    .verify(L('04-03 09:00'), true)
    .close(L('04-03 10:00'), 'satisfied')
    .build(),
  b('M', '03-23 08:30')
    .accept(L('03-23 08:40'))
    .dispatch(L('03-23 09:00'), 'cgk', L('03-24 12:00'))
    .result(L('03-24 09:00'))
    .verify(L('03-24 15:00'), true)
    .rework(L('03-25 09:30'), 'unsatisfied', L('03-27 18:00'), L('03-25 10:00'))
    .result(L('03-26 10:00'))
    .verify(L('03-26 15:00'), true)
    .close(L('03-27 10:00'), 'satisfied')
    .build(),
  b('N', '03-30 08:30')
    .accept(L('03-30 08:40'))
    .dispatch(L('03-30 09:00'), 'szs', L('03-31 12:00'))
    .result(L('03-31 10:00'), L('04-02 18:00'))
    .build(),
];

const MARCH: Period = { from: localInstant('2026-03-01', '00:00', CFG), to: localInstant('2026-04-01', '00:00', CFG) };
const NOW = L('04-10 12:00');

const byId = (values: ReturnType<typeof computeMetrics>) => new Map(values.map((v) => [v.id, v]));

describe('metrics over the hand-built March data set', () => {
  const m = byId(computeMetrics(CASES, MARCH, ref, NOW));
  const value = (id: string) => m.get(id)?.value;

  it('gives every count exactly as worked out by hand', () => {
    const counts = Object.fromEntries(COUNT_METRIC_IDS.map((id) => [id, value(id)]));
    expect(counts).toEqual({
      reported: 12,
      accepted: 11,
      dispatched: 10,
      handled: 8,
      due: 11,
      closed: 7,
      closedOnTime: 5,
      overdueNow: 2,
      bounced: 1,
      reworked: 2,
      extended: 1,
      parked: 1,
      urged: 1,
      reopened: 0,
    });
  });

  it('gives every rate with its numerator and denominator', () => {
    const rate = (id: string) => {
      const v = m.get(id);
      return [v?.numerator, v?.denominator, v?.value];
    };
    expect(rate('onTimeClosureRate')).toEqual([5, 10, 0.5]);
    expect(rate('onTimeClosureRateStrict')).toEqual([5, 9, 5 / 9]);
    expect(rate('closureRate')).toEqual([7, 10, 0.7]);
    expect(rate('reworkRate')).toEqual([2, 8, 0.25]);
    expect(rate('bounceRate')).toEqual([1, 10, 0.1]);
    expect(rate('extensionRate')).toEqual([1, 10, 0.1]);
    expect(rate('satisfactionRate')).toEqual([5, 6, 5 / 6]);
    const avg = m.get('avgHandlingHours');
    expect(avg?.numerator).toBeCloseTo(103, 10);
    expect(avg?.denominator).toBe(7);
    expect(avg?.value).toBeCloseTo(103 / 7, 10);
  });

  it('shows that the naive closed-on-time / closed rate hides open overdue cases', () => {
    const naive = (value('closedOnTime') ?? 0) / (value('closed') ?? 1);
    expect(naive).toBeCloseTo(5 / 7, 10);
    // C and L are overdue and still open at the end of March: only the strict variant counts them.
    expect(metricCaseIds('overdueNow', CASES, MARCH, ref, NOW)).toEqual(['C', 'L']);
    expect(value('onTimeClosureRateStrict')).toBeLessThan(naive);
    expect(value('onTimeClosureRate')).toBeLessThan(naive);
  });

  it('drill-down returns exactly the counted cases', () => {
    const ids = (id: string, part?: 'numerator' | 'denominator') => metricCaseIds(id, CASES, MARCH, ref, NOW, part);
    expect(ids('reported')).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'L', 'M', 'N']);
    expect(ids('dispatched')).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'I', 'L', 'M', 'N']);
    expect(ids('handled')).toEqual(['A', 'B', 'D', 'F', 'G', 'J', 'M', 'N']);
    expect(ids('due')).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'J', 'L', 'M', 'N']);
    expect(ids('closedOnTime')).toEqual(['A', 'D', 'F', 'G', 'M']);
    expect(ids('parked')).toEqual(['E']);
    expect(ids('reworked')).toEqual(['D', 'M']);
    expect(ids('onTimeClosureRate')).toEqual(['A', 'D', 'F', 'G', 'M']);
    expect(ids('onTimeClosureRate', 'denominator')).toEqual(['A', 'B', 'C', 'D', 'F', 'G', 'J', 'L', 'M', 'N']);
    expect(ids('onTimeClosureRateStrict', 'denominator')).toEqual(['A', 'B', 'C', 'D', 'F', 'G', 'J', 'L', 'M']);
    expect(ids('satisfactionRate')).toEqual(['A', 'B', 'D', 'F', 'J']);
    expect(ids('satisfactionRate', 'denominator')).toEqual(['A', 'B', 'D', 'F', 'J', 'M']);
    expect(ids('avgHandlingHours')).toEqual(['A', 'B', 'D', 'F', 'J', 'M', 'N']);
    // Every count and every rate part has exactly as many ids as the metric says.
    for (const v of m.values()) {
      if (v.unit === 'count') expect(ids(v.id)).toHaveLength(v.value ?? -1);
      else {
        expect(ids(v.id, 'denominator')).toHaveLength(v.denominator ?? -1);
        if (v.unit === 'ratio') expect(ids(v.id)).toHaveLength(v.numerator ?? -1);
      }
    }
    expect(() => ids('noSuchMetric')).toThrow(/未知/);
  });

  it('evaluates a past period as it stood at its end, whatever happened later', () => {
    // L was handled and closed in April; truncating every timeline at t* must not change March.
    const later = computeMetrics(CASES, MARCH, ref, L('05-01 00:00'));
    const atEnd = computeMetrics(CASES, MARCH, ref, MARCH.to);
    expect(later).toEqual(atEnd);
    expect(byId(later).get('closed')?.value).toBe(7);
  });

  it('evaluates a running period at now: cases not yet due are not counted as due', () => {
    // now = 03-20 12:00. E's deadline (03-20 18:00) has not passed; C's has and C is overdue.
    const mid = byId(computeMetrics(CASES, MARCH, ref, L('03-20 12:00')));
    // Reported by then: A B C D E F G H (8); closed: A B D G J (5; F closes 03-24).
    expect(mid.get('reported')?.value).toBe(8);
    expect(mid.get('closed')?.value).toBe(5);
    // due = closed 5 + C (03-06): 6. F's deadline moved to 03-24; E's (03-20 18:00) has not passed, so E
    // is not counted as parked either.
    expect(mid.get('due')?.value).toBe(6);
    expect(mid.get('parked')?.value).toBe(0);
    expect(metricCaseIds('overdueNow', CASES, MARCH, ref, L('03-20 12:00'))).toEqual(['C']);
    // F's extension was approved 03-17: counted; its clock still runs at 03-20.
    expect(mid.get('extended')?.value).toBe(1);
  });

  it('counts an overdue registration clock in overdueNow (any clock kind counts)', () => {
    const P: Period = { from: L('03-31 00:00'), to: L('04-01 00:00') };
    // A registration clock that the centre let run past its deadline (09:30).
    const o = new CaseBuilder('O', L('03-31 08:00'))
      .addClock(L('03-31 08:00'), {
        id: 'c0-registration',
        kind: 'registration',
        unitId: 'centre',
        startedAt: L('03-31 08:00'),
        limitMinutes: 30,
        natural: false,
        deadline: L('03-31 09:30'),
        pauses: [],
        extensions: [],
      })
      .build();
    expect(metricCaseIds('overdueNow', [o], P, ref, L('03-31 09:00'))).toEqual([]);
    expect(metricCaseIds('overdueNow', [o], P, ref, L('03-31 10:00'))).toEqual(['O']);
  });

  it('groups by lead department, with every department listed and the undispatched cases apart', () => {
    const groups = computeGrouped(CASES, MARCH, 'department', ref, NOW);
    expect(groups.slice(0, ref.departments.length).map((g) => g.key)).toEqual(ref.departments.map((d) => d.id));
    const g = new Map(groups.map((x) => [x.key, byId(x.metrics)]));
    // szs leads D (re-dispatched to it), F and N: closed D F, due D F N, all on time.
    expect(g.get('szs')?.get('closed')?.value).toBe(2);
    expect(g.get('szs')?.get('due')?.value).toBe(3);
    expect(g.get('szs')?.get('onTimeClosureRate')?.value).toBeCloseTo(2 / 3, 10);
    // cgk leads A C I J M: due A C J M; on time A M; C overdue.
    expect(g.get('cgk')?.get('due')?.value).toBe(4);
    expect(g.get('cgk')?.get('onTimeClosureRate')?.value).toBe(0.5);
    expect(g.get('cgk')?.get('overdueNow')?.value).toBe(1);
    // G (self-handled) and H (rejected) have no lead department.
    const none = groups.find((x) => x.key === '');
    expect(none?.label).toBe('未派遣');
    expect(byId(none?.metrics ?? []).get('reported')?.value).toBe(2);
    // A department with no cases has zero counts and null rates.
    expect(g.get('jsb')?.get('reported')?.value).toBe(0);
    expect(g.get('jsb')?.get('onTimeClosureRate')?.value).toBeNull();
    // Counts of the groups add up to the totals, except the department-attributed ones: D was dispatched
    // to cgk and to szs, so it counts as dispatched for both.
    const total = byId(computeMetrics(CASES, MARCH, ref, NOW));
    for (const id of COUNT_METRIC_IDS) {
      const sum = groups.reduce((s, x) => s + (byId(x.metrics).get(id)?.value ?? 0), 0);
      if (id === 'dispatched') expect(sum, id).toBe((total.get(id)?.value ?? 0) + 1);
      else expect(sum, id).toBe(total.get(id)?.value);
    }
  });

  it('counts a bounce against the department that bounced, not the one that got the mandatory re-dispatch', () => {
    // D: dispatched to cgk, bounced by cgk, re-dispatched to szs (its lead at t*).
    const g = new Map(computeGrouped(CASES, MARCH, 'department', ref, NOW).map((x) => [x.key, byId(x.metrics)]));
    const rate = (dept: string, id: string) => {
      const v = g.get(dept)?.get(id);
      return [v?.numerator, v?.denominator];
    };
    // cgk was sent A C D I M in March and bounced D.
    expect(g.get('cgk')?.get('bounced')?.value).toBe(1);
    expect(rate('cgk', 'bounceRate')).toEqual([1, 5]);
    // szs was sent D (mandatory), F and N and bounced nothing.
    expect(g.get('szs')?.get('bounced')?.value).toBe(0);
    expect(rate('szs', 'bounceRate')).toEqual([0, 3]);
    // D's closure still belongs to szs alone; cgk only carries the dispatch and the bounce.
    expect(metricCaseIds('closed', CASES, MARCH, ref, NOW, 'numerator', { groupBy: 'department', key: 'szs' })).toEqual(['D', 'F']);
    expect(metricCaseIds('closed', CASES, MARCH, ref, NOW, 'numerator', { groupBy: 'department', key: 'cgk' })).toEqual(['A', 'J', 'M']);
    expect(metricCaseIds('bounceRate', CASES, MARCH, ref, NOW, 'denominator', { groupBy: 'department', key: 'cgk' })).toEqual([
      'A',
      'C',
      'D',
      'I',
      'M',
    ]);
    // F's extension was granted to szs, C's urge went to cgk.
    expect(g.get('szs')?.get('extended')?.value).toBe(1);
    expect(g.get('cgk')?.get('urged')?.value).toBe(1);
    expect(g.get('cgk')?.get('extended')?.value).toBe(0);
  });

  it('groups by source and community', () => {
    const bySource = new Map(computeGrouped(CASES, MARCH, 'source', ref, NOW).map((x) => [x.key, byId(x.metrics)]));
    expect(bySource.get('hotline')?.get('reported')?.value).toBe(1);
    expect(bySource.get('grid_worker')?.get('reported')?.value).toBe(11);
    expect(bySource.get('meeting')?.get('reported')?.value).toBe(0);
    const byCommunity = computeGrouped(CASES, MARCH, 'community', ref, NOW);
    expect(byCommunity).toHaveLength(13);
    expect(byCommunity[0]?.label).toBe('黄石东社区');
  });

  it('gives a daily trend of reported, closed and newly overdue cases', () => {
    const trend = computeTrend(CASES, MARCH, ref, NOW);
    expect(trend).toHaveLength(31);
    expect(trend[0]?.day).toBe('2026-03-01');
    expect(trend[30]?.day).toBe('2026-03-31');
    const day = (d: string) => trend.find((p) => p.day === `2026-${d}`);
    expect(day('03-02')).toEqual({ day: '2026-03-02', reported: 1, closed: 1, overdue: 0 });
    expect(day('03-30')).toEqual({ day: '2026-03-30', reported: 2, closed: 0, overdue: 1 }); // I, N reported; L overdue
    // Went overdue: B (03-03, late), C (03-06), L (03-30). D's bounced clock does not count.
    expect(trend.filter((p) => p.overdue > 0).map((p) => p.day)).toEqual(['2026-03-03', '2026-03-06', '2026-03-30']);
    expect(trend.reduce((s, p) => s + p.reported, 0)).toBe(12);
    expect(trend.reduce((s, p) => s + p.closed, 0)).toBe(7);
  });

  it('returns values that satisfy the API schema and carry formula and version', () => {
    const values = computeMetrics(CASES, MARCH, ref, NOW);
    expect(values.map((v) => v.id)).toEqual(METRIC_DEFINITIONS.map((d) => d.id));
    for (const v of values) {
      expect(MetricValue.safeParse(v).success).toBe(true);
      expect(v.formula.length).toBeGreaterThan(0);
      const departmentAttributed = ['dispatched', 'bounced', 'extended', 'urged', 'bounceRate', 'extensionRate'].includes(v.id);
      expect(v.version, v.id).toBe(departmentAttributed ? '1.1' : '1.0');
    }
    expect(values.find((v) => v.id === 'onTimeClosureRate')?.formula).toBe('按期结案数 ÷ (应结案数 − 挂账数)');
  });
});

describe('rates (property)', () => {
  it('lie in [0, 1] (or null when the denominator is 0) for any period and any subset of cases', () => {
    const start = L('02-15 00:00');
    const end = L('04-15 00:00');
    fc.assert(
      fc.property(
        fc.subarray(CASES),
        fc.integer({ min: start, max: end }),
        fc.integer({ min: 1, max: 40 * 86_400_000 }),
        fc.integer({ min: start, max: end }),
        (subset, from, length, now) => {
          const period = { from, to: from + length };
          for (const v of computeMetrics(subset, period, ref, now)) {
            if (v.unit !== 'ratio') continue;
            if (v.denominator === 0) expect(v.value).toBeNull();
            else {
              expect(v.value).not.toBeNull();
              expect(v.value).toBeGreaterThanOrEqual(0);
              expect(v.value).toBeLessThanOrEqual(1);
              expect(v.numerator).toBeLessThanOrEqual(v.denominator ?? 0);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every rate id has a definition with a formula', () => {
    for (const id of RATE_METRIC_IDS) expect(METRIC_DEFINITIONS.find((d) => d.id === id)?.formula).toBeTruthy();
  });
});
