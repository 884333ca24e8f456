import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildCommand, validateCommand } from './commandForms.js';
import { COMMAND_TYPES } from '../../../shared/commands.js';

describe('command forms', () => {
  it('builds a valid dispatch with co-departments, dropping the lead from them', () => {
    const v = validateCommand(buildCommand('dispatch', 'c1', { leadDepartmentId: 'cgk', coDepartmentIds: ['cgk', 'szs'], note: '  ' }));
    expect(v.ok && v.command).toEqual({ type: 'dispatch', caseId: 'c1', leadDepartmentId: 'cgk', coDepartmentIds: ['szs'] });
  });

  it('puts a fallback dispatch without a reason on the reason field, in Chinese', () => {
    const v = validateCommand(
      buildCommand('dispatch', 'c1', { leadDepartmentId: 'cgk', fallback: true, fallbackReason: ' ', keywords: ['井盖'] }),
    );
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.fields).toEqual([{ name: 'fallbackReason', errors: ['此项为必填项'] }]);
  });

  it('builds a fallback dispatch with its precedent data', () => {
    const v = validateCommand(
      buildCommand('dispatch', 'c1', {
        leadDepartmentId: 'cgk',
        fallback: true,
        fallbackReason: '权属不清，由城管科托底',
        keywords: ['井盖'],
      }),
    );
    expect(v.ok && v.command).toMatchObject({ fallback: { reason: '权属不清，由城管科托底', keywords: ['井盖'] } });
  });

  it('requires the fields each command needs', () => {
    const cases: [Parameters<typeof buildCommand>[0], Record<string, unknown>, string][] = [
      ['accept', { grade: 'normal' }, 'catalogItemId'],
      ['reject', {}, 'reason'],
      ['verify', { passed: true }, 'note'],
      ['close', {}, 'satisfaction'],
      ['urge', { level: 'remind', message: '', replyHours: 24 }, 'message'],
      ['urge', { level: 'remind', message: '请尽快', replyHours: 0 }, 'replyHours'],
    ];
    for (const [type, values, field] of cases) {
      const v = validateCommand(buildCommand(type, 'c1', values));
      expect(v.ok, `${type} without ${field}`).toBe(false);
      if (!v.ok) expect(v.fields.map((f) => f.name)).toContain(field);
    }
  });

  it('gives every new urge notice and accountability record its own id', () => {
    const a = buildCommand('urge', 'c1', { level: 'remind', message: 'x', replyHours: 4 });
    const b = buildCommand('urge', 'c1', { level: 'remind', message: 'x', replyHours: 4 });
    expect(a.urgeId).not.toBe(b.urgeId);
    expect(validateCommand(buildCommand('recordAccountability', 'c1', { unitId: 'cgk', kind: 'late', text: '超时' })).ok).toBe(true);
  });

  it('never throws, and either passes the shared schema or names fields (property)', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(undefined), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMAND_TYPES),
        fc.dictionary(
          fc.constantFrom(
            'note',
            'reason',
            'text',
            'grade',
            'catalogItemId',
            'leadDepartmentId',
            'satisfaction',
            'passed',
            'level',
            'message',
            'replyHours',
            'minutes',
            'approve',
            'fallback',
            'fallbackReason',
            'keywords',
          ),
          value,
        ),
        (type, values) => {
          const v = validateCommand(buildCommand(type, 'c1', values));
          if (v.ok) expect(v.command.type).toBe(type);
          else expect(v.fields.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
