/** The connection to the relay: sync status and sync now, presence, the relay's time. */
import type { CoreParts, HandlersFor } from './handlers.js';

export function connectionHandlers(p: CoreParts): HandlersFor<'sync.status' | 'sync.now' | 'presence.list' | 'presence.open' | 'time.now'> {
  const { sync } = p;
  return {
    'sync.status': () => p.syncStatus(),
    'sync.now': async () => {
      await sync.syncNow();
      return p.syncStatus();
    },
    'presence.list': () => sync.presence,
    'presence.open': (input) => {
      sync.openCase(input.caseId);
      return {};
    },
    'time.now': () => ({ now: p.now(), offsetMs: sync.clockOffsetMs }),
  };
}
