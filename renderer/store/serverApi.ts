/**
 * The renderer's one data layer for server reads: an RTK Query API over the transport-neutral ApiClient
 * the store is built with (the thunk `extra`), so it runs the same over IPC, the worker and WebSocket.
 * Every cached read provides tags; the core's push streams invalidate them (store/listener.ts, the one
 * place that maps streams to tags), so live screens refetch when data changes.
 */
import { createApi, type BaseQueryFn } from '@reduxjs/toolkit/query/react';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api.js';
import type { RefData } from '../../shared/refData.js';
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
