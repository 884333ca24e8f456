/** Test helper: an ApiClient over an in-memory bridge whose answers a test scripts per method. */
import type { ApiResult } from '../../shared/api.js';
import type { GridApiBridge, HostLink } from '../api/bridge.js';
import { createApiClient, type ApiClient } from '../api/client.js';

export type Handler = (input: Record<string, unknown>) => unknown | Promise<unknown>;

export interface StubApi {
  api: ApiClient;
  calls: { method: string; input: unknown }[];
  /** Answer `method` with the handler's value (or its thrown {code,message} as an error envelope). */
  on(method: string, h: Handler): void;
  emit(stream: string, data: unknown): void;
  link(l: HostLink): void;
}

export function stubApi(): StubApi {
  const handlers = new Map<string, Handler>();
  const streams = new Map<string, Set<(d: unknown) => void>>();
  const links = new Set<(l: HostLink) => void>();
  const calls: { method: string; input: unknown }[] = [];
  const bridge: GridApiBridge = {
    async invoke(method, input): Promise<ApiResult<unknown>> {
      calls.push({ method, input });
      const h = handlers.get(method);
      if (!h) return { ok: false, error: { code: 'NOT_STUBBED', message: method } };
      try {
        return { ok: true, value: await h(input as Record<string, unknown>) };
      } catch (e) {
        const err = e as { code?: string; message?: string };
        return { ok: false, error: { code: err.code ?? 'ERR', message: err.message ?? '' } };
      }
    },
    on(stream, cb) {
      let s = streams.get(stream);
      if (!s) streams.set(stream, (s = new Set()));
      s.add(cb);
      return () => s.delete(cb);
    },
    onLink(cb) {
      links.add(cb);
      return () => links.delete(cb);
    },
  };
  return {
    api: createApiClient(bridge),
    calls,
    on: (m, h) => void handlers.set(m, h),
    emit: (stream, data) => streams.get(stream)?.forEach((cb) => cb(data)),
    link: (l) => links.forEach((cb) => cb(l)),
  };
}
