/** Intake commands: accept (受理), reject (不予受理), self-handle (自行处置). */
import { Form, Input, Radio, Select } from 'antd';
import { t } from '../../../i18n/zh-CN.js';
import { textArea } from './fields.js';
import { LocationPicker, locationInitial } from './location.js';
import type { CommandFieldsProps, CommandFormSpec } from './types.js';

function AcceptFields({ ref, caseState, form }: CommandFieldsProps) {
  return (
    <>
      <Form.Item name="catalogItemId" label={t.form.catalogItem} required>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={(ref?.catalog ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}（${c.category}）` }))}
          data-testid="f-catalogItemId"
        />
      </Form.Item>
      <Form.Item name="grade" label={t.form.grade} required>
        <Radio.Group
          optionType="button"
          options={(['urgent', 'important', 'normal'] as const).map((g) => ({ value: g, label: t.enums.grades[g] }))}
          data-testid="f-grade"
        />
      </Form.Item>
      {ref?.divisions?.length ? <LocationPicker caseState={caseState} form={form} ref={ref} required={false} height={240} /> : null}
      <Form.Item name="note" label={t.form.note}>
        {textArea(2)}
      </Form.Item>
    </>
  );
}

/** A required reason (reject, and the park request of the handling commands). */
export function ReasonFields() {
  return (
    <Form.Item name="reason" label={t.form.reason} required>
      <Input.TextArea rows={3} maxLength={2000} data-testid="f-reason" />
    </Form.Item>
  );
}

function SelfHandleFields() {
  return (
    <Form.Item name="note" label={t.form.note} required>
      <Input.TextArea rows={3} maxLength={2000} data-testid="f-note" />
    </Form.Item>
  );
}

export const accept: CommandFormSpec = {
  Fields: AcceptFields,
  initial: ({ caseState, lk }) => {
    const item = caseState.catalogItemId ? lk.catalog.get(caseState.catalogItemId) : undefined;
    return { catalogItemId: caseState.catalogItemId, grade: caseState.grade ?? (item ? item.limits[0]?.grade : undefined), ...locationInitial(caseState) };
  },
};
export const reject: CommandFormSpec = { Fields: ReasonFields };
export const selfHandle: CommandFormSpec = { Fields: SelfHandleFields };
