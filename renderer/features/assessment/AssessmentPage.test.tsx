// @vitest-environment jsdom
import '../../test/dom.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import AssessmentPage from './AssessmentPage.js';
import { localFrozenStore } from './frozenStore.js';
import { FeatureApiProvider } from '../stats/useApi.js';
import { fakeApi, metricValues, statsResult } from '../stats/testApi.js';

const ref = createDemoRefData();
let onTime: [number, number, number] = [13 / 20, 13, 20];

function setup() {
  const api = fakeApi({
    'ref.get': () => ref,
    'session.current': () => ({
      user: { id: 'u-leader', username: 'leader', name: '许文华', role: 'leader', active: true },
      offline: false,
      clientId: 'c',
    }),
    'stats.query': (input: { period: { from: number; to: number }; groupBy: string }) =>
      statsResult(
        input.period,
        [],
        input.groupBy === 'department'
          ? [
              {
                key: 'cgk',
                label: '城管科',
                metrics: metricValues({
                  onTimeClosureRate: onTime,
                  closureRate: [0.9, 18, 20],
                  satisfactionRate: [0.8, 12, 15],
                  reworked: [3],
                }),
              },
              {
                key: 'zzb',
                label: '综治办',
                metrics: metricValues({
                  onTimeClosureRate: [0.9, 9, 10],
                  closureRate: [1, 10, 10],
                  satisfactionRate: [1, 8, 8],
                  reworked: [0],
                }),
              },
            ]
          : [],
      ),
  });
  render(
    <App>
      <FeatureApiProvider api={api}>
        <AssessmentPage />
      </FeatureApiProvider>
    </App>,
  );
  return api;
}

beforeEach(() => {
  window.localStorage.clear();
  onTime = [13 / 20, 13, 20];
});
afterEach(cleanup);

describe('AssessmentPage', () => {
  it('scores departments with the default scheme (local example) and ranks them', async () => {
    setup();
    // 城管科: 65 % on time → 50 − 5 = 45; closure 0.9 × 20 = 18; satisfaction 0.8 × 30 = 24; 3 failed verifications −0.6.
    expect((await screen.findByTestId('total-cgk')).textContent).toContain('86.4');
    expect(screen.getByTestId('total-zzb').textContent).toContain('100');
    expect(screen.getByTestId('score-cgk-onTime').textContent).toContain('45');
    expect(screen.getByTestId('score-cgk-failedVerify').textContent).toContain('-0.6');
  });

  it('freezes a period: stored locally, verified, and unchanged when the live data is corrected', async () => {
    setup();
    await screen.findByTestId('total-cgk');
    fireEvent.click(screen.getByTestId('freeze'));
    expect((await screen.findByTestId('frozen-check')).textContent).toContain('校验通过');
    const stored = localFrozenStore().list();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.frozenBy).toBe('许文华');
    expect(stored[0]!.results.find((r) => r.id === 'cgk')!.total).toBe(86.4);
    cleanup();
    onTime = [14 / 20, 14, 20]; // correction after freezing
    setup();
    await waitFor(() => expect(screen.getByTestId('total-cgk').textContent).toContain('91.4'));
    fireEvent.click(screen.getByTestId('view-frozen'));
    expect(screen.getByTestId('total-cgk').textContent).toContain('86.4');
    await waitFor(() => expect(screen.getByTestId('frozen-check').textContent).toContain('冻结后数据已有更正'));
  });

  it('skips a damaged frozen entry instead of failing', () => {
    window.localStorage.setItem('grid.assessment.frozen.v1', JSON.stringify([{ id: 'x', kind: 'department' }, 'junk']));
    expect(localFrozenStore().list()).toEqual([]);
  });
});
