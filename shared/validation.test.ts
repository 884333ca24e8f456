import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, formatIssues, hasOwnMessage, issueKind, issueLines, issueText } from './validation.js';

const Schema = z.strictObject({
  reason: z.string().min(1),
  title: z.string().min(3).max(5),
  count: z.number().int().min(1).max(9),
  tags: z.array(z.string()).min(1).max(2),
  tab: z.enum(['open', 'closed']),
  day: z.string().regex(/^\d{4}-\d\d-\d\d$/, '日期须为 YYYY-MM-DD'),
  kind: z.discriminatedUnion('t', [z.object({ t: z.literal('a') })]),
  nested: z.object({ deep: z.string() }),
});

const issuesOf = (input: unknown) => {
  const r = Schema.safeParse(input);
  if (r.success) throw new Error('expected a failure');
  return r.error;
};
const byPath = (e: z.ZodError, path: string) => {
  const i = e.issues.find((x) => x.path.join('.') === path);
  if (!i) throw new Error(`no issue at ${path}`);
  return i;
};

describe('issueKind / issueText', () => {
  it('tells a missing field (必须填写) from one of the wrong type (格式不对)', () => {
    const missing = issuesOf({});
    expect(issueKind(byPath(missing, 'reason'))).toBe('missing');
    expect(issueText(byPath(missing, 'reason'))).toBe('必须填写');
    const wrong = issuesOf({ reason: 42 });
    expect(issueKind(byPath(wrong, 'reason'))).toBe('wrongType');
    expect(issueText(byPath(wrong, 'reason'))).toBe('格式不对');
  });

  it('reads a missing field from the input too when the parse reports it', () => {
    const r = Schema.safeParse({ reason: 1 }, { reportInput: true });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(issueKind(byPath(r.error, 'reason'))).toBe('wrongType');
      expect(issueKind(byPath(r.error, 'title'))).toBe('missing');
    }
  });

  it('names sizes, integers, options, unions and unknown keys', () => {
    const e = issuesOf({ reason: '', title: 'abcdefg', count: 1.5, tags: [], tab: 'x', day: '2020', kind: { t: 'b' }, nested: {}, bogus: 1 });
    expect(issueText(byPath(e, 'reason'))).toBe('不能为空');
    expect(issueText(byPath(e, 'title'))).toBe('不能超过5个字');
    expect(issueText(byPath(e, 'count'))).toBe('必须是整数');
    expect(issueText(byPath(e, 'tags'))).toBe('至少需要1项');
    expect(issueText(byPath(e, 'tab'))).toBe('只能是以下之一：open、closed');
    expect(issueText(byPath(e, 'kind.t'))).toBe('不是系统支持的类型');
    expect(issueText(byPath(e, 'nested.deep'))).toBe('必须填写');
    expect(issueText(byPath(e, ''))).toBe('不认识的字段：bogus');
    const e2 = issuesOf({ title: 'ab', count: 0, tags: ['a', 'b', 'c'] });
    expect(issueText(byPath(e2, 'title'))).toBe('至少需要3个字');
    expect(issueText(byPath(e2, 'count'))).toBe('不能小于1');
    expect(issueText(byPath(e2, 'tags'))).toBe('最多2项');
    expect(issueText(byPath(issuesOf({ count: 10 }), 'count'))).toBe('不能大于9');
  });

  it("keeps a schema's own message, unless asked for the generic text", () => {
    const day = byPath(issuesOf({ day: '2020' }), 'day');
    expect(hasOwnMessage(day)).toBe(true);
    expect(issueText(day)).toBe('日期须为 YYYY-MM-DD');
    expect(issueText(day, { own: false })).toBe('格式不对');
    expect(hasOwnMessage(byPath(issuesOf({}), 'reason'))).toBe(false);
  });
});

describe('formatIssues / issueLines', () => {
  it('writes path: text lines, names the root, and caps the list', () => {
    const e = issuesOf({ reason: 1, bogus: true });
    expect(issueLines(e)).toContain('reason: 格式不对');
    expect(issueLines(e, { root: '(body)' })).toContain('(body): 不认识的字段：bogus');
    const all = issuesOf({});
    expect(issueLines(all, { max: 2 })).toHaveLength(2);
    const line = formatIssues(all);
    expect(line.split('；').filter((p) => p.includes(': '))).toHaveLength(5);
    expect(line).toContain(`等${all.issues.length}处问题`);
    expect(formatIssues(all, { max: 1, separator: '; ' })).toBe(`reason: 必须填写; 等${all.issues.length}处问题`);
    expect(formatIssues(all.issues.slice(0, 1))).toBe('reason: 必须填写');
  });
});

describe('describeIssues', () => {
  it('names the field in Chinese and says what to do', () => {
    const e = issuesOf({ reason: '', title: 'abc', count: 1, tags: ['a'], tab: 'open', day: '2020-01-01', kind: { t: 'a' }, nested: { deep: 'x' } });
    expect(describeIssues(e.issues)).toBe('提交的内容不符合要求：理由不能为空。请修改后重新提交。');
  });
});
