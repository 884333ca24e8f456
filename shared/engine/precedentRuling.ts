/**
 * 领导小组研究: the leadership group confirms (确认) a fallback ruling or overrules it (改判) with the
 * department the case should have gone to — the seed's 处置完毕后报街社区建设领导小组研究，形成案例沿袭制度.
 * A ruling is the reference-data change `precedentRuling`; the relay stamps who and when and applies it to
 * `RefData.precedents`: a confirmed ruling is marked so; an overruled one is kept, marked overruled (never
 * suggested again), and a corrected ruling with the new department takes its place (confirmed, pointing
 * back). Suggestions use only confirmed rulings and rulings still pending review, marked as such.
 */
import { z } from 'zod';
import { Actor, Id, Instant, multiline, type Precedent, type UserRole } from '../model.js';
import type { RefData } from '../refData.js';

export const PRECEDENT_RULING_ROLES: readonly UserRole[] = ['leader', 'admin'];
export const PRECEDENT_RULING_FORBIDDEN = '只有中心领导（街社区建设领导小组）或管理员可以确认或改判托底案例。';

export const PrecedentRuling = z
  .object({
    precedentId: Id,
    decision: z.enum(['confirm', 'overrule']),
    /** Overrule: the department the leadership decided on. */
    departmentId: Id.optional(),
    note: multiline(2000).optional(),
    /** Stamped by the relay (anything a client sends is replaced). */
    by: Actor.optional(),
    at: Instant.optional(),
  })
  .refine((r) => r.decision !== 'overrule' || r.departmentId !== undefined, { message: '改判须选择新的托底单位', path: ['departmentId'] });
export type PrecedentRuling = z.infer<typeof PrecedentRuling>;

/** The corrected ruling's id when `id` is overruled. */
export const correctedId = (id: string): string => `${id.slice(0, 60)}-r`.slice(0, 64);

export type ReviewState = 'pending' | 'confirmed' | 'overruled';
export function reviewState(p: Precedent): ReviewState {
  if (p.review?.decision === 'overruled') return 'overruled';
  return p.review?.decision === 'confirmed' || p.confirmed ? 'confirmed' : 'pending';
}

/** Why the ruling cannot apply to this reference data, in Chinese; null when it can. */
export function precedentRulingProblem(ref: Pick<RefData, 'precedents' | 'departments'>, r: PrecedentRuling): string | null {
  const p = ref.precedents.find((x) => x.id === r.precedentId);
  if (!p) return `找不到托底案例“${r.precedentId}”，请刷新后重试。`;
  const state = reviewState(p);
  if (p.review) return state === 'overruled' ? '该托底案例已改判，请对改判后的案例操作。' : '该托底案例已由领导小组确认，不能重复处理。';
  if (r.decision === 'overrule') {
    if (!ref.departments.some((d) => d.id === r.departmentId)) return `找不到单位“${r.departmentId}”，请从职能部门中选择。`;
    if (r.departmentId === p.departmentId) return '改判的单位与原托底单位相同；如同意原判，请选择“确认”。';
    if (ref.precedents.some((x) => x.id === correctedId(p.id))) return '该托底案例的改判记录已存在。';
  }
  return null;
}

/** The precedents after a stamped ruling (`by` and `at` set by the relay). */
export function withRuling(precedents: readonly Precedent[], r: PrecedentRuling): Precedent[] {
  const by = r.by!;
  const at = r.at!;
  const note = r.note !== undefined ? { note: r.note } : {};
  const out: Precedent[] = [];
  for (const p of precedents) {
    if (p.id !== r.precedentId) {
      out.push(p);
      continue;
    }
    if (r.decision === 'confirm') {
      out.push({ ...p, confirmed: true, review: { decision: 'confirmed', by, at, ...note } });
      continue;
    }
    const id = correctedId(p.id);
    out.push({ ...p, confirmed: false, review: { decision: 'overruled', by, at, ...note, replacedBy: id } });
    out.push({
      ...p,
      id,
      departmentId: r.departmentId!,
      reason: r.note && r.note.trim() ? r.note : p.reason,
      ruledBy: by,
      ruledAt: at,
      confirmed: true,
      review: { decision: 'confirmed', by, at, ...note, replaces: p.id },
    });
  }
  return out;
}
