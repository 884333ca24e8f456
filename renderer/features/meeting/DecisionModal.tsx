/** The decision dialog: content, department, deadline and place of the case a meeting decision becomes. */
import { DatePicker, Form, Input, Modal, Select, Space, type FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import type { CaseDetail } from '../../../shared/api.js';
import { maskAddress, maskText } from '../../../shared/assessment/mask.js';
import type { DecisionDraft } from './agenda.js';
import { nameOf } from './slides/parts.js';
import { m } from './strings.js';
import type { MeetingData } from './useMeetingData.js';

export interface DecisionFormValues {
  content: string;
  departmentId: string;
  deadline: Dayjs;
  communityId: string;
  gridId: string;
}

/** The form's values as the draft decisionCommands() turns into commands; the place is the related case's (masked) address, else the community's. */
export function decisionDraft(
  v: DecisionFormValues,
  {
    caseId,
    related,
    data,
    meetingName,
  }: { caseId: string; related: CaseDetail['case'] | undefined; data: MeetingData; meetingName: string },
): DecisionDraft {
  return {
    caseId,
    content: v.content.trim(),
    departmentId: v.departmentId,
    // The deadline as picked, to the minute (the picker shows no seconds, the default is 18:00 sharp).
    deadlineAt: v.deadline.startOf('minute').valueOf(),
    communityId: v.communityId,
    gridId: v.gridId,
    address: related
      ? maskAddress(related.address) || related.address
      : `${data.ref.streetName}${nameOf(data.ref.communities, v.communityId)}`,
    ...(related ? { relatedCode: related.code } : {}),
    meetingName,
  };
}

export function DecisionModal({
  decisionFor,
  form,
  data,
  submitting,
  onCancel,
  onOk,
}: {
  decisionFor: { related?: CaseDetail['case'] } | null;
  form: FormInstance<DecisionFormValues>;
  data: MeetingData | null | undefined;
  submitting: boolean;
  onCancel: () => void;
  onOk: () => void;
}) {
  const communityId = Form.useWatch('communityId', form);
  return (
    <Modal
      open={decisionFor !== null}
      title={m.decisionForm.title}
      onCancel={onCancel}
      onOk={onOk}
      okText={m.decisionForm.submit}
      okButtonProps={{ loading: submitting, ...({ 'data-testid': 'decision-submit' } as Record<string, string>) }}
      width={960}
      forceRender
    >
      {decisionFor?.related ? (
        <p>
          {m.decisionForm.related}：{decisionFor.related.code} {maskText(decisionFor.related.title)}
        </p>
      ) : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="content"
          label={m.decisionForm.content}
          rules={[{ required: true, whitespace: true, message: m.decisionForm.required }, { max: 1000 }]}
        >
          <Input.TextArea data-testid="decision-content" rows={3} placeholder={m.decisionForm.contentPlaceholder} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="departmentId" label={m.decisionForm.department} rules={[{ required: true, message: m.decisionForm.required }]}>
            <Select
              data-testid="decision-dept"
              style={{ width: 300 }}
              showSearch
              optionFilterProp="label"
              options={(data?.ref.departments ?? []).map((d) => ({ value: d.id, label: d.shortName }))}
            />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={m.decisionForm.deadline}
            rules={[
              { required: true, message: m.decisionForm.required },
              {
                validator: (_r, v: Dayjs | undefined) =>
                  !v || v.valueOf() > Date.now() ? Promise.resolve() : Promise.reject(new Error(m.decisionForm.deadlineFuture)),
              },
            ]}
          >
            <DatePicker data-testid="decision-deadline" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
        <Space size="large" wrap>
          <Form.Item name="communityId" label={m.decisionForm.community} rules={[{ required: true }]}>
            <Select
              style={{ width: 280 }}
              options={(data?.ref.communities ?? []).map((c) => ({ value: c.id, label: c.name }))}
              onChange={(c: string) => form.setFieldValue('gridId', data?.ref.grids.find((g) => g.communityId === c)?.id)}
            />
          </Form.Item>
          <Form.Item name="gridId" label={m.decisionForm.grid} rules={[{ required: true }]}>
            <Select
              style={{ width: 340 }}
              options={(data?.ref.grids ?? []).filter((g) => g.communityId === communityId).map((g) => ({ value: g.id, label: g.name }))}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
