import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDocNumber, patternProblem, patternsProblem, yearProblem } from './docNumber.js';

describe('文号 patterns', () => {
  it('formats 黄石督〔{year}〕{seq}号', () => {
    expect(formatDocNumber({ template: '黄石督〔{year}〕{seq}号', width: 0 }, 2026, 12)).toBe('黄石督〔2026〕12号');
    expect(formatDocNumber({ template: '催〔{year}〕{seq}', width: 3 }, 2027, 5)).toBe('催〔2027〕005');
  });
  it('refuses a pattern without {seq}, with two, with unknown placeholders; duplicates in a list', () => {
    expect(patternProblem({ name: 'a', template: '黄石督〔{year}〕号' })).toContain('缺少序号占位符');
    expect(patternProblem({ name: 'a', template: '{seq}-{seq}' })).toContain('只能有一个序号');
    expect(patternProblem({ name: 'a', template: '{year}{year}{seq}' })).toContain('只能有一个年份');
    expect(patternProblem({ name: 'a', template: '{no}{seq}' })).toContain('未知的占位符');
    expect(patternProblem({ name: 'a', template: '黄石督〔{year}〕{seq}号' })).toBeNull();
    const p = { id: 'a', name: 'a', template: '{seq}', width: 0 };
    expect(patternsProblem([p, { ...p, id: 'b' }])).toContain('重复');
    expect(patternsProblem([p, { ...p, template: 'x{seq}' }])).toContain('重复');
  });
  it('only the current year, four digits', () => {
    expect(yearProblem(2026, 2026)).toBeNull();
    expect(yearProblem(2025, 2026)).toContain('只能按当年');
    expect(yearProblem(26, 2026)).toContain('无效');
  });
  it('distinct sequences give distinct numbers, increasing in seq for a fixed width (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2099 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 99_999 }), { minLength: 2, maxLength: 30 }),
        (year, seqs) => {
          const p = { template: '黄石督〔{year}〕{seq}号', width: 0 };
          const numbers = seqs.map((s) => formatDocNumber(p, year, s));
          expect(new Set(numbers).size).toBe(seqs.length);
          for (const n of numbers) expect(n.startsWith(`黄石督〔${year}〕`)).toBe(true);
        },
      ),
    );
  });
});
