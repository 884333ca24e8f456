/**
 * The basemap setting (admin, online): an XYZ tile service inside the government network (for example the
 * district's 天地图), or none. Saved as the reference-data section 'mapTiles' through 'ref.update', so every
 * workstation and the wall draw the same basemap; the tiles are fetched and cached by each workstation's
 * core (never by the page). Nothing is fetched from anywhere until an admin sets a service.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Space } from 'antd';
import { tileTemplateProblem, type MapTiles } from '../../../shared/refData.js';
import { t } from '../../i18n/zh-CN.js';
import { useSaveSection } from './Registry.js';

const b = t.division.basemap;

export function BasemapModal({ current, onClose }: { current: MapTiles | null | undefined; onClose: () => void }) {
  const [form] = Form.useForm<MapTiles>();
  const save = useSaveSection();
  const [busy, setBusy] = useState(false);
  const submit = async (value: MapTiles | null) => {
    setBusy(true);
    const ok = await save({ ok: true, change: { section: 'mapTiles', value } });
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Modal
      open
      title={b.title}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          {current ? (
            <Button danger onClick={() => void submit(null)} loading={busy} data-testid="basemap-clear">
              {b.clear}
            </Button>
          ) : null}
          <Button onClick={onClose}>{t.division.cancel}</Button>
          <Button type="primary" loading={busy} onClick={() => void form.validateFields().then((v) => submit({ ...v, url: v.url.trim(), label: v.label.trim() }))} data-testid="basemap-save">
            {t.division.maintain.save}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon title={b.hint} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" initialValues={current ?? { maxZoom: 18 }} data-testid="basemap-form">
        <Form.Item name="label" label={b.label} rules={[{ required: true, whitespace: true, message: b.needLabel }, { max: 64 }]}>
          <Input placeholder={b.labelPlaceholder} data-testid="basemap-label" />
        </Form.Item>
        <Form.Item
          name="url"
          label={b.url}
          extra={b.urlHint}
          rules={[
            { required: true, whitespace: true, message: b.needUrl },
            { max: 500 },
            {
              validator: async (_, v: string | undefined) => {
                const problem = v ? tileTemplateProblem(v.trim()) : null;
                if (problem) throw new Error(problem);
              },
            },
          ]}
        >
          <Input placeholder={b.urlPlaceholder} data-testid="basemap-url" />
        </Form.Item>
        <Form.Item name="maxZoom" label={b.maxZoom} rules={[{ required: true }]}>
          <InputNumber min={1} max={22} precision={0} data-testid="basemap-maxzoom" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
