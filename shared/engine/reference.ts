/**
 * The case model for integrators who do not read TypeScript: docs/case-model.md is generated from the
 * schemas and rule tables themselves (statuses, commands with fields, roles and preconditions, events with
 * their data and their effect on the case, rejection codes, id formats), so it cannot drift from the code.
 * `npx tsx scripts/caseModelDoc.ts` writes it; reference.test.ts fails when the file is stale.
 */
import type { z } from 'zod';
import { Command, type CommandType } from '../commands.js';
import { CaseEventType } from '../gridEvent.js';
import { GridCheck } from '../gridEvent.js';
import { AccountabilityRecord, Actor, Attachment, CaseClock, GeoPoint, Id, Instant, Precedent, Reporter, UrgeNotice } from '../model.js';
import { EVENT_DATA_SCHEMAS } from './eventData.js';
import { COMMAND_LABELS, EVENT_LABELS, ROLE_LABELS, STATUS_LABELS } from './labels.js';
import { COMMAND_FROM_STATUSES, ROLE_COMMANDS } from './permissions.js';
import type { RejectionCode } from './types.js';
import type { ActorRole, CaseStatus } from '../model.js';

/** What each entry does to the case (the fold, shared/engine/evolve.ts), in words. */
export const EVENT_EFFECTS: Record<CaseEventType, string> = {
  reported:
    'Creates the case (version 1): status `reported`; code, text, place, source, reporter, attachments, position and grid check from the data; the registration clock starts.',
  accepted: 'Status `accepted`; sets catalogItemId, category, grade and acceptedAt; clocks replaced (registration stops, dispatch starts).',
  rejected: 'Status `rejected` (final); pending extension and park requests dropped; clocks replaced (all stopped).',
  self_handled: 'Status `self_handled`; handledAt set; pending park dropped; clocks replaced (verification starts).',
  dispatched:
    'Status `dispatched`; leadDepartmentId, coDepartmentIds, mandatory, fallback, dispatchedAt and precedentId set; pending park dropped; clocks replaced (handling starts).',
  signed: 'Status `signed` (the lead department took it on). Nothing else changes.',
  bounced:
    'Status `bounced`; lead and co-departments cleared, mandatory false, bounceCount + 1; pending requests dropped; clocks replaced.',
  result_reported: 'Status `handled`; handledAt set; pending requests dropped; clocks replaced (handling stops, verification starts).',
  extension_requested: 'Sets pendingExtension {minutes, reason, at, by}. Status unchanged.',
  extension_decided:
    'Clears pendingExtension; when approved, extensionCount + 1; clocks replaced (the handling deadline moves when approved).',
  park_requested: 'Sets pendingPark {reason, at, by}. Status unchanged.',
  park_decided: 'Clears pendingPark; when approved: status `parked`, statusBeforePark kept, parkCount + 1, clocks replaced (paused).',
  resumed: 'Status back to data.status; statusBeforePark cleared; clocks replaced (resumed).',
  verified: 'When passed: status `verified`, verifiedAt set; either way clocks replaced (a failed check is followed by `rework_ordered`).',
  rework_ordered:
    'Status data.status (back to the department or the grid worker); reworkCount + 1; satisfaction set when given; clocks replaced.',
  closed: 'Status `closed` (final); closedAt and satisfaction set; pending requests dropped; clocks replaced (all stopped).',
  urged: 'Appends data.urge to urges. Status unchanged.',
  urge_replied: 'Sets the reply on the urge data.urgeId. Status unchanged.',
  accountability_recorded: 'Appends data.record to accountability. Status unchanged.',
  deadlines_recalculated: 'Clocks replaced (a calendar change moved deadlines); reply deadlines of the urges listed in data.urges move.',
  upstream_rejected:
    'The district platform refused a forwarded entry: upstreamIssue set; status and clocks set back when the data carries them.',
  merged:
    'This case is a duplicate: status `closed` as merged, mergedInto set, statusBeforeMerge kept (for an unmerge), pending requests dropped, clocks replaced (stopped).',
  duplicate_merged: 'On the original: adds data.duplicateCaseId to mergedCaseIds.',
  unmerged: 'On the duplicate: mergedInto and statusBeforeMerge cleared, status back to data.status, clocks replaced.',
  duplicate_unmerged: 'On the original: removes data.duplicateCaseId from mergedCaseIds.',
  merge_closed:
    'On a duplicate, when its original closes: status `closed`, closedAt (and verifiedAt when given) set, statusBeforeMerge cleared, clocks replaced.',
  linked: 'Adds data.otherCaseId to relatedCaseIds (both cases get one).',
  unlinked: 'Removes data.otherCaseId from relatedCaseIds (both cases get one).',
  reopened:
    'Status back to `accepted` (the centre dispatches again); closedAt and verifiedAt cleared; reopenCount set; clocks replaced (a new dispatch clock).',
  located:
    'Sets location; gridId and communityId when the case moved to the located grid; gridCheck replaced by data.gridCheck (cleared when absent).',
};

