/** Dispatch (派遣): precedent suggestions, lead and co-departments, the fallback ruling, a meeting deadline. */
import { useMemo } from 'react';
import { Alert, Button, DatePicker, Form, Input, List, Select, Switch, Typography, Tag } from 'antd';
import dayjs from 'dayjs';
import { suggestPrecedents } from '../../../../shared/engine/index.js';
import { t, fmt } from '../../../i18n/zh-CN.js';
import { fmtDay } from '../../../lib/format.js';
import { textArea } from './fields.js';
import type { CommandFieldsProps, CommandFormSpec } from './types.js';

function DispatchFields({ caseState, form, ref, lk, deptOptions, precedentId }: CommandFieldsProps) {
  const fallback = Form.useWatch('fallback', form) as boolean | undefined;
  const suggestions = useMemo(() => (ref ? suggestPrecedents(caseState, ref.precedents) : []), [ref, caseState]);
  const usePrecedent = (id: string, dept: string) => form.setFieldsValue({ precedentId: id, leadDepartmentId: dept });
  return (
    <>
      {caseState.status === 'bounced' && (
        <Alert
          type="warning"
          showIcon
          title={t.form.mandatoryDispatch}
          description={t.form.mandatoryNote}
          data-testid="mandatory-banner"
          style={{ marginBottom: 12 }}
        />
      )}
      <div className="precedents" data-testid="precedent-suggestions">
        <Typography.Text strong>{t.form.precedents}</Typography.Text>
        {suggestions.length === 0 ? (
          <Typography.Paragraph type="secondary">{t.form.noPrecedent}</Typography.Paragraph>
        ) : (
          <List
            size="small"
            dataSource={suggestions}
            renderItem={(s) => (
              <List.Item
                data-testid="precedent-item"
                actions={[
                  <Button
                    key="use"
                    size="small"
                    type={precedentId === s.precedent.id ? 'primary' : 'default'}
                    onClick={() => usePrecedent(s.precedent.id, s.precedent.departmentId)}
                    data-testid="precedent-use"
                  >
                    {precedentId === s.precedent.id ? t.form.precedentUsed : t.form.usePrecedent}
                  </Button>,
                ]}
              >
                <div>
                  <div>
                    <Tag color={s.review === 'confirmed' ? 'green' : 'gold'} data-testid="precedent-review" data-review={s.review}>
                      {s.review === 'confirmed' ? t.form.precedentConfirmed : t.form.precedentPending}
                    </Tag>
                    {fmt(t.form.precedentRow, {
                      dept: lk.deptName(s.precedent.departmentId),
                      reason: s.precedent.reason,
                      by: s.precedent.ruledBy.name,
                      at: fmtDay(s.precedent.ruledAt),
                    })}
                  </div>
                  <Typography.Text type="secondary">{fmt(t.form.precedentReasons, { reasons: s.reasons.join('；') })}</Typography.Text>
                </div>
              </List.Item>
            )}
          />
        )}
      </div>
      <Form.Item name="leadDepartmentId" label={t.form.lead} required>
        <Select showSearch={{ optionFilterProp: 'label' }} options={deptOptions} data-testid="f-leadDepartmentId" />
      </Form.Item>
      <Form.Item name="coDepartmentIds" label={t.form.co}>
        <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={deptOptions} data-testid="f-coDepartmentIds" />
      </Form.Item>
      <Form.Item name="fallback" label={t.form.fallback} valuePropName="checked">
        <Switch data-testid="f-fallback" />
      </Form.Item>
      {fallback && (
        <>
          <Form.Item name="fallbackReason" label={t.form.fallbackReason} required>
            <Input.TextArea rows={2} maxLength={2000} data-testid="f-fallbackReason" />
          </Form.Item>
          <Form.Item name="keywords" label={t.form.keywords} extra={t.form.keywordsHint}>
            <Select mode="tags" open={false} data-testid="f-keywords" />
          </Form.Item>
        </>
      )}
      {caseState.source === 'meeting' && (
        <Form.Item
          name="deadlineAt"
          label={t.form.deadlineAt}
          extra={t.form.deadlineHint}
          getValueProps={(v: number | undefined) => ({ value: v ? dayjs(v) : undefined })}
          normalize={(d: dayjs.Dayjs | null) => d?.valueOf()}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      )}
      <Form.Item name="note" label={t.form.note}>
        {textArea(2)}
      </Form.Item>
    </>
  );
}

export const dispatch: CommandFormSpec = {
  Fields: DispatchFields,
  initial: ({ caseState, lk }) => {
    const item = lk.caseItem(caseState);
    const lead = caseState.status === 'bounced' ? undefined : item?.defaultDepartmentId;
    return { leadDepartmentId: lead, coDepartmentIds: [], fallback: false, keywords: [] };
  },
};
