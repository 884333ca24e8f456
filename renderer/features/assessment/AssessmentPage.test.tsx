// @vitest-environment jsdom
import '../../testing/dom.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import type { AssessmentFreezeInput } from '../../../shared/assessment/api.js';
import { freezeAssessment } from '../../../shared/assessment/freeze.js';
import { inputsFromGroups } from '../../../shared/assessment/inputs.js';
import { DEPARTMENT_METRIC_MAP } from '../../../shared/assessment/metricMaps.js';
import type { AssessmentInput, FrozenAssessment } from '../../../shared/assessment/types.js';
import { ApiError } from '../../api/client.js';
import AssessmentPage from './AssessmentPage.js';
import { LiveStoreProvider } from '../../testing/liveStore.js';
import { fakeApi, metricValues } from '../../testing/statsApi.js';

const ref = createDemoRefData();
let onTime: [number, number, number] = [13 / 20, 13, 20];
/** Stands in for the relay's table of frozen results (shared by every "workstation" of a test). */
let relayFrozen: FrozenAssessment[] = [];
let offline = false;
let refuseFreeze = false;

function inputs(): AssessmentInput[] {
  return [
    ...inputsFromGroups(
      'department',
      [
        {
          key: 'cgk',
          label: '城管科',
          metrics: metricValues({ onTimeClosureRate: onTime, closureRate: [0.9, 18, 20], satisfactionRate: [0.8, 12, 15], reworked: [3] }),
        },
        {
          key: 'zzb',
          label: '综治办',
          metrics: metricValues({ onTimeClosureRate: [0.9, 9, 10], closureRate: [1, 10, 10], satisfactionRate: [1, 8, 8], reworked: [0] }),
        },
      ],
      DEPARTMENT_METRIC_MAP,
    ),
    {
      kind: 'gridWorker',
      id: 'gw-1',
      label: '王芳（第一网格）',
      indicators: {
        validReportRate: { value: 0.8, numerator: 8, denominator: 10 },
        onTimeVerificationRate: { value: 1, numerator: 4, denominator: 4 },
        selfHandledCount: { value: 6 },
        satisfactionRate: { value: 1, numerator: 2, denominator: 2 },
      },
    },
  ];
}

function setup(role: 'leader' | 'dispatcher' = 'leader') {
  const api = fakeApi({
    'ref.get': () => ref,
    'session.current': () => ({
      user: { id: `u-${role}`, username: role, name: role === 'leader' ? '许文华' : '调度员', role, active: true },
      offline: false,
      clientId: 'c',
    }),
    'assessment.inputs': () => inputs(),
    'assessment.list': () => ({ assessments: relayFrozen, offline, ...(offline ? { cachedAt: Date.UTC(2026, 2, 1, 2) } : {}) }),
    'assessment.freeze': (input: AssessmentFreezeInput) => {
      if (refuseFreeze)
        throw new ApiError('ALREADY_FROZEN', `${input.period.label}的职能部门考核已由另一位领导冻结，冻结结果不可更改，也不能再次冻结。`);
      const f = freezeAssessment({
        id: `asm-${input.kind}-${input.period.from}-${input.period.to}`,
        kind: input.kind,
        period: input.period,
        scheme: input.scheme,
        inputs: inputs(),
        frozenAt: Date.now(),
        frozenBy: '许文华',
      });
      relayFrozen = [f, ...relayFrozen];
      return f;
    },
  });
  render(
    <App>
      <LiveStoreProvider api={api}>
        <AssessmentPage />
      </LiveStoreProvider>
    </App>,
  );
  return api;
}