/** Rules beyond role and status, and the entries each command writes. */
export const COMMAND_NOTES: Record<CommandType, string> = {
  report: 'No case yet (a new caseId). Writes `reported`. A grid worker may report in any grid; the hotline may only report.',
  accept: 'Writes `accepted`, preceded by `located` when the form moved the position or the grid.',
  reject: 'Writes `rejected`.',
  selfHandle: 'Grid workers: only on cases of their own grid. Writes `self_handled`.',
  dispatch:
    'A lead department and co-departments; after a bounce the re-dispatch is mandatory (cannot be bounced again). Writes `dispatched`.',
  sign: 'The lead department only. Writes `signed`.',
  bounce: 'The lead department only, once per case, not on a mandatory dispatch. Writes `bounced`.',
  reportResult: 'The lead department only. Writes `result_reported`.',
  requestExtension: 'The lead department only, one pending request at a time. Writes `extension_requested`.',
  decideExtension: 'Only while an extension is pending. Writes `extension_decided`.',
  requestPark: 'The lead department (or the centre) only, one pending request at a time. Writes `park_requested`.',
  decidePark: 'Only while a park request is pending. Writes `park_decided`.',
  resume: 'Writes `resumed`.',
  verify: 'Grid workers: only on cases of their own grid. Writes `verified` (and `rework_ordered` when not passed).',
  close: 'Grid workers: only on cases of their own grid. Writes `closed` (and `merge_closed` on every duplicate merged into it).',
  urge: 'Needs a lead department; the level allowed depends on the role and earlier urges; `replyHours` are working hours. Writes `urged`.',
  replyUrge: 'The urged department only, once per urge. Writes `urge_replied`.',
  recordAccountability: 'Writes `accountability_recorded`.',
  merge:
    'Into an open case that is not itself merged (a chain resolves to its root), never into itself or a closed case. Writes `merged` on the duplicate and `duplicate_merged` on the original.',
  unmerge: 'Only while the original is open, with a reason. Writes `unmerged` and `duplicate_unmerged`.',
  link: 'Writes `linked` on both cases.',
  unlink: 'Writes `unlinked` on both cases.',
  reopen: 'A closed case (not rejected, not a merged duplicate), with a reason. Writes `reopened`; the earlier bounce still counts.',
  locate: 'Moving the case to the located grid only before a department holds it (reported, accepted, bounced). Writes `located`.',
};

/** Every engine rejection code and when it comes (the type makes this list complete). */
export const REJECTION_MEANINGS: Record<RejectionCode, string> = {
  INVALID_COMMAND: 'the command is malformed or contradicts itself (a deadline in the past, a point outside the street…)',
  FORBIDDEN_ROLE: "the actor's role may not send this command type",
  NOT_FOUND: 'no case with this caseId (or no urge, record… with the id given)',
  ALREADY_EXISTS: 'report: a case with this caseId exists',
  INVALID_STATE: 'the case\'s status does not allow the command now (see "from")',
  BOUNCE_LIMIT: 'the case was bounced once already',
  MANDATORY_NO_BOUNCE: 'a mandatory re-dispatch cannot be bounced',
  NOT_LEAD_DEPARTMENT: 'only the lead department may do this',
  NOT_ASSIGNED_DEPARTMENT: 'the department is not assigned to the case (neither lead nor co-department, or not the urged one)',
  NOT_ASSIGNED_GRID: 'a grid worker acting on a case of another grid',
  UNKNOWN_REFERENCE:
    'a catalogue item, department, grid, community or precedent that the reference data does not hold (or a grade the item has no limit for)',
  PENDING_REQUEST: 'an extension or park request is already pending',
  NO_PENDING_REQUEST: 'nothing pending to decide',
  RATING_REQUIRED: 'closing needs the satisfaction rating',
  URGE_LEVEL: 'the urge level is not allowed for this role or after the earlier urges',
  DUPLICATE_ID: 'an urge or accountability record with this id exists',
  SAME_CASE: 'merging or linking a case with itself (also through its root original)',
  MERGE_TARGET_CLOSED: 'the case to merge into (its root) is closed or rejected',
  HAS_DUPLICATES: 'the case has duplicates merged into it: undo those, or merge the other way',
  NOT_MERGED: 'unmerge of a case that is not (or no longer reversibly) merged',
  ALREADY_LINKED: 'the two cases are linked already',
  NOT_LINKED: 'the two cases are not linked',
};

