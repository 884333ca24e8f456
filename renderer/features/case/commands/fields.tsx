/** Field pieces several command forms share. */
import { Form, Input, Radio } from 'antd';
import { t } from '../../../i18n/zh-CN.js';

export const textArea = (rows = 3) => <Input.TextArea rows={rows} maxLength={2000} showCount data-testid="f-note" />;

/** The optional note of most forms (two rows). */
export function NoteField() {
  return (
    <Form.Item name="note" label={t.form.note}>
      {textArea(2)}
    </Form.Item>
  );
}

/** 批准 / 不批准 of the extension and park decisions. */
export function ApproveField() {
  return (
    <Form.Item name="approve" label={t.form.approve} required>
      <Radio.Group
        options={[
          { value: true, label: t.form.approveYes },
          { value: false, label: t.form.approveNo },
        ]}
        data-testid="f-approve"
      />
    </Form.Item>
  );
}
