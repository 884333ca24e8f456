// @vitest-environment jsdom
import '../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider } from 'react-redux';
import { App as AntApp } from 'antd';
import { makeStore } from '../../store/index.js';
import { stubApi } from '../../testing/stubApi.js';
import { dispatcher, makeCase, ref, run, T0 } from '../../testing/fixtures.js';
import { CaseWorkbench } from './CaseWorkbench.js';
import { navigate } from '../ui/uiSlice.js';
import { loadRef } from '../ref/refData.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { OutboxItem } from '../../../shared/api.js';
import type { UserRole } from '../../../shared/model.js';

afterEach(cleanup);

async function open(c: GridEvent, role: UserRole, pending: OutboxItem[] = []) {
  const s = stubApi();
  s.on('case.get', () => ({ case: c, pending, viewers: [] }));
  s.on('presence.open', () => ({}));
  s.on('ref.get', () => ref);
  s.on('command.submit', () => ({ mutationId: 'm1', n: 1 }));
  const user = ref.users.find((u) => u.role === role)!;
  const store = makeStore({ session: { status: 'signedIn', info: { user, offline: false, clientId: 'c' }, error: null } }, { api: s.api });
  await store.dispatch(loadRef());
  store.dispatch(navigate({ name: 'case', caseId: c.id }));
  render(
    <Provider store={store}>
      <AntApp>
        <CaseWorkbench />
      </AntApp>
    </Provider>,
  );
  await screen.findByTestId('case-workbench');
  return { s, store };
}

describe('CaseWorkbench', () => {
  it('offers the actions the engine allows a dispatcher, as validated forms', async () => {
    const { s } = await open(makeCase('c1', 'accepted'), 'dispatcher');
    expect(screen.getByTestId('action-dispatch')).toBeTruthy();
    expect(screen.queryByTestId('action-accept')).toBeNull();
    expect(screen.queryByTestId('action-urge')).toBeNull();
    fireEvent.click(screen.getByTestId('action-dispatch'));
    await screen.findByTestId('form-dispatch');
    // The catalogue's default department is preselected; submitting sends a schema-valid command.
    fireEvent.click(screen.getByTestId('form-submit'));
    await waitFor(() => expect(s.calls.some((c) => c.method === 'command.submit')).toBe(true));
    const sent = s.calls.find((c) => c.method === 'command.submit')!.input as { command: { type: string; leadDepartmentId: string } };
    expect(sent.command).toMatchObject({ type: 'dispatch', leadDepartmentId: ref.catalog[0]!.defaultDepartmentId });
  });

  it('marks the re-dispatch of a bounced case as mandatory (强制派遣)', async () => {
    const dept = ref.catalog[0]!.defaultDepartmentId;
    const c = run(
      makeCase('c2'),
      { type: 'bounce', caseId: 'c2', reasonCode: 'not_our_duty', text: '非本单位职责' },
      { id: dept, name: '部门', role: 'department', unitId: dept },
      T0 + 600_000,
    );
    await open(c, 'dispatcher');
    expect(screen.getByTestId('bounced-banner')).toBeTruthy();
    expect(screen.getByTestId('action-dispatch').textContent).toBe('强制派遣');
    fireEvent.click(screen.getByTestId('action-dispatch'));
    expect(await screen.findByTestId('mandatory-banner')).toBeTruthy();
  });

  it('a failed verification sends the case to rework (passed: false)', async () => {
    const dept = ref.catalog[0]!.defaultDepartmentId;
    const actor = { id: dept, name: '部门', role: 'department' as const, unitId: dept };
    let c = run(makeCase('c6'), { type: 'sign', caseId: 'c6' }, actor, T0 + 300_000);
    c = run(c, { type: 'reportResult', caseId: 'c6', text: '已处置', attachments: [] }, actor, T0 + 600_000);
    const { s } = await open(c, 'dispatcher');
    fireEvent.click(screen.getByTestId('action-verify'));
    await screen.findByTestId('form-verify');
    fireEvent.click(screen.getByText('不通过（返工）'));
    // Without a note the shared schema refuses it, in Chinese, on the note field.
    fireEvent.click(screen.getByTestId('form-submit'));
    expect(await screen.findByText('此项为必填项')).toBeTruthy();
    expect(s.calls.some((x) => x.method === 'command.submit')).toBe(false);
    fireEvent.change(screen.getByTestId('f-note'), { target: { value: '现场核查仍有积水' } });
    fireEvent.click(screen.getByTestId('form-submit'));
    await waitFor(() => expect(s.calls.some((x) => x.method === 'command.submit')).toBe(true));
    expect(s.calls.find((x) => x.method === 'command.submit')!.input).toEqual({
      command: { type: 'verify', caseId: 'c6', passed: false, note: '现场核查仍有积水' },
    });
  });

  it('shows the read-only wall user no action buttons at all', async () => {
    await open(makeCase('c3', 'accepted'), 'wall');
    expect(screen.getByTestId('read-only-note')).toBeTruthy();
    expect(screen.queryAllByRole('button').filter((b) => b.getAttribute('data-testid')?.startsWith('action-'))).toHaveLength(0);
  });

  it('shows pending actions as 待同步 and rejected ones with their reason', async () => {
    const c = makeCase('c4', 'accepted');
    const pending: OutboxItem[] = [
      {
        id: 'm1',
        n: 1,
        caseId: 'c4',
        command: { type: 'dispatch', caseId: 'c4', leadDepartmentId: 'x', coDepartmentIds: [] },
        status: 'pending',
        createdAt: T0,
        attempts: 0,
      },
      {
        id: 'm2',
        n: 2,
        caseId: 'c4',
        command: { type: 'close', caseId: 'c4', satisfaction: 'satisfied' },
        status: 'rejected',
        createdAt: T0,
        attempts: 1,
        error: { code: 'INVALID_STATE', message: '事件当前为「待派遣」，不能结案。' },
      },
    ];
    await open(c, 'dispatcher', pending);
    expect(screen.getByTestId('pending-item').textContent).toContain('派遣：待同步');
    const rej = screen.getByTestId('rejected-item');
    expect(rej.textContent).toContain('结案未被采纳：事件当前为「待派遣」，不能结案。');
    expect(rej.textContent).toContain('请根据原因修改后重新提交');
  });

  it('lists every clock with its history and the full timeline', async () => {
    const c = makeCase('c5');
    await open(c, 'supervisor');
    expect(screen.getAllByTestId('clock-item').map((e) => e.getAttribute('data-kind'))).toEqual(c.clocks.map((k) => k.kind));
    expect(screen.getAllByTestId('timeline-item').map((e) => e.getAttribute('data-type'))).toEqual(['reported', 'accepted', 'dispatched']);
    expect(screen.getByTestId('action-urge')).toBeTruthy();
    expect(dispatcher.role).toBe('dispatcher');
  });
});
