/**
 * What one reference-data log entry changed, for the operation log (操作日志): a short structured list
 * (operation, section, the subject's name, the names of the fields that changed, a version number), worked
 * out from the value before and the change. It never carries a value: a contact's mobile, a user's
 * password stamp or anything else an entry holds stays out; only field names and subject names go in. The
 * renderer words it in Chinese (renderer/features/audit/refAuditText.ts).
 */
import { z } from 'zod';
import { Actor, Instant, type UserRole } from './model.js';
import type { RefData } from './refData.js';
import type { LogEntry, RefChange } from './protocol.js';

/** Who reads the operation log (操作日志), case and reference-data entries alike; the relay's ref:history too. */
export const AUDIT_ROLES: readonly UserRole[] = ['supervisor', 'leader', 'admin'];
export const AUDIT_FORBIDDEN = '只有督办员、领导和管理员可以查看操作日志';

export const RefAuditOp = z.enum([
  'add',
  'update',
  'remove',
  'password',
  'bulk',
  'replace',
  'clear',
  'file',
  'save',
  'confirm',
  'overrule',
  'submit',
  'approve',
  'return',
  'publish',
]);
export type RefAuditOp = z.infer<typeof RefAuditOp>;

export const RefAuditWhat = z.object({
  op: RefAuditOp,
  section: z.string().max(64),
  name: z.string().max(200).optional(),
  fields: z.array(z.string().max(64)).max(40).optional(),
  version: z.number().int().nonnegative().optional(),
  count: z.number().int().nonnegative().optional(),
});
export type RefAuditWhat = z.infer<typeof RefAuditWhat>;

/** More items changed than this in one entry: one 'bulk' line with the count instead of a line per item. */
export const REF_AUDIT_ITEMS = 20;
/** Most lines one entry can have (a password reset and other fields of each item are two). */
export const REF_AUDIT_LINES = 2 * REF_AUDIT_ITEMS + 1;

/** One reference-data entry of the operation log (what the cache keeps and audit.list returns). */
export const RefAuditEntry = z.object({
  seq: z.number().int().positive(),
  at: Instant,
  section: z.string().max(64),
  actor: Actor.optional(),
  what: z.array(RefAuditWhat).max(REF_AUDIT_LINES),
});
export type RefAuditEntry = z.infer<typeof RefAuditEntry>;

type Named = { id: string } & Record<string, unknown>;

/** The name an item of a list section is shown by (a user by the username, as the admin knows them). */
function nameOf(section: string, item: Named): string | undefined {
  const pick = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : undefined);
  if (section === 'users') return pick('username') ?? pick('name');
  if (section === 'departments') return pick('shortName') ?? pick('name');
  if (section === 'precedents') {
    // Several precedents share a category: their keywords tell them apart (e.g. 综合诉求（噪音、夜间）).
    const kw = Array.isArray(item['keywords']) ? (item['keywords'] as unknown[]).filter((k) => typeof k === 'string').slice(0, 3) : [];
    const cat = pick('category') ?? pick('id');
    return kw.length > 0 && cat !== undefined ? `${cat}（${kw.join('、')}）`.slice(0, 200) : cat;
  }
  return pick('name') ?? pick('code') ?? pick('id');
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Top-level keys whose value differs, sorted (names only). */
function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !same(a[k], b[k])).sort();
}

