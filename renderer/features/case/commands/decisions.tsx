/** The centre's decisions on a department's requests: extension (延期), park (挂账), and resume (恢复). */
import { Alert, Form, InputNumber } from 'antd';
import { t, fmt } from '../../../i18n/zh-CN.js';
import { fmtMinutes } from '../../../lib/format.js';
import { ApproveField, NoteField } from './fields.js';
import type { CommandFieldsProps, CommandFormSpec } from './types.js';

function DecideExtensionFields({ caseState }: CommandFieldsProps) {
  return (
    <>
      {caseState.pendingExtension && (
        <Alert
          type="info"
          data-testid="pending-extension"
          title={fmt(t.case.pendingExtension, {
            minutes: fmtMinutes(caseState.pendingExtension.minutes),
            reason: caseState.pendingExtension.reason,
          })}
          style={{ marginBottom: 12 }}
        />
      )}
      <ApproveField />
      <Form.Item name="minutes" label={t.form.minutes}>
        <InputNumber min={30} step={30} style={{ width: 160 }} data-testid="f-minutes" />
      </Form.Item>
      <NoteField />
    </>
  );
}

function DecideParkFields({ caseState }: CommandFieldsProps) {
  return (
    <>
      {caseState.pendingPark && (
        <Alert
          type="info"
          title={fmt(t.case.pendingPark, { reason: caseState.pendingPark.reason })}
          style={{ marginBottom: 12 }}
          data-testid="pending-park"
        />
      )}
      <ApproveField />
      <NoteField />
    </>
  );
}

export const decideExtension: CommandFormSpec = {
  Fields: DecideExtensionFields,
  initial: ({ caseState }) => ({ approve: true, minutes: caseState.pendingExtension?.minutes }),
};
export const decidePark: CommandFormSpec = { Fields: DecideParkFields, initial: () => ({ approve: true }) };
export const resume: CommandFormSpec = { Fields: NoteField };
