import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { gridsWithoutWorker, nextWorkerId, removeWorker, renameCommunity, renameGrid, saveWorker } from './maintain.js';

const ref = createDemoRefData();
const NOW = Date.UTC(2026, 11, 3, 2);

describe('maintaining the base grid lists', () => {
  it('renames one grid and leaves every other grid as it was', () => {
    const g = ref.grids[7]!;
    const out = renameGrid(ref.grids, g.id, '  黄石东新名网格 ');
    expect(out.ok).toBe(true);
    if (!out.ok || out.change.section !== 'grids') throw new Error('expected a grids change');
    expect(out.change.value.find((x) => x.id === g.id)?.name).toBe('黄石东新名网格');
    expect(out.change.value.filter((x) => x.id !== g.id)).toEqual(ref.grids.filter((x) => x.id !== g.id));
  });

  it('refuses an empty or unknown name with a Chinese sentence, and changes nothing', () => {
    const empty = renameCommunity(ref.communities, ref.communities[0]!.id, '   ');
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.message).toMatch(/[一-龥]/);
    const unknown = renameGrid(ref.grids, 'no-such-grid', '某网格');
    expect(unknown).toEqual({ ok: false, message: '找不到网格“no-such-grid”。' });
  });

  it('adds a worker with a fresh id, moves one to another grid, and refuses a grid that does not exist', () => {
    const added = saveWorker(ref.gridWorkers, ref.grids, { name: '新网格员', gridId: ref.grids[0]!.id, kind: 'worker', phone: ' 138-0000-0000 ' }, NOW);
    if (!added.ok || added.change.section !== 'gridWorkers') throw new Error('expected a gridWorkers change');
    expect(added.change.value).toHaveLength(ref.gridWorkers.length + 1);
    const w = added.change.value.at(-1)!;
    expect(ref.gridWorkers.some((x) => x.id === w.id)).toBe(false);
    expect(w.phone).toBe('138-0000-0000');

    const first = ref.gridWorkers[0]!;
    const moved = saveWorker(ref.gridWorkers, ref.grids, { id: first.id, name: first.name, gridId: ref.grids[3]!.id, kind: first.kind }, NOW);
    if (!moved.ok || moved.change.section !== 'gridWorkers') throw new Error('expected a gridWorkers change');
    expect(moved.change.value.find((x) => x.id === first.id)?.gridId).toBe(ref.grids[3]!.id);
    expect(moved.change.value).toHaveLength(ref.gridWorkers.length);

    expect(saveWorker(ref.gridWorkers, ref.grids, { name: '某人', gridId: 'nowhere', kind: 'worker' }, NOW).ok).toBe(false);
    expect(saveWorker(ref.gridWorkers, ref.grids, { id: 'gone', name: '某人', gridId: ref.grids[0]!.id, kind: 'worker' }, NOW).ok).toBe(false);
  });

  it('removing a worker removes exactly that worker, and names the grids it leaves without one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ref.gridWorkers.length - 1 }), (i) => {
        const w = ref.gridWorkers[i]!;
        const out = removeWorker(ref.gridWorkers, w.id);
        if (!out.ok || out.change.section !== 'gridWorkers') throw new Error('expected a gridWorkers change');
        expect(out.change.value).toEqual(ref.gridWorkers.filter((x) => x.id !== w.id));
        const before = new Set(gridsWithoutWorker(ref.grids, ref.gridWorkers, '2026-12-03').map((g) => g.id));
        const after = gridsWithoutWorker(ref.grids, out.change.value, '2026-12-03').filter((g) => !before.has(g.id));
        const stillManned = out.change.value.some((x) => x.gridId === w.gridId && x.kind !== 'assistant');
        expect(after.map((g) => g.id)).toEqual(w.kind === 'assistant' || stillManned ? [] : [w.gridId]);
      }),
      { numRuns: 40 },
    );
  });

  it('never hands out an id that is taken', () => {
    const taken = [{ id: nextWorkerId([], NOW), name: 'a', gridId: 'g', kind: 'worker' as const }];
    expect(nextWorkerId(taken, NOW)).not.toBe(taken[0]!.id);
  });
});
