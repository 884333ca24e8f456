import { describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '../../shared/api.js';
import type { GridApiBridge, HostLink } from './bridge.js';
import { createApiClient } from './client.js';
import { createWorkerBridge, serveApiWorker, validateResult, type MessagePortLike } from './workerBridge.js';
import { counts } from '../testing/fixtures.js';

/** Two connected ports, like a Worker and its global scope; messages are delivered asynchronously and cloned. */
function channel(): { page: MessagePortLike; worker: MessagePortLike } {
  const mk = (): MessagePortLike & { peer?: MessagePortLike } => ({
    onmessage: null,
    postMessage(m: unknown) {
      const data = structuredClone(m);
      queueMicrotask(() => this.peer?.onmessage?.({ data } as MessageEvent));
    },
  });
  const page = mk();
  const worker = mk();
  page.peer = worker;
  worker.peer = page;
  return { page, worker };
}

/** A scripted WebSocket bridge for the worker side. */
function fakeWs(answers: Record<string, ApiResult<unknown>>) {
  const streams = new Map<string, (d: unknown) => void>();
  let linkCb: ((l: HostLink) => void) | undefined;
  const urls: string[] = [];
  const make = ({ url }: { url: string }): GridApiBridge => {
    urls.push(url);
    return {
      invoke: async (method) => answers[method] ?? { ok: false, error: { code: 'NOT_STUBBED', message: method } },
      on: (stream, cb) => {
        streams.set(stream, cb);
        return () => streams.delete(stream);
      },
      onLink: (cb) => {
        linkCb = cb;
        cb('connecting');
        return () => undefined;
      },
    };
  };
  return {
    make,
    urls,
    subscribed: (s: string) => streams.has(s),
    push: (s: string, d: unknown) => streams.get(s)?.(d),
    link: (l: HostLink) => linkCb?.(l),
  };
}

describe('transport worker bridge', () => {
  it('answers calls with values validated in the worker, schema defaults applied', async () => {
    const { page, worker } = channel();
    const ws = fakeWs({ 'queue.list': { ok: true, value: { rows: [], total: 0, counts } } });
    serveApiWorker(worker, ws.make);
    const api = createApiClient(createWorkerBridge(page, 'ws://h/api'));
    await expect(api.call('queue.list', { tab: 'all' })).resolves.toEqual({ rows: [], total: 0, counts });
    expect(ws.urls).toEqual(['ws://h/api']);
  });

  it('turns a malformed answer into BAD_RESPONSE and passes error envelopes through', async () => {
    const { page, worker } = channel();
    serveApiWorker(
      worker,
      fakeWs({
        'time.now': { ok: true, value: { now: 'soon' } },
        'sync.status': { ok: false, error: { code: 'FORBIDDEN', message: '无权' } },
      }).make,
    );
    const api = createApiClient(createWorkerBridge(page, 'ws://h/api'));
    await expect(api.call('time.now', {})).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    await expect(api.call('sync.status', {})).rejects.toMatchObject({ code: 'FORBIDDEN', message: '无权' });
    expect(validateResult('time.now', { ok: true, value: { now: 1, offsetMs: 0 } })).toEqual({ ok: true, value: { now: 1, offsetMs: 0 } });
    expect(validateResult('nope', { ok: true, value: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE' } });
  });

  it('forwards valid pushes and the link state; drops malformed pushes', async () => {
    const { page, worker } = channel();
    const ws = fakeWs({});
    serveApiWorker(worker, ws.make);
    const api = createApiClient(createWorkerBridge(page, 'ws://h/api'));
    const got: unknown[] = [];
    const links: HostLink[] = [];
    api.on('changes', (c) => got.push(c));
    api.onLink((l) => links.push(l));
    await vi.waitFor(() => expect(links).toContain('connecting'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await vi.waitFor(() => expect(ws.subscribed('changes')).toBe(true));
    ws.push('changes', { caseIds: ['a'], seq: 3, newCaseIds: [] });
    ws.push('changes', { caseIds: 'a' });
    ws.push('changes', { caseIds: ['b'], seq: 4, newCaseIds: ['b'] });
    ws.link('up');
    await vi.waitFor(() => expect(links.at(-1)).toBe('up'));
    expect(got).toEqual([
      { caseIds: ['a'], seq: 3, newCaseIds: [] },
      { caseIds: ['b'], seq: 4, newCaseIds: ['b'] },
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('fails waiting calls when the worker itself fails', async () => {
    const { page } = channel();
    const bridge = createWorkerBridge(page, 'ws://h/api');
    const links: HostLink[] = [];
    bridge.onLink!((l) => links.push(l));
    const call = bridge.invoke('time.now', {});
    page.onerror?.({} as ErrorEvent);
    await expect(call).resolves.toMatchObject({ ok: false, error: { code: 'TRANSPORT' } });
    expect(links.at(-1)).toBe('down');
  });

  it('checks the envelope at both ends: refuses a malformed call with BAD_REQUEST, settles a malformed answer, drops the rest', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Worker side: the page's messages.
    const a = channel();
    const answers: unknown[] = [];
    a.page.onmessage = (ev) => answers.push(ev.data);
    serveApiWorker(a.worker, fakeWs({ 'time.now': { ok: true, value: { now: 1, offsetMs: 0 } } }).make);
    a.page.postMessage({ t: 'init', url: 'ws://h/api' });
    a.page.postMessage({ t: 'call', id: 5, method: '', input: {} });
    a.page.postMessage({ t: 'on', stream: 'changes' });
    a.page.postMessage('hello');
    a.page.postMessage({ t: 'call', id: 6, method: 'time.now', input: {} });
    await vi.waitFor(() => expect(answers.filter((m) => (m as { t: string }).t === 'result')).toHaveLength(2));
    expect(answers).toContainEqual({
      t: 'result',
      id: 5,
      result: { ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^消息格式不正确：“call”消息/) } },
    });
    expect(answers).toContainEqual({ t: 'result', id: 6, result: { ok: true, value: { now: 1, offsetMs: 0 } } });
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/未知的消息类型“on”/),
      expect.stringMatching(/消息必须是对象/),
    ]);
    // Page side: the worker's messages.
    warn.mockClear();
    const b = channel();
    const bridge = createWorkerBridge(b.page, 'ws://h/api');
    const call = bridge.invoke('time.now', {});
    b.worker.postMessage({ t: 'result', id: 1, result: null });
    await expect(call).resolves.toMatchObject({
      ok: false,
      error: { code: 'BAD_RESPONSE', message: expect.stringMatching(/^消息格式不正确/) },
    });
    b.worker.postMessage({ t: 'link', link: 'sideways' });
    b.worker.postMessage([1]);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(2));
    warn.mockRestore();
  });
});
