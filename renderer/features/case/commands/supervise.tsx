/** Supervision commands: urging (督办), recording accountability (问责), and the department's urge reply. */
import { Form, Input, InputNumber, Radio, Select } from 'antd';
import type { UrgeLevel } from '../../../../shared/model.js';
import { ReplyDeadline } from '../../clock/ReplyDeadline.js';
import { t } from '../../../i18n/zh-CN.js';
import { serverNow } from '../../../lib/ticker.js';
import type { CommandFieldsProps, CommandFormSpec } from './types.js';

function UrgeFields({ form, ref, urgeLevels }: CommandFieldsProps) {
  const replyHours = Form.useWatch('replyHours', form) as unknown;
  return (
    <>
      <Form.Item name="level" label={t.form.level} required>
        <Radio.Group
          optionType="button"
          options={(['remind', 'supervise', 'listed'] as const).map((l) => ({
            value: l,
            label: t.enums.urgeLevels[l],
            disabled: !urgeLevels.includes(l),
          }))}
          onChange={(e) => form.setFieldsValue({ message: t.supervision.defaultMessage[e.target.value as UrgeLevel] })}
          data-testid="f-level"
        />
      </Form.Item>
      <Form.Item name="message" label={t.form.message} required>
        <Input.TextArea rows={3} maxLength={2000} data-testid="f-message" />
      </Form.Item>
      <Form.Item name="replyHours" label={t.form.replyHours} required extra={<ReplyDeadline hours={replyHours} calendar={ref?.calendar} />}>
        <InputNumber min={1} max={240} style={{ width: 120 }} data-testid="f-replyHours" />
      </Form.Item>
    </>
  );
}

function RecordAccountabilityFields({ deptOptions }: CommandFieldsProps) {
  return (
    <>
      <Form.Item name="unitId" label={t.form.unit} required>
        <Select options={[{ value: 'centre', label: t.clock.centre }, ...deptOptions]} data-testid="f-unitId" />
      </Form.Item>
      <Form.Item name="kind" label={t.form.kind} required>
        <Radio.Group
          options={(['late', 'poor', 'improper'] as const).map((k) => ({ value: k, label: t.enums.accountabilityKinds[k] }))}
          data-testid="f-kind"
        />
      </Form.Item>
      <Form.Item name="text" label={t.form.text} required>
        <Input.TextArea rows={3} maxLength={2000} data-testid="f-text" />
      </Form.Item>
    </>
  );
}

function ReplyUrgeFields({ caseState }: CommandFieldsProps) {
  return (
    <>
      <Form.Item name="urgeId" label={t.form.urgeTarget} required>
        <Select
          options={caseState.urges
            .filter((u) => !u.reply)
            .map((u) => ({ value: u.id, label: `${t.enums.urgeLevels[u.level]} ${u.message.slice(0, 20)}` }))}
        />
      </Form.Item>
      <Form.Item name="text" label={t.form.text} required>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </>
  );
}

export const urge: CommandFormSpec = {
  Fields: UrgeFields,
  initial: ({ caseState, urgeLevels }) => {
    const level =
      urgeLevels[urgeLevels.length > 1 && caseState.clocks.some((c) => c.stoppedAt === undefined && c.deadline < serverNow()) ? 1 : 0] ??
      'remind';
    return { level, message: t.supervision.defaultMessage[level], replyHours: 24 };
  },
};
export const recordAccountability: CommandFormSpec = {
  Fields: RecordAccountabilityFields,
  initial: ({ caseState }) => ({ unitId: caseState.leadDepartmentId, kind: 'late' }),
};
export const replyUrge: CommandFormSpec = {
  Fields: ReplyUrgeFields,
  initial: ({ caseState }) => ({ urgeId: caseState.urges.find((u) => !u.reply)?.id }),
};
