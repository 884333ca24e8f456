/**
 * The basemap tile cache on real files: bounded by its budget, least recently used tiles removed first
 * (a read renews a tile), other services' folders removed, its size known again after a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../log.js';
import { tempDir } from '../testing/testkit.js';
import { TileDiskCache } from './tileCache.js';

const KB = Buffer.alloc(1000, 7);

function counterClock(start = 1_700_000_000_000) {
  let t = start;
  return () => (t += 1000);
}

const exists = (root: string, svc: string, z: number, x: number, y: number) =>
  fs.existsSync(path.join(root, svc, String(z), String(x), `${y}.png`));

describe('TileDiskCache', () => {
  it('removes the least recently used tiles when the budget is passed; a read renews a tile', async () => {
    const root = tempDir('tiles-');
    const cache = new TileDiskCache(root, 4500, memoryLogger(), counterClock());
    for (let y = 0; y < 4; y++) await cache.write('svc', 10, 1, y, 'png', KB);
    expect(cache.size).toBe(4000);
    // Tile 0 is read (used again): tile 1 is now the oldest.
    expect((await cache.read('svc', 10, 1, 0, ['png']))?.bytes.equals(KB)).toBe(true);
    await cache.write('svc', 10, 1, 4, 'png', KB); // 5000 > 4500: prune to <= 3600
    expect(cache.size).toBeLessThanOrEqual(3600);
    expect([0, 1, 2, 3, 4].map((y) => exists(root, 'svc', 10, 1, y))).toEqual([true, false, false, true, true]);
    expect(await cache.read('svc', 10, 1, 1, ['png'])).toBeNull();
  });

  it('drops the folders of a service no longer in use and counts what a restart finds', async () => {
    const root = tempDir('tiles-');
    const a = new TileDiskCache(root, 1e6, memoryLogger(), counterClock());
    await a.write('old', 3, 1, 1, 'png', KB);
    await a.write('old', 3, 1, 2, 'png', KB);
    const b = new TileDiskCache(root, 1e6, memoryLogger(), counterClock());
    expect(await b.read('old', 3, 1, 1, ['png'])).not.toBeNull();
    expect(b.size).toBe(2000);
    await b.write('new', 3, 1, 1, 'png', KB);
    expect(fs.existsSync(path.join(root, 'old'))).toBe(false);
    expect(b.size).toBe(1000);
  });

  it('never holds more than the budget after a write, whatever the order of reads and writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ read: fc.boolean(), y: fc.integer({ min: 0, max: 11 }), size: fc.integer({ min: 100, max: 1500 }) }), {
          minLength: 1,
          maxLength: 30,
        }),
        async (ops) => {
          const root = tempDir('tiles-');
          const budget = 5000;
          const cache = new TileDiskCache(root, budget, memoryLogger(), counterClock());
          let lastWritten = -1;
          for (const op of ops) {
            if (op.read) await cache.read('s', 5, 0, op.y, ['png']);
            else {
              await cache.write('s', 5, 0, op.y, 'png', Buffer.alloc(op.size));
              lastWritten = op.y;
            }
            const onDisk = fs.existsSync(path.join(root, 's'))
              ? fs.readdirSync(path.join(root, 's', '5', '0')).reduce((n, f) => n + fs.statSync(path.join(root, 's', '5', '0', f)).size, 0)
              : 0;
            expect(onDisk).toBeLessThanOrEqual(budget);
            expect(onDisk).toBe(cache.size);
          }
          // The tile just written is the most recent: it stays.
          if (lastWritten >= 0 && !ops[ops.length - 1]!.read) expect(exists(root, 's', 5, 0, lastWritten)).toBe(true);
          fs.rmSync(root, { recursive: true, force: true });
        },
      ),
      { numRuns: 40 },
    );
  });
});
