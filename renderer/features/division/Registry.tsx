/**
 * Maintaining the base grid's lists (admin, online): a grid's name, the grid workers (add, edit, move to
 * another grid, remove) and the communities' names. Each save sends the whole new section through
 * 'ref.update' (features/division/maintain.ts builds and checks it; the relay checks it again and logs it).
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tabs, Typography } from 'antd';
import type { Community, GridWorker } from '../../../shared/model.js';
import type { RefData } from '../../../shared/refData.js';
import { localDay } from '../../../shared/calendar/localDay.js';
import { useAppDispatch } from '../../store/hooks.js';
import { saveRefChange } from '../ref/index.js';
import { streetOffset } from '../../lib/format.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { gridsWithoutWorker, removeWorker, renameCommunity, saveWorker, type SectionEdit, type WorkerDraft } from './maintain.js';

const m = t.division.maintain;

/** Sends a section edit to the relay and says how it went; resolves true when saved. */
export function useSaveSection(): (edit: SectionEdit) => Promise<boolean> {
  const dispatch = useAppDispatch();
  const { message } = App.useApp();
  return async (edit) => {
    if (!edit.ok) {
      void message.error(fmt(m.saveFailed, { message: edit.message }));
      return false;
    }
    try {
      const out = await dispatch(saveRefChange(edit.change)).unwrap();
      void message.success(fmt(m.saved, { seq: out.seq ?? '' }));
      return true;
    } catch (e) {
      void message.error(fmt(m.saveFailed, { message: (e as { message?: string }).message ?? String(e) }));
      return false;
    }
  };
}

