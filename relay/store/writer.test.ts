/**
 * The writer thread's end of the host wire (shared/hostWire.ts, StoreWriterWire), on a real worker thread
 * and a real file: what it answers is of the dialect; a malformed call is refused in Chinese, other
 * garbage is dropped, and the thread goes on writing. And the store's end: a malformed writer message
 * neither throws nor costs a write.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreWriterWire } from '../../shared/hostWire.js';
import { removeTempDirs, tempDir } from '../testing/testkit.js';
import { SqliteLogStore } from './sqlite.js';

afterAll(() => removeTempDirs());

function startWriter() {
  const writer = new Worker(new URL('./writer.cjs', import.meta.url), { stderr: true });
  const received: unknown[] = [];
  let stderr = '';
  writer.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  writer.on('message', (m) => received.push(m));
  const next = (pred: (m: { t?: string; id?: number }) => boolean) =>
    new Promise<unknown>((resolve) => {
      const tick = () => {
        const found = received.find((m) => pred(m as { t?: string }));
        if (found) resolve(found);
        else setTimeout(tick, 5);
      };
      tick();
    });
  return { writer, received, next, stderr: () => stderr };
}

describe('store writer thread on the host wire', () => {
  it('refuses a malformed call with BAD_REQUEST, drops id-less garbage, and keeps writing', async () => {
    const w = startWriter();
    w.writer.postMessage({ t: 'call', id: 0, method: 'probe' });
    expect(await w.next((m) => m.id === 0)).toMatchObject({ result: { ok: false, error: { code: 'NOT_READY' } } });
    const file = path.join(tempDir('relay-writer-wire-'), 'w.db');
    w.writer.postMessage({
      t: 'init',
      file,
      pragmas: ['journal_mode = WAL'],
      schema: 'CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT)',
      statements: { put: 'INSERT INTO kv VALUES (?, ?)' },
    });
    await w.next((m) => m.t === 'ready');
    w.writer.postMessage({ t: 'call', id: 1, method: 'exec', input: { ops: [['drop', 'put']] } });
    w.writer.postMessage({ t: 'call', id: 2, method: 'vacuum' });
    w.writer.postMessage({ t: 'exec', id: 3, ops: [] });
    w.writer.postMessage('nonsense');
    w.writer.postMessage({ t: 'call', id: 4, method: 'exec', input: { ops: [['run', 'put', ['a', '1']]] } });
    const r4 = await w.next((m) => m.id === 4);
    expect(r4).toEqual({ t: 'result', id: 4, result: { ok: true, value: [1] } });
    const r1 = w.received.find((m) => (m as { id?: number }).id === 1);
    expect(r1).toEqual({
      t: 'result',
      id: 1,
      result: { ok: false, error: { code: 'BAD_REQUEST', message: '消息格式不正确：“exec”调用的 input.ops 格式不对' } },
    });
    const r2 = w.received.find((m) => (m as { id?: number }).id === 2);
    expect(r2).toMatchObject({
      result: { ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/未知的方法“vacuum”/) } },
    });
    expect(w.received.find((m) => (m as { id?: number }).id === 3)).toBeUndefined();
    w.writer.postMessage({ t: 'shutdown' });
    await w.next((m) => m.t === 'closed');
    // Everything it said is of the dialect the store parses.
    for (const m of w.received) expect(StoreWriterWire.fromWriter.safeParse(m).success, JSON.stringify(m)).toBe(true);
    await w.writer.terminate();
    expect(w.stderr()).toMatch(/未知的消息类型“exec”/);
    expect(w.stderr()).toMatch(/消息必须是对象/);
  });

  it('the store drops a malformed writer message and loses no write', async () => {
    const store = await SqliteLogStore.open({ dataDir: tempDir('relay-writer-store-'), sync: 'normal' });
    try {
      const writer = (store as unknown as { writer: Worker }).writer;
      const warn: string[] = [];
      const orig = console.warn;
      console.warn = (m: string) => warn.push(m);
      try {
        writer.emit('message', { t: 'result', id: 'zz', result: {} });
        writer.emit('message', { type: 'done', id: 1 });
      } finally {
        console.warn = orig;
      }
      expect(warn).toHaveLength(2);
      expect(warn[1]).toMatch(/消息格式不正确：未知的消息类型“undefined”/);
      await store.setMeta('k', 'v');
      expect(await store.getMeta('k')).toBe('v');
    } finally {
      await store.close();
    }
  });
});
