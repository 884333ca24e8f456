/** One action of the workbench as a validated form (antd Form + the command's zod schema). */
import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, InputNumber, List, Radio, Select, Space, Switch, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { CommandType } from '../../../shared/commands.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { Actor, UrgeLevel } from '../../../shared/model.js';
import { allowedUrgeLevels, suggestPrecedents } from '../../../shared/engine/index.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { ReplyDeadline } from '../clock/ReplyDeadline.js';
import { submitCommand } from './caseSlice.js';
import { buildCommand, validateCommand, type FormValues } from './commandForms.js';
import { useLookups } from '../ref/lookups.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtDay, fmtMinutes } from '../../lib/format.js';
import { errorText } from '../../store/listener.js';
import { serverNow } from '../../lib/ticker.js';
import { useRefData } from '../ref/refData.js';

export interface CommandFormProps {
  type: CommandType;
  caseState: GridEvent;
  actor: Actor;
  onDone(): void;
  onCancel(): void;
}

const textArea = (rows = 3) => <Input.TextArea rows={rows} maxLength={2000} showCount data-testid="f-note" />;

export function CommandForm({ type, caseState, actor, onDone, onCancel }: CommandFormProps) {
  const dispatch = useAppDispatch();
  const ref = useRefData();
  const submitting = useAppSelector((s) => s.case.submitting.includes(type));
  const lk = useLookups();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const fallback = Form.useWatch('fallback', form) as boolean | undefined;
  const precedentId = Form.useWatch('precedentId', form) as string | undefined;
  const replyHours = Form.useWatch('replyHours', form) as unknown;

  const deptOptions = useMemo(() => (ref?.departments ?? []).map((d) => ({ value: d.id, label: d.name })), [ref]);
  const suggestions = useMemo(
    () => (type === 'dispatch' && ref ? suggestPrecedents(caseState, ref.precedents) : []),
    [type, ref, caseState],
  );
  const urgeLevels = useMemo<UrgeLevel[]>(
    () => (type === 'urge' && ref ? allowedUrgeLevels(caseState, actor, ref, serverNow()) : []),
    [type, ref, caseState, actor],
  );

  const initial = useMemo<FormValues>(() => {
    switch (type) {
      case 'accept': {
        const item = caseState.catalogItemId ? lk.catalog.get(caseState.catalogItemId) : undefined;
        return { catalogItemId: caseState.catalogItemId, grade: caseState.grade ?? (item ? item.limits[0]?.grade : undefined) };
      }
      case 'dispatch': {
        const item = caseState.catalogItemId ? lk.catalog.get(caseState.catalogItemId) : undefined;
        const lead = caseState.status === 'bounced' ? undefined : item?.defaultDepartmentId;
        return { leadDepartmentId: lead, coDepartmentIds: [], fallback: false, keywords: [] };
      }
      case 'decideExtension':
        return { approve: true, minutes: caseState.pendingExtension?.minutes };
      case 'decidePark':
        return { approve: true };
      case 'verify':
        return { passed: true };
      case 'close':
        return { satisfaction: caseState.source === 'grid_worker' || caseState.source === 'hotline' ? undefined : 'not_rated' };
      case 'urge': {
        const level =
          urgeLevels[
            urgeLevels.length > 1 && caseState.clocks.some((c) => c.stoppedAt === undefined && c.deadline < serverNow()) ? 1 : 0
          ] ?? 'remind';
        return { level, message: t.supervision.defaultMessage[level], replyHours: 24 };
      }
      case 'recordAccountability':
        return { unitId: caseState.leadDepartmentId, kind: 'late' };
      case 'bounce':
        return { reasonCode: 'not_our_duty' };
      case 'replyUrge':
        return { urgeId: caseState.urges.find((u) => !u.reply)?.id };
      default:
        return {};
    }
  }, [type, caseState, lk, urgeLevels]);

  const submit = async () => {
    setError(null);
    const values = form.getFieldsValue(true) as FormValues;
    const v = validateCommand(buildCommand(type, caseState.id, values));
    form.setFields(Object.keys(values).map((name) => ({ name, errors: [] })));
    if (!v.ok) {
      form.setFields(v.fields.map((f) => ({ name: f.name || 'note', errors: f.errors })));
      setError(t.form.validationFailed);
      return;
    }
    try {
      await dispatch(submitCommand(v.command)).unwrap();
      onDone();
    } catch (e) {
      setError(errorText(e as { code?: string; message?: string }));
    }
  };

  const usePrecedent = (id: string, dept: string) => form.setFieldsValue({ precedentId: id, leadDepartmentId: dept });

  const fields = (() => {
    switch (type) {
      case 'accept':
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
            <Form.Item name="note" label={t.form.note}>
              {textArea(2)}
            </Form.Item>
          </>
        );
      case 'reject':
      case 'requestPark':
        return (
          <Form.Item name="reason" label={t.form.reason} required>
            <Input.TextArea rows={3} maxLength={2000} data-testid="f-reason" />
          </Form.Item>
        );
      case 'selfHandle':
        return (
          <Form.Item name="note" label={t.form.note} required>
            <Input.TextArea rows={3} maxLength={2000} data-testid="f-note" />
          </Form.Item>
        );
      case 'dispatch':
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
                          {fmt(t.form.precedentRow, {
                            dept: lk.deptName(s.precedent.departmentId),
                            reason: s.precedent.reason,
                            by: s.precedent.ruledBy.name,
                            at: fmtDay(s.precedent.ruledAt),
                          })}
                        </div>
                        <Typography.Text type="secondary">
                          {fmt(t.form.precedentReasons, { reasons: s.reasons.join('；') })}
                        </Typography.Text>
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
      case 'decideExtension':
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
            <Form.Item name="approve" label={t.form.approve} required>
              <Radio.Group
                options={[
                  { value: true, label: t.form.approveYes },
                  { value: false, label: t.form.approveNo },
                ]}
                data-testid="f-approve"
              />
            </Form.Item>
            <Form.Item name="minutes" label={t.form.minutes}>
              <InputNumber min={30} step={30} style={{ width: 160 }} data-testid="f-minutes" />
            </Form.Item>
            <Form.Item name="note" label={t.form.note}>
              {textArea(2)}
            </Form.Item>
          </>
        );
      case 'decidePark':
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
            <Form.Item name="approve" label={t.form.approve} required>
              <Radio.Group
                options={[
                  { value: true, label: t.form.approveYes },
                  { value: false, label: t.form.approveNo },
                ]}
                data-testid="f-approve"
              />
            </Form.Item>
            <Form.Item name="note" label={t.form.note}>
              {textArea(2)}
            </Form.Item>
          </>
        );
      case 'resume':
        return (
          <Form.Item name="note" label={t.form.note}>
            {textArea(2)}
          </Form.Item>
        );
      case 'verify':
        return (
          <>
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
      case 'close':
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
            <Form.Item name="note" label={t.form.note}>
              {textArea(2)}
            </Form.Item>
          </>
        );
      case 'urge':
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
      case 'recordAccountability':
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
      case 'bounce':
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
      case 'reportResult':
        return (
          <Form.Item name="text" label={t.form.text} required>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        );
      case 'requestExtension':
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
      case 'replyUrge':
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
      default:
        return null;
    }
  })();

  return (
    <Form
      form={form}
      layout="vertical"
      size="small"
      initialValues={initial}
      className="cmd-form"
      data-testid={`form-${type}`}
      onFinish={() => void submit()}
    >
      <Form.Item name="precedentId" hidden>
        <Input />
      </Form.Item>
      {fields}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Space>
        <Button
          type="primary"
          htmlType="submit"
          loading={submitting}
          danger={type === 'dispatch' && caseState.status === 'bounced'}
          data-testid="form-submit"
        >
          {type === 'dispatch' && caseState.status === 'bounced' ? t.form.mandatoryDispatch : t.enums.commands[type]}
        </Button>
        <Button onClick={onCancel}>{t.app.cancel}</Button>
        {type === 'dispatch' && precedentId && <Tag color="purple">{t.form.precedentUsed}</Tag>}
      </Space>
    </Form>
  );
}
