/** Typed hooks: import these, never the untyped react-redux ones. */
import { useEffect, useState } from 'react';
import { useDispatch, useSelector, useStore } from 'react-redux';
import type { ApiClient } from '../api/client.js';
import type { HostLink } from '../api/bridge.js';
import type { AppDispatch, AppStore, RootState } from './index.js';

export const useAppDispatch = useDispatch.withTypes<AppDispatch>();
export const useAppSelector = useSelector.withTypes<RootState>();
export const useAppStore = useStore.withTypes<AppStore>();
export type { RootState, AppDispatch, AppStore };

/**
 * The workstation API client the store was built with (its thunk extra), for a screen's own calls
 * (commands, exports, drill-downs); reads go through the server cache (serverApi.ts). One connection.
 */
export function useApi(): ApiClient {
  const store = useAppStore();
  // redux-thunk returns what the thunk returns: this reads the client injected as the thunk extra.
  return store.dispatch((_d, _g, extra) => extra.api);
}

/** Link state of the page to the workstation host. */
export function useHostLink(api: ApiClient): HostLink {
  const [link, setLink] = useState<HostLink>('up');
  useEffect(() => api.onLink(setLink), [api]);
  return link;
}
