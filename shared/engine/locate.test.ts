/**
 * Positions on the base grid: a report whose position lies in another grid (or outside the street) is
 * flagged and keeps its stated grid; the centre's `locate` sets or corrects the position and, before
 * dispatch only, moves the case to the located grid.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDemoDivision, randomPointInGrid } from '../demo/geometry.js';
import { createDemoRefData } from '../demo/refData.js';
import { createRng } from '../demo/prng.js';
import type { Command } from '../commands.js';
import type { GridEvent } from '../gridEvent.js';
import { actors, rejected, run, T0, MIN } from '../testing/engineFixtures.js';

const ref = { ...createDemoRefData(), divisions: [createDemoDivision()] };
const plain = createDemoRefData();
const [g1, g2] = [ref.grids.find((g) => g.id === 'g001001')!, ref.grids.find((g) => g.id === 'g002003')!];
const inside = (gridId: string, seed = 1) => randomPointInGrid(gridId, createRng(seed));

const report = (over: Partial<Extract<Command, { type: 'report' }>> = {}): Command => ({
  type: 'report',
  caseId: 'case-loc',
  source: 'grid_worker',
  title: '井盖破损',
  description: '人行道井盖破损，存在安全隐患',
  address: '黄石东路1号',
  communityId: g1.communityId,
  gridId: g1.id,
  attachments: [],
  ...over,
});

describe('the grid check at report', () => {
  it('says nothing when the position lies in the stated grid', () => {
    const s = run(null, report({ location: inside(g1.id) }), actors.hotline, T0, ref);
    expect(s.location).toBeDefined();
    expect(s.gridCheck).toBeUndefined();
  });

  it('flags a position in another grid, and the stated grid stays', () => {
    const s = run(null, report({ location: inside(g2.id) }), actors.hotline, T0, ref);
    expect(s.gridId).toBe(g1.id);
    expect(s.gridCheck).toEqual({ locatedGridId: g2.id, locatedCommunityId: g2.communityId });
  });

  it('flags a position outside the street', () => {
    const s = run(null, report({ location: { lon: 113.9, lat: 23.6 } }), actors.hotline, T0, ref);
    expect(s.gridCheck).toEqual({ outside: true });
  });

  it('checks nothing where no division is filed', () => {
    expect(run(null, report({ location: inside(g2.id) }), actors.hotline, T0, plain).gridCheck).toBeUndefined();
  });

  it('flags exactly the reports whose stated grid is not where the point lies (property)', () => {
    const ids = ref.grids.map((g) => g.id);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ids.length - 1 }), fc.integer({ min: 0, max: ids.length - 1 }), fc.nat(), (a, b, seed) => {
        const where = ref.grids[a]!;
        const stated = ref.grids[b]!;
        const s = run(
          null,
          report({ gridId: stated.id, communityId: stated.communityId, location: inside(where.id, seed) }),
          actors.hotline,
          T0,
          ref,
        );
        if (a === b) expect(s.gridCheck).toBeUndefined();
        else expect(s.gridCheck?.locatedGridId).toBe(where.id);
      }),
      { numRuns: 60 },
    );
  });
});

describe('locate (标注位置)', () => {
  const reported = (): GridEvent => run(null, report({ location: inside(g2.id) }), actors.hotline, T0, ref);

  it('moves a flagged case to the located grid when the dispatcher says so, before dispatch', () => {
    const s = run(
      reported(),
      { type: 'locate', caseId: 'case-loc', location: inside(g2.id, 3), useLocatedGrid: true, note: '以定位为准' },
      actors.dispatcher,
      T0 + MIN,
      ref,
    );
    expect(s.gridId).toBe(g2.id);
    expect(s.communityId).toBe(g2.communityId);
    expect(s.gridCheck).toBeUndefined();
    expect(s.timeline.at(-1)).toMatchObject({ type: 'located', data: { gridId: g2.id, previousGridId: g1.id }, note: '以定位为准' });
  });

  it('only sets the position without the grid move, and keeps the flag while they disagree', () => {
    const s = run(
      reported(),
      { type: 'locate', caseId: 'case-loc', location: inside(g2.id, 5), useLocatedGrid: false },
      actors.dispatcher,
      T0 + MIN,
      ref,
    );
    expect(s.gridId).toBe(g1.id);
    expect(s.gridCheck?.locatedGridId).toBe(g2.id);
    const fixed = run(
      s,
      { type: 'locate', caseId: 'case-loc', location: inside(g1.id, 6), useLocatedGrid: false },
      actors.dispatcher,
      T0 + 2 * MIN,
      ref,
    );
    expect(fixed.gridCheck).toBeUndefined();
  });

  it('refuses a grid move once a department holds the case, a point outside the street, and a street without a division', () => {
    const item = ref.catalog[0]!;
    let s = run(
      reported(),
      { type: 'accept', caseId: 'case-loc', catalogItemId: item.id, grade: 'normal' },
      actors.dispatcher,
      T0 + MIN,
      ref,
    );
    s = run(
      s,
      { type: 'dispatch', caseId: 'case-loc', leadDepartmentId: ref.departments[0]!.id, coDepartmentIds: [] },
      actors.dispatcher,
      T0 + 2 * MIN,
      ref,
    );
    const moved = rejected(
      s,
      { type: 'locate', caseId: 'case-loc', location: inside(g2.id), useLocatedGrid: true },
      actors.dispatcher,
      T0 + 3 * MIN,
      ref,
    );
    expect(moved).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('不能再改到其他网格') });
    expect(
      run(s, { type: 'locate', caseId: 'case-loc', location: inside(g1.id), useLocatedGrid: true }, actors.dispatcher, T0 + 3 * MIN, ref)
        .gridId,
    ).toBe(g1.id);
    const outside = rejected(
      reported(),
      { type: 'locate', caseId: 'case-loc', location: { lon: 114.5, lat: 23.2 }, useLocatedGrid: true },
      actors.dispatcher,
      T0 + MIN,
      ref,
    );
    expect(outside.message).toContain('不在本街道任何网格内');
    const noDivision = run(null, report(), actors.hotline, T0, plain);
    expect(
      rejected(
        noDivision,
        { type: 'locate', caseId: 'case-loc', location: inside(g1.id), useLocatedGrid: true },
        actors.dispatcher,
        T0 + MIN,
        plain,
      ).message,
    ).toContain('尚未备案网格划分');
  });

  it("is the centre's: a department or a grid worker may not locate", () => {
    expect(
      rejected(
        reported(),
        { type: 'locate', caseId: 'case-loc', location: inside(g1.id), useLocatedGrid: false },
        actors.gridWorker,
        T0 + MIN,
        ref,
      ).code,
    ).toBe('FORBIDDEN_ROLE');
  });
});

describe('accept with a position (受理时标注位置)', () => {
  const item = ref.catalog[0]!;
  const accept = (over: Partial<Extract<Command, { type: 'accept' }>> = {}): Command => ({
    type: 'accept',
    caseId: 'case-loc',
    catalogItemId: item.id,
    grade: 'normal',
    ...over,
  });

  it('records the corrected position first and moves the case to its grid; the acceptance follows', () => {
    const s0 = run(null, report({ location: inside(g2.id) }), actors.hotline, T0, ref);
    const s = run(s0, accept({ location: inside(g2.id, 7), useLocatedGrid: true }), actors.dispatcher, T0 + MIN, ref);
    expect(s.status).toBe('accepted');
    expect(s.gridId).toBe(g2.id);
    expect(s.gridCheck).toBeUndefined();
    expect(s.timeline.slice(-2).map((e) => e.type)).toEqual(['located', 'accepted']);
  });

  it('adds no entry when the position and grid stay as they are', () => {
    const where = inside(g1.id);
    const s0 = run(null, report({ location: where }), actors.hotline, T0, ref);
    const s = run(s0, accept({ location: where, useLocatedGrid: true }), actors.dispatcher, T0 + MIN, ref);
    expect(s.timeline.slice(1).map((e) => e.type)).toEqual(['accepted']);
    // A report without a position gets the one picked at acceptance.
    const bare = run(null, report(), actors.hotline, T0, ref);
    const placed = run(bare, accept({ location: inside(g1.id, 9) }), actors.dispatcher, T0 + MIN, ref);
    expect(placed.location).toEqual(inside(g1.id, 9));
    expect(placed.timeline.slice(-2).map((e) => e.type)).toEqual(['located', 'accepted']);
  });

  it('refuses the whole acceptance when the picked position lies outside the street and the grid should follow', () => {
    const s0 = run(null, report({ location: inside(g2.id) }), actors.hotline, T0, ref);
    const r = rejected(s0, accept({ location: { lon: 114.5, lat: 23.2 }, useLocatedGrid: true }), actors.dispatcher, T0 + MIN, ref);
    expect(r.message).toContain('不在本街道任何网格内');
  });
});
