/** The workstation's reference-data cache keeps the 文号 patterns (issue 15.9): the urge notice needs them offline too. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { openCache } from './db.js';
import { Store } from './store.js';
import { tempDir } from '../testing/testkit.js';
import { memoryLogger } from '../log.js';

describe('ref cache', () => {
  it('keeps docNumberPatterns across a reopen of the file', () => {
    const file = path.join(tempDir('refcache-'), 'w.db');
    const ref = createDemoRefData();
    expect(ref.docNumberPatterns?.length).toBeGreaterThan(0);
    const first = openCache(file, { log: memoryLogger() });
    new Store(first.db).putRef(ref);
    first.db.close();
    const again = openCache(file, { log: memoryLogger() });
    expect(new Store(again.db).getRef()?.docNumberPatterns).toEqual(ref.docNumberPatterns);
    again.db.close();
  });

  it('keeps every optional section of a snapshot (catalogue versions and proposals, map tiles…) across a reopen', () => {
    const file = path.join(tempDir('refcache-'), 'w.db');
    const base = createDemoRefData();
    const ref = {
      ...base,
      catalogVersions: [{ version: 1, title: '第1批入格事项指导目录', items: base.catalog, publishedAt: 1, publishedBy: 'x' }],
      catalogProposals: [],
    } as unknown as typeof base;
    const first = openCache(file, { log: memoryLogger() });
    new Store(first.db).putRef(ref);
    first.db.close();
    const again = openCache(file, { log: memoryLogger() });
    const got = new Store(again.db).getRef();
    again.db.close();
    for (const k of Object.keys(ref) as Array<keyof typeof ref>) expect(got?.[k], String(k)).toEqual(ref[k]);
  });
});