/** Item-by-item differences of a list section keyed by id. */
function diffList(section: string, before: readonly Named[] | undefined, after: readonly Named[]): RefAuditWhat[] {
  if (before === undefined) return [{ op: 'replace', section, count: after.length }];
  const old = new Map(before.map((x) => [x.id, x]));
  const out: RefAuditWhat[] = [];
  let changed = 0;
  for (const item of after) {
    const prev = old.get(item.id);
    old.delete(item.id);
    const name = nameOf(section, item);
    const base = name !== undefined ? { section, name } : { section };
    if (!prev) {
      changed++;
      out.push({ op: 'add', ...base });
      continue;
    }
    const keys = changedKeys(prev, item);
    if (keys.length === 0) continue;
    changed++;
    // A user's password stamp moving is a password reset: said as such, never with the stamp.
    if (section === 'users' && keys.includes('passwordSetAt')) {
      out.push({ op: 'password', ...base });
      const rest = keys.filter((k) => k !== 'passwordSetAt');
      if (rest.length > 0) out.push({ op: 'update', ...base, fields: rest });
    } else out.push({ op: 'update', ...base, fields: keys });
  }
  for (const gone of old.values()) {
    changed++;
    const name = nameOf(section, gone);
    out.push(name !== undefined ? { op: 'remove', section, name } : { op: 'remove', section });
  }
  return changed > REF_AUDIT_ITEMS ? [{ op: 'bulk', section, count: changed }] : out;
}

/**
 * The lines of one change against the reference data as it stood before it (`before` may lack the section:
 * a cache that did not see it, the first entry of a backfill: the whole section is then said replaced).
 */
export function describeRefChange(before: Partial<RefData>, change: RefChange): RefAuditWhat[] {
  const section = change.section;
  switch (change.section) {
    case 'departments':
    case 'users':
    case 'communities':
    case 'grids':
    case 'gridWorkers':
    case 'catalog':
    case 'precedents':
    case 'docNumberPatterns': {
      const key = change.section;
      return diffList(section, before[key] as Named[] | undefined, change.value as Named[]);
    }
    case 'calendar': {
      const prev = before.calendar;
      if (!prev) return [{ op: 'replace', section }];
      return [{ op: 'update', section, fields: changedKeys(prev as Record<string, unknown>, change.value as Record<string, unknown>) }];
    }
    case 'mapTiles':
      return change.value === null ? [{ op: 'clear', section }] : [{ op: 'update', section, name: change.value.label }];
    case 'division':
      return [{ op: 'file', section, version: change.value.version }];
    case 'assessmentScheme': {
      const v = change.value;
      return [{ op: 'save', section, name: v.scheme.kind, ...(v.version !== undefined ? { version: v.version } : {}) }];
    }
    case 'precedentRuling':
      return [{ op: change.value.decision, section }];
    case 'catalogProposal': {
      const a = change.value;
      if (a.action === 'submit') return [{ op: 'submit', section, name: a.proposal.title }];
      const p = (before.catalogProposals ?? []).find((x) => x.id === a.proposalId);
      const title = p ? { name: p.title } : {};
      if (a.action === 'return') return [{ op: 'return', section, ...title }];
      // The relay stamps the version an approval publishes (stampCatalogAction).
      const version = a.version;
      return [{ op: 'approve', section, ...title, ...(version !== undefined ? { version } : {}) }];
    }
    case 'catalogVersion':
      return [{ op: 'publish', section, name: change.value.title, version: change.value.version }];
    default:
      return [{ op: 'update', section }];
  }
}

/**
 * Who made a reference-data entry: the actor the relay recorded with it, else (entries from before it did)
 * the one stamped inside the value (a ruling, a 指导目录 action or version); absent for system changes.
 */
export function refEntryActor(entry: Extract<LogEntry, { kind: 'ref' }>): Actor | undefined {
  if (entry.actor) return entry.actor;
  const c = entry.ref;
  if (c.section === 'catalogProposal' || c.section === 'precedentRuling') return c.value.by;
  if (c.section === 'catalogVersion') return c.value.approvedBy;
  return undefined;
}

/** The operation-log entry of one reference-data log entry: the relay's `what`, else described against the data before it. */
export function refAuditEntry(before: Partial<RefData>, entry: Extract<LogEntry, { kind: 'ref' }>): RefAuditEntry {
  const actor = refEntryActor(entry);
  // The relay's own account (it had the data before the change) over one worked out here.
  const what = entry.what ?? describeRefChange(before, entry.ref);
  return { seq: entry.seq, at: entry.at, section: entry.ref.section, ...(actor ? { actor } : {}), what };
}
