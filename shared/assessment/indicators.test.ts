import { describe, expect, it } from 'vitest';
import { createDemoRefData } from '../demo/refData.js';
import type { CaseEvent, GridEvent } from '../gridEvent.js';
import type { Actor, CaseClock } from '../model.js';
import { computeAssessmentInputs } from './indicators.js';
import { DEFAULT_SCHEMES } from './defaults.js';
import { freezeAssessment, liveMatchesFrozen, verifyFrozen } from './freeze.js';
import { scoreAll } from './scoring.js';

const ref = createDemoRefData();
const grid = ref.grids[0]!;
const worker = ref.gridWorkers.find((w) => w.gridId === grid.id && w.kind === 'worker')!;
const H = 3600_000;
const P = { from: Date.UTC(2026, 10, 1) - 8 * H, to: Date.UTC(2026, 11, 1) - 8 * H };
const at = (day: number, hour = 10) => P.from + (day - 1) * 24 * H + hour * H;
const NOW = P.to + 10 * 24 * H;

const d1: Actor = { id: 'u-dispatcher', name: '张敏', role: 'dispatcher', unitId: 'centre' };
const d2: Actor = { id: 'u-dispatcher2', name: '王磊', role: 'dispatcher', unitId: 'centre' };
const gw: Actor = { id: worker.id, name: worker.name, role: 'gridWorker', unitId: grid.id };
const dept: Actor = { id: 'cgk', name: '城管科', role: 'department', unitId: 'cgk' };

function clock(
  kind: CaseClock['kind'],
  startedAt: number,
  deadline: number,
  stop?: { at: number; outcome: 'met' | 'late' | 'stopped' },
): CaseClock {
  return {
    id: `${kind}-${startedAt}`,
    kind,
    unitId: 'centre',
    startedAt,
    limitMinutes: 60,
    natural: true,
    deadline,
    pauses: [],
    extensions: [],
    ...(stop ? { stoppedAt: stop.at, outcome: stop.outcome } : {}),
  };
}

function mkCase(id: string, events: [CaseEvent['type'], number, Actor][], clocks: CaseClock[], extra: Partial<GridEvent> = {}): GridEvent {
  const timeline: CaseEvent[] = events.map(([type, t, actor], i) => ({
    id: `${id}-${i}`,
    caseId: id,
    version: i + 1,
    type,
    at: t,
    actor,
    data: {},
  }));
  return {
    id,
    code: id,
    title: '测试',
    description: '测试',
    address: '黄石东路1号',
    communityId: grid.communityId,
    gridId: grid.id,
    source: 'grid_worker',
    attachments: [],
    status: 'dispatched',
    reportedAt: events[0]![1],
    updatedAt: events[events.length - 1]![1],
    coDepartmentIds: [],
    bounceCount: 0,
    mandatory: false,
    fallback: false,
    reworkCount: 0,
    extensionCount: 0,
    parkCount: 0,
    clocks,
    urges: [],
    accountability: [],
    version: timeline.length,
    timeline,
    ...extra,
  };
}

/** A small fixed dataset: four grid-worker reports in one grid, decided by two seats. */
function dataset(): GridEvent[] {
  return [
    // A: accepted on time by 张敏, dispatched by 张敏, bounced, re-dispatched by 王磊.
    mkCase(
      'A',
      [
        ['reported', at(2), gw],
        ['accepted', at(2, 11), d1],
        ['dispatched', at(2, 12), d1],
        ['bounced', at(3), dept],
        ['dispatched', at(3, 12), d2],
      ],
      [clock('registration', at(2), at(2, 12), { at: at(2, 11), outcome: 'met' })],
      { leadDepartmentId: 'cgk', bounceCount: 1, mandatory: true },
    ),
    // B: rejected late by 王磊 (not a valid report).
    mkCase(
      'B',
      [
        ['reported', at(4), gw],
        ['rejected', at(4, 15), d2],
      ],
      [clock('registration', at(4), at(4, 12), { at: at(4, 15), outcome: 'late' })],
      { status: 'rejected' },
    ),
    // C: handled on the spot by the grid worker, verified on time.
    mkCase(
      'C',
      [
        ['reported', at(5), gw],
        ['self_handled', at(5, 10.5), gw],
        ['verified', at(5, 16), gw],
      ],
      [clock('verification', at(5, 10.5), at(6), { at: at(5, 16), outcome: 'met' })],
      {
        status: 'verified',
      },
    ),
    // D: reported by the hotline; its verification clock is running and overdue.
    mkCase(
      'D',
      [
        ['reported', at(6), { id: 'h', name: '12345', role: 'hotline' }],
        ['accepted', at(6, 11), d1],
      ],
      [clock('verification', at(7), at(8))],
      {
        source: 'hotline',
        status: 'handled',
      },
    ),
  ];
}

