// @vitest-environment jsdom
import '../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import WallPage from './WallPage.js';
import { LiveStoreProvider } from '../../testing/liveStore.js';
import { fakeApi, metricValues, queueRow, statsResult } from '../../testing/statsApi.js';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});
const ref = createDemoRefData();

function setup(panel: string) {
  window.history.replaceState(null, '', `/?panel=${panel}#/wall`);
  const overdueRow = queueRow('o1', {
    title: '张三13812345678反映黄石东路12号噪音',
    address: '黄石东路12号3栋',
    clocks: [
      {
        id: 'k',
        kind: 'handling',
        unitId: 'cgk',
        startedAt: Date.now() - 7200_000,
        limitMinutes: 60,
        natural: true,
        deadline: Date.now() - 3600_000,
        pauses: [],
        extensions: [],
      },
    ],
  });
  const api = fakeApi({
    'ref.get': () => ref,
    'stats.query': (input: { period: { from: number; to: number } }) =>
      statsResult(input.period, metricValues({ reported: [321], onTimeClosureRate: [0.82, 82, 100] })),
    'queue.list': (input: { tab: string }) =>
      input.tab === 'overdue' ? { rows: [overdueRow], total: 1, counts: {} } : { rows: [], total: 0, counts: {} },
  });
  render(
    <LiveStoreProvider api={api}>
      <WallPage />
    </LiveStoreProvider>,
  );
  return api;
}

describe('WallPage', () => {
  it('shows the centre name, the pinned panel and big key figures', async () => {
    setup('figures');
    expect((await screen.findByTestId('wall-figure-value-reported')).textContent).toBe('321');
    expect(screen.getByTestId('wall-title').textContent).toBe(ref.centreName);
    expect(screen.getByTestId('wall-panel-title').textContent).toBe('关键指标');
    expect(screen.getByTestId('wall-clock').textContent).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(screen.getByTestId('wall-date').textContent).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 星期[日一二三四五六]$/);
  });

  it('masks personal data on the overdue board', async () => {
    setup('overdue');
    const row = await screen.findByTestId('wall-overdue-row');
    expect(row.textContent).toContain('张三138****5678反映黄石东路噪音');
    expect(row.textContent).not.toContain('12号');
    expect(row.textContent).toContain('城管科');
    expect(row.textContent).toMatch(/超期 1(\.0)? 小时/);
  });

  it('shows a lost link in the corner and hides it when the link returns', async () => {
    const api = setup('figures');
    await screen.findByTestId('wall-figure-value-reported');
    expect(screen.queryByTestId('wall-link-lost')).toBeNull();
    act(() => api.setLink('down'));
    expect(screen.getByTestId('wall-link-lost').textContent).toMatch(/连接中断 · 最后更新 \d{2}:\d{2}:\d{2}/);
    act(() => api.setLink('up'));
    expect(screen.queryByTestId('wall-link-lost')).toBeNull();
  });
});
