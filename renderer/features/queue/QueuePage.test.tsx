// @vitest-environment jsdom
import '../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider } from 'react-redux';
import { App as AntApp } from 'antd';
import { makeStore } from '../../store/index.js';
import { stubApi } from '../../testing/stubApi.js';
import { counts, ref, rows } from '../../testing/fixtures.js';
import { loadRef } from '../ref/refData.js';
import { QueuePage } from './QueuePage.js';
import { loadViews } from './savedViews.js';

afterEach(cleanup);

async function setup() {
  const s = stubApi();
  const all = rows(30);
  s.on('ref.get', () => ref);
  s.on('queue.list', (q) => {
    const offset = q.offset as number;
    const limit = q.limit as number;
    return { rows: all.slice(offset, offset + limit), total: all.length, counts: { ...counts, all: all.length, overdue: 3 } };
  });
  const store = makeStore(undefined, { api: s.api });
  await store.dispatch(loadRef());
  render(
    <Provider store={store}>
      <AntApp>
        <QueuePage />
      </AntApp>
    </Provider>,
  );
  await waitFor(() => expect(screen.getAllByTestId('queue-row').length).toBeGreaterThan(0));
  return { s, store };
}

describe('QueuePage', () => {
  it('shows the tabs with their counts, the total and the rows; keys move the cursor', async () => {
    const { store } = await setup();
    expect(screen.getByTestId('tab-overdue').getAttribute('data-count')).toBe('3');
    expect(screen.getByTestId('queue-total').textContent).toContain('30');
    fireEvent.keyDown(window, { key: 'j' });
    expect(store.getState().queue.selectedIndex).toBe(0);
    fireEvent.keyDown(window, { key: 'ArrowDown' });
    expect(store.getState().queue.selectedIndex).toBe(1);
    fireEvent.keyDown(window, { key: 'Enter' });
    expect(store.getState().ui.route).toMatchObject({ name: 'case', caseId: 'r1' });
  });

  it('searches after typing stops, and saves the view with its search', async () => {
    const { s, store } = await setup();
    fireEvent.change(screen.getByTestId('queue-search').querySelector('input') ?? screen.getByTestId('queue-search'), {
      target: { value: '噪音' },
    });
    await waitFor(() => expect(store.getState().queue.view.q).toBe('噪音'));
    await waitFor(() => expect(s.calls.some((c) => c.method === 'queue.list' && (c.input as { q?: string }).q === '噪音')).toBe(true));
    fireEvent.change(screen.getByTestId('view-name'), { target: { value: '噪音视图' } });
    fireEvent.click(screen.getByTestId('view-save'));
    expect((screen.getByTestId('view-name') as HTMLInputElement).value).toBe('');
    expect(loadViews().find((v) => v.name === '噪音视图')?.view.q).toBe('噪音');
  });
});