describe('computeAssessmentInputs on a fixed dataset', () => {
  const inputs = computeAssessmentInputs(dataset(), P, ref, NOW);
  const get = (kind: string, id: string) => inputs.find((i) => i.kind === kind && i.id === id)!;

  it('grid worker: valid reports, on-time verification, self-handled', () => {
    const w = get('gridWorker', worker.id);
    expect(w.label).toContain(worker.name);
    expect(w.indicators.validReportRate).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 }); // A, C valid; B rejected
    expect(w.indicators.onTimeVerificationRate).toEqual({ value: 0.5, numerator: 1, denominator: 2 }); // C met; D overdue
    expect(w.indicators.selfHandledCount).toEqual({ value: 1 });
  });

  it('seats: on-time registration and dispatches not bounced', () => {
    expect(get('seat', 'u-dispatcher').indicators).toEqual({
      onTimeRegistrationRate: { value: 1, numerator: 1, denominator: 1 },
      accurateDispatchRate: { value: 0, numerator: 0, denominator: 1 },
      dispatchCount: { value: 1 },
    });
    expect(get('seat', 'u-dispatcher2').indicators).toEqual({
      onTimeRegistrationRate: { value: 0, numerator: 0, denominator: 1 },
      accurateDispatchRate: { value: 1, numerator: 1, denominator: 1 },
      dispatchCount: { value: 1 },
    });
  });

  it('community: valid-report rate of its grids, other indicators from the metrics', () => {
    const c = get('community', grid.communityId);
    expect(c.indicators.validReportRate).toMatchObject({ numerator: 2, denominator: 3 });
    expect(c.indicators.reportedCount).toMatchObject({ value: 4 });
  });

  it('departments come from the statistics metrics (bounce counted against the department)', () => {
    expect(get('department', 'cgk').indicators.bounceRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(inputs.filter((i) => i.kind === 'department').map((i) => i.id)).toEqual(ref.departments.map((d) => d.id));
  });

  it('a frozen seat assessment reproduces exactly after a data correction', () => {
    const frozen = freezeAssessment({
      id: 'q4',
      kind: 'seat',
      period: { ...P, label: '2026年11月' },
      scheme: DEFAULT_SCHEMES.seat,
      inputs,
      frozenAt: NOW,
      frozenBy: 'leader',
    });
    const before = frozen.results.find((r) => r.id === 'u-dispatcher')!.total;
    expect(before).toBe(50); // registration 100 % → 50; accurate dispatch 0 % → max(0, 50 − 2 × 90) = 0
    // Correction: the bounce of case A is found to have been recorded in error and is removed.
    const corrected = dataset();
    corrected[0]!.timeline = corrected[0]!.timeline.filter((e) => e.type !== 'bounced');
    const live = computeAssessmentInputs(corrected, P, ref, NOW);
    expect(scoreAll(live, DEFAULT_SCHEMES.seat).find((r) => r.id === 'u-dispatcher')!.total).toBe(100);
    expect(liveMatchesFrozen(frozen, live)).toBe(false);
    const reread = JSON.parse(JSON.stringify(frozen)) as typeof frozen;
    expect(verifyFrozen(reread).ok).toBe(true);
    expect(reread.results.find((r) => r.id === 'u-dispatcher')!.total).toBe(50);
  });
});
