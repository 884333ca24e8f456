/**
 * Store factory. The store holds the working set only (visible queue pages, the open case, and the server
 * read cache of store/serverApi.ts: reference data …), never the full case set, which lives in the core's SQLite cache.
 */
import { combineReducers, configureStore } from '@reduxjs/toolkit';
import sessionReducer from '../features/session/sessionSlice.js';
import syncReducer from '../features/sync/syncSlice.js';
import queueReducer from '../features/queue/queueSlice.js';
import caseReducer from '../features/case/caseSlice.js';
import uiReducer from '../features/ui/uiSlice.js';
import supervisionReducer from '../features/supervision/supervisionSlice.js';
import { createApiClient, type ApiClient } from '../api/client.js';
import { createAppListener } from './listener.js';
import { serverApi } from './serverApi.js';
import type { ThunkExtra } from './thunk.js';
import { noticeLogReducer } from '../features/notice/noticeLog.js';

export const rootReducer = combineReducers({
  session: sessionReducer,
  sync: syncReducer,
  queue: queueReducer,
  case: caseReducer,
  ui: uiReducer,
  supervision: supervisionReducer,
  noticeLog: noticeLogReducer,
  [serverApi.reducerPath]: serverApi.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;

export interface StoreDeps {
  api: ApiClient;
  now?: () => number;
}

/** An API that fails every call: for stores built without a core (tests of pure reducers). */
const offlineApi = createApiClient({
  invoke: async () => ({ ok: false, error: { code: 'TRANSPORT', message: 'no transport' } }),
  on: () => () => undefined,
});

export function makeStore(preloaded?: Partial<RootState>, deps: StoreDeps = { api: offlineApi }) {
  const extra: ThunkExtra = { api: deps.api, now: deps.now ?? Date.now };
  const listener = createAppListener();
  const store = configureStore({
    reducer: rootReducer,
    preloadedState: preloaded as RootState | undefined,
    middleware: (getDefault) =>
      getDefault({
        thunk: { extraArgument: extra },
        // Server reads (reference data …) are plain JSON from validated schemas and large: skip walking them on every action.
        serializableCheck: { ignoredPaths: [serverApi.reducerPath], warnAfter: 100 },
        immutableCheck: { ignoredPaths: [serverApi.reducerPath], warnAfter: 100 },
      })
        .prepend(listener.middleware)
        .concat(serverApi.middleware),
  });
  return store;
}

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
