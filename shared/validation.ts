/**
 * The one home of zod issue text. Every transport, config reader and form turns a ZodError into words
 * here, so "missing" reads 必须填写 and "wrong type or format" reads 格式不对 everywhere.
 *
 * - `issueKind(issue)`: what went wrong, as a small enum (forms map it to their own field texts).
 * - `issueText(issue)`: the Chinese text for one issue (a schema's own message wins when it has one).
 * - `issueLines(error)` / `formatIssues(error)`: `path: text` lines for logs, API answers and config errors.
 * - `describeIssues(issues)`: one sentence naming each field in Chinese, for the person who sent a command.
 */
import type { z } from 'zod';
import { zhCN } from 'zod/locales';
import { FIELD_LABELS } from './engine/labels.js';

const fallback = zhCN().localeError;

export type Issue = z.core.$ZodIssue;
/** A ZodError, anything with its `issues`, or the issue list itself. */
export type IssueSource = { readonly issues: readonly Issue[] } | readonly Issue[];

const issuesOf = (source: IssueSource): readonly Issue[] => ('issues' in source ? source.issues : source);

/** What went wrong with one value. */
export type IssueKind =
  | 'missing'
  | 'wrongType'
  | 'notInteger'
  | 'empty'
  | 'tooShort'
  | 'tooFew'
  | 'tooSmall'
  | 'tooLong'
  | 'tooMany'
  | 'tooBig'
  | 'notAllowed'
  | 'badFormat'
  | 'unknownKeys'
  | 'other';

/**
 * zod 4 drops the offending input from a finished issue, so "missing" is read from zod's own default
 * (English) message, or from `input` when the parse was asked to report it.
 */
function isMissing(issue: Extract<Issue, { code: 'invalid_type' }>): boolean {
  if ('input' in issue) return issue.input === undefined;
  return / received undefined$/.test(issue.message);
}

export function issueKind(issue: Issue): IssueKind {
  switch (issue.code) {
    case 'invalid_type':
      if (isMissing(issue)) return 'missing';
      return issue.expected === 'int' ? 'notInteger' : 'wrongType';
    case 'too_small': {
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'empty' : 'tooShort';
      if (issue.origin === 'array' || issue.origin === 'set') return 'tooFew';
      return 'tooSmall';
    }
    case 'too_big':
      if (issue.origin === 'string') return 'tooLong';
      if (issue.origin === 'array' || issue.origin === 'set') return 'tooMany';
      return 'tooBig';
    case 'invalid_value':
    case 'invalid_union':
      return 'notAllowed';
    case 'invalid_format':
      return 'badFormat';
    case 'unrecognized_keys':
      return 'unknownKeys';
    default:
      return 'other';
  }
}

/** zod's default messages are English and start like this; anything else is a schema's own message. */
const ZOD_DEFAULT = /^(Invalid|Too big|Too small|Unrecognized key)/;

/** True when the schema gave this issue its own message (e.g. `.regex(re, '日期须为 YYYY-MM-DD')`). */
export function hasOwnMessage(issue: Issue): boolean {
  return issue.message !== '' && !ZOD_DEFAULT.test(issue.message);
}

function genericText(issue: Issue): string {
  const kind = issueKind(issue);
  switch (kind) {
    case 'missing':
      return '必须填写';
    case 'wrongType':
    case 'badFormat':
      return '格式不对';
    case 'notInteger':
      return '必须是整数';
    case 'empty':
      return '不能为空';
    case 'tooShort':
      return `至少需要${Number((issue as { minimum: unknown }).minimum)}个字`;
    case 'tooFew':
      return `至少需要${Number((issue as { minimum: unknown }).minimum)}项`;
    case 'tooSmall': {
      const i = issue as { minimum: unknown; inclusive?: boolean };
      return i.inclusive === false ? `必须大于${Number(i.minimum)}` : `不能小于${Number(i.minimum)}`;
    }
    case 'tooLong':
      return `不能超过${Number((issue as { maximum: unknown }).maximum)}个字`;
    case 'tooMany':
      return `最多${Number((issue as { maximum: unknown }).maximum)}项`;
    case 'tooBig': {
      const i = issue as { maximum: unknown; inclusive?: boolean };
      return i.inclusive === false ? `必须小于${Number(i.maximum)}` : `不能大于${Number(i.maximum)}`;
    }
    case 'notAllowed':
      return issue.code === 'invalid_value' ? `只能是以下之一：${issue.values.map(String).join('、')}` : '不是系统支持的类型';
    case 'unknownKeys':
      return `不认识的字段：${(issue as { keys: string[] }).keys.join('、')}`;
    case 'other': {
      const m = fallback(issue as never);
      return typeof m === 'string' ? m : (m?.message ?? '不符合要求');
    }
  }
}

/** The Chinese text of one issue: the schema's own message if it has one (unless `own: false`), else ours. */
export function issueText(issue: Issue, opts: { own?: boolean } = {}): string {
  if (opts.own !== false && hasOwnMessage(issue)) return issue.message;
  return genericText(issue);
}

export interface FormatOptions {
  /** At most this many issues (default 5); the rest are counted, not listed. */
  max?: number;
  /** How an issue on the whole value is named (default '(根)'). */
  root?: string;
  /** Between issues (default '；'). */
  separator?: string;
}

/** Where an issue sits, dotted (`holidays.0.date`), or `root` for the whole value. */
export function issuePath(issue: Issue, root = '(根)'): string {
  return issue.path.length > 0 ? issue.path.map(String).join('.') : root;
}

/** One `path: text` line per issue (at most `max`; all of them without it). */
export function issueLines(source: IssueSource, opts: Pick<FormatOptions, 'max' | 'root'> = {}): string[] {
  const all = issuesOf(source);
  const shown = opts.max === undefined ? all : all.slice(0, opts.max);
  return shown.map((i) => `${issuePath(i, opts.root)}: ${issueText(i)}`);
}

/** The issues as one line: `a.b: 必须填写；c: 格式不对` (at most five, then 等N处问题). */
export function formatIssues(source: IssueSource, opts: FormatOptions = {}): string {
  const all = issuesOf(source);
  const max = opts.max ?? 5;
  const more = all.length > max ? `${opts.separator ?? '；'}等${all.length}处问题` : '';
  return issueLines(all, { max, root: opts.root }).join(opts.separator ?? '；') + more;
}

function fieldName(path: readonly PropertyKey[]): string {
  const names = path.filter((p): p is string => typeof p === 'string').map((p) => FIELD_LABELS[p] ?? p);
  return names.length ? names.join('·') : '命令';
}

/** One sentence naming each offending field (at most five) in Chinese and what to do. */
export function describeIssues(issues: readonly Issue[]): string {
  const parts = issues.slice(0, 5).map((i) => `${fieldName(i.path)}${issueText(i, { own: false })}`);
  const more = issues.length > 5 ? `等${issues.length}处问题` : '';
  return `提交的内容不符合要求：${parts.join('；')}${more}。请修改后重新提交。`;
}
