/**
 * Listener middleware: rejected thunks become notifications in plain Chinese; live pushes refresh the
 * working set (throttled), flash new cases and raise alerts for urgent ones.
 */
import { createListenerMiddleware, isRejected, type SerializedError, type UnknownAction } from '@reduxjs/toolkit';
import { t, fmt } from '../i18n/zh-CN.js';
import { flashCases, notify, navigate } from '../features/ui/uiSlice.js';
import { alertArrived, changesArrived } from '../features/live/liveActions.js';
import { markStale, refreshVisible } from '../features/queue/queueSlice.js';
import { needsRefreshForPush, refreshCase } from '../features/case/caseSlice.js';
import { loadBoard } from '../features/supervision/supervisionSlice.js';
import { fetchOutbox, fetchSyncStatus, syncPushed } from '../features/sync/syncSlice.js';
import { loadRef } from '../features/ref/refSlice.js';
import { beep, desktopNotify } from '../lib/alerts.js';
import type { RootState } from './index.js';
import type { ThunkExtra } from './thunk.js';

/** Thunks whose failures are shown inline by their own screens instead. */
const QUIET = new Set(['session/check', 'session/login', 'case/refresh', 'queue/refreshVisible', 'supervision/details']);
/** Live refreshes are throttled to this interval so a burst of changes costs a few reads, not one each. */
export const REFRESH_INTERVAL_MS = 750;

export function errorText(err: Pick<SerializedError, 'code' | 'message'>): string {
  const byCode = err.code ? (t.errors as Record<string, unknown>)[err.code] : undefined;
  if (typeof byCode === 'string') return byCode;
  return err.message || t.app.unknownError;
}

export function createAppListener() {
  const listener = createListenerMiddleware<RootState>({ extra: undefined });

  listener.startListening({
    predicate: (action: UnknownAction) => isRejected(action),
    effect: (action, api) => {
      const a = action as UnknownAction & { error: SerializedError; meta?: { condition?: boolean; aborted?: boolean } };
      if (a.meta?.condition || a.meta?.aborted) return;
      const prefix = a.type.replace(/\/rejected$/, '');
      if (QUIET.has(prefix)) return;
      // A fresh workstation has no reference data until its first sync: it is loaded again after that.
      if (prefix === 'ref/load' && a.error.code === 'NOT_READY') return;
      const actionName = t.errors.actions[prefix] ?? t.errors.fallbackAction;
      api.dispatch(notify({ level: 'error', title: fmt(t.errors.requestFailed, { action: actionName }), message: errorText(a.error) }));
    },
  });

  // Immediate part of a change push: flash new rows, mark pages stale, refresh the open case.
  listener.startListening({
    actionCreator: changesArrived,
    effect: (action, api) => {
      const { newCaseIds, caseIds, at } = action.payload;
      if (newCaseIds.length) api.dispatch(flashCases({ ids: newCaseIds, at }));
      api.dispatch(markStale());
      if (needsRefreshForPush(api.getState().case, caseIds)) void (api.dispatch as AppThunkDispatch)(refreshCase());
    },
  });

  // Throttled part: at most one queue refresh per interval, however many changes arrive.
  let lastRefresh = 0;
  listener.startListening({
    actionCreator: changesArrived,
    effect: async (_action, api) => {
      api.cancelActiveListeners();
      const wait = Math.max(0, lastRefresh + REFRESH_INTERVAL_MS - Date.now());
      if (wait > 0) await api.delay(wait);
      lastRefresh = Date.now();
      const st = api.getState();
      const d = api.dispatch as AppThunkDispatch;
      if (st.ui.route.name === 'queue' || st.ui.route.name === 'case') await d(refreshVisible());
      if (st.ui.route.name === 'supervision') await d(loadBoard({ board: st.supervision.board, offset: st.supervision.offset }));
    },
  });

  listener.startListening({
    actionCreator: alertArrived,
    effect: (action, api) => {
      const n = action.payload;
      if (n.kind === 'urgent_case') {
        // The core words the title (e.g. '紧急案件：…'); the notice shows it as given.
        api.dispatch(notify({ level: 'warning', title: n.title, message: n.body }));
        beep();
        desktopNotify(n.title, n.body, () => api.dispatch(navigate({ name: 'case', caseId: n.caseId })));
      } else {
        api.dispatch(notify({ level: 'error', title: n.title, message: n.body }));
        void (api.dispatch as AppThunkDispatch)(fetchOutbox());
      }
    },
  });

  // Reference data follows the change stream: a new precedent, a calendar closure or a holiday import
  // reaches every open page without a reload.
  listener.startListening({
    actionCreator: changesArrived,
    effect: (action, api) => {
      if (action.payload.refChanged) void (api.dispatch as AppThunkDispatch)(loadRef());
    },
  });

  // Reference data missing (first start, before the first sync finished): load it once the core has synced.
  listener.startListening({
    predicate: (action: UnknownAction) => syncPushed.match(action) || fetchSyncStatus.fulfilled.match(action),
    effect: (action, api) => {
      const status = (action as ReturnType<typeof syncPushed>).payload;
      const { ref } = api.getState();
      if (ref.data || ref.loading || status.lastSyncAt === undefined) return;
      void (api.dispatch as AppThunkDispatch)(loadRef());
    },
  });

  return listener;
}

// The listener is created before the store's dispatch type exists; thunks are dispatched through this view.
type AppThunkDispatch = (a: unknown) => Promise<unknown> & { unwrap?: () => Promise<unknown> };
export type { ThunkExtra };