async function freezeWithConfirm() {
  await waitFor(() => expect((screen.getByTestId('freeze') as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(screen.getByTestId('freeze'));
  fireEvent.click(await screen.findByTestId('freeze-confirm'));
}

beforeEach(() => {
  window.localStorage.clear();
  onTime = [13 / 20, 13, 20];
  relayFrozen = [];
  offline = false;
  refuseFreeze = false;
});
afterEach(cleanup);

describe('AssessmentPage', () => {
  it('scores departments from assessment.inputs with the default scheme (local example) and ranks them', async () => {
    const api = setup();
    // 城管科: 65 % on time → 50 − 5 = 45; closure 0.9 × 20 = 18; satisfaction 0.8 × 30 = 24; 3 failed verifications −0.6.
    expect((await screen.findByTestId('total-cgk')).textContent).toContain('86.4');
    expect(screen.getByTestId('total-zzb').textContent).toContain('100');
    expect(screen.getByTestId('score-cgk-onTime').textContent).toContain('45');
    expect(screen.getByTestId('score-cgk-failedVerify').textContent).toContain('-0.6');
    expect(api.calls.some((c) => c.method === 'stats.query')).toBe(false);
  });

  it('scores grid workers with the core’s indicators (valid reports, verification, self-handled)', async () => {
    setup();
    await screen.findByTestId('total-cgk');
    fireEvent.click(screen.getByRole('tab', { name: '网格员' }));
    // valid 80 % → 30 − 10 = 20; verification 100 % → 30; satisfaction 1 × 20; 6 self-handled × 0.5 = 3.
    expect((await screen.findByTestId('total-gw-1')).textContent).toContain('73');
    expect(screen.getByTestId('score-gw-1-validReport').textContent).toContain('80.0%');
    expect(screen.queryByText(/assessment\.inputs 接口/)).toBeNull();
  });

  it('a leader freezes through assessment.freeze after confirming; the shared record verifies and survives corrections', async () => {
    const api = setup();
    await screen.findByTestId('total-cgk');
    await freezeWithConfirm();
    expect((await screen.findByTestId('frozen-check')).textContent).toContain('校验通过');
    const call = api.calls.find((c) => c.method === 'assessment.freeze')!.input as AssessmentFreezeInput;
    expect(call.kind).toBe('department');
    expect(call.scheme.kind).toBe('department');
    expect(call.period.label).toMatch(/季度/);
    expect(relayFrozen).toHaveLength(1);
    expect(relayFrozen[0]!.results.find((r) => r.id === 'cgk')!.total).toBe(86.4);
    // The check recomputes the current inputs at the instant the record was computed for, not at a later now.
    await waitFor(() => expect(screen.getByTestId('frozen-check').textContent).toContain('当前数据与冻结时一致'));
    const checks = api.calls.filter((c) => c.method === 'assessment.inputs' && (c.input as { at?: number }).at !== undefined);
    expect(checks.length).toBeGreaterThan(0);
    expect(checks[0]!.input).toEqual({
      period: { from: relayFrozen[0]!.period.from, to: relayFrozen[0]!.period.to },
      kind: 'department',
      at: relayFrozen[0]!.evaluatedAt,
    });
    // Nothing of the frozen result is kept in this browser: it lives on the relay.
    expect(Object.keys(window.localStorage).filter((k) => k.includes('frozen'))).toEqual([]);

    cleanup();
    onTime = [14 / 20, 14, 20]; // correction after freezing, seen by "another workstation"
    setup('dispatcher');
    await waitFor(() => expect(screen.getByTestId('total-cgk').textContent).toContain('91.4'));
    expect(screen.getByTestId('frozen-table').textContent).toContain('许文华');
    fireEvent.click(screen.getByTestId('view-this-frozen'));
    expect(screen.getByTestId('total-cgk').textContent).toContain('86.4');
    await waitFor(() => expect(screen.getByTestId('frozen-check').textContent).toContain('冻结后数据已有更正'));
  });

  it('shows the relay’s refusal of a second freeze in Chinese and refreshes the shared list', async () => {
    const api = setup();
    await screen.findByTestId('total-cgk');
    await waitFor(() => expect(api.calls.some((c) => c.method === 'assessment.list')).toBe(true));
    // Another leader froze the same quarter on another workstation before this page's list refreshed.
    refuseFreeze = true;
    const listCalls = api.calls.filter((c) => c.method === 'assessment.list').length;
    await freezeWithConfirm();
    expect(await screen.findByText(/冻结失败：.*不可更改/)).toBeTruthy();
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'assessment.list').length).toBeGreaterThan(listCalls));
    expect(screen.queryByTestId('frozen-banner')).toBeNull();
  });

  it('a dispatcher cannot freeze; offline the list is the kept copy, said so', async () => {
    offline = true;
    setup('dispatcher');
    await screen.findByTestId('total-cgk');
    await waitFor(() => expect(screen.getByTestId('frozen-offline').textContent).toContain('离线'));
    expect((screen.getByTestId('freeze') as HTMLButtonElement).disabled).toBe(true);
  });
});
