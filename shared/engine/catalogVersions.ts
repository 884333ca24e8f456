/**
 * 入格事项指导目录 versions and their approval (the seed's 申请 → 领导小组审定 → 发布): a dispatcher,
 * supervisor or admin drafts a revised catalogue (a proposal, 修订申请) from the version in force; a leader
 * approves it (审定), which publishes it as version N+1 (第N+1批指导目录), or returns it (退回) with a reason.
 *
 * Versions are kept: `RefData.catalogVersions` holds every published version with its items (version 1 is the
 * catalogue from before the first publication, recorded when version 2 is published). A case is classified
 * against the version in force (its `catalogVersion`, set at acceptance) and keeps that item — its limits
 * for dispatch and rework — whatever a later version changes or drops (see classifiedItem).
 *
 * All of it is the reference-data change `catalogProposal` (one action), stamped by the relay with who and
 * when (and, on approval, the version number); the published items follow as 'catalog' and 'catalogVersion'
 * entries of the same unit.
 */
import { z } from 'zod';
import { Actor, CatalogItem, Id, Instant, line, multiline, type UserRole } from '../model.js';
import type { RefData } from '../refData.js';

export const CATALOG_PROPOSE_ROLES: readonly UserRole[] = ['dispatcher', 'supervisor', 'admin'];
export const CATALOG_APPROVE_ROLES: readonly UserRole[] = ['leader'];
export const CATALOG_PROPOSE_FORBIDDEN = '只有调度员、督办员或管理员可以提交指导目录修订申请。';
export const CATALOG_APPROVE_FORBIDDEN = '只有中心领导（街社区建设领导小组）可以审定或退回指导目录修订申请。';
export const CATALOG_DIRECT_REFUSAL = '入格事项指导目录须经修订申请、领导小组审定后发布，不能直接修改。';

/** One published version of the 指导目录. */
export const CatalogVersion = z.object({
  version: z.number().int().positive(),
  title: line(100).min(1),
  /** Absent on version 1 when it is the catalogue from before versions were kept. */
  publishedAt: Instant.optional(),
  approvedBy: Actor.optional(),
  proposalId: Id.optional(),
  note: multiline(2000).optional(),
  items: z.array(CatalogItem).max(5_000),
});
export type CatalogVersion = z.infer<typeof CatalogVersion>;

export const CatalogProposalStatus = z.enum(['pending', 'approved', 'returned']);
export type CatalogProposalStatus = z.infer<typeof CatalogProposalStatus>;

/** A drafted revision: the whole catalogue as it should be, drafted from version `basedOn`. */
export const CatalogProposal = z.object({
  id: Id,
  title: line(100).min(1, '请填写申请标题'),
  note: multiline(2000).optional(),
  basedOn: z.number().int().positive(),
  items: z.array(CatalogItem).min(1, '指导目录至少要有一项入格事项').max(5_000),
  status: CatalogProposalStatus,
  submittedBy: Actor,
  submittedAt: Instant,
  decidedBy: Actor.optional(),
  decidedAt: Instant.optional(),
  decisionNote: multiline(2000).optional(),
  /** The version the approval published. */
  publishedVersion: z.number().int().positive().optional(),
});
export type CatalogProposal = z.infer<typeof CatalogProposal>;

/** What a client sends (the relay stamps `by`, `at` and, for an approval, `version`; anything sent is replaced). */
export const CatalogProposalAction = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('submit'),
    proposal: z.object({
      id: Id,
      title: line(100).min(1, '请填写申请标题'),
      note: multiline(2000).optional(),
      basedOn: z.number().int().positive(),
      items: z.array(CatalogItem).min(1, '指导目录至少要有一项入格事项').max(5_000),
    }),
    by: Actor.optional(),
    at: Instant.optional(),
  }),
  z.object({
    action: z.literal('approve'),
    proposalId: Id,
    note: multiline(2000).optional(),
    by: Actor.optional(),
    at: Instant.optional(),
    version: z.number().int().positive().optional(),
  }),
  z.object({
    action: z.literal('return'),
    proposalId: Id,
    note: multiline(2000).min(1, '退回须说明理由'),
    by: Actor.optional(),
    at: Instant.optional(),
  }),
]);
export type CatalogProposalAction = z.infer<typeof CatalogProposalAction>;

