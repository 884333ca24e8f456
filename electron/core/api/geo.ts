/** Case locations: nearby cases (case.nearby) and the queue map (queue.map), over the cache's points. */
import { NearbyReader } from '../reads/nearby.js';
import { QueueMapReader } from '../reads/queueMap.js';
import type { CoreParts, HandlersFor } from './handlers.js';

export function geoHandlers(p: CoreParts): HandlersFor<'case.nearby' | 'queue.map'> {
  const nearby = new NearbyReader(p.store.db);
  const map = new QueueMapReader(p.store.db, p.queue);
  return {
    'case.nearby': (input) => nearby.nearby(input),
    'queue.map': (input) => map.read(input, p.now(), p.store.serverVersion),
  };
}
