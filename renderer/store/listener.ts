/**
 * Listener middleware: rejected thunks become notifications in plain Chinese; live pushes refresh the
 * working set (throttled), flash new cases and raise alerts for urgent ones, and invalidate the tags of the
 * server read cache (serverApi.ts): this is the one place that maps the core's streams to tags.
 */
import { createListenerMiddleware, isRejected, type SerializedError, type UnknownAction } from '@reduxjs/toolkit';
import { t, fmt } from '../i18n/zh-CN.js';
import { flashCases, notify, navigate } from '../features/ui/uiSlice.js';
import { alertArrived, assessmentsArrived, changesArrived } from '../features/live/liveActions.js';
import { markStale, refreshVisible } from '../features/queue/queueSlice.js';
import { needsRefreshForPush, refreshCase } from '../features/case/caseSlice.js';
import { loadBoard } from '../features/supervision/supervisionSlice.js';
import { fetchOutbox, fetchSyncStatus, hostLinkChanged, outboxPushed, syncPushed } from '../features/sync/syncSlice.js';
import { reloadRef, selectRefData, selectRefLoading } from '../features/ref/refData.js';
import { beep, desktopNotify } from '../lib/alerts.js';
import type { RootState } from './index.js';
import { SERVER_TAGS, serverApi, type ServerError } from './serverApi.js';
import type { ThunkExtra } from './thunk.js';
import { noticeLogged, saveNoticeLog } from '../features/notice/noticeLog.js';

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

  // The notification history and the sound setting are kept on this workstation.
  listener.startListening({
    predicate: (action: UnknownAction) => action.type.startsWith('noticeLog/'),
    effect: (_action, api) => saveNoticeLog(api.getState().noticeLog),
  });

  listener.startListening({
    predicate: (action: UnknownAction) => isRejected(action),
    effect: (action, api) => {
      const a = action as UnknownAction & { error: SerializedError; meta?: { condition?: boolean; aborted?: boolean } };
      if (a.meta?.condition || a.meta?.aborted) return;
      let prefix = a.type.replace(/\/rejected$/, '');
      let error: Pick<SerializedError, 'code' | 'message'> = a.error;
      if (prefix.startsWith(`${serverApi.reducerPath}/`)) {
        // Screens show their failed reads inline; only the reference data every screen shares is reported here.
        const endpoint = (a.meta as { arg?: { endpointName?: string } } | undefined)?.arg?.endpointName;
        if (endpoint !== 'getRef') return;
        prefix = 'ref/load';
        error = (a.payload as ServerError | undefined) ?? a.error;
      }
      if (QUIET.has(prefix)) return;
      // A fresh workstation has no reference data until its first sync: it is loaded again after that.
      if (prefix === 'ref/load' && error.code === 'NOT_READY') return;
      const actionName = t.errors.actions[prefix] ?? t.errors.fallbackAction;
      api.dispatch(notify({ level: 'error', title: fmt(t.errors.requestFailed, { action: actionName }), message: errorText(error) }));
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
      api.dispatch(serverApi.util.invalidateTags(['Cases', 'Stats']));
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
      // Kept in the bell's history too: a toast missed while away can be found again.
      api.dispatch(noticeLogged({ kind: n.kind, caseId: n.caseId, title: n.title, body: n.body, at: Date.now() }));
      if (n.kind === 'urgent_case') {
        // The core words the title (e.g. '紧急案件：…'); the notice shows it as given.
        api.dispatch(notify({ level: 'warning', title: n.title, message: n.body }));
        if (api.getState().noticeLog.sound) beep();
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
      if (action.payload.refChanged) api.dispatch(serverApi.util.invalidateTags(['Ref']));
    },
  });

  // The other streams' tags: sync state, outbox, frozen assessments.
  listener.startListening({
    actionCreator: syncPushed,
    effect: (_action, api) => void api.dispatch(serverApi.util.invalidateTags(['Sync'])),
  });
  listener.startListening({
    actionCreator: outboxPushed,
    effect: (_action, api) => void api.dispatch(serverApi.util.invalidateTags(['Outbox'])),
  });
  listener.startListening({
    actionCreator: assessmentsArrived,
    effect: (_action, api) => void api.dispatch(serverApi.util.invalidateTags(['Assessments'])),
  });
  // Back from a host outage: every cached read may be stale.
  listener.startListening({
    actionCreator: hostLinkChanged,
    effect: (action, api) => {
      if (action.payload === 'up' && api.getOriginalState().sync.hostLink === 'down') {
        api.dispatch(serverApi.util.invalidateTags([...SERVER_TAGS]));
      }
    },
  });

  // Reference data missing (first start, before the first sync finished): load it once the core has synced.
  listener.startListening({
    predicate: (action: UnknownAction) => syncPushed.match(action) || fetchSyncStatus.fulfilled.match(action),
    effect: (action, api) => {
      const status = (action as ReturnType<typeof syncPushed>).payload;
      const st = api.getState();
      if (selectRefData(st) || selectRefLoading(st) || status.lastSyncAt === undefined) return;
      void (api.dispatch as AppThunkDispatch)(reloadRef());
    },
  });

  return listener;
}

// The listener is created before the store's dispatch type exists; thunks are dispatched through this view.
type AppThunkDispatch = (a: unknown) => Promise<unknown> & { unwrap?: () => Promise<unknown> };
export type { ThunkExtra };
