/**
 * Page of the map frame bench (bench/mapUi.ts): the queue's map component over the demo division with
 * ?n= case points (0 = the baseline: the same map without points). Not part of the product build.
 */
import { createRoot } from 'react-dom/client';
import { GridMap } from '../../renderer/features/map/GridMap.js';
import type { MapPoint } from '../../renderer/features/map/pointIndex.js';
import { createDemoDivision, randomPointInGrid } from '../../shared/demo/geometry.js';
import { createRng } from '../../shared/demo/prng.js';

const division = createDemoDivision();
const n = Number(new URLSearchParams(location.search).get('n') ?? '0');
const rng = createRng(42);
const STATES = ['normal', 'warning', 'overdue', 'paused', 'none'] as const;
const points: MapPoint[] = Array.from({ length: n }, (_, i) => {
  const g = division.grids[i % division.grids.length]!;
  const p = randomPointInGrid(g.gridId!, rng);
  return { id: `c${i}`, lon: p.lon, lat: p.lat, state: STATES[i % STATES.length]!, code: `SJ${i}`, title: `事件${i}` };
});
const grids = division.grids.map((g) => ({ code: g.code, name: g.name, boundary: g.boundary }));
const communities = division.communities.map((c) => ({ id: c.communityId, name: c.name ?? c.communityId, boundary: c.boundary }));

createRoot(document.getElementById('root')!).render(
  <div style={{ width: '100vw', height: '100vh' }}>
    <GridMap outline={division.streetOutline} communities={communities} grids={grids} points={points} testId="bench-map" />
  </div>,
);
