import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiResult, ApiStreamName } from '../../shared/api.js';
import { IPC_STREAMS, IpcErrorCode } from '../../shared/ipc.js';
import { runCoreHost, type HostedCore } from '../coreHost/host.js';
import type { HostInit, MessageEndpoint } from '../coreHost/protocol.js';
import { createCoreClient, restartDelayMs } from './coreClient.js';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

const endpoint = (port: MessagePort): MessageEndpoint => ({ post: (m) => port.postMessage(m), onMessage: (l) => port.on('message', l) });

/** A small in-memory stand-in of the workstation core's host-facing surface. */
function stubCore() {
  const listeners = new Map<ApiStreamName, Set<(d: unknown) => void>>();
  const calls: Array<[ApiMethod, unknown, unknown]> = [];
  let closed = false;
  const core: HostedCore = {
    async call(method, input, ctx) {
      calls.push([method, input, ctx]);
      if (method === 'time.now') return { ok: true, value: { now: '2026-11-26T06:00:00.000Z', offsetMs: 12 } };
      if (method === 'sync.now') throw new Error('boom');
      return { ok: false, error: { code: 'not_logged_in', message: '请先登录' } };
    },
    subscribe(stream, l) {
      const set = listeners.get(stream) ?? new Set();
      set.add(l);
      listeners.set(stream, set);
      return () => set.delete(l);
    },
    async close() {
      closed = true;
    },
  };
  const emit = (stream: ApiStreamName, data: unknown) => listeners.get(stream)?.forEach((l) => l(data));
  return { core, calls, emit, isClosed: () => closed, listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

function link(createCore: (init: HostInit) => Promise<HostedCore> | HostedCore) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  let closedByHost = false;
  const host = runCoreHost({ endpoint: endpoint(port2), createCore, onClosed: () => (closedByHost = true) });
  const client = createCoreClient({ post: (m) => (port1.postMessage(m), true), callTimeoutMs: 5000 });
  const messages: unknown[] = [];
  port1.on('message', (m) => {
    messages.push(m);
    client.handleMessage(m);
  });
  const next = (pred: (m: unknown) => boolean) =>
    new Promise<unknown>((resolve) => {
      const found = messages.find(pred);
      if (found) return resolve(found);
      const l = (m: unknown) => {
        if (pred(m)) {
          port1.off('message', l);
          resolve(m);
        }
      };
      port1.on('message', l);
    });
  return { client, host, port1, next, hostClosed: () => closedByHost };
}

const init: HostInit = { t: 'init', dataDir: '/tmp/grid-test', relayUrl: 'http://127.0.0.1:1' };

describe('core host link (client ⇄ host over a MessageChannel)', () => {
  it('answers calls made before init once the core is up, in order', async () => {
    const stub = stubCore();
    let seenInit: HostInit | null = null;
    const { client, port1, next } = link((i) => ((seenInit = i), stub.core));
    const early = client.call('time.now', {});
    port1.postMessage(init);
    await expect(early).resolves.toEqual({ ok: true, value: { now: '2026-11-26T06:00:00.000Z', offsetMs: 12 } });
    await next((m) => (m as { t: string }).t === 'ready');
    expect(client.ready).toBe(true);
    expect(seenInit).toEqual(init);
    await expect(client.call('queue.list', { tab: 'all' })).resolves.toEqual({
      ok: false,
      error: { code: 'not_logged_in', message: '请先登录' },
    });
    expect(stub.calls.map((c) => c[0])).toEqual(['time.now', 'queue.list']);
    expect(client.pendingCount).toBe(0);
  });

  it('passes the call context (wall display cap) through to the core', async () => {
    const stub = stubCore();
    const { client, port1 } = link(() => stub.core);
    port1.postMessage(init);
    await client.call('time.now', {}, { roleCap: 'wall', connectionId: 'ipc:3' });
    await client.call('time.now', {});
    expect(stub.calls.map((c) => c[2])).toEqual([{ roleCap: 'wall', connectionId: 'ipc:3' }, {}]);
  });

  it('turns a throwing core method into an error result', async () => {
    const stub = stubCore();
    const { client, port1 } = link(() => stub.core);
    port1.postMessage(init);
    await expect(client.call('sync.now', {})).resolves.toEqual({ ok: false, error: { code: IpcErrorCode.internal, message: 'boom' } });
  });

  it('forwards every core stream to the client', async () => {
    const stub = stubCore();
    const { client, port1, next } = link(() => stub.core);
    const got: Array<[ApiStreamName, unknown]> = [];
    const delivered = new Promise<void>((resolve) =>
      client.onStream((s, d) => {
        got.push([s, d]);
        if (got.length === 2) resolve();
      }),
    );
    port1.postMessage(init);
    await next((m) => (m as { t: string }).t === 'ready');
    expect(stub.listenerCount()).toBe(IPC_STREAMS.length);
    stub.emit('notify', { kind: 'urgent_case', caseId: 'c1', title: 't', body: 'b' });
    stub.emit('sync', { connection: 'online' });
    await delivered;
    expect(got).toEqual([
      ['notify', { kind: 'urgent_case', caseId: 'c1', title: 't', body: 'b' }],
      ['sync', { connection: 'online' }],
    ]);
  });

  it('reports a core that fails to start, and answers calls with core_unavailable', async () => {
    const { port1, next } = link(async () => {
      throw new Error('database is locked');
    });
    port1.postMessage(init);
    const fatal = (await next((m) => (m as { t: string }).t === 'fatal')) as { message: string };
    expect(fatal.message).toMatch(/database is locked/);
    port1.postMessage({ t: 'call', id: 99, method: 'time.now', input: {} });
    const answer = (await next((m) => (m as { t: string; id?: number }).id === 99)) as { result: ApiResult<unknown> };
    expect(answer.result).toEqual({ ok: false, error: { code: IpcErrorCode.coreUnavailable, message: 'database is locked' } });
  });

  it('closes the core on shutdown and stops forwarding', async () => {
    const stub = stubCore();
    const { port1, next, hostClosed } = link(() => stub.core);
    port1.postMessage(init);
    await next((m) => (m as { t: string }).t === 'ready');
    port1.postMessage({ t: 'shutdown' });
    await next((m) => (m as { t: string }).t === 'closed');
    expect(stub.isClosed()).toBe(true);
    expect(hostClosed()).toBe(true);
    expect(stub.listenerCount()).toBe(0);
  });

  it('ignores malformed messages on both sides', async () => {
    const stub = stubCore();
    const { client, port1 } = link(() => stub.core);
    port1.postMessage({ t: 'call', id: 'x' });
    port1.postMessage('garbage');
    client.handleMessage({ t: 'result', id: 1 });
    client.handleMessage(null);
    port1.postMessage(init);
    await expect(client.call('time.now', {})).resolves.toMatchObject({ ok: true });
  });

  it('answers a malformed call with the Chinese refusal and settles a malformed answer; drops the rest, loses nothing', async () => {
    const stub = stubCore();
    const warned: string[] = [];
    const { port1, next } = link(() => stub.core);
    port1.postMessage(init);
    await next((m) => (m as { t: string }).t === 'ready');
    // Host side, over the real MessageChannel: a call without a method, an unknown t, a non-object.
    port1.postMessage({ t: 'call', id: 41, input: {} });
    const refusal = (await next((m) => (m as { id?: number }).id === 41)) as {
      result: { ok: boolean; error: { code: string; message: string } };
    };
    expect(refusal.result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(refusal.result.error.message).toMatch(/^消息格式不正确：“call”消息：method/);
    port1.postMessage({ t: 'reboot', id: 42 });
    port1.postMessage(12);
    port1.postMessage({ t: 'call', id: 43, method: 'time.now', input: {} });
    await expect(next((m) => (m as { id?: number }).id === 43)).resolves.toMatchObject({ result: { ok: true } });
    expect(stub.calls.map(([m]) => m)).toEqual(['time.now']);
    // Client side: a malformed answer settles its call with the reason; an id-less message is reported.
    const client = createCoreClient({ post: () => true, warn: (m) => warned.push(m) });
    const waiting = client.call('time.now', {});
    client.handleMessage({ t: 'result', id: 1, result: { ok: 'yes' } });
    await expect(waiting).resolves.toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE' } });
    client.handleMessage({ t: 'gossip' });
    client.handleMessage('x'.repeat(10));
    expect(warned).toEqual([
      '主进程丢弃了核心宿主的一条消息：消息格式不正确：未知的消息类型“gossip”（应为 ready、result、stream、fatal、closed）',
      '主进程丢弃了核心宿主的一条消息：消息格式不正确：消息必须是对象',
    ]);
  });
});

describe('core client failure modes', () => {
  it('fails pending calls when the host process exits', async () => {
    const client = createCoreClient({ post: () => true });
    const pending = client.call('time.now', {});
    expect(client.pendingCount).toBe(1);
    client.handleExit('exit code 3');
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: IpcErrorCode.coreUnavailable } });
    expect(client.pendingCount).toBe(0);
  });

  it('answers at once when there is no host process', async () => {
    const client = createCoreClient({ post: () => false });
    await expect(client.call('time.now', {})).resolves.toMatchObject({ ok: false, error: { code: IpcErrorCode.coreUnavailable } });
    const throwing = createCoreClient({
      post: () => {
        throw new Error('process gone');
      },
    });
    await expect(throwing.call('time.now', {})).resolves.toMatchObject({ ok: false, error: { code: IpcErrorCode.coreUnavailable } });
  });

  it('times out a call the host never answers', async () => {
    const client = createCoreClient({ post: () => true, callTimeoutMs: 20 });
    await expect(client.call('sync.now', {})).resolves.toMatchObject({ ok: false, error: { code: IpcErrorCode.coreTimeout } });
  });

  it('drops results for unknown ids and streams outside the allow-list', () => {
    const client = createCoreClient({ post: () => true });
    const got: unknown[] = [];
    client.onStream((s) => got.push(s));
    client.handleMessage({ t: 'result', id: 12345, result: { ok: true, value: 1 } });
    client.handleMessage({ t: 'stream', stream: 'secrets', data: 1 });
    client.handleMessage({ t: 'stream', stream: 'sync', data: 1 });
    expect(got).toEqual(['sync']);
  });

  it('backs off restarts from 0.5 s to at most 30 s', () => {
    expect([0, 1, 2, 3].map(restartDelayMs)).toEqual([500, 1000, 2000, 4000]);
    expect(restartDelayMs(20)).toBe(30_000);
  });
});
