/** The core while its cache cannot be opened at start (a full disk, an unwritable folder, a lock). */
import fs from 'node:fs';
import path from 'node:path';
import type { SyncStatus } from '../../shared/api.js';
import { errorCode, isTransient } from './cache/db.js';
import { consoleLogger } from './log.js';
import type { CallContext, Core, CoreOptions, StreamListener } from './types.js';

/** Storage trouble at start that may pass (never damage: openCache moves a damaged file aside itself). */
export function startTrouble(e: unknown): boolean {
  const code = errorCode(e);
  return isTransient(code) || ['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'EDQUOT'].includes(code);
}

/** Free bytes on the file system of `dir` (or of its nearest existing parent); null if unknown. */
function freeBytes(dir: string): number | null {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      const s = fs.statfsSync(d);
      return s.bavail * s.bsize;
    } catch {
      if (path.dirname(d) === d) return null;
    }
  }
}

/**
 * A core that waits for its storage: answers every call with the start trouble (DISK_FULL / STORAGE_ERROR),
 * retries `open` every `openRetryMs` and at each call, and from then on passes everything to the opened core.
 */
export function waitingCore(opts: CoreOptions, first: unknown, open: (opts: CoreOptions) => Core): Core {
  const log = opts.log ?? consoleLogger();
  const retryMs = opts.openRetryMs ?? 3000;
  let inner: Core | null = null;
  let closed = false;
  let problem = describeStartTrouble(opts.dataDir, first);
  log.error(`cannot open the cache in ${opts.dataDir} (${errorCode(first)}: ${(first as Error).message}); the core waits and retries every ${retryMs} ms`);
  const listeners = new Map<StreamListener, (() => void) | null>();

  const status = (): SyncStatus => ({ connection: 'offline', outboxSize: 0, rejectedCount: 0, cursor: 0, clockOffsetMs: 0, relayUrl: opts.relayUrl, error: problem.message });
  function tryOpen(): Core | null {
    if (inner || closed) return inner;
    try {
      inner = open(opts);
    } catch (e) {
      if (!startTrouble(e)) log.error(`opening the cache failed: ${(e as Error).stack ?? String(e)}`);
      problem = describeStartTrouble(opts.dataDir, e);
      for (const l of listeners.keys()) l('sync', status());
      return null;
    }
    clearInterval(timer);
    log.info(`cache in ${opts.dataDir} opened after waiting for storage`);
    for (const l of listeners.keys()) listeners.set(l, inner.subscribeAll(l));
    return inner;
  }
  const timer = setInterval(tryOpen, retryMs);
  timer.unref?.();

  const shell: Core = {
    get clientId() {
      return inner?.clientId ?? opts.clientId ?? '';
    },
    dataDir: opts.dataDir,
    get recovered() {
      return inner?.recovered;
    },
    call: (async (method: string, input: unknown, ctx?: CallContext) => {
      const c = tryOpen();
      if (c) return c.call(method, input, ctx);
      if (closed) return { ok: false, error: { code: 'CLOSED', message: '工作站核心已关闭' } };
      return { ok: false, error: { code: problem.code, message: problem.message } };
    }) as Core['call'],
    subscribe(stream, listener) {
      return shell.subscribeAll((s, data) => {
        if ((s as string) === stream) (listener as (d: unknown) => void)(data);
      });
    },
    subscribeAll(listener) {
      listeners.set(listener, inner ? inner.subscribeAll(listener) : null);
      return () => {
        listeners.get(listener)?.();
        listeners.delete(listener);
      };
    },
    statsInfo: () => inner?.statsInfo() ?? { fast: false, candidates: 0, exactPath: 0, rebuilt: 0, worker: false },
    async close() {
      closed = true;
      clearInterval(timer);
      listeners.clear();
      await inner?.close();
    },
  };
  return shell;
}

function describeStartTrouble(dataDir: string, e: unknown): { code: string; message: string } {
  const code = errorCode(e);
  const free = freeBytes(dataDir);
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === 'EDQUOT' || (free !== null && free < 4 * 1024 * 1024)) {
    return { code: 'DISK_FULL', message: '磁盘空间不足，工作站无法打开本地缓存：已排队的操作仍保存在本机，不会丢失。请释放磁盘空间，工作站会自动重试并恢复工作。' };
  }
  return { code: 'STORAGE_ERROR', message: `本地缓存暂时无法打开（${code}）：已排队的操作仍保存在本机，不会丢失。工作站会自动重试；如持续出现，请检查磁盘和数据目录的权限。` };
}
