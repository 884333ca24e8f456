/** 改判: the department the leadership group decides a fallback ruling should have gone to, with the reason. */
import { Form, Input, Modal, Select } from 'antd';
import type { Precedent } from '../../../shared/model.js';
import { nameOf } from './slides/parts.js';
import { m, fmt } from './strings.js';
import type { MeetingData } from './useMeetingData.js';

export interface RulingFormValues {
  departmentId: string;
  note: string;
}

export function RulingModal({
  precedent,
  data,
  submitting,
  onCancel,
  onOk,
}: {
  precedent: Precedent | null;
  data: MeetingData | null | undefined;
  submitting: boolean;
  onCancel: () => void;
  onOk: (v: RulingFormValues) => void;
}) {
  const [form] = Form.useForm<RulingFormValues>();
  return (
    <Modal
      open={precedent !== null}
      title={m.ruling.overruleTitle}
      onCancel={onCancel}
      onOk={() => void form.validateFields().then(onOk, () => undefined)}
      okText={m.ruling.overruleSubmit}
      okButtonProps={{ loading: submitting, ...({ 'data-testid': 'ruling-submit' } as Record<string, string>) }}
      width={900}
      destroyOnHidden
    >
      {precedent && data ? <p>{fmt(m.ruling.current, { dept: nameOf(data.ref.departments, precedent.departmentId) })}</p> : null}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="departmentId" label={m.ruling.newDept} rules={[{ required: true, message: m.decisionForm.required }]}>
          <Select
            data-testid="ruling-dept"
            showSearch={{ optionFilterProp: 'label' }}
            options={(data?.ref.departments ?? [])
              .filter((d) => d.id !== precedent?.departmentId)
              .map((d) => ({ value: d.id, label: d.shortName }))}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={m.ruling.note}
          rules={[{ required: true, whitespace: true, message: m.decisionForm.required }, { max: 2000 }]}
        >
          <Input.TextArea data-testid="ruling-note" rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
