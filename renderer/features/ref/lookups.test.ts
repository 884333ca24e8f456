import { describe, expect, it } from 'vitest';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { buildLookups } from './lookups.js';

describe('name lookups', () => {
  const ref = createDemoRefData();
  const c = ref.communities[0]!;
  const g = ref.grids.find((x) => x.communityId === c.id)!;
  const d = ref.departments[0]!;

  it('before the reference data arrives, names are a placeholder, never raw codes', () => {
    const lk = buildLookups(null);
    expect(lk.place(c.id, g.id)).toBe('…');
    expect(lk.deptName(d.id)).toBe('…');
    expect(lk.place(c.id, g.id)).not.toContain(c.id);
    expect(lk.deptName(undefined)).toBe('');
  });

  it('with it, names', () => {
    const lk = buildLookups(ref);
    expect(lk.place(c.id, g.id)).toBe(`${c.name} / ${g.name}`);
    expect(lk.deptName(d.id)).toBe(d.shortName);
  });
});