/** One name to change (a grid's or a community's). */
export function NameModal(props: { title: string; label: string; initial: string; max: number; onSave: (name: string) => Promise<boolean>; onClose: () => void; testId: string }) {
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const { name } = await form.validateFields();
    setBusy(true);
    const ok = await props.onSave(name);
    setBusy(false);
    if (ok) props.onClose();
  };
  return (
    <Modal open title={props.title} okText={m.save} cancelText={t.division.cancel} confirmLoading={busy} onOk={() => void submit()} onCancel={props.onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ name: props.initial }} data-testid={props.testId}>
        <Form.Item name="name" label={props.label} rules={[{ required: true, whitespace: true, message: m.needName }, { max: props.max }]}>
          <Input autoFocus data-testid={`${props.testId}-input`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Names of the grids an edit of the worker list would leave without a full-time grid worker (that had one before). */
function newlyUnmanned(ref: RefData, edit: SectionEdit, today: string): string[] {
  if (!edit.ok || edit.change.section !== 'gridWorkers') return [];
  const before = new Set(gridsWithoutWorker(ref.grids, ref.gridWorkers, today).map((g) => g.id));
  return gridsWithoutWorker(ref.grids, edit.change.value, today)
    .filter((g) => !before.has(g.id))
    .map((g) => g.name);
}

function WorkerModal({ ref_, worker, onClose }: { ref_: RefData; worker: GridWorker | null; onClose: () => void }) {
  const [form] = Form.useForm<Omit<WorkerDraft, 'id'>>();
  const save = useSaveSection();
  const [busy, setBusy] = useState(false);
  const today = localDay(Date.now(), streetOffset(ref_.calendar));
  const gridOptions = useMemo(
    () =>
      ref_.grids
        .filter((g) => g.validTo === undefined || g.validTo >= today)
        .map((g) => ({ value: g.id, label: fmt(m.gridLabel, { name: g.name, code: g.code }) })),
    [ref_.grids, today],
  );
  const values = Form.useWatch([], form) as Partial<WorkerDraft> | undefined;
  const draftEdit = values?.gridId && values.name ? saveWorker(ref_.gridWorkers, ref_.grids, { ...(worker ? { id: worker.id } : {}), name: values.name, gridId: values.gridId, kind: values.kind ?? 'worker', ...(values.phone ? { phone: values.phone } : {}) }, Date.now()) : null;
  const unmanned = draftEdit ? newlyUnmanned(ref_, draftEdit, today) : [];
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    const ok = await save(saveWorker(ref_.gridWorkers, ref_.grids, { ...v, ...(worker ? { id: worker.id } : {}) }, Date.now()));
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Modal open title={worker ? m.editWorker : m.addWorker} okText={m.save} cancelText={t.division.cancel} confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        data-testid="worker-form"
        initialValues={worker ? { name: worker.name, gridId: worker.gridId, kind: worker.kind, phone: worker.phone ?? '' } : { kind: 'worker' }}
      >
        <Form.Item name="name" label={m.workerName} rules={[{ required: true, whitespace: true, message: m.needWorkerName }, { max: 64 }]}>
          <Input autoFocus data-testid="worker-name" />
        </Form.Item>
        <Form.Item name="kind" label={m.workerKind}>
          <Radio.Group options={(['worker', 'assistant'] as const).map((k) => ({ value: k, label: m.kinds[k] }))} data-testid="worker-kind" />
        </Form.Item>
        <Form.Item name="phone" label={m.workerPhone} rules={[{ pattern: /^[\d\s-]*$/, message: m.badPhone }, { max: 32 }]}>
          <Input data-testid="worker-phone" />
        </Form.Item>
        <Form.Item name="gridId" label={m.workerGrid} rules={[{ required: true, message: m.needGrid }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={gridOptions} data-testid="worker-grid" />
        </Form.Item>
      </Form>
      {unmanned.length > 0 ? <Alert type="warning" showIcon title={fmt(m.unmanned, { grids: unmanned.join('、') })} data-testid="worker-unmanned" /> : null}
    </Modal>
  );
}

function WorkersTab({ ref_ }: { ref_: RefData }) {
  const save = useSaveSection();
  const [editing, setEditing] = useState<GridWorker | 'new' | null>(null);
  const [query, setQuery] = useState('');
  const today = localDay(Date.now(), streetOffset(ref_.calendar));
  const gridOf = useMemo(() => new Map(ref_.grids.map((g) => [g.id, g])), [ref_.grids]);
  const rows = useMemo(() => {
    const q = query.trim();
    if (!q) return ref_.gridWorkers;
    return ref_.gridWorkers.filter((w) => {
      const g = gridOf.get(w.gridId);
      return w.name.includes(q) || (g?.name ?? '').includes(q) || (g?.code ?? '').includes(q);
    });
  }, [ref_.gridWorkers, gridOf, query]);
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="worker-add">
          {m.addWorker}
        </Button>
        <Input.Search allowClear placeholder={m.searchWorkers} value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 260 }} data-testid="worker-search" />
        <Typography.Text type="secondary">{fmt(m.count, { n: ref_.gridWorkers.length })}</Typography.Text>
      </Space>
      <Table<GridWorker>
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        data-testid="worker-table"
        columns={[
          { title: m.workerName, dataIndex: 'name', width: 100 },
          { title: m.workerKind, dataIndex: 'kind', width: 100, render: (k: GridWorker['kind']) => m.kinds[k] },
          { title: m.workerGrid, render: (_, w) => { const g = gridOf.get(w.gridId); return g ? fmt(m.gridLabel, { name: g.name, code: g.code }) : w.gridId; } },
          { title: m.workerPhone, dataIndex: 'phone', width: 130 },
          {
            title: m.colActions,
            width: 120,
            render: (_, w) => {
              const edit = removeWorker(ref_.gridWorkers, w.id);
              const unmanned = newlyUnmanned(ref_, edit, today);
              return (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => setEditing(w)} data-testid={`worker-edit-${w.id}`}>
                    {m.edit}
                  </Button>
                  <Popconfirm
                    title={fmt(m.removeConfirm, { name: w.name })}
                    description={unmanned.length ? fmt(m.unmanned, { grids: unmanned.join('、') }) : undefined}
                    okText={m.remove}
                    cancelText={t.division.cancel}
                    onConfirm={() => save(edit)}
                  >
                    <Button size="small" type="link" danger data-testid={`worker-remove-${w.id}`}>
                      {m.remove}
                    </Button>
                  </Popconfirm>
                </Space>
              );
            },
          },
        ]}
      />
      {editing ? <WorkerModal ref_={ref_} worker={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function CommunitiesTab({ ref_ }: { ref_: RefData }) {
  const save = useSaveSection();
  const [editing, setEditing] = useState<Community | null>(null);
  const gridCount = useMemo(() => {
    const n = new Map<string, number>();
    for (const g of ref_.grids) if (g.validTo === undefined) n.set(g.communityId, (n.get(g.communityId) ?? 0) + 1);
    return n;
  }, [ref_.grids]);
  return (
    <>
      <Table<Community>
        size="small"
        rowKey="id"
        dataSource={ref_.communities}
        pagination={false}
        data-testid="community-table"
        columns={[
          { title: m.communityCode, dataIndex: 'code', width: 90 },
          { title: m.communityName, dataIndex: 'name' },
          { title: t.reference.gridCount, width: 90, render: (_, c) => gridCount.get(c.id) ?? 0 },
          {
            title: m.colActions,
            width: 90,
            render: (_, c) => (
              <Button size="small" type="link" onClick={() => setEditing(c)} data-testid={`community-rename-${c.id}`}>
                {m.rename}
              </Button>
            ),
          },
        ]}
      />
      {editing ? (
        <NameModal
          title={fmt(m.communityTitle, { code: editing.code })}
          label={m.communityName}
          initial={editing.name}
          max={100}
          testId="community-name"
          onSave={(name) => save(renameCommunity(ref_.communities, editing.id, name))}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

export function RegistryDrawer({ ref_, onClose }: { ref_: RefData; onClose: () => void }) {
  return (
    <Drawer open title={m.registryTitle} width={820} onClose={onClose} data-testid="registry-drawer">
      <Alert type="info" showIcon title={m.hint} style={{ marginBottom: 12 }} />
      <Tabs
        items={[
          { key: 'workers', label: m.tabWorkers, children: <WorkersTab ref_={ref_} /> },
          { key: 'communities', label: <span data-testid="registry-tab-communities">{m.tabCommunities}</span>, children: <CommunitiesTab ref_={ref_} /> },
        ]}
      />
    </Drawer>
  );
}
