/**
 * 中心登记: a dispatcher (or the centre's leader) registers a phone-in (来电), walk-in (来访) or leader's
 * instruction (领导交办) as a case. The catalogue item is suggested from the title and description as they
 * are typed, the position is picked on the map (the grid follows it through the base grid), the reporter is
 * recorded (masked on walls and in exports, as every reporter). The `report` command goes through the core's
 * command queue like every command, so registering works offline; the new case opens after submission.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Tag, Typography, type FormInstance } from 'antd';
import { suggestCatalogItems } from '../../../shared/engine/catalogSuggest.js';
import { localDay } from '../../../shared/calendar/localDay.js';
import { AttachmentPicker, LocationPicker } from '../case/index.js';
import { useRefData } from '../ref/index.js';
import { navigate } from '../ui/index.js';
import { connectionView } from '../sync/index.js';
import { useApi, useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { streetOffset } from '../../lib/format.js';
import { gridAt, newRegistrationId, PHONE, attachmentNames, registerCommand, type RegisterValues } from './registerCommand.js';

const r = t.register;
const ROLES = ['dispatcher', 'leader'];

export default function RegisterPage() {
  const api = useApi();
  const ref = useRefData();
  const dispatch = useAppDispatch();
  const role = useAppSelector((s) => s.session.info?.user.role);
  const online = useAppSelector((s) => connectionView(s.sync) === 'online');
  const { message } = App.useApp();
  const [form] = Form.useForm<RegisterValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [followed, setFollowed] = useState<'grid' | 'outside' | null>(null);
  const title = (Form.useWatch('title', form) as string | undefined) ?? '';
  const description = (Form.useWatch('description', form) as string | undefined) ?? '';
  const communityId = Form.useWatch('communityId', form) as string | undefined;
  const gridId = Form.useWatch('gridId', form) as string | undefined;
  const chosen = Form.useWatch('catalogItemId', form) as string | undefined;
  const location = Form.useWatch('location', form) as { lon: number; lat: number } | undefined;
  const suggestions = useMemo(() => suggestCatalogItems(`${title} ${description}`, ref?.catalog ?? []), [title, description, ref]);
  const today = ref ? localDay(Date.now(), streetOffset(ref.calendar)) : '';
  const placed = useMemo(() => ({ reportedAt: Date.now(), code: '', title, ...(location ? { location } : {}) }), [title, location]);

  // The grid follows the picked point (the division in force today); outside every grid, the choice stays manual.
  useEffect(() => {
    if (!ref || !location) return;
    const hit = gridAt(ref, location, today);
    if (hit) {
      form.setFieldsValue({ communityId: hit.communityId, gridId: hit.gridId });
      setFollowed('grid');
    } else setFollowed('outside');
  }, [ref, location, today, form]);

  const submit = async () => {
    setError(null);
    let v: RegisterValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const caseId = newRegistrationId();
    setBusy(true);
    try {
      await api.call('command.submit', { command: registerCommand(v, caseId) });
      void message.success(online ? r.submitted : r.queued);
      form.resetFields();
      dispatch(navigate({ name: 'case', caseId }));
    } catch (e) {
      setError(fmt(r.failed, { msg: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  if (role && !ROLES.includes(role)) return <Alert type="info" showIcon title={r.noRole} data-testid="register-forbidden" />;
  const gridName = ref?.grids.find((g) => g.id === gridId)?.name ?? '';
  return (
    <Card title={r.title} data-testid="register-page" className="register-page">
      <Typography.Paragraph type="secondary">{r.intro}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        size="small"
        initialValues={{ channel: 'phone' }}
        data-testid="form-register"
        onFinish={() => void submit()}
        // Ctrl+Enter submits from any field, text areas included (as every command form).
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        <Form.Item name="channel" label={r.channel} required>
          <Radio.Group
            optionType="button"
            options={(['phone', 'visit', 'leader'] as const).map((c) => ({ value: c, label: r.channels[c] }))}
            data-testid="r-channel"
          />
        </Form.Item>
        <Form.Item name="title" label={r.titleLabel} rules={[{ required: true, whitespace: true, message: r.required }, { max: 100 }]}>
          <Input maxLength={100} placeholder={r.titlePlaceholder} data-testid="r-title" />
        </Form.Item>
        <Form.Item
          name="description"
          label={r.description}
          rules={[{ required: true, whitespace: true, message: r.required }, { max: 4000 }]}
        >
          <Input.TextArea rows={3} maxLength={4000} placeholder={r.descriptionPlaceholder} data-testid="r-description" />
        </Form.Item>
        <Form.Item
          name="catalogItemId"
          label={r.catalogItem}
          extra={
            suggestions.length > 0 ? (
              <div data-testid="r-suggestions">
                {r.suggested}
                {suggestions.map((s) => (
                  <Tag.CheckableTag
                    key={s.item.id}
                    checked={chosen === s.item.id}
                    onChange={() => form.setFieldValue('catalogItemId', s.item.id)}
                    data-testid="r-suggestion"
                    data-item={s.item.code}
                  >
                    {fmt(r.suggestion, { code: s.item.code, name: s.item.name, words: s.matched.join('、') })}
                  </Tag.CheckableTag>
                ))}
              </div>
            ) : null
          }
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={(ref?.catalog ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}（${c.category}）` }))}
            data-testid="r-catalogItemId"
          />
        </Form.Item>
        {ref?.divisions?.length ? (
          <LocationPicker
            caseState={placed}
            form={form as unknown as Parameters<typeof LocationPicker>[0]['form']}
            ref={ref}
            required={false}
            height={280}
            gridChoice={false}
          />
        ) : null}
        {followed === 'grid' && gridName ? (
          <Typography.Paragraph type="success" data-testid="r-grid-follows">
            {fmt(r.gridFollows, { grid: gridName })}
          </Typography.Paragraph>
        ) : followed === 'outside' ? (
          <Typography.Paragraph type="warning" data-testid="r-grid-outside">
            {r.outside}
          </Typography.Paragraph>
        ) : null}
        <Form.Item name="address" label={r.address} rules={[{ required: true, whitespace: true, message: r.required }, { max: 200 }]}>
          <Input maxLength={200} data-testid="r-address" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="communityId" label={r.community} rules={[{ required: true, message: r.required }]}>
            <Select
              style={{ width: 240 }}
              data-testid="r-community"
              options={(ref?.communities ?? []).map((c) => ({ value: c.id, label: c.name }))}
              onChange={(c: string) => form.setFieldValue('gridId', ref?.grids.find((g) => g.communityId === c && !g.validTo)?.id)}
            />
          </Form.Item>
          <Form.Item name="gridId" label={r.grid} rules={[{ required: true, message: r.required }]}>
            <Select
              style={{ width: 300 }}
              data-testid="r-grid"
              options={(ref?.grids ?? [])
                .filter((g) => g.communityId === communityId && (!g.validTo || g.validTo >= today) && g.validFrom <= today)
                .map((g) => ({ value: g.id, label: g.name }))}
            />
          </Form.Item>
        </Space>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {r.reporter}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{r.reporterHint}</Typography.Paragraph>
        <Space size="large" wrap>
          <Form.Item name="reporterName" label={r.reporterName} rules={[{ max: 32 }]}>
            <Input maxLength={32} style={{ width: 200 }} data-testid="r-reporter-name" />
          </Form.Item>
          <Form.Item
            name="reporterPhone"
            label={r.reporterPhone}
            rules={[
              { validator: (_x, v?: string) => (!v || PHONE.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(r.phoneBad))) },
            ]}
          >
            <Input maxLength={20} style={{ width: 200 }} data-testid="r-reporter-phone" />
          </Form.Item>
        </Space>
        <Form.Item name="files" label={t.attachments.field}>
          <AttachmentPicker />
        </Form.Item>
        <AttachmentsField form={form} />
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="register-error" />}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="register-submit">
            {r.submit}
          </Button>
          <Button onClick={() => form.resetFields()} data-testid="register-reset">
            {r.reset}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/** Attachment names, one a line (the file upload helper adds its picker here). */
function AttachmentsField({ form: _form }: { form: FormInstance<RegisterValues> }) {
  return (
    <Form.Item
      name="attachments"
      label={r.attachments}
      extra={r.attachmentsHint}
      rules={[
        {
          validator: (_x, v?: string) =>
            attachmentNames(v).length <= 20 ? Promise.resolve() : Promise.reject(new Error(r.attachmentsTooMany)),
        },
      ]}
    >
      <Input.TextArea rows={2} data-testid="r-attachments" />
    </Form.Item>
  );
}
