import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWsBridge, defaultWsUrl } from './wsBridge.js';
import type { HostLink } from './bridge.js';

class FakeWS {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 3;
  static all: FakeWS[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(public url: string) {
    FakeWS.all.push(this);
  }
  send(s: string) {
    this.sent.push(s);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  reply(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  get calls() {
    return this.sent.map((s) => JSON.parse(s) as { t: string; id: string; method: string; input: unknown });
  }
}

const make = (opts: { callTimeoutMs?: number } = {}) =>
  createWsBridge({
    url: 'ws://h/api',
    WebSocketImpl: FakeWS as unknown as typeof WebSocket,
    minBackoffMs: 100,
    maxBackoffMs: 1000,
    ...opts,
  });

beforeEach(() => {
  FakeWS.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('defaultWsUrl', () => {
  it('targets /api on the page host and carries the token', () => {
    expect(defaultWsUrl({ protocol: 'http:', host: '127.0.0.1:4820', search: '?token=a b' })).toBe('ws://127.0.0.1:4820/api?token=a%20b');
    expect(defaultWsUrl({ protocol: 'https:', host: 'x', search: '' })).toBe('wss://x/api');
  });
});

describe('createWsBridge', () => {
  it('holds calls until the socket opens, then matches results by id', async () => {
    const b = make();
    const p = b.invoke('sync.status', {});
    const ws = FakeWS.all[0]!;
    expect(ws.sent).toHaveLength(0);
    ws.open();
    expect(ws.calls[0]).toMatchObject({ t: 'call', method: 'sync.status', input: {} });
    ws.reply({ t: 'result', id: ws.calls[0]!.id, result: { ok: true, value: 42 } });
    await expect(p).resolves.toEqual({ ok: true, value: 42 });
    b.close();
  });

  it('delivers stream pushes to subscribers and stops after unsubscribe', () => {
    const b = make();
    const ws = FakeWS.all[0]!;
    ws.open();
    const got: unknown[] = [];
    const off = b.on('changes', (d) => got.push(d));
    ws.reply({ t: 'stream', stream: 'changes', data: { seq: 1 } });
    off();
    ws.reply({ t: 'stream', stream: 'changes', data: { seq: 2 } });
    expect(got).toEqual([{ seq: 1 }]);
    b.close();
  });

  it('fails calls already on the wire when the socket drops, and reconnects with backoff', async () => {
    const b = make();
    const links: HostLink[] = [];
    b.onLink!((l) => links.push(l));
    FakeWS.all[0]!.open();
    const p = b.invoke('queue.list', {});
    FakeWS.all[0]!.close();
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'TRANSPORT' } });
    expect(links).toEqual(['connecting', 'up', 'down']);
    expect(FakeWS.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(150);
    expect(FakeWS.all).toHaveLength(2);
    // A call made while down waits for the new socket.
    const q = b.invoke('sync.status', {});
    FakeWS.all[1]!.open();
    const ws = FakeWS.all[1]!;
    ws.reply({ t: 'result', id: ws.calls[0]!.id, result: { ok: true, value: 'again' } });
    await expect(q).resolves.toEqual({ ok: true, value: 'again' });
    expect(links.at(-1)).toBe('up');
    b.close();
  });

  it('backs off exponentially while the host stays away', async () => {
    const rnd = vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const b = make();
    FakeWS.all[0]!.close();
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeWS.all).toHaveLength(2);
    FakeWS.all[1]!.close();
    // Second retry waits ~200 ms, third ~400 ms.
    await vi.advanceTimersByTimeAsync(150);
    expect(FakeWS.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(50);
    expect(FakeWS.all).toHaveLength(3);
    FakeWS.all[2]!.close();
    await vi.advanceTimersByTimeAsync(350);
    expect(FakeWS.all).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(50);
    expect(FakeWS.all).toHaveLength(4);
    b.close();
    rnd.mockRestore();
  });

  it('times out a call nobody answers', async () => {
    const b = make({ callTimeoutMs: 500 });
    FakeWS.all[0]!.open();
    const p = b.invoke('sync.status', {});
    await vi.advanceTimersByTimeAsync(600);
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    b.close();
  });

  it('ignores garbage frames', () => {
    const b = make();
    const ws = FakeWS.all[0]!;
    ws.open();
    expect(() => ws.onmessage?.({ data: 'not json' })).not.toThrow();
    expect(() => ws.onmessage?.({ data: '42' })).not.toThrow();
    b.close();
  });

  it('checks every frame against the host wire: a malformed answer settles its call, other garbage is logged and dropped', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const b = make();
    const ws = FakeWS.all[0]!;
    ws.open();
    const first = b.invoke('time.now', {});
    const second = b.invoke('time.now', {});
    const [c1, c2] = ws.calls;
    ws.reply({ t: 'result', id: c1!.id, result: { ok: 'maybe' } });
    await expect(first).resolves.toMatchObject({
      ok: false,
      error: { code: 'BAD_RESPONSE', message: expect.stringMatching(/^消息格式不正确：“result”消息/) },
    });
    ws.reply({ t: 'telemetry', id: 'x' });
    ws.reply({ t: 'stream', data: 1 });
    ws.onmessage?.({ data: 'x'.repeat(64 * 256 * 1024 + 1) });
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/未知的消息类型“telemetry”/),
      expect.stringMatching(/“stream”消息/),
      expect.stringMatching(/消息过大/),
    ]);
    ws.reply({ t: 'result', id: c2!.id, result: { ok: true, value: 1 } });
    await expect(second).resolves.toEqual({ ok: true, value: 1 });
    warn.mockRestore();
    b.close();
  });
});
