/**
 * The engine, the clocks, the calendar, the metrics and the demo generator must never read the wall clock
 * or a random source: the relay and offline workstations have to reach the same answer from the same input.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withClosure } from '../calendar/index.js';
import { generateDemoHistory } from '../demo/history.js';
import { createDemoRefData } from '../demo/refData.js';
import { computeStats, computeTrend } from '../metrics/index.js';
import { allowedCommands, allowedUrgeLevels, recalculateDeadlines } from './index.js';

const NOW = Date.UTC(2026, 10, 26, 6, 30);

afterEach(() => vi.restoreAllMocks());

describe('no wall clock, no randomness', () => {
  it('drives the whole life cycle, recalculates deadlines and computes statistics with Date.now and Math.random trapped', () => {
    const ref = createDemoRefData();
    const calls: string[] = [];
    vi.spyOn(Date, 'now').mockImplementation(() => {
      calls.push('Date.now');
      return 0;
    });
    vi.spyOn(Math, 'random').mockImplementation(() => {
      calls.push('Math.random');
      return 0.5;
    });
    // The demo generator runs every command type through decide/evolve.
    const h = generateDemoHistory({ seed: 3, now: NOW, days: 5, casesPerDay: 12, ref });
    const closure = { id: 'typhoon', from: NOW, to: NOW + 86_400_000, reason: '台风红色预警', createdBy: 'admin' };
    const typhoonRef = { ...ref, calendar: withClosure(ref.calendar, closure) };
    const ctx = { actor: { id: 'u-admin', name: '管理员', role: 'admin' as const }, now: NOW, ref: typhoonRef };
    let recalculated = 0;
    for (const c of h.cases) {
      recalculated += recalculateDeadlines(c, typhoonRef, ctx).events.length;
      allowedCommands(c, { id: 'u-supervisor', name: '督办员', role: 'supervisor', unitId: 'centre' }, ref, NOW);
      allowedUrgeLevels(c, { id: 'u-leader', name: '书记', role: 'leader', unitId: 'centre' }, ref, NOW);
    }
    const period = { from: NOW - 5 * 86_400_000, to: NOW + 86_400_000 };
    computeStats(h.cases, period, 'department', ref, NOW);
    computeTrend(h.cases, period, ref, NOW);
    expect(calls).toEqual([]);
    // The run did real work: cases in many statuses and deadlines that moved.
    expect(new Set(h.cases.map((c) => c.status)).size).toBeGreaterThan(8);
    expect(recalculated).toBeGreaterThan(0);
  });
});
