/**
 * An in-memory ApiClient for component tests of the statistics screens: canned answers per method,
 * a record of calls, and push/link events the test fires. (Integration tests use the real core.)
 */
import type { ApiClient } from '../api/client.js';
import type { HostLink } from '../api/bridge.js';
import type { ApiMethod, MetricValue, QueueRow, StatsResult } from '../../shared/api.js';
import { METRIC_DEFINITIONS } from '../../shared/metrics/definitions.js';

export interface FakeApi extends ApiClient {
  calls: { method: string; input: unknown }[];
  push(stream: string, data: unknown): void;
  setLink(l: HostLink): void;
}

export function fakeApi(answers: Partial<Record<ApiMethod, (input: never) => unknown>>): FakeApi {
  const calls: { method: string; input: unknown }[] = [];
  const streams = new Map<string, Set<(d: unknown) => void>>();
  const links = new Set<(l: HostLink) => void>();
  return {
    calls,
    async call(method, input) {
      calls.push({ method, input });
      const f = answers[method] as ((i: unknown) => unknown) | undefined;
      if (!f) throw new Error(`no answer for ${method}`);
      return f(input) as never;
    },
    on(stream, cb) {
      let set = streams.get(stream);
      if (!set) streams.set(stream, (set = new Set()));
      set.add(cb as (d: unknown) => void);
      return () => set.delete(cb as (d: unknown) => void);
    },
    onLink(cb) {
      links.add(cb);
      return () => links.delete(cb);
    },
    push(stream, data) {
      for (const cb of streams.get(stream) ?? []) cb(data);
    },
    setLink(l) {
      for (const cb of links) cb(l);
    },
  };
}

/** Metric values for every definition; unspecified ones are 0 (counts) or no data (rates). */
export function metricValues(values: Record<string, [number | null, number?, number?]>): MetricValue[] {
  return METRIC_DEFINITIONS.map((d) => {
    const [value, numerator, denominator] = values[d.id] ?? [d.unit === 'count' ? 0 : null];
    return {
      id: d.id,
      label: d.label,
      unit: d.unit,
      formula: d.formula,
      version: d.version,
      value,
      ...(numerator !== undefined ? { numerator, denominator } : {}),
    };
  });
}

export function statsResult(period: { from: number; to: number }, metrics: MetricValue[], groups: StatsResult['groups'] = []): StatsResult {
  return { period, metrics, groups, trend: [] };
}

export function queueRow(id: string, over: Partial<QueueRow> = {}): QueueRow {
  return {
    id,
    code: `SJ-${id}`,
    title: `案件${id}`,
    address: '黄石东路12号',
    communityId: 'c001',
    gridId: 'g001001',
    source: 'grid_worker',
    status: 'signed',
    reportedAt: Date.UTC(2026, 10, 20, 2),
    updatedAt: Date.UTC(2026, 10, 20, 2),
    clocks: [],
    bounceCount: 0,
    mandatory: false,
    fallback: false,
    urgeCount: 0,
    pendingCount: 0,
    upstreamIssue: false,
    ...over,
  };
}
