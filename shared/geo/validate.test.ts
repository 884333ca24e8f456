import { describe, expect, it } from 'vitest';
import { areaM2 } from './geometry.js';
import { scaled, smallDivision, withGrid } from './testing/divisions.js';
import { DivisionProblem, type Division, type Position } from './types.js';
import { validateDivision } from './validate.js';

const RULE = { pattern: '^440111010\\d{6}$', description: '15位网格编码' };
const kinds = (ps: DivisionProblem[]) => [...new Set(ps.map((p) => p.kind))].sort();

describe('validateDivision', () => {
  const d = smallDivision();

  it('a valid division has no problems', () => {
    expect(validateDivision(d, { gridCodeRule: RULE })).toEqual([]);
  });

  it('finds an overlap, names both codes and draws the overlap polygon', () => {
    const grown = withGrid(d, 0, scaled(d.grids[0]!.boundary, 1.2));
    const overlaps = validateDivision(grown).filter((p) => p.kind === 'overlap');
    expect(overlaps.length).toBeGreaterThan(0);
    for (const o of overlaps) {
      expect(o.codes).toContain(d.grids[0]!.code);
      expect(o.message).toMatch(/^网格“440111010\d{6}”与网格“440111010\d{6}”重叠约\d+平方米$/);
      expect(o.geometry?.type).toBe('Polygon');
      expect(o.areaM2).toBeGreaterThan(1);
    }
  });

  it('problems are plain data matching the DivisionProblem schema (ready for the relay)', () => {
    const broken = withGrid(withGrid(d, 0, scaled(d.grids[0]!.boundary, 1.3)), 1, null);
    const ps = validateDivision(broken, { gridCodeRule: RULE });
    expect(new Set(ps.map((p) => p.kind))).toEqual(new Set(['overlap', 'gap', 'outsideCommunity', 'outsideStreet']));
    expect(DivisionProblem.array().parse(JSON.parse(JSON.stringify(ps)))).toEqual(ps);
  });

  it('ignores overlaps at or under the tolerance', () => {
    const grown = withGrid(d, 0, scaled(d.grids[0]!.boundary, 1.0001));
    expect(validateDivision(grown).some((p) => p.kind === 'overlap')).toBe(true);
    expect(validateDivision(grown, { toleranceM2: 1e6 }).some((p) => p.kind === 'overlap')).toBe(false);
  });

  it('finds the gap a removed grid leaves, with its area and the grids around it', () => {
    const removed = d.grids[1]!;
    const gaps = validateDivision(withGrid(d, 1, null)).filter((p) => p.kind === 'gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.areaM2).toBeCloseTo(areaM2(removed.boundary), -1);
    expect(gaps[0]!.codes).not.toContain(removed.code);
    expect(gaps[0]!.codes.length).toBeGreaterThan(0);
    expect(gaps[0]!.message).toMatch(/^街道范围内有约\d+平方米未划入任何网格（邻近网格：“/);
  });

  it('finds a grid outside its community and outside the street', () => {
    // Move grid 0 (community c001) into community c002: it now lies outside c001 (and overlaps c002's grids).
    const moved: Division = { ...d, grids: d.grids.map((g, i) => (i === 0 ? { ...g, communityId: 'c002', communityCode: '002' } : g)) };
    const out = validateDivision(moved).filter((p) => p.kind === 'outsideCommunity');
    expect(out).toHaveLength(1);
    expect(out[0]!.message).toContain(`网格“${d.grids[0]!.code}”有约`);
    expect(out[0]!.message).toContain('超出所属社区“测试2社区”的边界');
    const far = withGrid(d, 0, scaled(d.grids[0]!.boundary, 1.5));
    const ks = kinds(validateDivision(far));
    expect(ks).toContain('outsideStreet');
    expect(ks).toContain('outsideCommunity');
  });

  it('finds a self-intersecting ring and draws the kink point', () => {
    const ring = d.grids[0]!.boundary.coordinates[0] as Position[];
    // Swap two vertices of the ring: a bow tie.
    const bow = [...ring];
    [bow[1], bow[3]] = [bow[3]!, bow[1]!];
    const ps = validateDivision(withGrid(d, 0, { type: 'Polygon', coordinates: [bow] }));
    const bad = ps.find((p) => p.kind === 'invalidGeometry');
    expect(bad?.message).toMatch(/^网格“440111010001001”的边界自相交（\d+处）/);
    expect(['Point', 'MultiPoint']).toContain(bad?.geometry?.type);
  });

  it('reports open and short rings without throwing', () => {
    const ring = d.grids[0]!.boundary.coordinates[0] as Position[];
    const open = validateDivision(withGrid(d, 0, { type: 'Polygon', coordinates: [ring.slice(0, -1)] }));
    expect(open.find((p) => p.kind === 'invalidGeometry')?.message).toContain('没有闭合');
    const short = validateDivision(withGrid(d, 0, { type: 'Polygon', coordinates: [[ring[0]!, ring[1]!, ring[0]!]] }));
    expect(short.find((p) => p.kind === 'invalidGeometry')?.message).toContain('只有3个坐标点');
  });

  it('finds implausible coordinates: projected metres, swapped axes, outside China', () => {
    const m = (pts: number[][]) =>
      validateDivision(withGrid(d, 0, { type: 'Polygon', coordinates: [pts] })).find((p) => p.kind === 'implausibleCoordinates');
    const sq = (x: number, y: number, s: number) => [
      [x, y],
      [x + s, y],
      [x + s, y + s],
      [x, y + s],
      [x, y],
    ];
    expect(m(sq(38_500_000, 2_566_000, 100))?.message).toContain('投影坐标（米）');
    expect(m(sq(23.2, 113.3, 0.001))?.message).toContain('写反');
    expect(m(sq(2.35, 48.85, 0.001))?.message).toContain('不在中国范围内');
    expect(m(sq(38_500_000, 2_566_000, 100))?.geometry?.type).toBe('Point');
  });

  it('checks codes against the rule, and repeats', () => {
    const bad: Division = {
      ...d,
      grids: d.grids.map((g, i) => (i === 0 ? { ...g, code: 'A-01' } : i === 2 ? { ...g, code: d.grids[1]!.code } : g)),
    };
    const ps = validateDivision(bad, { gridCodeRule: RULE });
    expect(ps.find((p) => p.kind === 'badCode')?.message).toBe('网格编码“A-01”不符合编码规则（15位网格编码）');
    const dup = ps.find((p) => p.kind === 'duplicateCode');
    expect(dup?.codes).toEqual([d.grids[1]!.code]);
    expect(dup?.message).toContain('2个网格使用同一编码');
  });

  it('finds grids without a grid worker, counting the reference grid workers', () => {
    const bare: Division = { ...d, grids: d.grids.map(({ gridWorkerId: _w, ...g }) => g) };
    expect(validateDivision(bare).filter((p) => p.kind === 'noGridWorker')).toHaveLength(d.grids.length);
    const staffed = d.grids.slice(1).map((g) => ({ gridId: g.gridId!, kind: 'worker' }));
    const ps = validateDivision(bare, { gridWorkers: [...staffed, { gridId: d.grids[0]!.gridId!, kind: 'assistant' }] }).filter(
      (p) => p.kind === 'noGridWorker',
    );
    expect(ps).toHaveLength(1);
    expect(ps[0]!.message).toBe(`网格“${d.grids[0]!.code}”（${d.grids[0]!.name}）未配备网格员`);
    expect(validateDivision(bare, { skipGridWorkers: true })).toEqual([]);
  });

  it('names a community without a boundary', () => {
    const orphan: Division = { ...d, grids: d.grids.map((g, i) => (i === 0 ? { ...g, communityId: 'c999', communityCode: '999' } : g)) };
    expect(validateDivision(orphan).find((p) => p.kind === 'unknownCommunity')?.message).toContain('“c999”在本次划分中没有社区边界');
  });
});
