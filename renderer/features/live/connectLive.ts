/** Feeds the core's push streams and the host link into the store. */
import type { ApiClient } from '../../api/client.js';
import type { AppStore } from '../../store/index.js';
import { setClockOffset } from '../../lib/ticker.js';
import { fetchOutbox, fetchSyncStatus, hostLinkChanged, outboxPushed, syncPushed } from '../sync/index.js';
import { alertArrived, assessmentsArrived, changesArrived } from './liveActions.js';
import { checkSession } from '../session/index.js';
import { refreshVisible } from '../queue/index.js';
import { refreshCase } from '../case/index.js';

export function connectLive(store: AppStore, api: ApiClient): () => void {
  let wasDown = false;
  const offs = [
    api.on('sync', (s) => {
      setClockOffset(s.clockOffsetMs);
      store.dispatch(syncPushed(s));
    }),
    api.on('outbox', (o) => store.dispatch(outboxPushed(o))),
    api.on('changes', (c) => store.dispatch(changesArrived({ ...c, at: Date.now() }))),
    api.on('notify', (n) => store.dispatch(alertArrived(n))),
    api.on('assessments', (a) => store.dispatch(assessmentsArrived(a))),
    api.onLink((l) => {
      store.dispatch(hostLinkChanged(l));
      if (l === 'down') wasDown = true;
      if (l === 'up' && wasDown) {
        // Back from a host outage: re-read everything the page shows.
        wasDown = false;
        void store.dispatch(checkSession());
        void store.dispatch(fetchSyncStatus());
        void store.dispatch(fetchOutbox());
        void store.dispatch(refreshVisible());
        void store.dispatch(refreshCase());
      }
    }),
  ];
  return () => offs.forEach((off) => off());
}
