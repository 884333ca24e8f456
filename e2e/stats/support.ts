/**
 * Support for the statistics / assessment / wall / meeting end-to-end specs: an EMPTY street (real relay
 * without demo history + real district simulator) for hand-computable metrics, a fixed dataset driven
 * through the real engine (district changes for grid workers and departments, centre commands through the
 * core), and small waiting helpers (conditions, never sleeps).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import type { Core } from '../../electron/core/index.js';
import type { Command } from '../../shared/commands.js';
import type { CaseStatus } from '../../shared/model.js';
import { createDemoRefData } from '../../shared/demo/refData.js';
import { startStreet, type Street } from '../harness/stack.js';

/** A street with reference data and users but no case history: every case in it is one the test made. */
export function startEmptyStreet(): Promise<Street> {
  return startStreet({ demo: false, seed: 7, label: 'e2es' });
}

/** Signs the core in (the workstation's own session) and waits until it is online and caught up. */
export async function loginCore(core: Core, username = 'dispatcher'): Promise<void> {
  const r = await core.call('session.login', { username, password: 'grid2026' }, {});
  if (!r.ok) throw new Error(`login ${username}: ${r.error.message}`);
  await expect
    .poll(
      async () => {
        const s = await core.call('sync.status', {}, {});
        return s.ok && s.value.connection === 'online' && s.value.outboxSize === 0;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
}

export async function caseStatus(core: Core, id: string): Promise<CaseStatus | null> {
  const r = await core.call('case.get', { id }, {});
  return r.ok ? r.value.case.status : null;
}

/** When the case's last change happened (its newest timeline entry). */
export async function lastEntryAt(core: Core, id: string): Promise<number> {
  const r = await core.call('case.get', { id }, {});
  if (!r.ok) throw new Error(`case ${id}: ${r.error.code} ${r.error.message}`);
  const last = r.value.case.timeline[r.value.case.timeline.length - 1];
  if (!last) throw new Error(`case ${id} has no timeline`);
  return last.at;
}

export async function waitStatus(core: Core, id: string, status: CaseStatus): Promise<void> {
  await expect.poll(() => caseStatus(core, id), { timeout: 30_000, message: `case ${id} → ${status}` }).toBe(status);
}

/** A centre command through the core (the signed-in user), waiting until the relay has confirmed it. */
export async function centre(core: Core, command: Command): Promise<void> {
  const r = await core.call('command.submit', { command }, {});
  if (!r.ok) throw new Error(`${command.type} ${command.caseId}: ${r.error.code} ${r.error.message}`);
  await expect
    .poll(
      async () => {
        const o = await core.call('outbox.list', {}, {});
        if (!o.ok) return 'error';
        const mine = o.value.filter((x) => x.caseId === command.caseId && x.status !== 'confirmed');
        const rejected = mine.find((x) => x.status === 'rejected');
        if (rejected) return `rejected: ${rejected.error?.message}`;
        return mine.length === 0 ? 'confirmed' : 'pending';
      },
      { timeout: 30_000, message: `${command.type} ${command.caseId} confirmed` },
    )
    .toBe('confirmed');
}

export const ref = createDemoRefData();
export const GRID = ref.grids[0]!;
export const WORKER = ref.gridWorkers.find((w) => w.gridId === GRID.id && w.kind === 'worker')!;
export const GW = { kind: 'gridWorker' as const, id: WORKER.id, name: WORKER.name };
export const CGK = { kind: 'department' as const, id: 'cgk', name: '城管科' };
const ITEM = ref.catalog.find((c) => c.defaultDepartmentId === 'cgk')!;

function report(caseId: string, title: string): Command {
  return {
    type: 'report',
    caseId,
    source: 'grid_worker',
    title,
    description: `${title}，请尽快处理。`,
    address: `${GRID.name}附近`,
    communityId: GRID.communityId,
    gridId: GRID.id,
    catalogItemId: ITEM.id,
    attachments: [],
  };
}

export interface FixedDataset {
  ids: string[];
  /** Hand-computed expectations for the period containing today (nothing else is in the street). */
  expected: Record<string, { value: number | null; numerator?: number; denominator?: number }>;
}

/**
 * Five grid-worker reports, each taken to a different point of the life cycle:
 *  1 closed on time and satisfied; 2 handled, failed verification → rework; 3 dispatched and bounced;
 *  4 accepted only; 5 rejected.
 */
export async function seedFixedDataset(street: Street, core: Core, prefix: string): Promise<FixedDataset> {
  const ids = [1, 2, 3, 4, 5].map((n) => `${prefix}-${n}`);
  const titles = ['人行道垃圾堆积', '路面油污未清理', '共享单车乱停放', '墙面小广告', '重复上报的噪音问题'];
  for (let i = 0; i < 5; i++) await street.district(GW, report(ids[i]!, titles[i]!));
  for (const id of ids) await waitStatus(core, id, 'reported');
  for (const id of ids.slice(0, 4)) await centre(core, { type: 'accept', caseId: id, catalogItemId: ITEM.id, grade: 'normal' });
  await centre(core, { type: 'reject', caseId: ids[4]!, reason: '重复上报，已合并处理' });
  for (const id of ids.slice(0, 3)) await centre(core, { type: 'dispatch', caseId: id, leadDepartmentId: 'cgk', coDepartmentIds: [] });
  for (const id of ids.slice(0, 3)) await waitStatus(core, id, 'dispatched');
  await street.district(CGK, { type: 'bounce', caseId: ids[2]!, reasonCode: 'not_our_duty', text: '非本单位职责' });
  for (const id of ids.slice(0, 2)) {
    await street.district(CGK, { type: 'sign', caseId: id });
    await street.district(CGK, { type: 'reportResult', caseId: id, text: '已处置完毕', attachments: [] });
  }
  await waitStatus(core, ids[0]!, 'handled');
  await waitStatus(core, ids[1]!, 'handled');
  await street.district(GW, { type: 'verify', caseId: ids[0]!, passed: true, note: '现场已恢复' });
  await street.district(GW, { type: 'verify', caseId: ids[1]!, passed: false, note: '仍有油污' });
  await waitStatus(core, ids[0]!, 'verified');
  await waitStatus(core, ids[1]!, 'rework');
  await waitStatus(core, ids[2]!, 'bounced');
  await centre(core, { type: 'close', caseId: ids[0]!, satisfaction: 'satisfied' });
  await waitStatus(core, ids[0]!, 'closed');
  return {
    ids,
    expected: {
      reported: { value: 5 },
      accepted: { value: 4 },
      dispatched: { value: 3 },
      handled: { value: 2 },
      closed: { value: 1 },
      closedOnTime: { value: 1 },
      bounced: { value: 1 },
      reworked: { value: 1 },
      overdueNow: { value: 0 },
      onTimeClosureRate: { value: 1, numerator: 1, denominator: 1 },
      onTimeClosureRateStrict: { value: 1, numerator: 1, denominator: 1 },
      closureRate: { value: 1, numerator: 1, denominator: 1 },
      bounceRate: { value: 1 / 3, numerator: 1, denominator: 3 },
      reworkRate: { value: 0.5, numerator: 1, denominator: 2 },
      satisfactionRate: { value: 1, numerator: 1, denominator: 1 },
    },
  };
}

export const SHOTS = path.resolve('artifacts/screenshots');
export function shotPath(name: string): string {
  fs.mkdirSync(SHOTS, { recursive: true });
  return path.join(SHOTS, `${name}.png`);
}
