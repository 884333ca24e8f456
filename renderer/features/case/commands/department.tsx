/** A department's commands on its case: bounce (回退), result (反馈), extension and park requests. */
import { Form, Input, InputNumber, Select } from 'antd';
import { t } from '../../../i18n/zh-CN.js';
import { AttachmentPicker } from '../attachments/AttachmentPicker.js';
import { ReasonFields } from './intake.js';
import type { CommandFormSpec } from './types.js';

function BounceFields() {
  return (
    <>
      <Form.Item name="reasonCode" label={t.form.reasonCode} required>
        <Select
          options={(['not_our_duty', 'wrong_location', 'insufficient_info', 'other'] as const).map((k) => ({
            value: k,
            label: t.enums.bounceReasons[k],
          }))}
        />
      </Form.Item>
      <Form.Item name="text" label={t.form.text} required>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </>
  );
}

function ReportResultFields() {
  return (
    <>
      <Form.Item name="text" label={t.form.text} required>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="attachments" label={t.attachments.field}>
        <AttachmentPicker />
      </Form.Item>
    </>
  );
}

function RequestExtensionFields() {
  return (
    <>
      <Form.Item name="minutes" label={t.form.minutes} required>
        <InputNumber min={30} step={30} style={{ width: 160 }} data-testid="f-minutes" />
      </Form.Item>
      <Form.Item name="reason" label={t.form.reason} required>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}

export const bounce: CommandFormSpec = { Fields: BounceFields, initial: () => ({ reasonCode: 'not_our_duty' }) };
export const reportResult: CommandFormSpec = { Fields: ReportResultFields };
export const requestExtension: CommandFormSpec = { Fields: RequestExtensionFields };
export const requestPark: CommandFormSpec = { Fields: ReasonFields };