const NAMED: Array<[z.ZodType, string]> = [
  [CaseClock, 'CaseClock'],
  [Actor, 'Actor'],
  [GeoPoint, 'GeoPoint'],
  [Reporter, 'Reporter'],
  [Attachment, 'Attachment'],
  [UrgeNotice, 'UrgeNotice'],
  [AccountabilityRecord, 'AccountabilityRecord'],
  [Precedent, 'Precedent'],
  [GridCheck, 'GridCheck'],
  [Id, 'Id'],
  [Instant, 'Instant'],
];

interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  in?: z.ZodType;
  out?: z.ZodType;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** A field's type in words: Id, Instant, string, integer, 'a' | 'b', CaseClock[], {x, y}… */
export function typeName(s: z.ZodType): string {
  const named = NAMED.find(([n]) => n === s)?.[1];
  if (named) return named;
  const d = defOf(s);
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return typeName(d.innerType!) + (d.type === 'nullable' ? ' | null' : '');
    case 'pipe':
      return typeName(d.in!);
    case 'array':
      return `${typeName(d.element!)}[]`;
    case 'enum':
      return Object.values(d.entries!)
        .map((v) => `'${v}'`)
        .join(' | ');
    case 'literal':
      return d.values!.map((v) => JSON.stringify(v)).join(' | ');
    case 'union':
      return d.options!.map(typeName).join(' | ');
    case 'object':
      return `{${Object.keys(d.shape!).join(', ')}}`;
    case 'number': {
      const checks =
        (s as unknown as { _zod: { def: { checks?: Array<{ _zod: { def: { check: string; format?: string } } }> } } })._zod.def.checks ??
        [];
      return checks.some((c) => c._zod.def.format === 'safeint' || c._zod.def.check === 'number_format') ? 'integer' : 'number';
    }
    default:
      return d.type;
  }
}

const isOptional = (s: z.ZodType): boolean => {
  const t = defOf(s).type;
  return t === 'optional' || t === 'default' || t === 'prefault';
};

