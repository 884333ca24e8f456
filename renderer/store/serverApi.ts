/**
 * The renderer's one data layer for server reads: an RTK Query API over the transport-neutral ApiClient
 * the store is built with (the thunk `extra`), so it runs the same over IPC, the worker and WebSocket.
 * Every cached read provides tags; the core's push streams invalidate them (store/listener.ts, the one
 * place that maps streams to tags), so live screens refetch when data changes.
 */
import type { ThunkDispatch, UnknownAction } from '@reduxjs/toolkit';
import { createApi, type BaseQueryApi, type BaseQueryFn } from '@reduxjs/toolkit/query/react';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api.js';
import type { RefData } from '../../shared/refData.js';
import type { ApiClient } from '../api/client.js';
import type { ThunkExtra } from './thunk.js';

/** A call of the workstation API, as a query argument. */
export interface ServerCall<M extends ApiMethod = ApiMethod> {
  method: M;
  input: ApiInput<M>;
}

/** A failed read, serialisable: the API's error code and its message (the core words it in Chinese). */
export interface ServerError {
  code: string;
  message: string;
}

export function toServerError(e: unknown): ServerError {
  if (e && typeof e === 'object' && 'message' in e) {
    const err = e as { code?: unknown; message?: unknown };
    return { code: typeof err.code === 'string' ? err.code : 'UNKNOWN', message: String(err.message ?? '') };
  }
  return { code: 'UNKNOWN', message: String(e) };
}

/** Calls `api.call(method, input)` on the client injected into the store; errors become ServerError. */
export const clientBaseQuery: BaseQueryFn<ServerCall, unknown, ServerError> = async ({ method, input }, { extra }) => {
  try {
    return { data: await (extra as ThunkExtra).api.call(method, input as never) };
  } catch (e) {
    return { error: toServerError(e) };
  }
};

/**
 * What a cached read depends on. Ref: reference data (changes.refChanged); Cases and Stats: the case log
 * (changes); Assessments: frozen assessments (assessments); Sync and Outbox: the sync state (sync, outbox).
 */
export const SERVER_TAGS = ['Ref', 'Cases', 'Stats', 'Assessments', 'Sync', 'Outbox'] as const;
export type ServerTag = (typeof SERVER_TAGS)[number];

export const serverApi = createApi({
  reducerPath: 'serverApi',
  baseQuery: clientBaseQuery,
  tagTypes: SERVER_TAGS,
  endpoints: (b) => ({
    /** Reference data (communities, grids, departments, catalogue, calendar …): one cache for every screen. */
    getRef: b.query<RefData, void>({
      query: (): ServerCall<'ref.get'> => ({ method: 'ref.get', input: {} }),
      transformResponse: (r: ApiOutput<'ref.get'>) => r,
      providesTags: ['Ref'],
      // Small and needed by every page: kept for the session; the change stream invalidates it.
      keepUnusedDataFor: 24 * 3600,
    }),
  }),
});

export const { useGetRefQuery } = serverApi;

/**
 * The store's client as the loaders of composite endpoints see it: every call goes to the core, except
 * 'ref.get', which answers from the one reference data cache (the getRef entry).
 */
function loaderClient(api: ApiClient, dispatch: BaseQueryApi['dispatch']): ApiClient {
  const d = dispatch as ThunkDispatch<unknown, unknown, UnknownAction>;
  const call: ApiClient['call'] = (method, input) =>
    method === 'ref.get'
      ? (d(serverApi.endpoints.getRef.initiate(undefined, { subscribe: false })).unwrap() as never)
      : api.call(method, input);
  return Object.assign(Object.create(api) as ApiClient, { call });
}

/**
 * A queryFn for a screen's composite read (several calls in one bundle): runs `load` over the store's
 * client (reference data from its cache); a failure becomes a ServerError.
 */
export function loaderQuery<A, T>(load: (api: ApiClient, arg: A, state: unknown) => Promise<T>) {
  return async (arg: A, q: BaseQueryApi): Promise<{ data: T } | { error: ServerError }> => {
    try {
      return { data: await load(loaderClient((q.extra as ThunkExtra).api, q.dispatch), arg, q.getState()) };
    } catch (e) {
      return { error: toServerError(e) };
    }
  };
}

/** What a live screen shows of a query: the latest data, the error text, loading, the time of the last answer. */
export interface LiveView<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  updatedAt: number | null;
  reload: () => void;
}

/** A query hook's result as a live screen reads it (the shape the screens used before RTK Query). */
export function liveView<T>(r: {
  data?: T;
  error?: unknown;
  isFetching: boolean;
  fulfilledTimeStamp?: number;
  refetch: () => unknown;
}): LiveView<T> {
  const e = r.error as { message?: unknown } | undefined;
  return {
    data: r.data ?? null,
    error: e ? String(e.message ?? e) : null,
    loading: r.isFetching,
    updatedAt: r.fulfilledTimeStamp ?? null,
    reload: () => void r.refetch(),
  };
}

/**
 * Hook options of a live screen: each mount loads afresh (as before, not a cached answer of an earlier
 * visit), and screens whose clocks cross deadlines poll too.
 */
export const liveOptions = (pollMs = 0) => ({ refetchOnMountOrArgChange: true, pollingInterval: pollMs }) as const;
