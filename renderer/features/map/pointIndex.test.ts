import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LAST_CLUSTER_ZOOM, PointIndex, type MapPoint } from './pointIndex.js';
import { pointStateOf, shadeIndex, type PointState } from './palette.js';

const STATES: PointState[] = ['normal', 'warning', 'overdue', 'paused', 'none'];
const WORLD: [number, number, number, number] = [-180, -85, 180, 85];

const arbPoints = fc.array(
  fc.record({
    lon: fc.double({ min: 113.25, max: 113.35, noNaN: true }),
    lat: fc.double({ min: 23.15, max: 23.25, noNaN: true }),
    state: fc.constantFrom(...STATES),
  }),
  { maxLength: 300 },
);

function points(raw: { lon: number; lat: number; state: PointState }[]): MapPoint[] {
  return raw.map((r, i) => ({ ...r, id: `c${i}`, code: `SJ-${i}`, title: `t${i}` }));
}

describe('PointIndex (the map clusters)', () => {
  it('never loses or doubles a point: clusters and single points add up to every point, at every zoom', () => {
    fc.assert(
      fc.property(arbPoints, fc.integer({ min: 0, max: 20 }), (raw, zoom) => {
        const idx = new PointIndex(points(raw));
        const shown = idx.query(WORLD, zoom);
        const total = shown.reduce((n, s) => n + (s.kind === 'cluster' ? s.count : 1), 0);
        expect(total).toBe(raw.length);
        const ids = shown.flatMap((s) => (s.kind === 'point' ? [s.point.id] : []));
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
  });

  it('shows every point on its own past the last cluster zoom', () => {
    fc.assert(
      fc.property(arbPoints, (raw) => {
        // Past the index's last zoom supercluster answers the points themselves, even two at one place.
        const shown = new PointIndex(points(raw)).query(WORLD, LAST_CLUSTER_ZOOM + 1);
        expect(shown.every((s) => s.kind === 'point')).toBe(true);
        expect(shown.length).toBe(raw.length);
      }),
    );
  });

  it('never clusters distinct places with a radius of 0 (the workbench’s few nearby cases)', () => {
    fc.assert(
      // Places at least a metre apart (positions are stored to 1e-7°; supercluster keeps 32-bit precision).
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 9999 }), y: fc.integer({ min: 0, max: 9999 }) }), { maxLength: 200 }),
        fc.integer({ min: 0, max: LAST_CLUSTER_ZOOM }),
        (cells, zoom) => {
          const raw = cells.map(({ x, y }) => ({ lon: 113.25 + x * 1e-5, lat: 23.15 + y * 1e-5, state: 'normal' as const }));
          const shown = new PointIndex(points(raw), 0).query(WORLD, zoom);
          expect(shown.length).toBe(new Set(raw.map((r) => `${r.lon},${r.lat}`)).size);
        },
      ),
    );
  });

  it('colours a cluster by its worst member', () => {
    const raw = STATES.map((state, i) => ({ lon: 113.3 + i * 1e-6, lat: 23.2, state }));
    const shown = new PointIndex(points(raw)).query(WORLD, 10);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ kind: 'cluster', count: 5, worst: 'overdue' });
    const calm = points(raw.filter((r) => r.state !== 'overdue' && r.state !== 'warning'));
    expect(new PointIndex(calm).query(WORLD, 10)[0]).toMatchObject({ kind: 'cluster', worst: 'paused' });
  });

  it('expands a cluster at a deeper zoom', () => {
    const raw = [0, 1, 2].map((i) => ({ lon: 113.3 + i * 1e-4, lat: 23.2, state: 'normal' as const }));
    const idx = new PointIndex(points(raw));
    const [c] = idx.query(WORLD, 10);
    expect(c?.kind).toBe('cluster');
    if (c?.kind !== 'cluster') return;
    expect(idx.expansionZoom(c.clusterId)).toBeGreaterThan(10);
  });
});

describe('map palette', () => {
  it('maps stopped clocks and no clock to "none" and keeps the running states', () => {
    expect(pointStateOf('overdue')).toBe('overdue');
    expect(pointStateOf('met')).toBe('none');
    expect(pointStateOf(undefined)).toBe('none');
  });
  it('shades by ascending thresholds', () => {
    expect(shadeIndex(0, [1, 5, 10])).toBe(0);
    expect(shadeIndex(1, [1, 5, 10])).toBe(1);
    expect(shadeIndex(9, [1, 5, 10])).toBe(2);
    expect(shadeIndex(99, [1, 5, 10])).toBe(3);
  });
});

describe('grid labels', () => {
  it('shortens a grid name to its number, else to the code’s last digits', async () => {
    const { shortGridLabel } = await import('./styles.js');
    expect(shortGridLabel('黄石东第01网格', '440111010001001')).toBe('01');
    expect(shortGridLabel('新建网格', '440111010001101')).toBe('101');
  });
});
