/**
 * 短信设置 (admin only): the relay's SMS settings — gateway address, auth mode, the key (write-only: shown
 * as 已设置/未设置, replaced by typing a new one, never read back), sign name, quiet hours and the Chinese
 * template of each kind with its placeholders and a live preview. Saved through 'smsSettings.save' (the relay
 * validates again and records who changed which fields); the change record is listed below the form.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space, Switch, Table, Tag, Typography, message } from 'antd';
import {
  SMS_PLACEHOLDERS,
  SMS_PREVIEW_VALUES,
  SmsKind,
  QuietHours,
  renderTemplate,
  templateProblem,
  type SmsSettingsChange,
  type SmsSettingsSaveRequest,
  type SmsSettingsView,
} from '../../../shared/sms.js';
import { liveOptions, liveView, serverApi, toServerError, type ServerCall } from '../../store/serverApi.js';
import { fmt, t } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';

const smsSettingsQueries = serverApi.injectEndpoints({
  endpoints: (b) => ({
    smsSettings: b.query<SmsSettingsView, void>({
      query: (): ServerCall<'smsSettings.get'> => ({ method: 'smsSettings.get', input: {} }),
    }),
    saveSmsSettings: b.mutation<SmsSettingsView, SmsSettingsSaveRequest>({
      query: (input): ServerCall<'smsSettings.save'> => ({ method: 'smsSettings.save', input }),
      async onQueryStarted(_, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled;
        dispatch(smsSettingsQueries.util.upsertQueryData('smsSettings', undefined, data));
      },
    }),
  }),
});

interface FormValues {
  gatewayUrl: string;
  auth: 'hmac' | 'bearer';
  key: string;
  signName: string;
  quietOn: boolean;
  quietFrom: string;
  quietTo: string;
  templates: Record<SmsKind, string>;
}

const valuesOf = (v: SmsSettingsView): FormValues => ({
  gatewayUrl: v.gatewayUrl,
  auth: v.auth,
  key: '',
  signName: v.signName,
  quietOn: v.quietHours !== null,
  quietFrom: v.quietHours?.from ?? '22:00',
  quietTo: v.quietHours?.to ?? '07:00',
  templates: { ...v.templates },
});

const HHMM = QuietHours.shape.from;

function TemplatePreview({ kind, signName }: { kind: SmsKind; signName: string }) {
  const s = t.sms.settings;
  const text = Form.useWatch(['templates', kind]) as string | undefined;
  const problem = text === undefined ? null : templateProblem(kind, text);
  return (
    <Typography.Text type="secondary" data-testid={`sms-preview-${kind}`}>
      {s.preview}
      {problem ? t.app.dash : `【${signName}】${renderTemplate(text ?? '', SMS_PREVIEW_VALUES)}`}
    </Typography.Text>
  );
}

export function SmsSettingsPanel() {
  const s = t.sms.settings;
  const view = liveView<SmsSettingsView>(smsSettingsQueries.useSmsSettingsQuery(undefined, liveOptions()));
  const [save, saving] = smsSettingsQueries.useSaveSmsSettingsMutation();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const data = view.data;
  useEffect(() => {
    if (data) form.setFieldsValue(valuesOf(data));
  }, [data, form]);
  const signName = (Form.useWatch('signName', form) as string | undefined) ?? data?.signName ?? '';
  const quietOn = Form.useWatch('quietOn', form) as boolean | undefined;

  const submit = async () => {
    const v = await form.validateFields();
    const req: SmsSettingsSaveRequest = {
      gatewayUrl: v.gatewayUrl.trim(),
      auth: v.auth,
      ...(v.key ? { key: v.key } : {}),
      signName: v.signName.trim(),
      quietHours: v.quietOn ? { from: v.quietFrom, to: v.quietTo } : null,
      templates: { ...v.templates },
    };
    try {
      const saved = await save(req).unwrap();
      setError(null);
      form.setFieldsValue(valuesOf(saved));
      void message.success(s.saved);
    } catch (e) {
      setError(toServerError(e).message);
    }
  };

  if (view.error) return <Alert type="error" showIcon title={fmt(s.loadFailed, { msg: view.error })} data-testid="sms-settings-error" />;
  if (!data) return null;
  const fieldLabel = (f: SmsSettingsChange['fields'][number]) => s.fields[f];
  return (
    <div data-testid="sms-settings">
      <Alert type="info" showIcon title={s.intro} style={{ marginBottom: 12 }} />
      <Typography.Paragraph type="secondary" data-testid="sms-settings-source">
        {data.source === 'stored' ? s.sourceStored : s.sourceConfig}
      </Typography.Paragraph>
      <Form<FormValues>
        form={form}
        layout="horizontal"
        labelCol={{ flex: '112px' }}
        style={{ maxWidth: 920 }}
        onFinish={() => void submit()}
        initialValues={valuesOf(data)}
      >
        <Form.Item
          name="gatewayUrl"
          label={s.gatewayUrl}
          extra={s.gatewayHelp}
          rules={[{ required: true, whitespace: true, message: fmt(s.required, { what: s.gatewayUrl }) }]}
        >
          <Input data-testid="sms-gateway-url" autoComplete="off" />
        </Form.Item>
        <Form.Item name="auth" label={s.auth}>
          <Select
            style={{ width: 200 }}
            data-testid="sms-auth"
            options={(['hmac', 'bearer'] as const).map((k) => ({ value: k, label: s.authModes[k] }))}
          />
        </Form.Item>
        <Form.Item label={s.key} extra={s.keyHelp}>
          <Space>
            <Tag color={data.keySet ? 'green' : 'orange'} data-testid="sms-key-state">
              {data.keySet ? s.keySet : s.keyUnset}
            </Tag>
            <Form.Item name="key" noStyle>
              <Input.Password
                style={{ width: 320 }}
                placeholder={data.keySet ? s.keyKeep : s.key}
                autoComplete="new-password"
                data-testid="sms-key"
              />
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item
          name="signName"
          label={s.signName}
          extra={s.signHelp}
          rules={[{ required: true, whitespace: true, message: fmt(s.required, { what: s.signName }) }]}
        >
          <Input style={{ width: 240 }} maxLength={12} data-testid="sms-sign-name" />
        </Form.Item>
        <Form.Item label={s.quiet} extra={s.quietHelp}>
          <Space wrap>
            <Form.Item name="quietOn" valuePropName="checked" noStyle>
              <Switch data-testid="sms-quiet-on" />
            </Form.Item>
            <span style={{ marginRight: 8 }}>{s.quietOn}</span>
            <span>{s.quietFrom}</span>
            <Form.Item name="quietFrom" noStyle rules={hhmmRule}>
              <Input style={{ width: 90 }} disabled={!quietOn} placeholder="HH:MM" data-testid="sms-quiet-from" />
            </Form.Item>
            <span>{s.quietTo}</span>
            <Form.Item name="quietTo" noStyle rules={hhmmRule}>
              <Input style={{ width: 90 }} disabled={!quietOn} placeholder="HH:MM" data-testid="sms-quiet-to" />
            </Form.Item>
          </Space>
        </Form.Item>
        <Card size="small" title={s.templates} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary" data-testid="sms-placeholders">
            {s.placeholders}
            {Object.entries(SMS_PLACEHOLDERS).map(([k, label]) => (
              <Tag key={k}>
                {`{${k}}`} {label}
              </Tag>
            ))}
          </Typography.Paragraph>
          {SmsKind.options.map((kind) => (
            <Form.Item key={kind} label={t.sms.kinds[kind]} required extra={<TemplatePreview kind={kind} signName={signName} />}>
              <Form.Item
                name={['templates', kind]}
                noStyle
                rules={[
                  {
                    validator: async (_, value: string) => {
                      const problem = templateProblem(kind, value ?? '');
                      if (problem) throw new Error(problem);
                    },
                  },
                ]}
              >
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={300} data-testid={`sms-template-${kind}`} />
              </Form.Item>
            </Form.Item>
          ))}
        </Card>
        {error ? <Alert type="error" showIcon title={error} data-testid="sms-settings-save-error" style={{ marginBottom: 12 }} /> : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={saving.isLoading} data-testid="sms-settings-save">
            {s.save}
          </Button>
          <Button onClick={() => (form.setFieldsValue(valuesOf(data)), setError(null))}>{s.reset}</Button>
        </Space>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {s.history}
      </Typography.Title>
      <Table<SmsSettingsChange>
        size="small"
        rowKey={(r) => `${r.at}-${r.actorId}`}
        dataSource={data.history}
        pagination={false}
        locale={{ emptyText: s.historyEmpty }}
        data-testid="sms-settings-history"
        style={{ maxWidth: 920 }}
        columns={[
          { key: 'at', title: s.historyAt, width: 150, render: (_, r) => fmtTime(r.at) },
          { key: 'who', title: s.historyWho, width: 140, render: (_, r) => r.actorName || r.actorId },
          {
            key: 'fields',
            title: s.historyFields,
            render: (_, r) => (r.fields.length ? r.fields.map(fieldLabel).join('、') : s.unchanged),
          },
        ]}
      />
    </div>
  );
}

const hhmmRule = [
  {
    validator: async (_: unknown, value: string) => {
      const r = HHMM.safeParse(value);
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? '');
    },
  },
];
