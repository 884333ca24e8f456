/** Connection and outbox state: relay link (from the core), host link (page ↔ core), rejected commands. */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ApiStreamData, OutboxItem, SyncStatus } from '../../../shared/api.js';
import type { HostLink } from '../../api/bridge.js';
import { createAppThunk } from '../../store/thunk.js';

export interface SyncState {
  status: SyncStatus | null;
  hostLink: HostLink;
  outboxSize: number;
  rejected: OutboxItem[];
}

const initialState: SyncState = { status: null, hostLink: 'connecting', outboxSize: 0, rejected: [] };

export const fetchSyncStatus = createAppThunk('sync/status', async (_: void, { extra }) => extra.api.call('sync.status', {}));
export const syncNow = createAppThunk('sync/now', async (_: void, { extra }) => extra.api.call('sync.now', {}));
/** The outbox (staff only: the wall role has none to show and may not read it). */
export const fetchOutbox = createAppThunk('sync/outbox', async (_: void, { extra }) => extra.api.call('outbox.list', {}), {
  condition: (_: void, { getState }) => getState().session.info?.user.role !== 'wall',
});
export const dismissOutboxItem = createAppThunk('sync/dismiss', async (id: string, { extra }) => {
  await extra.api.call('outbox.dismiss', { id });
  return id;
});

const syncSlice = createSlice({
  name: 'sync',
  initialState,
  reducers: {
    syncPushed(s, a: PayloadAction<SyncStatus>) {
      s.status = a.payload;
      s.outboxSize = a.payload.outboxSize;
    },
    outboxPushed(s, a: PayloadAction<ApiStreamData<'outbox'>>) {
      s.outboxSize = a.payload.size;
      s.rejected = a.payload.rejected;
    },
    hostLinkChanged(s, a: PayloadAction<HostLink>) {
      s.hostLink = a.payload;
    },
  },
  extraReducers: (b) => {
    const take = (s: SyncState, a: PayloadAction<SyncStatus>) => {
      s.status = a.payload;
      s.outboxSize = a.payload.outboxSize;
    };
    b.addCase(fetchSyncStatus.fulfilled, take)
      .addCase(syncNow.fulfilled, take)
      .addCase(fetchOutbox.fulfilled, (s, a) => {
        s.rejected = a.payload.filter((i) => i.status === 'rejected');
        s.outboxSize = a.payload.filter((i) => i.status === 'pending').length;
      })
      .addCase(dismissOutboxItem.fulfilled, (s, a) => {
        s.rejected = s.rejected.filter((i) => i.id !== a.payload);
      });
  },
});

export const { syncPushed, outboxPushed, hostLinkChanged } = syncSlice.actions;
export default syncSlice.reducer;

/** What the connection indicator shows: the host link going down trumps the core's relay state. */
export type ConnectionView = 'online' | 'offline' | 'syncing' | 'connecting' | 'hostDown';
export function connectionView(s: SyncState): ConnectionView {
  if (s.hostLink === 'down') return 'hostDown';
  if (!s.status) return 'connecting';
  return s.status.connection;
}
