import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_METHODS, ApiStreams } from '../../shared/api.js';
import { apiChannel, IPC_METHODS, IPC_STREAMS, IpcErrorCode, methodFromChannel, streamChannel } from '../../shared/ipc.js';
import { guardIpcCall, guardIpcInvoke, type IpcSender } from './ipcGuard.js';

const OWN_ID = 7;
const options = { isOwnWebContents: (id: number) => id === OWN_ID };
const good: IpcSender = { frameUrl: 'app://renderer/index.html#/queue', isMainFrame: true, webContentsId: OWN_ID };
const login = { username: 'dispatcher', password: 'grid2026' };

describe('IPC contract (shared/ipc.ts)', () => {
  it('lists exactly the methods and streams of shared/api.ts', () => {
    expect([...IPC_METHODS].sort()).toEqual([...API_METHODS].sort());
    expect([...IPC_STREAMS].sort()).toEqual(Object.keys(ApiStreams).sort());
  });

  it('names channels api:<method> and stream:<name>', () => {
    expect(apiChannel('session.login')).toBe('api:session.login');
    expect(streamChannel('notify')).toBe('stream:notify');
    for (const m of IPC_METHODS) expect(methodFromChannel(apiChannel(m))).toBe(m);
    expect(methodFromChannel('session.login')).toBeNull();
    expect(methodFromChannel('stream:notify')).toBeNull();
    expect(methodFromChannel(42)).toBeNull();
  });
});

describe('guardIpcCall', () => {
  it('accepts a valid call from the app main frame and returns the parsed input', () => {
    const r = guardIpcCall('api:session.login', good, { ...login, extra: 'dropped' }, options);
    expect(r).toEqual({ ok: true, method: 'session.login', input: login });
  });

  it('applies schema defaults (queue.list with an empty query)', () => {
    const r = guardIpcCall('api:queue.list', good, {}, options);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.input).toMatchObject({ tab: 'all', offset: 0, limit: 100, sort: { field: 'reportedAt', dir: 'desc' } });
  });

  it.each([
    ['api:fs.readFile'],
    ['api:'],
    ['api:session.login '],
    ['stream:notify'],
    ['session.login'],
    ['API:session.login'],
    ['api:__proto__'],
    ['api:constructor'],
  ])('refuses unknown channel %s', (channel) => {
    const r = guardIpcCall(channel, good, {}, options);
    expect(r).toMatchObject({ ok: false, error: { code: IpcErrorCode.unknownChannel } });
  });

  it('refuses non-string channels', () => {
    for (const channel of [undefined, null, 1, {}, ['api:session.login']]) {
      expect(guardIpcCall(channel, good, {}, options)).toMatchObject({ ok: false, error: { code: IpcErrorCode.unknownChannel } });
    }
  });

  it.each<[string, IpcSender | null]>([
    ['a remote page', { ...good, frameUrl: 'https://evil.example/index.html' }],
    ['a file:// page', { ...good, frameUrl: 'file:///opt/grid/dist/renderer/index.html' }],
    ['another app:// host', { ...good, frameUrl: 'app://evil/index.html' }],
    ['a data: URL', { ...good, frameUrl: 'data:text/html,<script>1</script>' }],
    ['about:blank', { ...good, frameUrl: 'about:blank' }],
    ['a sub-frame', { ...good, isMainFrame: false }],
    ['a destroyed frame', { ...good, frameUrl: null }],
    ['a window the app did not create', { ...good, webContentsId: 99 }],
    ['no sender at all', null],
  ])('refuses a foreign sender: %s', (_name, sender) => {
    const r = guardIpcCall('api:session.login', sender, login, options);
    expect(r).toMatchObject({ ok: false, error: { code: IpcErrorCode.foreignSender } });
  });

  it.each([
    ['missing password', 'api:session.login', { username: 'dispatcher' }],
    ['wrong type', 'api:session.login', { username: 1, password: 'x' }],
    ['too long', 'api:session.login', { username: 'x'.repeat(33), password: 'x' }],
    ['not an object', 'api:session.current', 'hello'],
    ['undefined', 'api:case.get', undefined],
    ['array', 'api:case.get', ['id']],
    ['limit out of range', 'api:queue.list', { limit: 100000 }],
    ['unknown tab', 'api:queue.list', { tab: 'secret' }],
    ['bad command', 'api:command.submit', { command: { type: 'rm -rf' } }],
  ])('refuses a bad payload: %s', (_name, channel, payload) => {
    const r = guardIpcCall(channel, good, payload, options);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(IpcErrorCode.badRequest);
      expect(r.error.message).toMatch(/^请求参数无效/);
    }
  });

  it('treats a missing input as an empty one, like the core does', () => {
    expect(guardIpcCall('api:session.current', good, undefined, options)).toEqual({ ok: true, method: 'session.current', input: {} });
    expect(guardIpcCall('api:case.get', good, undefined, options)).toMatchObject({ ok: false, error: { code: IpcErrorCode.badRequest } });
    expect(guardIpcCall('api:session.current', good, null, options)).toMatchObject({ ok: false, error: { code: IpcErrorCode.badRequest } });
  });

  it('checks the channel before the sender, and the sender before the payload', () => {
    expect(guardIpcCall('api:nope', null, undefined, options)).toMatchObject({ error: { code: IpcErrorCode.unknownChannel } });
    expect(guardIpcCall('api:session.login', null, undefined, options)).toMatchObject({ error: { code: IpcErrorCode.foreignSender } });
  });

  it('refuses every channel outside the allow-list (property)', () => {
    const known = new Set(IPC_METHODS.map(apiChannel));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `api:${s}`),
        ),
        (channel) => {
          fc.pre(!known.has(channel as never));
          const r = guardIpcCall(channel, good, {}, options);
          return !r.ok && r.error.code === IpcErrorCode.unknownChannel;
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('guardIpcInvoke', () => {
  it('requires exactly one argument', () => {
    expect(guardIpcInvoke('api:session.login', good, [login], options).ok).toBe(true);
    expect(guardIpcInvoke('api:session.login', good, [login, 'smuggled'], options)).toMatchObject({
      ok: false,
      error: { code: IpcErrorCode.badRequest },
    });
    expect(guardIpcInvoke('api:session.current', good, [], options)).toMatchObject({ ok: false, error: { code: IpcErrorCode.badRequest } });
  });
});
