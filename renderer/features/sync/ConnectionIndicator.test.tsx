// @vitest-environment jsdom
import '../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { Provider } from 'react-redux';
import { makeStore } from '../../store/index.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { hostLinkChanged, syncPushed, outboxPushed } from './syncSlice.js';
import type { SyncStatus } from '../../../shared/api.js';

const status = (p: Partial<SyncStatus>): SyncStatus => ({
  connection: 'online',
  outboxSize: 0,
  rejectedCount: 0,
  cursor: 10,
  clockOffsetMs: 0,
  relayUrl: 'http://r',
  ...p,
});

function show(setup: (s: ReturnType<typeof makeStore>) => void) {
  const store = makeStore();
  setup(store);
  render(
    <Provider store={store}>
      <ConnectionIndicator />
    </Provider>,
  );
}

afterEach(cleanup);

describe('ConnectionIndicator', () => {
  it('shows online with the last sync time and no pending work', () => {
    show((s) => {
      s.dispatch(hostLinkChanged('up'));
      s.dispatch(syncPushed(status({ lastSyncAt: Date.UTC(2026, 10, 26, 6, 30) })));
    });
    expect(screen.getByTestId('connection-state').textContent).toBe('在线');
    expect(screen.getByTestId('pending-count').textContent).toContain('待同步 0');
    expect(screen.getByTestId('last-sync').textContent).toContain('11-26 14:30');
  });

  it('shows the notice of a relay whose data was replaced or restored (cache rebuilt)', () => {
    const notice = '中继服务器的数据已被替换或从较早的备份恢复：本地缓存已按中继服务器现有的数据重新同步。';
    show((s) => {
      s.dispatch(hostLinkChanged('up'));
      s.dispatch(syncPushed(status({ notice })));
    });
    expect(screen.getByTestId('sync-notice-tag').textContent).toContain('数据已重新同步');
    expect(screen.getByTestId('sync-notice-tag').getAttribute('title')).toBe(notice);
  });

  it('makes offline and pending commands impossible to miss', () => {
    show((s) => {
      s.dispatch(hostLinkChanged('up'));
      s.dispatch(syncPushed(status({ connection: 'offline', outboxSize: 3 })));
    });
    expect(screen.getByTestId('connection-indicator').getAttribute('data-state')).toBe('offline');
    expect(screen.getByTestId('connection-state').textContent).toBe('离线');
    expect(screen.getByTestId('pending-count').getAttribute('data-count')).toBe('3');
  });

  it('shows syncing with progress and rejected commands', () => {
    show((s) => {
      s.dispatch(hostLinkChanged('up'));
      s.dispatch(syncPushed(status({ connection: 'syncing', cursor: 40, head: 100 })));
      s.dispatch(
        outboxPushed({
          size: 0,
          rejected: [
            { id: 'm1', n: 1, caseId: 'c', command: { type: 'sign', caseId: 'c' }, status: 'rejected', createdAt: 1, attempts: 1 },
          ],
        }),
      );
    });
    expect(screen.getByTestId('connection-state').textContent).toBe('同步中');
    expect(screen.getByText('正在同步：40 / 100')).toBeTruthy();
    expect(screen.getByTestId('rejected-count').textContent).toContain('1');
  });

  it('reports a lost link to the local host even if the core last said online', () => {
    show((s) => {
      s.dispatch(syncPushed(status({})));
      s.dispatch(hostLinkChanged('down'));
    });
    expect(screen.getByTestId('connection-state').textContent).toBe('本机服务连接中断');
  });
});
