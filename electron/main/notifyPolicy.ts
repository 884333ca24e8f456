/**
 * Which core `notify` pushes become a desktop notification: a new urgent case, once per case (the core may
 * repeat a push after a resync). Rejected commands are shown inside the UI only. Pure.
 */
import { ApiStreams, type ApiStreamData } from '../../shared/api.js';

export interface DesktopNotice {
  caseId: string;
  title: string;
  body: string;
}

export function createNotifyPolicy(memory = 500): (data: unknown) => DesktopNotice | null {
  const seen = new Set<string>();
  return (data) => {
    const parsed = ApiStreams.notify.safeParse(data);
    if (!parsed.success) return null;
    const n: ApiStreamData<'notify'> = parsed.data;
    if (n.kind !== 'urgent_case' || seen.has(n.caseId)) return null;
    seen.add(n.caseId);
    // Sets iterate in insertion order: drop the oldest once the memory is full.
    if (seen.size > memory) seen.delete(seen.values().next().value as string);
    return { caseId: n.caseId, title: n.title.trim() || '新的紧急事件', body: n.body };
  };
}
