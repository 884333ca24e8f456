/**
 * docs/case-model.md is what the engine's schemas and tables say (run `npx tsx scripts/caseModelDoc.ts` after a
 * change); every command and event is described; the described fields are the schemas' own.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES } from '../shared/commands.js';
import { CaseEventType } from '../shared/gridEvent.js';
import { caseModelMarkdown, fieldList, typeName } from '../shared/engine/reference.js';
import { EVENT_DATA_SCHEMAS } from '../shared/engine/eventData.js';
import { AcceptCmd } from '../shared/commands.js';
import { z } from 'zod';

describe('docs/case-model.md', () => {
  it('is up to date with the schemas (else: npx tsx scripts/caseModelDoc.ts)', () => {
    const onDisk = fs.readFileSync(new URL('../docs/case-model.md', import.meta.url), 'utf8');
    expect(onDisk, 'docs/case-model.md is stale: run npx tsx scripts/caseModelDoc.ts').toBe(caseModelMarkdown());
  });

  it('has a row for every command and every event type', () => {
    const md = caseModelMarkdown();
    for (const c of COMMAND_TYPES) expect(md).toContain(`| \`${c}\` |`);
    for (const e of CaseEventType.options) expect(md).toContain(`| \`${e}\` |`);
  });

  it('names the fields and their types from the schemas', () => {
    expect(fieldList(AcceptCmd, ['type'])).toBe(
      "`caseId`: Id; `catalogItemId`: Id; `grade`: 'urgent' | 'important' | 'normal'; `location?`: GeoPoint; `useLocatedGrid?`: boolean; `note?`: string",
    );
    expect(fieldList(EVENT_DATA_SCHEMAS.linked)).toContain('`otherCaseId`: Id');
    expect(typeName(z.array(z.number().int()))).toBe('integer[]');
    // A changed schema changes the document: the staleness check can fail.
    expect(fieldList(AcceptCmd.extend({ extra: z.string() }), ['type'])).not.toBe(fieldList(AcceptCmd, ['type']));
  });
});
