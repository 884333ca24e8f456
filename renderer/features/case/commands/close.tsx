/** The end of a case: verification (核查) and closing (结案) with the reporter's satisfaction. */
import { Form, Input, Radio } from 'antd';
import { t } from '../../../i18n/zh-CN.js';
import { NoteField } from './fields.js';
import { BeforeAfter } from '../attachments/BeforeAfter.js';
import type { CommandFieldsProps, CommandFormSpec } from './types.js';

function VerifyFields({ caseState }: CommandFieldsProps) {
  return (
    <>
      <BeforeAfter caseState={caseState} />
      <Form.Item name="passed" label={t.form.passed} required>
        <Radio.Group
          options={[
            { value: true, label: t.form.passedYes },
            { value: false, label: t.form.passedNo },
          ]}
          data-testid="f-passed"
        />
      </Form.Item>
      <Form.Item name="note" label={t.form.note} required>
        <Input.TextArea rows={3} maxLength={2000} data-testid="f-note" />
      </Form.Item>
    </>
  );
}

function CloseFields() {
  return (
    <>
      <Form.Item name="satisfaction" label={t.form.satisfaction} required>
        <Radio.Group
          optionType="button"
          options={(['satisfied', 'basic', 'unsatisfied', 'not_rated'] as const).map((s) => ({
            value: s,
            label: t.enums.satisfaction[s],
          }))}
          data-testid="f-satisfaction"
        />
      </Form.Item>
      <NoteField />
    </>
  );
}

/** 核查 starts unchosen: passing a case must be a decision, never a default. */
export const verify: CommandFormSpec = { Fields: VerifyFields };
export const close: CommandFormSpec = {
  Fields: CloseFields,
  initial: ({ caseState }) => ({
    satisfaction: caseState.source === 'grid_worker' || caseState.source === 'hotline' ? undefined : 'not_rated',
  }),
};
