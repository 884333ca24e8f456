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
import { schemeInForce, withSavedScheme, type SchemeSave } from '../../../shared/assessment/streetSchemes.js';
import type { RefChange } from '../../../shared/protocol.js';
import type { RefData } from '../../../shared/refData.js';
import { ApiError } from '../../api/client.js';
import AssessmentPage from './AssessmentPage.js';
import { LiveStoreProvider } from '../../testing/liveStore.js';
import { fakeApi, metricValues } from '../../testing/statsApi.js';

let ref: RefData = createDemoRefData();
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
      // No case in the period at all: 无数据, not ranked (it used to get 80 points and the first place).
      kind: 'gridWorker',
      id: 'gw-0',
      label: '赵六（第二网格）',
      indicators: {
        validReportRate: { value: null, numerator: 0, denominator: 0 },
        onTimeVerificationRate: { value: null, numerator: 0, denominator: 0 },
        selfHandledCount: { value: 0 },
        satisfactionRate: { value: null, numerator: 0, denominator: 0 },
      },
    },
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

function setup(role: 'leader' | 'dispatcher' | 'supervisor' = 'leader') {
  const api = fakeApi({
    'ref.get': () => ref,
    // Stands in for the relay: numbers and stamps a scheme save and changes the reference data.
    'ref.update': ({ change }: { change: RefChange }) => {
      if (change.section !== 'assessmentScheme') throw new Error('unexpected section');
      const inForce = schemeInForce(ref.assessmentSchemes, change.value.scheme.kind);
      if (change.value.basedOn !== inForce.version) throw new ApiError('SCHEME_CHANGED', '评分规则已由他人更新，请核对排名后再操作。');
      const version = inForce.version + 1;
      const stamped: SchemeSave = {
        ...change.value,
        scheme: { ...change.value.scheme, version: String(version) },
        version,
        savedAt: Date.UTC(2026, 11, 3, 4),
        savedBy: '许文华',
        savedById: 'u-leader',
      };
      ref = { ...ref, assessmentSchemes: withSavedScheme(ref.assessmentSchemes, stamped) };
      return { seq: 1 };
    },
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
        scheme: schemeInForce(ref.assessmentSchemes, input.kind).scheme,
        schemeVersion: schemeInForce(ref.assessmentSchemes, input.kind).version,
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
  ref = createDemoRefData();
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
    expect(call.schemeVersion).toBe(0);
    expect(call.scheme).toBeUndefined();
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

  it('grid workers without any case are 无数据 and not ranked; the rule is shown with the scores', async () => {
    setup('dispatcher');
    await screen.findByTestId('total-cgk');
    fireEvent.click(screen.getByRole('tab', { name: '网格员' }));
    expect((await screen.findByTestId('rank-gw-1')).textContent).toBe('1');
    expect(screen.getByTestId('unranked-gw-0').textContent).toBe('无数据');
    expect(screen.getByTestId('total-gw-0').textContent).toContain('不参与排名');
    expect(screen.getByTestId('no-data-rule').textContent).toMatch(/无数据规则：.*不计分、不参与排名/);
    expect(screen.getByTestId('scheme-line').textContent).toMatch(/内置默认规则/);
  });

  it('a leader saves a scheme on the relay: the next version, shown with who saved it, and the ranking follows', async () => {
    const api = setup('leader');
    await screen.findByTestId('total-cgk');
    fireEvent.click(screen.getByTestId('edit-scheme'));
    expect((await screen.findByTestId('scheme-based-on')).textContent).toContain('内置默认规则');
    // Satisfaction weight 30 → 10: 城管科 0.8 × 10 = 8 instead of 24, 86.4 → 70.4.
    const field = screen.getByTestId('rule-satisfaction-points');
    const points = field.tagName === 'INPUT' ? field : field.querySelector('input')!;
    fireEvent.change(points, { target: { value: '10' } });
    fireEvent.blur(points);
    fireEvent.click(screen.getByTestId('save-scheme'));
    await waitFor(() => expect(screen.getByTestId('total-cgk').textContent).toContain('70.4'));
    const call = api.calls.find((c) => c.method === 'ref.update')!.input as { change: { section: string; value: { basedOn: number } } };
    expect(call.change.section).toBe('assessmentScheme');
    expect(call.change.value.basedOn).toBe(0);
    expect(screen.getByTestId('scheme-line').textContent).toMatch(/第 1 版（许文华 于 2026-12-03 12:00 保存）/);
    // Nothing of the scheme is kept in this browser.
    expect(Object.keys(window.localStorage)).toEqual([]);
    // A freeze now is scored with version 1 and says so on the record and in the list.
    await freezeWithConfirm();
    expect((await screen.findByTestId('frozen-check')).textContent).toContain('校验通过');
    expect(api.calls.find((c) => c.method === 'assessment.freeze')!.input).toMatchObject({ schemeVersion: 1 });
    expect(screen.getByTestId('scheme-line').textContent).toContain('冻结时使用第 1 版');
    await waitFor(() => expect(screen.getByTestId('frozen-table').textContent).toContain('第 1 版'));
  });

  it('dispatchers and supervisors do not see the rule editor', async () => {
    for (const role of ['dispatcher', 'supervisor'] as const) {
      const api = setup(role);
      await screen.findByTestId('total-cgk');
      await waitFor(() => expect(api.calls.some((c) => c.method === 'session.current')).toBe(true));
      expect(screen.queryByTestId('edit-scheme')).toBeNull();
      expect(screen.queryByTestId('scheme-editor')).toBeNull();
      cleanup();
    }
  });

  it('a dispatcher cannot freeze; offline the list is the kept copy, said so', async () => {
    offline = true;
    setup('dispatcher');
    await screen.findByTestId('total-cgk');
    await waitFor(() => expect(screen.getByTestId('frozen-offline').textContent).toContain('离线'));
    expect((screen.getByTestId('freeze') as HTMLButtonElement).disabled).toBe(true);
  });
});
