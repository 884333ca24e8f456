/**
 * The base grid's lists as an admin maintains them (pure): rename a grid or a community, add, edit, move
 * or remove a grid worker. Each returns the whole new section for 'ref.update', checked against the
 * model's schema first (a Chinese sentence naming the field); the relay checks the sections against each
 * other again (relay/refChecks.ts). New grids, retired grids and boundaries come only with a filed
 * division (备案), never from these lists.
 */
import { z } from 'zod';
import { Community, Grid, GridWorker } from '../../../shared/model.js';
import type { RefChange } from '../../../shared/protocol.js';
import { describeIssues } from '../../../shared/validation.js';
import { t, fmt } from '../../i18n/zh-CN.js';

const m = t.division.maintain;

export type SectionEdit = { ok: true; change: RefChange } | { ok: false; message: string };

function checked<T>(section: 'grids' | 'communities' | 'gridWorkers', schema: z.ZodType<T>, value: unknown[]): SectionEdit {
  const parsed = z.array(schema).safeParse(value);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.error.issues) };
  return { ok: true, change: { section, value: parsed.data } as RefChange };
}

const trimmed = (s: string) => s.trim();

export function renameGrid(grids: readonly Grid[], id: string, name: string): SectionEdit {
  if (!grids.some((g) => g.id === id)) return { ok: false, message: fmt(m.noGrid, { id }) };
  return checked('grids', Grid, grids.map((g) => (g.id === id ? { ...g, name: trimmed(name) } : g)));
}

export function renameCommunity(communities: readonly Community[], id: string, name: string): SectionEdit {
  if (!communities.some((c) => c.id === id)) return { ok: false, message: fmt(m.noCommunity, { id }) };
  return checked('communities', Community, communities.map((c) => (c.id === id ? { ...c, name: trimmed(name) } : c)));
}

export interface WorkerDraft {
  /** Absent for a new grid worker. */
  id?: string;
  name: string;
  gridId: string;
  phone?: string;
  kind: GridWorker['kind'];
}

/** A new worker's id: `gw-` and the next free number (ids are never reused, a removed worker's included, as long as it is in the list). */
export function nextWorkerId(workers: readonly GridWorker[], now: number): string {
  const taken = new Set(workers.map((w) => w.id));
  let id = `gw-${now.toString(36)}`;
  for (let k = 1; taken.has(id); k++) id = `gw-${now.toString(36)}-${k}`;
  return id;
}

export function saveWorker(workers: readonly GridWorker[], grids: readonly Grid[], draft: WorkerDraft, now: number): SectionEdit {
  if (!grids.some((g) => g.id === draft.gridId)) return { ok: false, message: fmt(m.badWorkerGrid, { id: draft.gridId }) };
  const phone = draft.phone?.trim();
  const worker = { id: draft.id ?? nextWorkerId(workers, now), name: trimmed(draft.name), gridId: draft.gridId, kind: draft.kind, ...(phone ? { phone } : {}) };
  if (draft.id !== undefined && !workers.some((w) => w.id === draft.id)) return { ok: false, message: fmt(m.noWorker, { id: draft.id }) };
  const next = draft.id === undefined ? [...workers, worker] : workers.map((w) => (w.id === draft.id ? worker : w));
  return checked('gridWorkers', GridWorker, next);
}

export function removeWorker(workers: readonly GridWorker[], id: string): SectionEdit {
  if (!workers.some((w) => w.id === id)) return { ok: false, message: fmt(m.noWorker, { id }) };
  return checked('gridWorkers', GridWorker, workers.filter((w) => w.id !== id));
}

/** Grids (by id) that would be left without a grid worker (assistants do not count) by this list. */
export function gridsWithoutWorker(grids: readonly Grid[], workers: readonly GridWorker[], today: string): Grid[] {
  const manned = new Set(workers.filter((w) => w.kind !== 'assistant').map((w) => w.gridId));
  return grids.filter((g) => (g.validTo === undefined || g.validTo >= today) && !manned.has(g.id));
}
