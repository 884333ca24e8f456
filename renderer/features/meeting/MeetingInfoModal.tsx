/** 会议信息: the meeting's chair and attendees, asked when a meeting starts and editable from the controls. */
import { useEffect } from 'react';
import { Form, Input, Modal } from 'antd';
import { cleanAttendees, cleanName } from './session.js';
import { m } from './strings.js';

export interface MeetingInfo {
  chair: string;
  attendees: string[];
}

/** Names typed into one box: split at the enumeration comma, commas, semicolons and line breaks. */
export const splitNames = (text: string): string[] => cleanAttendees(text.split(/[\u3001\uff0c,;\uff1b\r\n]+/));

export function MeetingInfoModal({
  open,
  info,
  onCancel,
  onSave,
}: {
  open: boolean;
  info: MeetingInfo;
  onCancel: () => void;
  onSave: (info: MeetingInfo) => void;
}) {
  const [form] = Form.useForm<{ chair: string; attendees: string }>();
  useEffect(() => {
    if (open) form.setFieldsValue({ chair: info.chair, attendees: info.attendees.join(m.listSeparator) });
  }, [open, info, form]);
  const save = () => {
    const v = form.getFieldsValue();
    onSave({ chair: cleanName(v.chair ?? ''), attendees: splitNames(v.attendees ?? '') });
  };
  return (
    <Modal
      open={open}
      title={m.info.title}
      onCancel={onCancel}
      onOk={save}
      okText={m.info.save}
      okButtonProps={{ ...({ 'data-testid': 'meeting-info-save' } as Record<string, string>) }}
      width={900}
      forceRender
    >
      <Form form={form} layout="vertical" data-testid="meeting-info-form">
        <Form.Item name="chair" label={m.info.chair}>
          <Input data-testid="meeting-chair" maxLength={40} placeholder={m.info.chairPlaceholder} />
        </Form.Item>
        <Form.Item name="attendees" label={m.info.attendees}>
          <Input.TextArea data-testid="meeting-attendees" rows={3} maxLength={2000} placeholder={m.info.attendeesPlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
