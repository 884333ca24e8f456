/** Saved queue views in localStorage, validated on read (a bad entry is dropped, never trusted). */
import { z } from 'zod';
import { QueueTab, SortField } from '../../../shared/api.js';
import type { QueueView } from './queueSlice.js';

const KEY = 'grid.queue.views.v1';

const ViewSchema = z.object({
  tab: QueueTab,
  filters: z.record(z.string(), z.union([z.string(), z.boolean(), z.array(z.string())])).default({}),
  sort: z.object({ field: SortField, dir: z.enum(['asc', 'desc']) }),
  q: z.string().max(100).default(''),
});
const SavedView = z.object({ name: z.string().min(1).max(40), view: ViewSchema });
export type SavedView = { name: string; view: QueueView };

export function loadViews(storage: Pick<Storage, 'getItem'> = localStorage): SavedView[] {
  try {
    const raw = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((v) => {
      const p = SavedView.safeParse(v);
      return p.success ? [p.data as SavedView] : [];
    });
  } catch {
    return [];
  }
}

export function saveView(name: string, view: QueueView, storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): SavedView[] {
  const list = loadViews(storage).filter((v) => v.name !== name);
  list.push({ name, view });
  storage.setItem(KEY, JSON.stringify(list));
  return list;
}

export function deleteView(name: string, storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): SavedView[] {
  const list = loadViews(storage).filter((v) => v.name !== name);
  storage.setItem(KEY, JSON.stringify(list));
  return list;
}
