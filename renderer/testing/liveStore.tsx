/**
 * A store over a test's ApiClient with the live pushes wired (as main.tsx does), and its Provider: screens
 * that read through the server cache (store/serverApi.ts) need one.
 */
import { useState, type ReactNode } from 'react';
import { Provider } from 'react-redux';
import type { ApiClient } from '../api/client.js';
import { makeStore, type AppStore } from '../store/index.js';
import { connectLive } from '../features/live/connectLive.js';

export function liveStore(api: ApiClient): AppStore {
  const store = makeStore(undefined, { api });
  connectLive(store, api);
  return store;
}

/** One store per mounted provider (a re-render keeps it). */
export function LiveStoreProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const [store] = useState(() => liveStore(api));
  return <Provider store={store}>{children}</Provider>;
}
