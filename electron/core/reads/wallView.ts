/**
 * What the wall role (会议大屏: the wall token, the Electron wall window, the read-only `wall` account) is
 * answered: the core masks residents' personal data itself, whatever page asks. Which methods the wall may
 * call at all is in the contract (shared/api.ts, WALL_READ); this shapes the answers of those it may call.
 *
 * - queue rows (queue.list, stats.drill): addresses without house numbers, titles with phone numbers
 *   masked and house numbers dropped (a title often repeats the address); the queue map's titles
 *   (queue.map) likewise;
 * - reference data (ref.get): phone numbers of grid workers and departments masked.
 * Case details (reporter name and phone, timelines) are not answered to the wall at all (case.get is
 * staff-only).
 */
import type { QueueMap, QueueResult, QueueRow } from '../../../shared/api.js';
import { maskAddress, maskPhone, maskText } from '../../../shared/assessment/mask.js';
import type { RefData } from '../../../shared/refData.js';

function maskRow(r: QueueRow): QueueRow {
  return { ...r, title: maskText(r.title), address: maskAddress(r.address) };
}

function maskRef(ref: RefData): RefData {
  return {
    ...ref,
    gridWorkers: ref.gridWorkers.map((w) => (w.phone === undefined ? w : { ...w, phone: maskPhone(w.phone) })),
    departments: ref.departments.map((d) => (d.phone === undefined ? d : { ...d, phone: maskPhone(d.phone) })),
  };
}

/** The answer of `method` as the wall role may see it (other methods' answers pass unchanged). */
export function wallView(method: string, value: unknown): unknown {
  switch (method) {
    case 'queue.list': {
      const q = value as QueueResult;
      return { ...q, rows: q.rows.map(maskRow) };
    }
    case 'queue.map': {
      const m = value as QueueMap;
      return { ...m, titles: m.titles.map(maskText) };
    }
    case 'stats.drill':
      return (value as QueueRow[]).map(maskRow);
    case 'ref.get':
      return maskRef(value as RefData);
    default:
      return value;
  }
}
