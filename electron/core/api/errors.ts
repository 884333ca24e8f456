/** API errors: the handlers' ApiError, and the mapping of any error a call meets to a code and a Chinese message. */
import { errorCode, isDamage } from '../cache/db.js';
import type { Logger } from '../log.js';
import { StatsError } from '../reads/stats.js';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The answer to a call that threw: its own code for an ApiError / StatsError, else by the storage error (a damaged cache is marked). */
export function toError(e: unknown, method: string, log: Logger, damaged: (e: unknown) => void): { code: string; message: string } {
  if (e instanceof ApiError || e instanceof StatsError) return { code: e.code, message: e.message };
  const code = errorCode(e);
  if (code === 'SQLITE_FULL') {
    log.error(`${method}: disk full (${(e as Error).message})`);
    return { code: 'DISK_FULL', message: '磁盘空间不足，本地缓存无法写入：本次操作未保存，已有数据未受影响。请释放磁盘空间后重试。' };
  }
  if (isDamage(code)) {
    log.error(`${method}: cache damaged (${(e as Error).message})`);
    damaged(e);
    return { code: 'CACHE_CORRUPT', message: '本地缓存文件已损坏：请重启工作站，系统会把损坏的文件移到一旁并重新同步。' };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_IOERR')) {
    log.error(`${method}: storage error ${code} (${(e as Error).message})`);
    return { code: 'STORAGE_ERROR', message: `本地缓存暂时无法访问（${code}），请稍后重试` };
  }
  log.error(`${method} failed: ${(e as Error).stack ?? String(e)}`);
  return { code: 'INTERNAL', message: `工作站内部错误：${(e as Error).message ?? String(e)}` };
}
