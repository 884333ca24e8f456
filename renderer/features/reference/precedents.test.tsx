// @vitest-environment jsdom
/** The precedent library: 大类 is the category, 小类 the item, 社区 the community (also of a grid-level ruling), newest first. */
import '../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { Provider } from 'react-redux';
import { makeStore } from '../../store/index.js';
import { stubApi } from '../../testing/stubApi.js';
import { ref, T0 } from '../../testing/fixtures.js';
import { loadRef } from '../ref/refData.js';
import { PrecedentsTable } from './tables.js';
import type { Precedent } from '../../../shared/model.js';
import type { RefData } from '../../../shared/refData.js';

afterEach(cleanup);

describe('PrecedentsTable', () => {
  it('shows category, item, community and grid in their columns, newest ruling first', async () => {
    const item = ref.catalog[0]!;
    const grid = ref.grids[7]!;
    const community = ref.communities.find((c) => c.id === grid.communityId)!;
    const base = {
      keywords: ['占道'],
      departmentId: ref.departments[0]!.id,
      reason: '按属地',
      ruledBy: { id: 'u', name: '李书记', role: 'leader' as const },
      confirmed: false,
    };
    const older: Precedent = { ...base, id: 'p-old', caseId: 'c1', catalogItemId: item.id, gridId: grid.id, ruledAt: T0 - 86_400_000 };
    const newer: Precedent = { ...base, id: 'p-new', caseId: 'c2', category: '其他', communityId: community.id, ruledAt: T0 };
    const data: RefData = { ...structuredClone(ref), precedents: [older, newer] };
    const s = stubApi();
    s.on('ref.get', () => data);
    const store = makeStore({}, { api: s.api });
    await store.dispatch(loadRef());
    render(
      <Provider store={store}>
        <PrecedentsTable refData={data} />
      </Provider>,
    );
    const rows = within(await screen.findByTestId('precedents-table'))
      .getAllByRole('row')
      .slice(1);
    const cells = rows.map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );
    // Newest first: the community-level ruling, then the grid-level one.
    expect(cells[0]!.slice(0, 4)).toEqual(['其他', '—', community.name, '—']);
    expect(cells[1]!.slice(0, 4)).toEqual([item.category, item.name, community.name, grid.name]);
  });
});
