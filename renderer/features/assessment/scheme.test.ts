import { describe, expect, it } from 'vitest';
import { AssessmentScheme } from '../../../shared/assessment/types.js';
import { DEFAULT_SCHEMES } from '../../../shared/assessment/defaults.js';
import { checkScheme } from './scheme.js';

describe('checkScheme (the scheme editor saves only a valid scheme)', () => {
  const good = AssessmentScheme.parse(DEFAULT_SCHEMES.department);

  it('passes a valid scheme through', () => {
    const r = checkScheme(good);
    expect(r.ok).toBe(true);
  });

  it('names every problem in Chinese (shared/validation.ts), not zod English', () => {
    const r = checkScheme({ ...good, name: '', rules: [] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.text).toBe('评分规则无法保存：name: 不能为空；rules: 至少需要1项');
    expect(r.text).not.toMatch(/Too small|expected/);
  });
});
