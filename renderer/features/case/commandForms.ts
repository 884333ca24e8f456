/**
 * Form ⇄ command mapping for every command type, validated with the command's own zod schema, so the
 * form never sends what the core would refuse for shape, and shows why in the field that is wrong.
 */
import { Command, type CommandType } from '../../../shared/commands.js';
import { issueKind, type Issue } from '../../../shared/validation.js';
import { t } from '../../i18n/zh-CN.js';

export type FormValues = Record<string, unknown>;

/** Random ids for new urge notices and accountability records. */
export function newId(prefix: string): string {
  const uuid = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  return `${prefix}-${uuid}`;
}

const clean = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v);

/** Build the command object from form values (before validation). */
export function buildCommand(type: CommandType, caseId: string, v: FormValues): Record<string, unknown> {
  const base: Record<string, unknown> = { type, caseId };
  switch (type) {
    case 'dispatch': {
      const cmd: Record<string, unknown> = {
        ...base,
        leadDepartmentId: v.leadDepartmentId,
        coDepartmentIds: ((v.coDepartmentIds as string[] | undefined) ?? []).filter((d) => d !== v.leadDepartmentId),
        note: clean(v.note),
        precedentId: v.precedentId || undefined,
        deadlineAt: typeof v.deadlineAt === 'number' ? v.deadlineAt : undefined,
      };
      if (v.fallback) cmd.fallback = { reason: clean(v.fallbackReason) ?? '', keywords: (v.keywords as string[] | undefined) ?? [] };
      return cmd;
    }
    case 'urge':
      return { ...base, urgeId: v.urgeId ?? newId('urge'), level: v.level, message: clean(v.message) ?? '', replyHours: v.replyHours };
    case 'recordAccountability':
      return { ...base, recordId: v.recordId ?? newId('acc'), unitId: v.unitId, kind: v.kind, text: clean(v.text) ?? '' };
    default: {
      const out: Record<string, unknown> = { ...base };
      for (const [k, val] of Object.entries(v)) {
        const c = clean(val);
        if (c !== undefined) out[k] = c;
      }
      // Required text fields must reach the schema as '' (not undefined) to get the right message.
      return out;
    }
  }
}

/** Which form field a schema issue belongs to. */
function fieldOf(path: readonly PropertyKey[]): string {
  if (path[0] === 'fallback') return path[1] === 'keywords' ? 'keywords' : 'fallbackReason';
  return String(path[0] ?? '');
}

/** The form's own text for what shared/validation.ts says went wrong. */
function issueText(issue: Issue): string {
  switch (issueKind(issue)) {
    case 'missing':
    case 'empty':
    case 'tooShort':
    case 'tooFew':
      return t.form.required;
    case 'tooSmall':
      return t.form.tooSmall;
    case 'tooLong':
      return t.form.tooLong;
    case 'tooMany':
    case 'tooBig':
      return t.form.tooBig;
    default:
      return t.form.invalid;
  }
}

export type Validation = { ok: true; command: Command } | { ok: false; fields: { name: string; errors: string[] }[] };

/** Validate with the shared Command schema; errors grouped per form field, in Chinese. */
export function validateCommand(raw: Record<string, unknown>): Validation {
  const parsed = Command.safeParse(raw);
  if (parsed.success) return { ok: true, command: parsed.data };
  const byField = new Map<string, string[]>();
  for (const issue of parsed.error.issues) {
    const f = fieldOf(issue.path);
    const list = byField.get(f) ?? [];
    const msg = issueText(issue);
    if (!list.includes(msg)) list.push(msg);
    byField.set(f, list);
  }
  return { ok: false, fields: [...byField].map(([name, errors]) => ({ name, errors })) };
}
