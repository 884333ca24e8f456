// @vitest-environment jsdom
import '../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import StatsPage from './StatsPage.js';
import { LiveStoreProvider } from '../../testing/liveStore.js';
import { fakeApi, metricValues, queueRow, statsResult } from '../../testing/statsApi.js';

afterEach(cleanup);
const ref = createDemoRefData();

function setup() {
  const api = fakeApi({
    'ref.get': () => ref,
    'session.current': () => null,
    'stats.query': (input: { period: { from: number; to: number }; groupBy: string }) => {
      // The current month has data; the comparison periods are smaller.
      const current = input.period.to > Date.now();
      const overall = metricValues(
        current
          ? { reported: [40], closed: [30], onTimeClosureRate: [0.8, 24, 30], satisfactionRate: [0.9, 18, 20] }
          : { reported: [20], closed: [10], onTimeClosureRate: [0.5, 5, 10] },
      );
      const groups =
        input.groupBy === 'department'
          ? [
              {
                key: 'cgk',
                label: '城管科',
                metrics: metricValues({ dispatched: [12], reworkRate: [0.25, 2, 8], onTimeClosureRate: [0.75, 6, 8] }),
              },
            ]
          : input.groupBy === 'grid'
            ? [{ key: 'g001001', label: '黄石东第01网格', metrics: metricValues({ reported: [9] }) }]
            : [];
      return statsResult(input.period, overall, groups);
    },
    'stats.drill': (input: { metricId: string; groupKey?: string }) => [
      queueRow(`${input.metricId}-${input.groupKey ?? 'all'}`, { title: `下钻案件 ${input.metricId}` }),
    ],
  });
  render(
    <App>
      <LiveStoreProvider api={api}>
        <StatsPage />
      </LiveStoreProvider>
    </App>,
  );
  return api;
}

describe('StatsPage', () => {
  it('shows key figures with both comparisons and every group dimension it asked for', async () => {
    const api = setup();
    expect((await screen.findByTestId('key-value-reported')).textContent).toBe('40');
    expect(screen.getByTestId('key-value-onTimeClosureRate').textContent).toBe('80.0%');
    expect(screen.getByTestId('key-prev-reported').textContent).toContain('+100.0%');
    expect(screen.getByTestId('key-prev-onTimeClosureRate').textContent).toContain('+30.0 个百分点');
    expect(screen.getByTestId('key-ly-reported').textContent).toContain('+100.0%');
    const groupBys = api.calls.filter((c) => c.method === 'stats.query').map((c) => (c.input as { groupBy: string }).groupBy);
    expect(new Set(groupBys)).toEqual(new Set(['none', 'department', 'community', 'category', 'source', 'grid']));
    expect(screen.getByTestId('dept-cgk-reworkRate').textContent).toBe('25.0%');
    expect(within(screen.getByTestId('hotspot-table')).getByText('黄石东第01网格')).toBeTruthy();
  });

  it('drills a department rate down to its cases with the group in the query', async () => {
    const api = setup();
    fireEvent.click(await screen.findByTestId('dept-cgk-reworkRate'));
    expect(await screen.findByText('下钻案件 reworkRate')).toBeTruthy();
    const drill = api.calls.find((c) => c.method === 'stats.drill')!.input as Record<string, unknown>;
    expect(drill).toMatchObject({ metricId: 'reworkRate', groupBy: 'department', groupKey: 'cgk', limit: 500 });
  });

  it('refetches when a change is pushed, without reload', async () => {
    const api = setup();
    await screen.findByTestId('key-value-reported');
    const before = api.calls.filter((c) => c.method === 'stats.query').length;
    api.push('changes', { caseIds: ['x'], seq: 2, newCaseIds: ['x'] });
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'stats.query').length).toBeGreaterThan(before), { timeout: 3000 });
  });
});
