import { describe, expect, it } from 'vitest';
import type { DocNumberPattern } from '../../../shared/docNumber.js';
import { patternsProblem } from '../../../shared/docNumber.js';
import { draftPattern, draftProblems, newPatternId, previewNumber, withPattern } from './docNumberAdmin.js';

const urge: DocNumberPattern = { id: 'urge-notice', name: '督办通知', template: '黄石督〔{year}〕{seq}号', width: 0 };
const list = [urge];
const draft = (template: string, name = '催办单', width: number | null = 0) => ({ name, template, width });

describe('文号格式 drafts', () => {
  it('accepts a new valid pattern and appends it; an edit replaces in place', () => {
    expect(draftProblems(list, 'dn-1', draft('黄石催〔{year}〕{seq}号'))).toEqual({});
    const added = withPattern(list, draftPattern('dn-1', draft('  黄石催〔{year}〕{seq}号 ', ' 催办单 ', null)));
    expect(added).toEqual([urge, { id: 'dn-1', name: '催办单', template: '黄石催〔{year}〕{seq}号', width: 0 }]);
    expect(patternsProblem(added)).toBeNull();
    const edited = withPattern(added, draftPattern('urge-notice', draft('黄石街督〔{year}〕{seq}号', '督办通知', 2)));
    expect(edited.map((p) => p.id)).toEqual(['urge-notice', 'dn-1']);
    expect(edited[0]).toMatchObject({ template: '黄石街督〔{year}〕{seq}号', width: 2 });
  });

  it('names the field of each problem, in the Chinese of shared/docNumber.ts', () => {
    expect(draftProblems(list, 'dn-1', draft('黄石催〔{year}〕号')).template).toContain('缺少序号占位符 {seq}');
    expect(draftProblems(list, 'dn-1', draft('{seq}{seq}')).template).toContain('只能有一个序号占位符');
    expect(draftProblems(list, 'dn-1', draft('{year}{year}{seq}')).template).toContain('只能有一个年份占位符');
    expect(draftProblems(list, 'dn-1', draft('黄石{month}{seq}')).template).toContain('未知的占位符');
    expect(draftProblems(list, 'dn-1', draft('   ')).template).toBe('文号格式不能为空');
    expect(draftProblems(list, 'dn-1', draft('黄石催〔{year}〕{seq}号', '  '))).toEqual({ name: '名称不能为空' });
    expect(draftProblems(list, 'dn-1', draft('黄石催〔{year}〕{seq}号', '催', 7)).width).toBe('序号位数应为 0 至 6 之间的整数。');
    expect(draftProblems(list, 'dn-1', draft('黄石催〔{year}〕{seq}号', '催', 1.5)).width).toBe('序号位数应为 0 至 6 之间的整数。');
  });

  it('refuses a template another pattern uses (even with the name empty), but not the pattern itself when edited', () => {
    const dup = draftProblems(list, 'dn-1', draft(' 黄石督〔{year}〕{seq}号', ''));
    expect(dup.template).toBe('文号格式“黄石督〔{year}〕{seq}号”重复：两种文书不能共用一个序号。');
    expect(dup.name).toBe('名称不能为空');
    expect(draftProblems(list, 'urge-notice', draft('黄石督〔{year}〕{seq}号', '督办通知'))).toEqual({});
  });

  it('makes an id no pattern has', () => {
    const id = newPatternId(list, 1_000);
    expect(id).toBe(`dn-${(1_000).toString(36)}`);
    expect(newPatternId([...list, { ...urge, id, template: 'x{seq}' }], 1_000)).toBe(`${id}-1`);
  });

  it('previews sequence 1 of the year, padded; nothing for a template that cannot number', () => {
    expect(previewNumber(urge, 2026)).toBe('黄石督〔2026〕1号');
    expect(previewNumber({ ...urge, template: '黄石街督〔{year}〕{seq}号', width: 3 }, 2026)).toBe('黄石街督〔2026〕001号');
    expect(previewNumber({ ...urge, template: '黄石督〔{year}〕号' }, 2026)).toBeNull();
    expect(previewNumber({ ...urge, template: '' }, 2026)).toBeNull();
  });
});
