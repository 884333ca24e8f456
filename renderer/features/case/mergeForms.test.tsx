// @vitest-environment jsdom
/** The duplicate and related-case forms (合并 / 撤销合并 / 关联 / 取消关联) and how merged cases read in the workbench. */
import '../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider } from 'react-redux';
import { App as AntApp } from 'antd';
import { makeStore } from '../../store/index.js';
import { stubApi } from '../../testing/stubApi.js';
import { dispatcher, makeCase, ref, T0 } from '../../testing/fixtures.js';
import { CaseWorkbench } from './CaseWorkbench.js';
import { navigate } from '../ui/uiSlice.js';
import { loadRef } from '../ref/refData.js';
import { decide, evolve } from '../../../shared/engine/index.js';
import type { Command } from '../../../shared/commands.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { Actor, UserRole } from '../../../shared/model.js';
import { buildCommand, validateCommand } from './commandForms.js';
import { eventFacts } from './CaseTimeline.js';
import { buildLookups } from '../ref/lookups.js';

afterEach(cleanup);

async function open(c: GridEvent, role: UserRole) {
  const s = stubApi();
  s.on('case.get', () => ({ case: c, pending: [], viewers: [] }));
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
  return { s };
}

/** Decides with the other cases known (as the relay does) and folds every entry, paired ones included. */
function both(cases: Map<string, GridEvent>, cmd: Command, actor: Actor, at: number): void {
  const r = decide(cases.get(cmd.caseId) ?? null, cmd, { actor, now: at, ref, commandId: `t-${at}`, cases: (id) => cases.get(id) ?? null });
  if (!r.ok) throw new Error(r.message);
  for (const e of [...r.events, ...(r.paired ?? [])]) cases.set(e.caseId, evolve(cases.get(e.caseId) ?? null, e));
}

function merged() {
  const cases = new Map<string, GridEvent>([
    ['orig', makeCase('orig')],
    ['dup', makeCase('dup', 'accepted')],
  ]);
  both(cases, { type: 'merge', caseId: 'dup', targetCaseId: 'orig', note: '同一处' }, dispatcher, T0 + 3_600_000);
  return cases;
}

const submitted = (s: ReturnType<typeof stubApi>) =>
  s.calls.find((c) => c.method === 'command.submit')?.input as { command: Record<string, unknown> } | undefined;

describe('merge and link forms', () => {
  it('merges into the original typed in, requiring it, with the shared schema', async () => {
    const { s } = await open(makeCase('c1', 'accepted'), 'dispatcher');
    fireEvent.click(screen.getByTestId('action-merge'));
    await screen.findByTestId('form-merge');
    expect(screen.getByTestId('merge-note').textContent).toContain('统计中只计原事件一件');
    fireEvent.click(screen.getByTestId('form-submit'));
    expect(await screen.findByText('此项为必填项')).toBeTruthy();
    expect(submitted(s)).toBeUndefined();
    fireEvent.change(screen.getByTestId('f-targetCaseId'), { target: { value: ' orig ' } });
    fireEvent.click(screen.getByTestId('form-submit'));
    await waitFor(() => expect(submitted(s)).toBeDefined());
    expect(submitted(s)!.command).toEqual({ type: 'merge', caseId: 'c1', targetCaseId: 'orig' });
  });

  it('links to another case', async () => {
    const { s } = await open(makeCase('c2', 'dispatched'), 'supervisor');
    expect(screen.queryByTestId('action-merge')).toBeNull(); // merging is an intake decision: not the supervisor's
    fireEvent.click(screen.getByTestId('action-link'));
    await screen.findByTestId('form-link');
    fireEvent.change(screen.getByTestId('f-otherCaseId'), { target: { value: 'c9' } });
    fireEvent.click(screen.getByTestId('form-submit'));
    await waitFor(() => expect(submitted(s)).toBeDefined());
    expect(submitted(s)!.command).toEqual({ type: 'link', caseId: 'c2', otherCaseId: 'c9' });
  });

  it('shows a merged duplicate as 已合并 with a banner, offers unmerge with a required reason', async () => {
    const dup = merged().get('dup')!;
    const { s } = await open(dup, 'dispatcher');
    expect(screen.getByTestId('case-status-tag').textContent).toBe('已合并（随原事件办理）');
    expect(screen.getByTestId('merged-banner').textContent).toContain(merged().get('orig')!.code);
    expect(screen.getByTestId('case-merged-into').textContent).toBe('orig');
    expect(screen.queryByTestId('action-dispatch')).toBeNull();
    expect(screen.getAllByTestId('timeline-item').at(-1)!.getAttribute('data-type')).toBe('merged');
    fireEvent.click(screen.getByTestId('action-unmerge'));
    await screen.findByTestId('form-unmerge');
    expect(screen.getByTestId('unmerge-note').textContent).toContain('orig');
    fireEvent.click(screen.getByTestId('form-submit'));
    expect(await screen.findByText('此项为必填项')).toBeTruthy();
    fireEvent.change(screen.getByTestId('f-reason'), { target: { value: '并非同一处井盖' } });
    fireEvent.click(screen.getByTestId('form-submit'));
    await waitFor(() => expect(submitted(s)).toBeDefined());
    expect(submitted(s)!.command).toEqual({ type: 'unmerge', caseId: 'dup', reason: '并非同一处井盖' });
  });

  it('lists the duplicates on the original, and its timeline entry names the duplicate and its source', async () => {
    const orig = merged().get('orig')!;
    await open(orig, 'dispatcher');
    expect(screen.getByTestId('case-merged-cases').textContent).toBe('dup');
    const item = screen.getAllByTestId('timeline-item').find((e) => e.getAttribute('data-type') === 'duplicate_merged')!;
    expect(item.textContent).toContain('并入重复上报');
    expect(item.textContent).toContain('（12345热线）');
    // An original with duplicates cannot itself be merged away.
    expect(screen.queryByTestId('action-merge')).toBeNull();
  });

  it('unlinks the related case picked (the first one preselected)', async () => {
    const cases = new Map<string, GridEvent>([
      ['a', makeCase('a')],
      ['b', makeCase('b', 'reported')],
    ]);
    both(cases, { type: 'link', caseId: 'a', otherCaseId: 'b' }, dispatcher, T0 + 3_600_000);
    const { s } = await open(cases.get('a')!, 'dispatcher');
    expect(screen.getByTestId('case-related').textContent).toBe('b');
    fireEvent.click(screen.getByTestId('action-unlink'));
    await screen.findByTestId('form-unlink');
    fireEvent.click(screen.getByTestId('form-submit'));
    await waitFor(() => expect(submitted(s)).toBeDefined());
    expect(submitted(s)!.command).toEqual({ type: 'unlink', caseId: 'a', otherCaseId: 'b' });
  });
});

describe('merge commands from form values', () => {
  it('require the other case, and a reason to unmerge', () => {
    for (const [type, field] of [
      ['merge', 'targetCaseId'],
      ['link', 'otherCaseId'],
      ['unlink', 'otherCaseId'],
      ['unmerge', 'reason'],
    ] as const) {
      const v = validateCommand(buildCommand(type, 'c1', {}));
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.fields.map((f) => f.name)).toContain(field);
    }
  });

  it('timeline facts read the codes of the cases involved', () => {
    const cases = merged();
    const lk = buildLookups(ref);
    const dupEntry = cases.get('dup')!.timeline.at(-1)!;
    expect(eventFacts(dupEntry, lk)).toEqual([`合并到原事件：${cases.get('orig')!.code}`, '合并前状态：待派遣']);
  });
});
