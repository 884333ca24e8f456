/**
 * Helpers for the core's tests and bench: temp dirs, a real relay on an ephemeral loopback port, commands
 * with fresh ids, and waiting on stream events (never on fixed sleeps).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApiResult, ApiStreamData, ApiStreamName, SyncStatus } from '../../../shared/api.js';
import type { Command } from '../../../shared/commands.js';
import type { Core } from '../core.js';

export function tempDir(prefix = 'core-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const TEST_TOKEN_SECRET = 'core-test-token-secret-0123456789';

/** Unwraps an ApiResult, throwing with the error code and message (tests read better with it). */
export function ok<T>(r: ApiResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/**
 * Resolves with the first stream message matching `pred`; `check` (optional) is evaluated first and after
 * every message of any stream, for conditions on the core's state. Rejects after `timeoutMs`.
 */
export function waitFor<S extends ApiStreamName>(
  core: Core,
  stream: S,
  pred: (data: ApiStreamData<S>) => boolean,
  opts: { timeoutMs?: number; label?: string } = {},
): Promise<ApiStreamData<S>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${opts.label ?? stream}`));
    }, opts.timeoutMs ?? 20_000);
    const off = core.subscribe(stream, (data) => {
      if (pred(data)) {
        clearTimeout(timer);
        off();
        resolve(data);
      }
    });
  });
}

/** Resolves once the sync status satisfies `pred` (checks the current status first). */
export async function waitForSync(core: Core, pred: (s: SyncStatus) => boolean, opts: { timeoutMs?: number; label?: string } = {}): Promise<SyncStatus> {
  const waiting = waitFor(core, 'sync', pred, opts);
  const now = await core.call('sync.status', {});
  if (now.ok && pred(now.value)) {
    waiting.catch(() => undefined);
    return now.value;
  }
  return waiting;
}

/** Waits until the core is online, caught up with `head` (when given) and has nothing left to push. */
export function waitSettled(core: Core, head?: number, timeoutMs = 30_000): Promise<SyncStatus> {
  return waitForSync(core, (s) => s.connection === 'online' && s.outboxSize === 0 && (head === undefined || s.cursor >= head), { timeoutMs, label: `settled at head ${head ?? '?'}` });
}

export const newId = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 13)}`;

/** A 'report' command for a new case in the demo street (community c001, grid g001001). */
export function reportCommand(overrides: Partial<Extract<Command, { type: 'report' }>> = {}): Extract<Command, { type: 'report' }> {
  return {
    type: 'report',
    caseId: newId('case'),
    source: 'centre',
    title: '黄石东路井盖破损',
    description: '黄石东路12号门前井盖破损下沉，行人易绊倒，请尽快处理。',
    address: '黄石东路12号',
    communityId: 'c001',
    gridId: 'g001001',
    attachments: [],
    ...overrides,
  };
}

/** Deterministic digest of case states (id, version, status), to compare two replicas. */
export function digestCases(cases: Array<{ id: string; version: number; status: string }>): string {
  const h = crypto.createHash('sha256');
  for (const c of [...cases].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) h.update(`${c.id}|${c.version}|${c.status}\n`);
  return h.digest('hex');
}