type CatalogRef = Pick<RefData, 'catalog' | 'departments'> & {
  catalogVersions?: CatalogVersion[] | undefined;
  catalogProposals?: CatalogProposal[] | undefined;
};

/** The version in force (1 until a revision is published). */
export function currentCatalogVersion(ref: { catalogVersions?: CatalogVersion[] | undefined }): number {
  return ref.catalogVersions?.at(-1)?.version ?? 1;
}

/** The title of a version: 第N批指导目录. */
export const versionTitle = (n: number): string => `第${n}批入格事项指导目录`;

/**
 * The catalogue item a case was classified under: from its version (kept in catalogVersions), else from the
 * catalogue in force (cases accepted before versions existed are of version 1, which is the catalogue in
 * force until version 2 is published).
 */
export function classifiedItem(
  ref: { catalog: CatalogItem[]; catalogVersions?: CatalogVersion[] | undefined },
  s: { catalogItemId?: string | undefined; catalogVersion?: number | undefined },
): CatalogItem | undefined {
  if (s.catalogItemId === undefined) return undefined;
  const version = s.catalogVersion ?? 1;
  const kept = ref.catalogVersions?.find((v) => v.version === version);
  if (kept) return kept.items.find((i) => i.id === s.catalogItemId);
  // The version is not kept: only the one in force can be meant (version 1 before any publication).
  return version === currentCatalogVersion(ref) ? ref.catalog.find((i) => i.id === s.catalogItemId) : undefined;
}

/** An item of any kept version, newest first (names of items a case keeps after a version dropped them). */
export function anyVersionItem(
  ref: { catalog: CatalogItem[]; catalogVersions?: CatalogVersion[] | undefined },
  id: string,
): CatalogItem | undefined {
  const now = ref.catalog.find((i) => i.id === id);
  if (now) return now;
  for (const v of [...(ref.catalogVersions ?? [])].reverse()) {
    const hit = v.items.find((i) => i.id === id);
    if (hit) return hit;
  }
  return undefined;
}

/** Why a catalogue (a proposal's items) is not acceptable, in Chinese; null when it is. */
export function catalogItemsProblem(ref: Pick<RefData, 'departments'>, items: readonly CatalogItem[]): string | null {
  const ids = new Set<string>();
  const codes = new Set<string>();
  const depts = new Map(ref.departments.map((d) => [d.id, d]));
  for (const item of items) {
    if (ids.has(item.id)) return `入格事项标识“${item.id}”重复。`;
    ids.add(item.id);
    if (codes.has(item.code)) return `入格事项编码“${item.code}”重复。`;
    codes.add(item.code);
    const d = depts.get(item.defaultDepartmentId);
    if (!d) return `入格事项“${item.name}”的默认处置部门“${item.defaultDepartmentId}”不在部门名录中。`;
    if (d.active === false) return `入格事项“${item.name}”的默认处置部门“${d.name}”已停用。`;
    const grades = new Set<string>();
    for (const l of item.limits) {
      if (grades.has(l.grade)) return `入格事项“${item.name}”的同一等级配置了两个处置时限。`;
      grades.add(l.grade);
    }
  }
  return null;
}

/** Same items, same order, same content. */
function sameCatalog(a: readonly CatalogItem[], b: readonly CatalogItem[]): boolean {
  return a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(CatalogItem.parse(b[i])));
}

