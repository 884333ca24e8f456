// @vitest-environment jsdom
import '../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'react-redux';
import { App as AntApp } from 'antd';
import { makeStore } from '../../store/index.js';
import { stubApi } from '../../testing/stubApi.js';
import { ref } from '../../testing/fixtures.js';
import { loadRef } from '../ref/refData.js';
import { ReferencePage } from './ReferencePage.js';
import type { DocNumberPattern } from '../../../shared/docNumber.js';
import type { RefData } from '../../../shared/refData.js';
import type { UserRole } from '../../../shared/model.js';

afterEach(cleanup);

const SLOW = { timeout: 15_000 };
const URGE: DocNumberPattern = { id: 'urge-notice', name: '督办通知', template: '黄石督〔{year}〕{seq}号', width: 0 };

/** The reference page for `role` over a scripted API that keeps the saved patterns (or refuses the next save). */
async function openPage(role: UserRole = 'admin') {
  const s = stubApi();
  let current: RefData = { ...structuredClone(ref), docNumberPatterns: [URGE] };
  const updates: DocNumberPattern[][] = [];
  let failure: { code: string; message: string } | null = null;
  s.on('ref.get', () => current);
  s.on('ref.update', (input) => {
    if (failure) {
      const f = failure;
      failure = null;
      throw f;
    }
    const change = input.change as { section: string; value: DocNumberPattern[] };
    expect(change.section).toBe('docNumberPatterns');
    updates.push(change.value);
    current = { ...current, docNumberPatterns: change.value };
    return { seq: 40 + updates.length };
  });
  const user = ref.users.find((u) => u.role === role)!;
  const store = makeStore({ session: { status: 'signedIn', info: { user, offline: false, clientId: 'c' }, error: null } }, { api: s.api });
  await store.dispatch(loadRef());
  render(
    <Provider store={store}>
      <AntApp>
        <ReferencePage />
      </AntApp>
    </Provider>,
  );
  await screen.findByTestId('reference-page', undefined, SLOW);
  return { updates, failNext: (e: { code: string; message: string }) => void (failure = e) };
}

async function openTab() {
  fireEvent.click(await screen.findByTestId('ref-tab-docNumbers', undefined, SLOW));
  return screen.findByTestId('doc-numbers-table', undefined, SLOW);
}

const field = (label: string) => within(screen.getByTestId('doc-number-form')).getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => act(async () => void fireEvent.change(field(label), { target: { value } }));
const enter = (label: string) => act(async () => void fireEvent.keyDown(field(label), { key: 'Enter', code: 'Enter', keyCode: 13 }));

describe('文号格式 tab', () => {
  it('is the admin’s only', async () => {
    await openPage('supervisor');
    expect(screen.queryByTestId('ref-tab-docNumbers')).toBeNull();
  });

  it('refuses a template without {seq} and a duplicate beside the field, sending nothing; Enter saves a good one', async () => {
    const h = await openPage();
    const table = await openTab();
    expect(within(table).getByText('督办通知使用此格式')).toBeTruthy();
    fireEvent.click(screen.getByTestId('doc-number-add'));
    await screen.findByTestId('doc-number-form', undefined, SLOW);
    await type('文书名称', '催办单');
    await type('文号格式', '黄石催〔{year}〕号');
    await enter('文号格式');
    await screen.findByText(/缺少序号占位符 \{seq\}/, undefined, SLOW);
    await type('文号格式', '黄石督〔{year}〕{seq}号');
    await enter('文号格式');
    await screen.findByText('文号格式“黄石督〔{year}〕{seq}号”重复：两种文书不能共用一个序号。', undefined, SLOW);
    expect(h.updates).toEqual([]);
    await type('文号格式', '黄石催〔{year}〕{seq}号');
    await enter('文书名称');
    await waitFor(() => expect(h.updates).toHaveLength(1), SLOW);
    expect(h.updates[0]!.map((p) => p.template)).toEqual(['黄石督〔{year}〕{seq}号', '黄石催〔{year}〕{seq}号']);
    expect(h.updates[0]![1]).toMatchObject({ name: '催办单', width: 0 });
    await waitFor(() => expect(screen.queryByTestId('doc-number-form')).toBeNull(), SLOW);
  });

  it('shows the relay’s refusal in the dialog and keeps it open; the list is unchanged', async () => {
    const h = await openPage();
    await openTab();
    fireEvent.click(screen.getByTestId('doc-number-edit-urge-notice'));
    await screen.findByTestId('doc-number-form', undefined, SLOW);
    expect(field('文号格式').value).toBe(URGE.template);
    h.failNext({ code: 'OFFLINE', message: '离线状态下不能修改基础数据，请恢复连接后重试。' });
    await type('文号格式', '黄石街督〔{year}〕{seq}号');
    await enter('文号格式');
    expect((await screen.findByTestId('save-error', undefined, SLOW)).textContent).toContain('离线状态下不能修改基础数据');
    expect(screen.getByTestId('doc-number-form')).toBeTruthy();
    expect(h.updates).toEqual([]);
    expect(within(screen.getByTestId('doc-number-row-urge-notice')).getByText(URGE.template)).toBeTruthy();
  });
});
