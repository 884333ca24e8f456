// @vitest-environment jsdom
import '../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider } from 'react-redux';
import { App as AntApp } from 'antd';
import { QueueTab } from '../../../shared/api.js';
import { makeStore } from '../../store/index.js';
import { stubApi } from '../../testing/stubApi.js';
import { makeCase, ref, rowOf } from '../../testing/fixtures.js';
import { loadRef } from '../ref/refData.js';
import { SupervisionPage } from './SupervisionPage.js';

afterEach(cleanup);

async function setup() {
  const s = stubApi();
  const cases = ['a', 'b'].map((id) => makeCase(id));
  s.on('ref.get', () => ref);
  const counts = Object.fromEntries(QueueTab.options.map((k) => [k, 0]));
  s.on('queue.list', () => ({ rows: cases.map(rowOf), total: cases.length, counts }));
  s.on('case.get', (input) => ({ case: cases.find((c) => c.id === input.id), pending: [], viewers: [] }));
  s.on('command.submit', () => ({ mutationId: 'm', n: 1 }));
  const user = ref.users.find((u) => u.role === 'supervisor')!;
  const store = makeStore({ session: { status: 'signedIn', info: { user, offline: false, clientId: 'c' }, error: null } }, { api: s.api });
  await store.dispatch(loadRef());
  render(
    <Provider store={store}>
      <AntApp>
        <SupervisionPage />
      </AntApp>
    </Provider>,
  );
  await waitFor(() => expect(screen.getAllByTestId('board-row')).toHaveLength(2));
  return { s, store };
}

describe('SupervisionPage', () => {
  it('urges the selected cases from the batch dialog, reading each once', async () => {
    const { s, store } = await setup();
    const batch = screen.getByTestId('batch-urge');
    expect((batch as HTMLButtonElement).disabled).toBe(true);
    for (const row of screen.getAllByTestId('board-row')) fireEvent.click(row.querySelector('.ant-checkbox-input')!);
    await waitFor(() => expect(store.getState().supervision.selection).toHaveLength(2));
    fireEvent.click(batch);
    await screen.findByTestId('batch-form');
    const before = s.calls.length;
    fireEvent.click(document.querySelector('.ant-modal .ant-btn-primary')!);
    await waitFor(() => expect(s.calls.slice(before).filter((c) => c.method === 'command.submit')).toHaveLength(2));
    await waitFor(() => expect(store.getState().supervision.selection).toEqual([]));
    const reads = s.calls
      .slice(before)
      .filter((c) => c.method === 'case.get')
      .map((c) => (c.input as { id: string }).id);
    expect(reads.sort()).toEqual(['a', 'b']);
    expect(store.getState().ui.notices.some((n) => n.level === 'success')).toBe(true);
  });
});