/** Why the action cannot apply to this reference data, in Chinese; null when it can. */
export function catalogProposalProblem(ref: CatalogRef, a: CatalogProposalAction): string | null {
  const current = currentCatalogVersion(ref);
  const proposals = ref.catalogProposals ?? [];
  if (a.action === 'submit') {
    const p = a.proposal;
    if (proposals.some((x) => x.id === p.id)) return '该修订申请已提交，不能重复提交。';
    if (p.basedOn !== current) return `指导目录已更新为第${current}批，请基于现行目录重新起草。`;
    if (
      sameCatalog(
        p.items.map((i) => CatalogItem.parse(i)),
        ref.catalog,
      )
    )
      return '修订申请与现行指导目录相同，没有需要审定的修改。';
    return catalogItemsProblem(ref, p.items);
  }
  const p = proposals.find((x) => x.id === a.proposalId);
  if (!p) return `找不到修订申请“${a.proposalId}”，请刷新后重试。`;
  if (p.status === 'approved') return `该修订申请已审定并发布为第${p.publishedVersion ?? '?'}批指导目录。`;
  if (p.status === 'returned') return '该修订申请已退回，请起草新的申请。';
  if (a.action === 'approve') {
    if (p.basedOn !== current) return `该申请基于第${p.basedOn}批目录起草，现行已是第${current}批；请退回后按现行目录重新起草。`;
    // The departments may have changed since it was drafted.
    return catalogItemsProblem(ref, p.items);
  }
  return null;
}

/** The changes an action makes, once stamped (by, at; version for an approval). */
export interface CatalogProposalEffects {
  proposals: CatalogProposal[];
  /** On approval: the new catalogue and the versions to keep (version 1 recorded first when missing). */
  published?: { catalog: CatalogItem[]; versions: CatalogVersion[] };
}

export function catalogProposalEffects(ref: CatalogRef, a: CatalogProposalAction): CatalogProposalEffects {
  const by = a.by!;
  const at = a.at!;
  const proposals = ref.catalogProposals ?? [];
  if (a.action === 'submit') {
    const p = a.proposal;
    const added: CatalogProposal = {
      id: p.id,
      title: p.title,
      basedOn: p.basedOn,
      items: p.items,
      status: 'pending',
      submittedBy: by,
      submittedAt: at,
      ...(p.note !== undefined ? { note: p.note } : {}),
    };
    return { proposals: [...proposals, added] };
  }
  const note = a.note !== undefined && a.note.trim() !== '' ? { decisionNote: a.note } : {};
  if (a.action === 'return')
    return {
      proposals: proposals.map((p) =>
        p.id === a.proposalId ? { ...p, status: 'returned' as const, decidedBy: by, decidedAt: at, ...note } : p,
      ),
    };
  const version = a.version!;
  const target = proposals.find((p) => p.id === a.proposalId)!;
  const versions = [...(ref.catalogVersions ?? [])];
  if (versions.length === 0) versions.push({ version: 1, title: versionTitle(1), items: ref.catalog });
  versions.push({
    version,
    title: versionTitle(version),
    publishedAt: at,
    approvedBy: by,
    proposalId: target.id,
    items: target.items,
    ...(a.note !== undefined && a.note.trim() !== '' ? { note: a.note } : {}),
  });
  return {
    proposals: proposals.map((p) =>
      p.id === a.proposalId ? { ...p, status: 'approved' as const, decidedBy: by, decidedAt: at, publishedVersion: version, ...note } : p,
    ),
    published: { catalog: target.items, versions },
  };
}

/** A version merged into the kept list by number (the 'catalogVersion' entry of a publication). */
export function withCatalogVersion(versions: readonly CatalogVersion[] | undefined, v: CatalogVersion): CatalogVersion[] {
  return [...(versions ?? []).filter((x) => x.version !== v.version), v].sort((x, y) => x.version - y.version);
}

/** What changes between two catalogues: items added, removed and changed (by id), for the review screen. */
export function catalogDiff(
  from: readonly CatalogItem[],
  to: readonly CatalogItem[],
): { added: CatalogItem[]; removed: CatalogItem[]; changed: Array<{ before: CatalogItem; after: CatalogItem }> } {
  const before = new Map(from.map((i) => [i.id, i]));
  const after = new Map(to.map((i) => [i.id, i]));
  return {
    added: to.filter((i) => !before.has(i.id)),
    removed: from.filter((i) => !after.has(i.id)),
    changed: to.flatMap((i) => {
      const b = before.get(i.id);
      return b && JSON.stringify(CatalogItem.parse(b)) !== JSON.stringify(CatalogItem.parse(i)) ? [{ before: b, after: i }] : [];
    }),
  };
}
