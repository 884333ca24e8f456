// @vitest-environment jsdom
import '../../test/dom.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import MeetingPage from './MeetingPage.js';
import { FeatureApiProvider } from '../stats/useApi.js';
import { fakeApi, metricValues, queueRow, statsResult } from '../stats/testApi.js';

const ref = createDemoRefData();
afterEach(cleanup);
beforeEach(() => window.localStorage.clear());

function setup() {
  const overdue = Array.from({ length: 9 }, (_, i) => queueRow(`o${i}`, { title: `超期案件${i}` }));
  const api = fakeApi({
    'ref.get': () => ref,
    'session.current': () => null,
    'stats.query': (input: { period: { from: number; to: number } }) => statsResult(input.period, metricValues({ reported: [88] })),
    'queue.list': (input: { tab: string; source?: string; urged?: boolean }) =>
      input.tab === 'overdue'
        ? { rows: overdue, total: 9, counts: {} }
        : input.urged
          ? { rows: [queueRow('u1', { urgeCount: 3, title: '多次督办' })], total: 1, counts: {} }
          : { rows: [], total: 0, counts: {} },
    'command.submit': () => ({ mutationId: 'm', n: 1 }),
    'case.get': (input: { id: string }) => ({ case: { ...fullCase(input.id) }, pending: [], viewers: [] }),
  });
  render(
    <App>
      <FeatureApiProvider api={api}>
        <MeetingPage />
      </FeatureApiProvider>
    </App>,
  );
  return api;
}

function fullCase(id: string) {
  const r = queueRow(id, { title: '超期案件0' });
  return {
    ...r,
    description: '居民13812345678反映',
    attachments: [],
    coDepartmentIds: [],
    reworkCount: 0,
    extensionCount: 0,
    parkCount: 0,
    urges: [],
    accountability: [],
    version: 1,
    timeline: [],
    reporter: { name: '张三', phone: '13812345678' },
  };
}

describe('MeetingPage', () => {
  it('walks the agenda with clicker keys and opens a case with a digit', async () => {
    setup();
    const slide = await screen.findByTestId('meeting-slide');
    await waitFor(() => expect(slide.getAttribute('data-section')).toBe('overview'));
    fireEvent.keyDown(window, { key: 'PageDown' });
    expect(slide.getAttribute('data-section')).toBe('overdue');
    expect(screen.getAllByTestId('slide-case')).toHaveLength(7);
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(screen.getByTestId('slide-title').textContent).toContain('（2/2）');
    fireEvent.keyDown(window, { key: 'PageUp' });
    fireEvent.keyDown(window, { key: '1' });
    const c = await screen.findByTestId('meeting-case');
    expect(c.textContent).toContain('张*');
    expect(c.textContent).toContain('138****5678');
    expect(c.textContent).not.toContain('13812345678');
  });

  it('records a decision as report → accept → dispatch with the deadline, then lists it in the minutes', async () => {
    const api = setup();
    await screen.findByTestId('meeting-figure-reported');
    fireEvent.keyDown(window, { key: 'd' });
    fireEvent.change(await screen.findByTestId('decision-content'), { target: { value: '城管科牵头整治占道经营' } });
    // Pick the responsible unit through the select.
    fireEvent.mouseDown(screen.getByTestId('decision-dept').querySelector('.ant-select-selector') ?? screen.getByTestId('decision-dept'));
    fireEvent.click(await screen.findByTitle('城管科'));
    fireEvent.click(screen.getByTestId('decision-submit'));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'command.submit')).toHaveLength(3));
    const cmds = api.calls
      .filter((c) => c.method === 'command.submit')
      .map((c) => (c.input as { command: { type: string; source?: string; leadDepartmentId?: string; deadlineAt?: number } }).command);
    expect(cmds.map((c) => c.type)).toEqual(['report', 'accept', 'dispatch']);
    expect(cmds[0]!.source).toBe('meeting');
    expect(cmds[2]!.leadDepartmentId).toBe('cgk');
    expect(cmds[2]!.deadlineAt!).toBeGreaterThan(Date.now() + 13 * 86400_000);
    await waitFor(() => expect(screen.getByTestId('minutes-decisions').textContent).toContain('城管科牵头整治占道经营'));
  });
});
