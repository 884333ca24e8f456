/** Duplicates and related cases: merge (合并), unmerge (撤销合并), link (关联), unlink (取消关联). */
import { Alert, Form, Input, Select } from 'antd';
import { t, fmt } from '../../../i18n/zh-CN.js';
import { NoteField } from './fields.js';
import { ReasonFields } from './intake.js';
import type { CommandFieldsProps, CommandFormSpec } from './types.js';

/** The other case, typed in by its id for now (suggestions by distance come with the map). */
function CaseIdField({ name, label, hint }: { name: string; label: string; hint: string }) {
  return (
    <Form.Item name={name} label={label} required extra={hint}>
      <Input maxLength={64} allowClear data-testid={`f-${name}`} />
    </Form.Item>
  );
}

function MergeFields() {
  return (
    <>
      <Alert type="info" title={t.form.mergeNote} style={{ marginBottom: 12 }} data-testid="merge-note" />
      <CaseIdField name="targetCaseId" label={t.form.targetCaseId} hint={t.form.targetCaseIdHint} />
      <NoteField />
    </>
  );
}

function UnmergeFields({ caseState }: CommandFieldsProps) {
  return (
    <>
      <Alert
        type="info"
        title={t.form.unmergeNote}
        description={caseState.mergedInto ? fmt(t.form.mergedIntoNow, { code: caseState.mergedInto }) : undefined}
        style={{ marginBottom: 12 }}
        data-testid="unmerge-note"
      />
      <ReasonFields />
    </>
  );
}

function LinkFields() {
  return (
    <>
      <CaseIdField name="otherCaseId" label={t.form.otherCaseId} hint={t.form.otherCaseIdHint} />
      <NoteField />
    </>
  );
}

function UnlinkFields({ caseState }: CommandFieldsProps) {
  return (
    <>
      <Form.Item name="otherCaseId" label={t.form.unlinkCaseId} required>
        <Select options={(caseState.relatedCaseIds ?? []).map((id) => ({ value: id, label: id }))} data-testid="f-otherCaseId" />
      </Form.Item>
      <NoteField />
    </>
  );
}

export const merge: CommandFormSpec = { Fields: MergeFields, initial: ({ target }) => (target ? { targetCaseId: target } : {}) };
export const unmerge: CommandFormSpec = { Fields: UnmergeFields };
export const link: CommandFormSpec = { Fields: LinkFields, initial: ({ target }) => (target ? { otherCaseId: target } : {}) };
export const unlink: CommandFormSpec = {
  Fields: UnlinkFields,
  initial: ({ caseState }) => ({ otherCaseId: caseState.relatedCaseIds?.[0] }),
};
