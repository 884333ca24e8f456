/**
 * How the statistics, assessment, wall and meeting screens reach the workstation API: an explicit
 * provider (tests, the standalone wall), else the client the app store already holds (no second
 * connection), else a client of its own over the page's default bridge.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { ReactReduxContext } from 'react-redux';
import { createDefaultApiClient, type ApiClient } from '../../api/client.js';
import type { HostLink } from '../../api/bridge.js';
import type { ApiStreamName } from '../../../shared/api.js';
import type { ThunkExtra } from '../../store/thunk.js';

const FeatureApiContext = createContext<ApiClient | null>(null);

export function FeatureApiProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  return <FeatureApiContext.Provider value={api}>{children}</FeatureApiContext.Provider>;
}

let fallbackClient: ApiClient | null = null;

type StoreLike = { dispatch: (thunk: (d: unknown, g: unknown, extra: ThunkExtra) => unknown) => unknown };

export function useApi(): ApiClient {
  const explicit = useContext(FeatureApiContext);
  const redux = useContext(ReactReduxContext);
  if (explicit) return explicit;
  const store = redux?.store as StoreLike | undefined;
  if (store) {
    // redux-thunk returns what the thunk returns: this reads the client injected as the thunk extra.
    const api = store.dispatch((_d, _g, extra) => extra?.api) as ApiClient | undefined;
    if (api) return api;
  }
  fallbackClient ??= createDefaultApiClient();
  return fallbackClient;
}

/** Link state of the page to the workstation host. */
export function useHostLink(api: ApiClient): HostLink {
  const [link, setLink] = useState<HostLink>('up');
  useEffect(() => api.onLink(setLink), [api]);
  return link;
}

/**
 * Calls `load` now, whenever `deps` change, and (debounced) after each push of the `streams` (default
 * `changes`), so screens stay live without reload. Returns the latest data, the error, and the time of the
 * last successful load.
 */
export function useLiveQuery<T>(
  api: ApiClient,
  load: () => Promise<T>,
  deps: readonly unknown[],
  opts: { live?: boolean; debounceMs?: number; refreshMs?: number; streams?: readonly ApiStreamName[] } = {},
) {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean; updatedAt: number | null }>({
    data: null,
    error: null,
    loading: true,
    updatedAt: null,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const [tick, setTick] = useState(0);
  // A change of deps discards loads still running for the old ones; a refresh (tick) does not discard the
  // one in flight: under a steady stream of changes every load would otherwise be cancelled by the next
  // and the screen would never show anything. The newest finished load wins.
  const generation = useRef(0);
  const started = useRef(0);
  const shown = useRef(0);
  useEffect(() => {
    generation.current += 1;
  }, deps);
  useEffect(() => {
    const gen = generation.current;
    const n = ++started.current;
    const current = () => gen === generation.current && n > shown.current;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => {
        if (!current()) return;
        shown.current = n;
        setState({ data, error: null, loading: n !== started.current, updatedAt: Date.now() });
      },
      (e: unknown) => {
        if (!current()) return;
        setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e), loading: n !== started.current }));
      },
    );
  }, [...deps, tick]);
  const live = opts.live ?? true;
  const debounceMs = opts.debounceMs ?? 800;
  const refreshMs = opts.refreshMs ?? 0;
  // As one string: a new array each render must not resubscribe.
  const streams = (opts.streams ?? ['changes']).join(',');
  // Clocks cross their deadlines without any change in the log: screens that show "overdue" also poll.
  useEffect(() => {
    if (!refreshMs) return;
    const id = setInterval(() => setTick((t) => t + 1), refreshMs);
    return () => clearInterval(id);
  }, [refreshMs]);
  useEffect(() => {
    if (!live) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const offs = streams.split(',').map((name) =>
      api.on(name as ApiStreamName, () => {
        clearTimeout(timer);
        timer = setTimeout(() => setTick((t) => t + 1), debounceMs);
      }),
    );
    // After the link comes back, refetch at once: the data may be stale.
    const offLink = api.onLink((l) => l === 'up' && setTick((t) => t + 1));
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
      offLink();
    };
  }, [api, live, debounceMs, streams]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}
