/**
 * Official document numbers (文号) of printed notices, e.g. 黄石督〔2026〕12号: a pattern the centre configures
 * (reference data, admin-edited) with a `{year}` and a `{seq}` placeholder; the sequence runs per pattern
 * and year (it starts again at 1 each year) and is kept at the relay, which alone hands out numbers (one
 * writer, so never a duplicate; a retried request gets the number it already got).
 */
import { z } from 'zod';
import { Id, line } from './model.js';

export const SEQ = '{seq}';
export const YEAR = '{year}';

/** One pattern: `template` holds {seq} once and {year} at most once; `width` zero-pads the sequence. */
export const DocNumberPattern = z.object({
  id: Id,
  /** What it numbers, shown to the admin: 督办通知, 催办单, 处理单 … */
  name: line(40).trim().min(1, '名称不能为空'),
  template: line(60).trim().min(1, '文号格式不能为空'),
  width: z.number().int().min(0).max(6).default(0),
});
export type DocNumberPattern = z.infer<typeof DocNumberPattern>;

export const DocNumberPatterns = z.array(DocNumberPattern).max(50);

const count = (s: string, part: string) => s.split(part).length - 1;

/** Why one pattern cannot be used (Chinese), or null. */
export function patternProblem(p: Pick<DocNumberPattern, 'name' | 'template'>): string | null {
  const seq = count(p.template, SEQ);
  if (seq === 0) return `文号格式“${p.template}”缺少序号占位符 {seq}，例如：黄石督〔{year}〕{seq}号。`;
  if (seq > 1) return `文号格式“${p.template}”只能有一个序号占位符 {seq}。`;
  if (count(p.template, YEAR) > 1) return `文号格式“${p.template}”只能有一个年份占位符 {year}。`;
  const rest = p.template.split(SEQ).join('').split(YEAR).join('');
  if (/[{}]/.test(rest)) return `文号格式“${p.template}”含有未知的占位符，只能使用 {year} 和 {seq}。`;
  return null;
}

/** Why a whole list cannot be saved (Chinese), or null: each pattern valid, ids and templates distinct. */
export function patternsProblem(list: readonly DocNumberPattern[]): string | null {
  const ids = new Set<string>();
  const templates = new Set<string>();
  for (const p of list) {
    const problem = patternProblem(p);
    if (problem) return `“${p.name}”：${problem}`;
    if (ids.has(p.id)) return `文号格式编号“${p.id}”重复。`;
    if (templates.has(p.template)) return `文号格式“${p.template}”重复：两种文书不能共用一个序号。`;
    ids.add(p.id);
    templates.add(p.template);
  }
  return null;
}

/** The number for `seq` in `year`: 黄石督〔{year}〕{seq}号 → 黄石督〔2026〕12号. */
export function formatDocNumber(p: Pick<DocNumberPattern, 'template' | 'width'>, year: number, seq: number): string {
  return p.template
    .split(YEAR)
    .join(String(year))
    .split(SEQ)
    .join(String(seq).padStart(p.width ?? 0, '0'));
}

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;

/** Why `year` cannot be numbered now (Chinese), or null: only the relay's current year (its street time). */
export function yearProblem(year: number, currentYear: number): string | null {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
    return `文号年份“${year}”无效，应为${MIN_YEAR}至${MAX_YEAR}年之间的四位年份。`;
  if (year !== currentYear) return `文号年份${year}年不能取号：只能按当年（${currentYear}年）顺序编号。`;
  return null;
}

/** 'docNumber:allocate' (relay request, with ack): the next number of a pattern, once per request id. */
export const DocNumberRequest = z.object({
  /** The caller's id for this request: sent again (a retry), it answers the number already given. */
  requestId: Id,
  patternId: Id,
  /** Defaults to the relay's current year (street time); any other year is refused. */
  year: z.number().int().optional(),
  /** The case the document is about (recorded with the number). */
  caseId: Id.optional(),
});
export type DocNumberRequest = z.infer<typeof DocNumberRequest>;

export const DocNumberResponse = z.object({
  number: z.string(),
  patternId: Id,
  year: z.number().int(),
  seq: z.number().int().positive(),
  /** Issued at (relay time, ms). */
  at: z.number().int(),
  /** True when this request id had been answered before (the same number again). */
  repeated: z.boolean(),
});
export type DocNumberResponse = z.infer<typeof DocNumberResponse>;

/** Roles that may take a number: the centre's staff who print notices. */
export const DOC_NUMBER_ROLES = ['dispatcher', 'supervisor', 'leader', 'admin'] as const;
export const DOC_NUMBER_FORBIDDEN = '只有中心的调度员、督办员、领导和管理员可以取文号。';
export const DOC_NUMBER_OFFLINE = '文号由中继服务器统一编号，离线时不能取号；请恢复连接后再打印带文号的通知。';
