import { describe, expect, it } from 'vitest';
import { METRIC_DEFINITIONS } from '../../../shared/metrics/definitions.js';
import { fitCanvas, hhmmss } from './layout.js';
import { wallOptions } from './options.js';
import { departmentRanking } from './panels/RankingPanel.js';
import { overdueSpan } from '../../lib/format.js';

describe('fitCanvas', () => {
  it('scales the 1920x1080 design to 4K exactly twice, and letterboxes other ratios', () => {
    expect(fitCanvas(3840, 2160)).toEqual({ scale: 2, left: 0, top: 0 });
    expect(fitCanvas(1920, 1080)).toEqual({ scale: 1, left: 0, top: 0 });
    const f = fitCanvas(1280, 1024);
    expect(f.scale).toBeCloseTo(2 / 3);
    expect(f.left).toBe(0);
    expect(f.top).toBeCloseTo((1024 - 720) / 2);
  });
});

describe('wallOptions', () => {
  it('reads pace, panel and refresh from the search or the hash, with safe defaults', () => {
    expect(wallOptions({ search: '?token=x&pace=10', hash: '#/wall' })).toEqual({ paceMs: 10_000, pinned: null, refreshMs: 60_000 });
    expect(wallOptions({ search: '', hash: '#/wall?panel=trend&refresh=5' })).toEqual({
      paceMs: 20_000,
      pinned: 'trend',
      refreshMs: 5_000,
    });
    expect(wallOptions({ search: '?pace=1&panel=nope&refresh=abc', hash: '' })).toEqual({
      paceMs: 20_000,
      pinned: null,
      refreshMs: 60_000,
    });
  });
});

describe('departmentRanking', () => {
  const group = (key: string, n: number, d: number) => ({
    key,
    label: key,
    metrics: METRIC_DEFINITIONS.map((x) => ({
      id: x.id,
      label: x.label,
      unit: x.unit,
      formula: x.formula,
      version: x.version,
      value: x.id === 'onTimeClosureRate' ? (d ? n / d : null) : 0,
      numerator: n,
      denominator: d,
    })),
  });
  it('ranks departments with cases due by on-time closure, at most 7, skipping no-data and the unassigned group', () => {
    const groups = [
      group('a', 1, 2),
      group('b', 3, 3),
      group('c', 0, 0),
      group('', 5, 5),
      ...Array.from({ length: 8 }, (_, i) => group(`x${i}`, 1, 4)),
    ];
    const r = departmentRanking(groups);
    expect(r).toHaveLength(7);
    expect(r.map((x) => x.g.key).slice(0, 2)).toEqual(['b', 'a']);
    expect(r.some((x) => x.g.key === 'c' || x.g.key === '')).toBe(false);
  });
});

describe('time words', () => {
  it('overdue spans and the clock', () => {
    expect(overdueSpan(0.2, true)).toBe('1 分钟');
    expect(overdueSpan(45, false)).toBe('45 分钟');
    expect(overdueSpan(210, false)).toBe('3.5 工作小时');
    expect(overdueSpan(1600, true)).toBe('27 小时');
    expect(hhmmss(Date.UTC(2026, 10, 26, 16, 5, 9), 480)).toBe('00:05:09');
  });
});
