import { describe, expect, it } from 'vitest';
import { CoreHostWire, readWire, readWireText, refusedCall, StoreWriterWire, WebHostWire, WorkerWire } from './hostWire.js';

describe('the host wire', () => {
  it('reads every dialect member it defines and refuses the rest with a Chinese reason and the id it could read', () => {
    expect(readWire(CoreHostWire.toHost, { t: 'call', id: 1, method: 'time.now', input: {}, ctx: { roleCap: 'wall' } })).toMatchObject({
      ok: true,
    });
    expect(readWire(WorkerWire.toWorker, { t: 'subscribe', stream: 'sync' })).toMatchObject({ ok: true });
    expect(readWire(StoreWriterWire.fromWriter, { t: 'stream', stream: 'health', data: { op: 'commit', ok: true } })).toMatchObject({
      ok: true,
    });
    expect(readWire(CoreHostWire.toHost, { t: 'call', id: 'not-numbered', method: 'x', input: 1 })).toMatchObject({
      ok: false,
      id: 'not-numbered',
      t: 'call',
    });
    expect(readWire(CoreHostWire.fromHost, { t: 'nope', id: 3 })).toEqual({
      ok: false,
      id: 3,
      t: 'nope',
      reason: '消息格式不正确：未知的消息类型“nope”（应为 ready、result、stream、fatal、closed）',
    });
    expect(readWire(WorkerWire.toWorker, null)).toMatchObject({ ok: false, id: null, reason: '消息格式不正确：消息必须是对象' });
    expect(readWire(WorkerWire.toWorker, [1])).toMatchObject({ ok: false, reason: '消息格式不正确：消息必须是对象' });
  });

  it('drops a ctx a page sends and bounds text frames', () => {
    const read = readWire(WebHostWire.toHost, {
      t: 'call',
      id: 'a',
      method: 'x',
      input: 1,
      ctx: { roleCap: 'wall', connectionId: 'spoof' },
    });
    expect(read).toEqual({ ok: true, message: { t: 'call', id: 'a', method: 'x', input: 1 } });
    expect(readWireText(WebHostWire.toHost, '{', 10)).toMatchObject({ ok: false, reason: '消息格式不正确：不是合法的 JSON' });
    expect(readWireText(WebHostWire.toHost, 'x'.repeat(11), 10)).toMatchObject({
      ok: false,
      reason: '消息格式不正确：消息过大（超过10个字符）',
    });
    expect(readWireText(WebHostWire.toHost, new Uint8Array([123, 125]), 10)).toMatchObject({
      ok: false,
      reason: '消息格式不正确：只接受文本帧',
    });
    expect(refusedCall('原因')).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: '原因' } });
  });
});
