import { describe, expect, it, vi } from 'vitest';
import { createApiClient, ApiError } from './client.js';
import type { GridApiBridge } from './bridge.js';
import { counts } from '../testing/fixtures.js';

const bridge = (value: unknown, pushes: Record<string, unknown[]> = {}): GridApiBridge & { sent: unknown[] } => {
  const sent: unknown[] = [];
  return {
    sent,
    invoke: async (method, input) => {
      sent.push({ method, input });
      return value as never;
    },
    on: (stream, cb) => {
      for (const d of pushes[stream] ?? []) cb(d);
      return () => undefined;
    },
  };
};

describe('createApiClient', () => {
  it('returns the validated value, with schema defaults applied to the input', async () => {
    const b = bridge({ ok: true, value: { now: 5, offsetMs: 0 } });
    await expect(createApiClient(b).call('time.now', {})).resolves.toEqual({ now: 5, offsetMs: 0 });
    const q = bridge({ ok: true, value: { rows: [], total: 0, counts } });
    await createApiClient(q).call('queue.list', { tab: 'overdue' });
    expect(q.sent[0]).toMatchObject({ input: { tab: 'overdue', offset: 0, limit: 100, sort: { field: 'reportedAt', dir: 'desc' } } });
  });

  it('refuses bad input before it leaves the page', async () => {
    const b = bridge({ ok: true, value: {} });
    await expect(createApiClient(b).call('queue.list', { limit: 9999 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(b.sent).toHaveLength(0);
  });

  it('turns an error envelope into an ApiError with the core code', async () => {
    const err = await createApiClient(bridge({ ok: false, error: { code: 'FORBIDDEN_ROLE', message: '无权' } }))
      .call('sync.status', {})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'FORBIDDEN_ROLE', message: '无权' });
  });

  it('rejects a response that does not match the output schema', async () => {
    await expect(createApiClient(bridge({ ok: true, value: { now: 'soon' } })).call('time.now', {})).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
    });
    await expect(createApiClient(bridge('garbage')).call('time.now', {})).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('passes valid stream data and drops malformed pushes', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const got: unknown[] = [];
    const b = bridge(null, { changes: [{ caseIds: ['a'], seq: 1, newCaseIds: [] }, { caseIds: 'nope' }] });
    createApiClient(b).on('changes', (d) => got.push(d));
    expect(got).toEqual([{ caseIds: ['a'], seq: 1, newCaseIds: [] }]);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('reports an IPC bridge (no link events) as up', () => {
    const links: string[] = [];
    createApiClient(bridge(null)).onLink((l) => links.push(l));
    expect(links).toEqual(['up']);
  });
});
