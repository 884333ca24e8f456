// @vitest-environment jsdom
import '../../testing/dom.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { DEFAULT_SCHEMES } from '../../../shared/assessment/defaults.js';
import { freezeAssessment } from '../../../shared/assessment/freeze.js';
import type { AssessmentInput, FrozenAssessment } from '../../../shared/assessment/types.js';
import { currentPeriod } from '../stats/kit/period.js';
import MeetingPage from './MeetingPage.js';
import { LiveStoreProvider } from '../../testing/liveStore.js';
import { fakeApi, metricValues, queueRow, statsResult } from '../../testing/statsApi.js';

const ref = createDemoRefData();
let frozen: FrozenAssessment[] = [];
afterEach(cleanup);
beforeEach(() => {
  window.localStorage.clear();
  frozen = [];
});

const dept = (id: string, label: string, onTime: number): AssessmentInput => ({
  kind: 'department',
  id,
  label,
  indicators: {
    onTimeClosureRate: { value: onTime },
    closureRate: { value: 1 },
    satisfactionRate: { value: 1 },
    failedVerificationCount: { value: 0 },
  },
});

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
    'assessment.inputs': () => [dept('cgk', '城管科', 0.65), dept('zzb', '综治办', 0.95)],
    'assessment.list': (input: { kind?: string; period?: { from: number; to: number } }) => ({
      assessments: frozen.filter((f) => (!input.kind || f.kind === input.kind) && (!input.period || f.period.from === input.period.from)),
      offline: false,
    }),
    'case.get': (input: { id: string }) => ({ case: { ...fullCase(input.id) }, pending: [], viewers: [] }),
  });
  render(
    <App>
      <LiveStoreProvider api={api}>
        <MeetingPage />
      </LiveStoreProvider>
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

/** Whether the chair and attendees dialog shows (it stays mounted, hidden, when closed). */
const infoOpen = () => {
  const wrap = screen.queryByTestId('meeting-info-form')?.closest<HTMLElement>('.ant-modal-wrap');
  return !!wrap && wrap.style.display !== 'none';
};

/** Fills in the chair and attendees dialog a new meeting opens with, and saves it. */
async function enterPeople(chair: string, attendees: string) {
  await waitFor(() => expect(infoOpen()).toBe(true));
  fireEvent.change(screen.getByTestId('meeting-chair'), { target: { value: chair } });
  fireEvent.change(screen.getByTestId('meeting-attendees'), { target: { value: attendees } });
  fireEvent.click(screen.getByTestId('meeting-info-save'));
  await waitFor(() => expect(screen.getByTestId('meeting-people').textContent).toContain(chair.trim()));
  await waitFor(() => expect(infoOpen()).toBe(false));
}

describe('MeetingPage', () => {
  it('walks the agenda with clicker keys and opens a case with a digit', async () => {
    setup();
    const slide = await screen.findByTestId('meeting-slide');
    await waitFor(() => expect(slide.getAttribute('data-section')).toBe('overview'));
    // A new meeting asks for its chair and attendees first; the clicker waits for the dialog.
    await screen.findByTestId('meeting-chair');
    fireEvent.keyDown(window, { key: 'PageDown' });
    expect(slide.getAttribute('data-section')).toBe('overview');
    await enterPeople('王建国', '李明');
    fireEvent.keyDown(window, { key: 'PageDown' });
    expect(slide.getAttribute('data-section')).toBe('overdue');
    expect(screen.getAllByTestId('slide-case')).toHaveLength(7);
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(screen.getByTestId('slide-title').textContent).toMatch(/^二、超期案件（2\/2）\d+ 项$/);
    expect(screen.getByTestId('agenda-overview').textContent).toBe('一、本季度运行概况');
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
    await enterPeople(' 王建国 ', '李明、张华，陈静\n李明');
    expect(screen.getByTestId('meeting-people').textContent).toContain('参会：3 人');
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
    // The minutes list the sections plain (the <ol> numbers them), the decision count with its unit.
    const agenda = screen.getByTestId('minutes-agenda').textContent ?? '';
    expect(agenda).toContain('本季度运行概况：');
    expect(agenda).toContain('会议议定事项：1 项');
    expect(agenda).not.toContain('一、');
    // The chair and attendees are printed with the decisions, and kept with the session.
    expect(screen.getByTestId('minutes-chair').textContent).toBe('主持：王建国');
    expect(screen.getByTestId('minutes-attendees').textContent).toBe('参会人员：李明、张华、陈静');
    const saved = JSON.parse(window.localStorage.getItem('grid.meeting.current.v1') ?? '{}') as { chair?: string; attendees?: string[] };
    expect(saved).toMatchObject({ chair: '王建国', attendees: ['李明', '张华', '陈静'] });
  });

  it('keeps the chair and attendees over a reload, editable from the controls; a session from before them loads without', async () => {
    window.localStorage.setItem(
      'grid.meeting.current.v1',
      JSON.stringify({ id: 'mt-old', startedAt: Date.now() - 3600_000, decisions: [] }),
    );
    setup();
    // An old session has neither: the meeting asks for them.
    await enterPeople('赵书记', '钱主任');
    cleanup();
    setup();
    await screen.findByTestId('meeting-figure-reported');
    expect(screen.getByTestId('meeting-people').textContent).toContain('主持：赵书记');
    expect(infoOpen()).toBe(false);
    expect(screen.getByTestId('minutes-attendees').textContent).toBe('参会人员：钱主任');
    fireEvent.click(screen.getByTestId('meeting-info'));
    expect(((await screen.findByTestId('meeting-chair')) as HTMLInputElement).value).toBe('赵书记');
    await enterPeople('孙书记', '钱主任、周科长');
    expect(screen.getByTestId('minutes-chair').textContent).toBe('主持：孙书记');
    expect(screen.getByTestId('minutes-attendees').textContent).toBe('参会人员：钱主任、周科长');
  });

  it('shows the quarter’s frozen department result from the shared list (assessment.list), else live scores', async () => {
    const q = currentPeriod('quarter', Date.now(), ref.calendar);
    // Frozen elsewhere with other figures: the meeting shows the frozen ranking, not the live one.
    frozen = [
      freezeAssessment({
        id: 'asm-q',
        kind: 'department',
        period: { from: q.from, to: q.to, label: q.label },
        scheme: DEFAULT_SCHEMES.department,
        inputs: [dept('cgk', '城管科', 1), dept('zzb', '综治办', 0.5)],
        frozenAt: Date.now(),
        frozenBy: '许文华',
      }),
    ];
    setup();
    await screen.findByTestId('meeting-figure-reported');
    fireEvent.click(screen.getByTestId('agenda-assessment'));
    await waitFor(() => expect(screen.getByTestId('meeting-slide').textContent).toContain('已冻结结果'));
    expect(screen.getAllByTestId('slide-score')[0]!.textContent).toContain('城管科');
    cleanup();
    frozen = [];
    setup();
    await screen.findByTestId('meeting-figure-reported');
    fireEvent.click(screen.getByTestId('agenda-assessment'));
    await waitFor(() => expect(screen.getByTestId('meeting-slide').textContent).toContain('实时计算，尚未冻结'));
    expect(screen.getAllByTestId('slide-score')[0]!.textContent).toContain('综治办');
  });
});
