/** One action of the workbench as a validated form (antd Form + the command's zod schema); the fields come from commands/registry.ts. */
import { useMemo, useState } from 'react';
import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import type { CommandType } from '../../../shared/commands.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { Actor, UrgeLevel } from '../../../shared/model.js';
import { allowedUrgeLevels } from '../../../shared/engine/index.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { submitCommand } from './caseSlice.js';
import { buildCommand, validateCommand, type FormValues } from './commandForms.js';
import { COMMAND_FORMS } from './commands/registry.js';
import { useLookups, useRefData } from '../ref/index.js';
import { t } from '../../i18n/zh-CN.js';
import { errorText } from '../../store/listener.js';
import { serverNow } from '../../lib/ticker.js';

export interface CommandFormProps {
  type: CommandType;
  caseState: GridEvent;
  actor: Actor;
  onDone(): void;
  onCancel(): void;
  /** The other case the form starts with (a suggested duplicate). */
  target?: string;
}

export function CommandForm({ type, caseState, actor, onDone, onCancel, target }: CommandFormProps) {
  const dispatch = useAppDispatch();
  const ref = useRefData();
  const submitting = useAppSelector((s) => s.case.submitting.includes(type));
  const lk = useLookups();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const precedentId = Form.useWatch('precedentId', form) as string | undefined;
  const spec = COMMAND_FORMS[type];

  // Deactivated departments (停用) are offered for nothing new.
  const deptOptions = useMemo(
    () => (ref?.departments ?? []).filter((d) => d.active !== false).map((d) => ({ value: d.id, label: d.name })),
    [ref],
  );
  const urgeLevels = useMemo<UrgeLevel[]>(
    () => (type === 'urge' && ref ? allowedUrgeLevels(caseState, actor, ref, serverNow()) : []),
    [type, ref, caseState, actor],
  );

  const initial = useMemo<FormValues>(
    () => spec?.initial?.({ caseState, lk, urgeLevels, ...(target ? { target } : {}) }) ?? {},
    [spec, caseState, lk, urgeLevels, target],
  );

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

  return (
    <Form
      form={form}
      layout="vertical"
      size="small"
      initialValues={initial}
      className="cmd-form"
      data-testid={`form-${type}`}
      onFinish={() => void submit()}
      // Ctrl+Enter submits from any field, text areas included: no tabbing to the button.
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          form.submit();
        }
      }}
    >
      <Form.Item name="precedentId" hidden>
        <Input />
      </Form.Item>
      {spec && (
        <spec.Fields
          caseState={caseState}
          form={form}
          ref={ref}
          lk={lk}
          deptOptions={deptOptions}
          urgeLevels={urgeLevels}
          precedentId={precedentId}
        />
      )}
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