/** `name: type` per field, optional ones marked `?`. */
export function fieldList(schema: z.ZodType, skip: readonly string[] = []): string {
  const shape = defOf(schema).shape ?? {};
  const fields = Object.entries(shape)
    .filter(([k]) => !skip.includes(k))
    .map(([k, v]) => `\`${k}${isOptional(v) ? '?' : ''}\`: ${typeName(v)}`);
  return fields.length ? fields.join('; ') : '—';
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
const ROLES = Object.keys(ROLE_COMMANDS) as ActorRole[];

export function caseModelMarkdown(): string {
  const out: string[] = [];
  out.push('# The case model (generated)');
  out.push('');
  out.push('<!-- Generated by `npx tsx scripts/caseModelDoc.ts` from shared/engine (reference.ts): do not edit by hand. -->');
  out.push('');
  out.push('Everything a client needs to rebuild a case from the log and to send valid commands, without reading');
  out.push('the TypeScript: the statuses, every command with its fields, who may send it and from which status, every');
  out.push('timeline entry (event) with its data and its effect on the case, the rejection codes and the formats.');
  out.push('The wire that carries them is docs/protocol.md; machine-readable schemas are in docs/contracts/.');
  out.push('');
  out.push('## Formats');
  out.push('');
  out.push(
    '- **Id** (case ids, command and mutation ids, clientId, changeId, user, unit and reference ids): a string of 1–64 characters without control characters; case ids may hold Chinese.',
  );
  out.push(
    "- **Instant** (`at`, `occurredAt`, `reportedAt`, deadlines…): integer milliseconds since 1970-01-01T00:00:00Z (UTC), at most the year 9999. The street's local day and office hours use the calendar's `utcOffsetMinutes` (480: UTC+8) from GET /api/ref.",
  );
  out.push(
    '- **Minutes** (`limitMinutes`, `minutes` of an extension, `replyMinutes`): integer minutes, working minutes where the clock is in working time (`natural: false`), wall-clock minutes where it is natural.',
  );
  out.push(
    '- **Case code** (`code`, e.g. `SJ20261203-SDLMIW`): the report day (street time) and a part derived from the case id; shown to people, never used as a key.',
  );
  out.push(
    '- Communities, grids, grid workers, departments, the catalogue and users are **reference data**: never in the case log as entries of their own; read them with GET /api/ref (a valid `report` needs a `communityId` and `gridId` from there).',
  );
  out.push('');
  out.push('## Statuses');
  out.push('');
  out.push('| status | 中文 |');
  out.push('|---|---|');
  for (const [k, v] of Object.entries(STATUS_LABELS)) out.push(`| \`${k}\` | ${v} |`);
  out.push('');
  out.push('## Commands');
  out.push('');
  out.push(
    'Every command carries `type` and (except `report`, which creates it) the `caseId` it acts on. "From" lists the statuses it may act from (any: every status the other rules allow). The relay decides each command against the case as it stands; a refused one gets a rejection code below.',
  );
  out.push('');
  out.push('| type | 中文 | fields | roles | from | rules and entries written |');
  out.push('|---|---|---|---|---|---|');
  for (const opt of Command.options) {
    const type = (opt.shape.type as unknown as { value: CommandType }).value;
    const roles = ROLES.filter((r) => ROLE_COMMANDS[r].includes(type)).map((r) => `\`${r}\``);
    const from = COMMAND_FROM_STATUSES[type];
    const fromText = from === null ? 'any' : from.length === 0 ? '(new case)' : from.map((s: CaseStatus) => `\`${s}\``).join(', ');
    out.push(
      `| \`${type}\` | ${COMMAND_LABELS[type]} | ${cell(fieldList(opt, ['type']))} | ${roles.join(', ')} | ${fromText} | ${cell(COMMAND_NOTES[type])} |`,
    );
  }
  out.push('');
  out.push('## Roles');
  out.push('');
  out.push(
    'Centre staff act through their workstation (Socket.IO `push`); the district platform sends for `department`, `gridWorker` and `hotline` actors (webhook `actor.kind`). The relay always takes the actor from the token or the signed webhook, never from the command.',
  );
  out.push('');
  out.push('| role | 中文 | may send |');
  out.push('|---|---|---|');
  for (const r of ROLES)
    out.push(`| \`${r}\` | ${ROLE_LABELS[r]} | ${ROLE_COMMANDS[r].length ? ROLE_COMMANDS[r].map((c) => `\`${c}\``).join(', ') : '—'} |`);
  out.push('');
  out.push('## Events (timeline entries)');
  out.push('');
  out.push(
    "Each entry is a `CaseEvent` `{id, caseId, version, type, at, actor, commandId?, note?, data}`: `version` is the case's version after it (1 for `reported`); apply an entry only when `version` = current version + 1, which makes applying idempotent. `data.clocks`, where present, is every clock of the case as it stands after the entry: replace the case's clocks with it (no calendar arithmetic is needed to fold a case). Every entry also sets `updatedAt` = `at` and appends itself to the timeline.",
  );
  out.push('');
  out.push('| type | 中文 | data | effect on the case |');
  out.push('|---|---|---|---|');
  for (const type of CaseEventType.options) {
    out.push(`| \`${type}\` | ${EVENT_LABELS[type]} | ${cell(fieldList(EVENT_DATA_SCHEMAS[type]))} | ${cell(EVENT_EFFECTS[type])} |`);
  }
  out.push('');
  out.push('## Shared shapes');
  out.push('');
  for (const [schema, name] of NAMED) {
    if (defOf(schema).type !== 'object') continue;
    out.push(`- **${name}**: ${fieldList(schema)}`);
  }
  out.push('');
  out.push('## Rejection codes (engine)');
  out.push('');
  out.push(
    'A refused command answers `{status: "rejected", code, message}` (push) or 422 `{ok: false, code, message, error: {code, message}}` (webhook); `message` is plain Chinese saying what to do. A rejection is final for that mutation: its `n` is consumed, and sending the same command again needs a new mutation id and `n`.',
  );
  out.push('');
  out.push('| code | when |');
  out.push('|---|---|');
  for (const [code, when] of Object.entries(REJECTION_MEANINGS)) out.push(`| \`${code}\` | ${cell(when)} |`);
  out.push('');
  return out.join('\n');
}
