import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { IpcErrorCode } from '../../shared/ipc.js';
import { createGridApi, type IpcRendererLike } from './gridApi.js';

/** A stand-in for ipcRenderer: records invokes, emits pushes like Electron (event first, then data). */
function fakeIpc(answer: (channel: string, args: unknown[]) => Promise<unknown>) {
  const bus = new EventEmitter();
  const calls: Array<{ channel: string; args: unknown[] }> = [];
  const ipc: IpcRendererLike = {
    invoke: (channel, ...args) => {
      calls.push({ channel, args });
      return answer(channel, args);
    },
    on: (channel, listener) => bus.on(channel, listener),
    removeListener: (channel, listener) => bus.removeListener(channel, listener),
  };
  const push = (channel: string, data: unknown) => bus.emit(channel, { sender: 'ipcRenderer-would-leak-here' }, data);
  return { ipc, calls, push, bus };
}

describe('window.gridApi', () => {
  it('exposes exactly invoke and on', () => {
    const api = createGridApi(fakeIpc(async () => null).ipc);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards a call on its api: channel with exactly one argument', async () => {
    const f = fakeIpc(async () => ({ ok: true, value: { now: '2026-01-01T00:00:00Z', offsetMs: 0 } }));
    const r = await createGridApi(f.ipc).invoke('time.now', {});
    expect(r).toEqual({ ok: true, value: { now: '2026-01-01T00:00:00Z', offsetMs: 0 } });
    expect(f.calls).toEqual([{ channel: 'api:time.now', args: [{}] }]);
  });

  it('refuses unknown methods without touching IPC', async () => {
    const f = fakeIpc(async () => ({ ok: true, value: 1 }));
    const r = await createGridApi(f.ipc).invoke('fs.readFile' as never, {});
    expect(r).toMatchObject({ ok: false, error: { code: IpcErrorCode.unknownChannel } });
    expect(f.calls).toEqual([]);
  });

  it('turns transport failures into an error result instead of a rejection', async () => {
    const f = fakeIpc(async () => {
      throw new Error('An object could not be cloned.');
    });
    const r = await createGridApi(f.ipc).invoke('session.login', { username: 'a', password: () => 1 });
    expect(r).toMatchObject({ ok: false, error: { code: IpcErrorCode.transport } });
  });

  it('delivers stream data without the IPC event, and unsubscribes', () => {
    const f = fakeIpc(async () => null);
    const api = createGridApi(f.ipc);
    const got: unknown[][] = [];
    const off = api.on('notify', (...args: unknown[]) => got.push(args));
    f.push('stream:notify', { kind: 'urgent_case' });
    f.push('stream:changes', { other: true });
    off();
    off();
    f.push('stream:notify', { kind: 'late' });
    expect(got).toEqual([[{ kind: 'urgent_case' }]]);
    expect(f.bus.listenerCount('stream:notify')).toBe(0);
  });

  it('refuses unknown streams and non-function callbacks', () => {
    const api = createGridApi(fakeIpc(async () => null).ipc);
    expect(() => api.on('api:session.login' as never, () => undefined)).toThrow(/unknown stream/);
    expect(() => api.on('notify', 'x' as never)).toThrow(/function/);
  });
});
