/**
 * Merged duplicates (合并) in the statistics: a duplicate merged at t* counts in no metric, its original once
 * (MERGED_DUPLICATE_RULE); evaluated as of t*, so a past period recomputed after the merge does not change.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../commands.js';
import { decide, evolve } from '../engine/index.js';
import type { EngineContext } from '../engine/types.js';
import type { GridEvent } from '../gridEvent.js';
import type { Actor } from '../model.js';
import { actors, dept, HOUR, makeRef, MIN, reportCmd, T0 } from '../testing/engineFixtures.js';
import { buildFactRecord, deriveFacts, EXACT_PATH, type DerivedFacts } from './factRecord.js';
import { dictionary } from './factTestSupport.js';
import { caseFacts, computeMetrics, computeTrend, MERGED_DUPLICATE_RULE, metricCaseIds, type Period } from './index.js';

const ref = makeRef();
const DAY = 24 * HOUR;
const period: Period = { from: T0 - DAY, to: T0 + 30 * DAY };

function world() {
  const w = new Map<string, GridEvent>();
  let now = T0;
  const act = (cmd: Command, actor: Actor, dt = 10 * MIN) => {
    now += dt;
    const ctx: EngineContext = { actor, now, ref, commandId: `c-${now}`, cases: (id) => w.get(id) ?? null };
    const r = decide(w.get(cmd.caseId) ?? null, cmd, ctx);
    if (!r.ok) throw new Error(`${cmd.type}: ${r.message}`);
    for (const e of [...r.events, ...(r.paired ?? [])]) w.set(e.caseId, evolve(w.get(e.caseId) ?? null, e));
    return now;
  };
  return { w, act, at: () => now };
}

/** An original handled on time, a duplicate merged at intake, and one bounced and overdue before its merge. */
function scenario() {
  const { w, act, at } = world();
  for (const id of ['orig', 'dup1', 'dup2'])
    act(reportCmd(id, id === 'dup1' ? { source: 'hotline', reporter: { name: '市民' } } : {}), actors.gridWorker);
  for (const id of ['orig', 'dup2']) {
    act({ type: 'accept', caseId: id, catalogItemId: 'item-rubbish', grade: 'normal' }, actors.dispatcher);
    act({ type: 'dispatch', caseId: id, leadDepartmentId: 'dept-cg', coDepartmentIds: [] }, actors.dispatcher);
  }
  act({ type: 'merge', caseId: 'dup1', targetCaseId: 'orig' }, actors.dispatcher);
  act({ type: 'reportResult', caseId: 'orig', text: '已清理', attachments: [] }, dept('dept-cg'));
  // dup2 is bounced; the centre's re-dispatch clock (one working hour) runs out overnight: overdue before the merge.
  act({ type: 'bounce', caseId: 'dup2', reasonCode: 'other', text: '请核实' }, dept('dept-cg'), 0);
  act({ type: 'verify', caseId: 'orig', passed: true, note: '已清理' }, actors.dispatcher, DAY);
  const beforeMerge = at();
  act({ type: 'merge', caseId: 'dup2', targetCaseId: 'orig' }, actors.dispatcher);
  const closedAt = act({ type: 'close', caseId: 'orig', satisfaction: 'satisfied' }, actors.dispatcher);
  return { w, cases: [...w.values()], beforeMerge, closedAt };
}

const value = (cases: GridEvent[], id: string, now: number, p = period) =>
  computeMetrics(cases, p, ref, now).find((m) => m.id === id)!.value;

describe('merged duplicates in the metrics', () => {
  it('count once, as their original: reports, handling, closure, on-time closure and satisfaction', () => {
    const { w, cases, closedAt } = scenario();
    expect(w.get('dup1')).toMatchObject({ mergedInto: 'orig', status: 'closed', closedAt });
    const now = closedAt + HOUR;
    for (const [id, n] of [
      ['reported', 1],
      ['accepted', 1],
      ['dispatched', 1],
      ['handled', 1],
      ['due', 1],
      ['closed', 1],
      ['closedOnTime', 1],
      ['overdueNow', 0],
      ['bounced', 0],
    ] as const)
      expect([id, value(cases, id, now)]).toEqual([id, n]);
    expect(value(cases, 'onTimeClosureRate', now)).toBe(1);
    expect(value(cases, 'onTimeClosureRateStrict', now)).toBe(1);
    expect(value(cases, 'bounceRate', now)).toBe(0);
    expect(metricCaseIds('reported', cases, period, ref, now)).toEqual(['orig']);
    expect(caseFacts(cases, period, ref, now).map((f) => f.id)).toEqual(['orig']);
    const trend = computeTrend(cases, period, ref, now);
    expect(trend.reduce((n, p) => n + p.reported, 0)).toBe(1);
    expect(trend.reduce((n, p) => n + p.closed, 0)).toBe(1);
  });

  it('count as cases of their own while not merged at t* (a past period stays as it was)', () => {
    const { cases, beforeMerge } = scenario();
    // At beforeMerge dup1 is merged, dup2 is not yet: dup2 counts, with its overdue clock and its bounce.
    expect(value(cases, 'reported', beforeMerge)).toBe(2);
    expect(value(cases, 'bounced', beforeMerge)).toBe(1);
    expect(value(cases, 'overdueNow', beforeMerge)).toBe(1);
    expect(value(cases, 'dispatched', beforeMerge)).toBe(2);
    expect(metricCaseIds('reported', cases, period, ref, beforeMerge).sort()).toEqual(['dup2', 'orig']);
  });

  it('count again once unmerged', () => {
    const { w, act } = world();
    act(reportCmd('a'), actors.gridWorker);
    act(reportCmd('b'), actors.gridWorker);
    act({ type: 'merge', caseId: 'b', targetCaseId: 'a' }, actors.dispatcher);
    const merged = act({ type: 'link', caseId: 'a', otherCaseId: 'b' }, actors.dispatcher);
    const back = act({ type: 'unmerge', caseId: 'b', reason: '不是同一处' }, actors.supervisor);
    const cases = [...w.values()];
    expect(value(cases, 'reported', merged)).toBe(1);
    expect(value(cases, 'reported', back)).toBe(2);
  });

  it('take the exact path in the fact records, whose other cases derive the same facts as caseFacts', () => {
    const { cases, closedAt } = scenario();
    const dict = dictionary();
    const now = closedAt + HOUR;
    for (const c of cases) {
      const rec = buildFactRecord(c, ref.calendar, dict);
      if (c.timeline.some((e) => e.type === 'merged')) {
        expect(rec, c.id).toBeNull();
        continue;
      }
      expect(rec, c.id).not.toBeNull();
      const d = deriveFacts(c.id, rec!, period, now, dict.keys, ref.calendar);
      const exact = caseFacts([c], period, ref, now)[0]!;
      if (d === EXACT_PATH) continue;
      expect((d as DerivedFacts).counts).toEqual(exact.counts);
    }
  });

  it('states the rule and its formula in Chinese, versioned, for the screens that show rates', () => {
    expect(MERGED_DUPLICATE_RULE.label).toBe('重复上报合并口径');
    expect(MERGED_DUPLICATE_RULE.formula).toMatch(/原事件计一件/);
    expect(MERGED_DUPLICATE_RULE.definition).toMatch(/按期结案数/);
    expect(MERGED_DUPLICATE_RULE.version).toMatch(/^\d+\.\d+$/);
  });
});
