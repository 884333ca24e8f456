/**
 * Reference data (communities, grids, departments, catalogue, calendar …) from the one server cache
 * (store/serverApi.ts, endpoint getRef, tag 'Ref'): invalidated when the change stream says it changed.
 */
import type { RefData } from '../../../shared/refData.js';
import { serverApi } from '../../store/serverApi.js';
import { useAppSelector } from '../../store/hooks.js';
import type { RootState } from '../../store/index.js';

const selectRefEntry = serverApi.endpoints.getRef.select();

/** The cached reference data, or null before it arrived. */
export const selectRefData = (s: RootState): RefData | null => selectRefEntry(s).data ?? null;
/** True while the reference data is being fetched. */
export const selectRefLoading = (s: RootState): boolean => selectRefEntry(s).isLoading;

/** Loads the reference data (again) and keeps the cache entry subscribed: the app frame's and tests' load. */
export const loadRef = () => serverApi.endpoints.getRef.initiate(undefined, { forceRefetch: true });
/** Fetches the reference data again into the shared cache, without adding a subscription. */
export const reloadRef = () => serverApi.endpoints.getRef.initiate(undefined, { forceRefetch: true, subscribe: false });

/** Reads the cached reference data (the frame keeps it loaded); does not fetch by itself. */
export function useRefData(): RefData | null {
  return useAppSelector(selectRefData);
}

/** Subscribes to the reference data (fetching it if not cached yet), for screens that need it to load. */
export function useFollowedRef(): RefData | null {
  return serverApi.useGetRefQuery().data ?? null;
}
