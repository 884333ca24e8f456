/** Turns zod issues on a command into one plain-Chinese sentence for the person who sent it. */
import type { z } from 'zod';
import { zhCN } from 'zod/locales';
import { FIELD_LABELS } from './labels.js';

const fallback = zhCN().localeError;

type Issue = z.core.$ZodIssue;

function fieldName(path: readonly PropertyKey[]): string {
  const names = path.filter((p): p is string => typeof p === 'string').map((p) => FIELD_LABELS[p] ?? p);
  return names.length ? names.join('·') : '命令';
}

function issueText(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '必须填写';
      if (issue.expected === 'int') return '必须是整数';
      return '格式不对';
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '不能为空' : `至少需要${min}个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少需要${min}项`;
      return `不能小于${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `不能超过${max}个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多${max}项`;
      return `不能大于${max}`;
    }
    case 'invalid_value':
      return `只能是以下之一：${issue.values.map(String).join('、')}`;
    case 'invalid_union':
      return '不是系统支持的类型';
    case 'invalid_format':
      return '格式不对';
    default: {
      const m = fallback(issue as never);
      return typeof m === 'string' ? m : (m?.message ?? '不符合要求');
    }
  }
}

/** One sentence naming each offending field (at most five) and what to do. */
export function describeIssues(issues: readonly Issue[]): string {
  const parts = issues.slice(0, 5).map((i) => `${fieldName(i.path)}${issueText(i)}`);
  const more = issues.length > 5 ? `等${issues.length}处问题` : '';
  return `提交的内容不符合要求：${parts.join('；')}${more}。请修改后重新提交。`;
}
