/**
 * Reference-data maintenance screens (issue 15.8), through the relay: departments with their contacts and
 * users (admin), the 指导目录 with its approval flow (a revision drafted as an Excel import by dispatchers,
 * supervisors and admins; 审定 / 退回 by leaders), and the Excel template, export and import with a preview
 * before anything is applied (any error: nothing applied, each row named).
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography, message } from 'antd';
import type { CatalogItem, Department, User, UserRole } from '../../../shared/model.js';
import type { RefData } from '../../../shared/refData.js';
import type { RefChange } from '../../../shared/protocol.js';
import { catalogDiff, currentCatalogVersion, versionTitle, type CatalogProposal } from '../../../shared/engine/catalogVersions.js';
import { useAppDispatch } from '../../store/hooks.js';
import { saveRefChange, saveUser, useLookups } from '../ref/index.js';
import { downloadBlob, XLSX_TYPE } from '../../lib/download.js';
import { fmt, t } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';
import { buildRefWorkbook, EXCEL_FILE, importSummary, loadExcel, parseRefWorkbook, type ExcelKind, type ParsedImport } from './refExcel.js';
import { CatalogTable, DepartmentsTable, UsersTable } from './tables.js';

const x = t.refAdmin;
const errorText = (e: unknown) => (e as { message?: string }).message ?? String(e);

/** Runs a save; shows success or the relay's Chinese refusal. Returns whether it was saved. (Also the 文号格式 tab's.) */
export function useSave() {
  const dispatch = useAppDispatch();
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, ok: string): Promise<boolean> => {
    try {
      await fn();
      setError(null);
      void message.success(ok);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  };
  const ref = (change: RefChange, ok = x.common.saved) => run(() => dispatch(saveRefChange(change)).unwrap(), ok);
  return { dispatch, error, setError, run, ref };
}

// ---------------------------------------------------------------- Excel

function ExcelBar({
  kind,
  refData,
  onParsed,
  importLabel,
}: {
  kind: ExcelKind;
  refData: RefData;
  onParsed: (p: ParsedImport) => void;
  importLabel?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const download = async (withData: boolean) => {
    const Excel = await loadExcel();
    const wb = buildRefWorkbook(kind, withData ? refData : null, Excel);
    downloadBlob(await wb.xlsx.writeBuffer(), EXCEL_FILE[kind], XLSX_TYPE);
  };
  return (
    <Space wrap>
      <Button size="small" onClick={() => void download(false)} data-testid={`${kind}-template`}>
        {x.excel.template}
      </Button>
      <Button size="small" onClick={() => void download(true)} data-testid={`${kind}-export`}>
        {x.excel.exportData}
      </Button>
      <Button size="small" type="primary" ghost onClick={() => input.current?.click()}>
        {importLabel ?? x.excel.importFile}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".xlsx"
        hidden
        data-testid={`${kind}-import`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          void (async () => onParsed(await parseRefWorkbook(kind, await file.arrayBuffer(), refData, await loadExcel())))();
        }}
      />
    </Space>
  );
}

function Summary({
  before,
  after,
  names,
}: {
  before: Array<{ id: string; active?: boolean | undefined }>;
  after: Array<{ id: string; active?: boolean | undefined }>;
  names: (id: string) => string;
}) {
  const s = importSummary(before, after);
  const part = (label: string, list: Array<{ id: string }>, color: string) =>
    list.length ? (
      <div>
        <Tag color={color}>{fmt(label, { n: list.length })}</Tag>
        {list.map((i) => names(i.id)).join('、')}
      </div>
    ) : null;
  if (!s.added.length && !s.changed.length && !s.deactivated.length && !s.removed.length) return <div>{x.excel.nothing}</div>;
  return (
    <div data-testid="import-summary">
      {part(x.excel.added, s.added, 'green')}
      {part(x.excel.changed, s.changed, 'blue')}
      {part(x.excel.deactivated, s.deactivated, 'orange')}
      {part(x.excel.removed, s.removed, 'red')}
    </div>
  );
}

function ImportResult({
  parsed,
  preview,
  onApply,
  onCancel,
  applyLabel,
}: {
  parsed: ParsedImport | null;
  preview: ReactNode;
  onApply: () => void;
  onCancel: () => void;
  applyLabel?: string;
}) {
  if (!parsed) return null;
  if (!parsed.ok)
    return (
      <Alert
        type="error"
        showIcon
        closable
        onClose={onCancel}
        data-testid="import-errors"
        title={fmt(x.excel.errorsTitle, { n: parsed.errors.length })}
        description={
          <ul className="import-errors">
            {parsed.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        }
      />
    );
  return (
    <Alert
      type="info"
      showIcon
      data-testid="import-preview"
      title={x.excel.previewTitle}
      description={preview}
      action={
        <Space direction="vertical">
          <Button type="primary" size="small" onClick={onApply} data-testid="import-apply">
            {applyLabel ?? x.excel.apply}
          </Button>
          <Button size="small" onClick={onCancel}>
            {x.common.cancel}
          </Button>
        </Space>
      }
    />
  );
}

export const SaveError = ({ error }: { error: string | null }) =>
  error ? <Alert type="error" showIcon title={error} data-testid="save-error" /> : null;

// ---------------------------------------------------------------- departments

export function DepartmentsAdmin({ refData: ref }: { refData: RefData }) {
  const save = useSave();
  const [parsed, setParsed] = useState<ParsedImport | null>(null);
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const [form] = Form.useForm<Department>();
  const open = (d: Department | 'new') => {
    setEditing(d);
    form.setFieldsValue(
      d === 'new' ? { id: '', name: '', shortName: '', contacts: [], active: true } : { ...d, active: d.active !== false },
    );
  };
  const submit = async () => {
    const v = await form.validateFields();
    const d: Department = {
      id: v.id.trim(),
      name: v.name.trim(),
      shortName: v.shortName.trim(),
      ...(v.phone ? { phone: v.phone.trim() } : {}),
      ...((v.contacts ?? []).length
        ? { contacts: (v.contacts ?? []).map((c) => ({ ...c, sms: c.sms !== false, ...(c.duty ? {} : { duty: undefined }) })) }
        : {}),
      ...(v.active === false ? { active: false } : {}),
    };
    const clean = JSON.parse(JSON.stringify(d)) as Department;
    const value = editing === 'new' ? [...ref.departments, clean] : ref.departments.map((o) => (o.id === clean.id ? clean : o));
    if (await save.ref({ section: 'departments', value })) setEditing(null);
  };
  const names = (id: string) =>
    ref.departments.find((d) => d.id === id)?.name ??
    (parsed?.ok && parsed.kind === 'departments' ? parsed.value.find((d) => d.id === id)?.name : id) ??
    id;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="departments-admin">
      <Space wrap>
        <Button size="small" type="primary" onClick={() => open('new')} data-testid="dept-add">
          {x.common.add}
        </Button>
        <ExcelBar kind="departments" refData={ref} onParsed={setParsed} />
      </Space>
      <SaveError error={save.error} />
      <ImportResult
        parsed={parsed}
        onCancel={() => setParsed(null)}
        preview={
          parsed?.ok && parsed.kind === 'departments' ? <Summary before={ref.departments} after={parsed.value} names={names} /> : null
        }
        onApply={() => {
          if (parsed?.ok && parsed.kind === 'departments')
            void save.ref({ section: 'departments', value: parsed.value }, x.excel.applied).then((ok) => ok && setParsed(null));
        }}
      />
      <DepartmentsTable refData={ref} onEdit={open} />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? x.departments.addTitle : x.departments.editTitle}
        onOk={() => void submit()}
        onCancel={() => setEditing(null)}
        okText={x.common.save}
        width={720}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" size="small">
          <Space wrap>
            <Form.Item name="id" label={x.columns.id} rules={[{ required: true, whitespace: true }]}>
              <Input disabled={editing !== 'new'} />
            </Form.Item>
            <Form.Item name="name" label={x.columns.name} rules={[{ required: true, whitespace: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="shortName" label={x.columns.shortName} rules={[{ required: true, whitespace: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="phone" label={x.columns.phone}>
              <Input />
            </Form.Item>
            <Form.Item name="active" label={x.common.active} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Typography.Text strong>{x.departments.contacts}</Typography.Text>
          <Form.List name="contacts">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true }]}>
                      <Input placeholder={x.columns.contactName} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'mobile']}
                      rules={[{ required: true, pattern: /^1\d{10}$/, message: x.departments.mobileRule }]}
                    >
                      <Input placeholder={x.columns.mobile} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'duty']}>
                      <Input placeholder={x.columns.duty} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'sms']} valuePropName="checked" initialValue>
                      <Switch checkedChildren={x.departments.smsTag} />
                    </Form.Item>
                    <Button size="small" onClick={() => remove(f.name)}>
                      {x.departments.removeContact}
                    </Button>
                  </Space>
                ))}
                <Button size="small" onClick={() => add({ sms: true })}>
                  {x.departments.addContact}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Space>
  );
}

// ---------------------------------------------------------------- catalogue

function DiffView({ from, to }: { from: CatalogItem[]; to: CatalogItem[] }) {
  const d = catalogDiff(from, to);
  const list = (label: string, color: string, items: CatalogItem[]) =>
    items.length ? (
      <div>
        <Tag color={color}>{label}</Tag>
        {items.map((i) => `${i.code} ${i.name}`).join('、')}
      </div>
    ) : null;
  if (!d.added.length && !d.removed.length && !d.changed.length) return <span>{x.catalog.noDiff}</span>;
  return (
    <div data-testid="catalog-diff">
      {list(x.catalog.diffAdded, 'green', d.added)}
      {list(
        x.catalog.diffChanged,
        'blue',
        d.changed.map((c) => c.after),
      )}
      {list(x.catalog.diffRemoved, 'red', d.removed)}
    </div>
  );
}

const PROPOSE: readonly UserRole[] = ['dispatcher', 'supervisor', 'admin'];

export function CatalogAdmin({ refData: ref, role }: { refData: RefData; role: UserRole | undefined }) {
  const save = useSave();
  const [parsed, setParsed] = useState<ParsedImport | null>(null);
  const [title, setTitle] = useState<string>(x.catalog.proposalTitleDefault);
  const [viewVersion, setViewVersion] = useState<number | null>(null);
  const [deciding, setDeciding] = useState<{ p: CatalogProposal; action: 'approve' | 'return' } | null>(null);
  const [note, setNote] = useState('');
  const current = currentCatalogVersion(ref);
  const versions = ref.catalogVersions ?? [];
  const inForce = versions.at(-1);
  const proposals = useMemo(() => [...(ref.catalogProposals ?? [])].sort((a, b) => b.submittedAt - a.submittedAt), [ref.catalogProposals]);
  const shown = viewVersion !== null ? versions.find((v) => v.version === viewVersion) : undefined;
  const itemsOfVersion = (n: number) => versions.find((v) => v.version === n)?.items ?? (n === current ? ref.catalog : []);
  const decide = async () => {
    if (!deciding) return;
    const { p, action } = deciding;
    const change: RefChange =
      action === 'approve'
        ? { section: 'catalogProposal', value: { action, proposalId: p.id, ...(note.trim() ? { note: note.trim() } : {}) } }
        : { section: 'catalogProposal', value: { action, proposalId: p.id, note: note.trim() } };
    const ok = await save.ref(change, action === 'approve' ? fmt(x.catalog.approved, { n: current + 1 }) : x.catalog.returnedMsg);
    if (ok) {
      setDeciding(null);
      setNote('');
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="catalog-admin">
      <Space wrap>
        <Typography.Text strong data-testid="catalog-version">
          {fmt(x.catalog.inForce, { title: versionTitle(current) })}
        </Typography.Text>
        {inForce?.publishedAt !== undefined && (
          <Typography.Text type="secondary">
            {fmt(x.catalog.publishedAt, { at: fmtTime(inForce.publishedAt), by: inForce.approvedBy?.name ?? '' })}
          </Typography.Text>
        )}
        {versions.length > 1 && (
          <Select
            size="small"
            style={{ width: 240 }}
            allowClear
            placeholder={x.catalog.versions}
            value={viewVersion}
            onChange={(v) => setViewVersion(v ?? null)}
            options={versions.map((v) => ({ value: v.version, label: v.title }))}
            data-testid="catalog-version-select"
          />
        )}
      </Space>
      {role && PROPOSE.includes(role) && (
        <>
          <Typography.Text type="secondary">{x.catalog.draftHint}</Typography.Text>
          <ExcelBar kind="catalog" refData={ref} onParsed={setParsed} />
        </>
      )}
      <SaveError error={save.error} />
      <ImportResult
        parsed={parsed}
        onCancel={() => setParsed(null)}
        applyLabel={x.catalog.submit}
        preview={
          parsed?.ok && parsed.kind === 'catalog' ? (
            <Space direction="vertical">
              <Typography.Text>{x.excel.catalogImportNote}</Typography.Text>
              <Input
                size="small"
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                addonBefore={x.catalog.proposalTitle}
                data-testid="proposal-title"
              />
              <DiffView from={ref.catalog} to={parsed.value} />
            </Space>
          ) : null
        }
        onApply={() => {
          if (!(parsed?.ok && parsed.kind === 'catalog')) return;
          const id = `cp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
          void save
            .ref(
              {
                section: 'catalogProposal',
                value: {
                  action: 'submit',
                  proposal: { id, title: title.trim() || x.catalog.proposalTitleDefault, basedOn: current, items: parsed.value },
                },
              },
              x.catalog.submitted,
            )
            .then((ok) => ok && setParsed(null));
        }}
      />
      {proposals.length > 0 && (
        <Table<CatalogProposal>
          size="small"
          rowKey="id"
          title={() => x.catalog.proposals}
          dataSource={proposals}
          pagination={false}
          data-testid="catalog-proposals"
          columns={[
            { key: 'title', title: x.catalog.proposalTitle, dataIndex: 'title', width: 200 },
            { key: 'based', title: '', render: (_, p) => fmt(x.catalog.basedOn, { n: p.basedOn }), width: 90 },
            {
              key: 'by',
              title: '',
              render: (_, p) => fmt(x.catalog.submittedBy, { by: p.submittedBy.name, at: fmtTime(p.submittedAt) }),
              width: 200,
            },
            { key: 'diff', title: x.catalog.diff, render: (_, p) => <DiffView from={itemsOfVersion(p.basedOn)} to={p.items} /> },
            {
              key: 'status',
              title: x.common.status,
              width: 220,
              render: (_, p) => (
                <Space direction="vertical" size={0}>
                  <Tag
                    color={p.status === 'approved' ? 'green' : p.status === 'returned' ? 'red' : 'gold'}
                    data-testid={`proposal-status-${p.id}`}
                  >
                    {x.catalog.statuses[p.status]}
                    {p.publishedVersion ? ` · ${fmt(x.catalog.publishedAs, { n: p.publishedVersion })}` : ''}
                  </Tag>
                  {p.decidedBy && (
                    <Typography.Text type="secondary">
                      {fmt(x.catalog.decidedBy, {
                        by: p.decidedBy.name,
                        at: fmtTime(p.decidedAt ?? 0),
                        decision: x.catalog.statuses[p.status],
                      })}
                    </Typography.Text>
                  )}
                  {p.decisionNote && <Typography.Text type="secondary">{p.decisionNote}</Typography.Text>}
                </Space>
              ),
            },
            {
              key: 'act',
              title: '',
              width: 150,
              render: (_, p) =>
                p.status === 'pending' && role === 'leader' ? (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setDeciding({ p, action: 'approve' })}
                      data-testid={`proposal-approve-${p.id}`}
                    >
                      {x.catalog.approve}
                    </Button>
                    <Button size="small" danger onClick={() => setDeciding({ p, action: 'return' })}>
                      {x.catalog.return}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      )}
      {proposals.some((p) => p.status === 'pending') && role !== 'leader' && (
        <Typography.Text type="secondary">{x.catalog.leaderOnly}</Typography.Text>
      )}
      <CatalogTable refData={shown ? { ...ref, catalog: shown.items } : ref} />
      <Modal
        open={deciding !== null}
        title={
          deciding
            ? fmt(x.catalog.decideTitle, {
                action: deciding.action === 'approve' ? x.catalog.approve : x.catalog.return,
                title: deciding.p.title,
              })
            : ''
        }
        onOk={() => void decide()}
        onCancel={() => setDeciding(null)}
        okButtonProps={{ disabled: deciding?.action === 'return' && !note.trim(), ...({ 'data-testid': 'proposal-decide-ok' } as object) }}
        destroyOnHidden
      >
        {deciding && <DiffView from={itemsOfVersion(deciding.p.basedOn)} to={deciding.p.items} />}
        <Input.TextArea
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={deciding?.action === 'return' ? x.catalog.returnReason : x.catalog.approveNote}
        />
      </Modal>
    </Space>
  );
}

// ---------------------------------------------------------------- users

type UserForm = { id: string; username: string; name: string; role: UserRole; unitId?: string; active: boolean; password?: string };

export function UsersAdmin({ refData: ref, selfId }: { refData: RefData; selfId: string | undefined }) {
  const save = useSave();
  const lk = useLookups();
  const [parsed, setParsed] = useState<ParsedImport | null>(null);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [form] = Form.useForm<UserForm>();
  const [pwForm] = Form.useForm<{ password: string }>();
  const roles = (Object.keys(t.enums.roles) as UserRole[]).map((r) => ({ value: r, label: t.enums.roles[r] }));
  const units = [{ value: 'centre', label: x.users.centre }, ...ref.departments.map((d) => ({ value: d.id, label: d.name }))];
  const open = (u: User | 'new') => {
    setEditing(u);
    form.setFieldsValue(
      u === 'new'
        ? { id: '', username: '', name: '', role: 'dispatcher', unitId: 'centre', active: true }
        : { ...u, unitId: u.unitId ?? 'centre', active: u.active !== false },
    );
  };
  const submit = async () => {
    const v = await form.validateFields();
    const old = editing !== 'new' ? editing : null;
    const user: User = {
      ...(old ?? {}),
      id: old?.id ?? `u-${v.username.trim()}`,
      username: v.username.trim(),
      name: v.name.trim(),
      role: v.role,
      ...(v.unitId ? { unitId: v.unitId } : {}),
      active: v.active,
    };
    const ok = await save.run(
      () => save.dispatch(saveUser({ user, ...(v.password ? { password: v.password } : {}) })).unwrap(),
      x.common.saved,
    );
    if (ok) setEditing(null);
  };
  const reset = async () => {
    if (!resetting) return;
    const { password } = await pwForm.validateFields();
    const ok = await save.run(() => save.dispatch(saveUser({ user: resetting, password })).unwrap(), x.users.passwordSet);
    if (ok) setResetting(null);
  };
  const names = (id: string) =>
    ref.users.find((u) => u.id === id)?.name ??
    (parsed?.ok && parsed.kind === 'users' ? parsed.value.find((u) => u.id === id)?.name : id) ??
    id;
  const pwRules = [{ pattern: /^(?=.*[A-Za-z])(?=.*\d)[\x21-\x7e]{8,64}$/, message: x.users.passwordHint }];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="users-admin">
      <Space wrap>
        <Button size="small" type="primary" onClick={() => open('new')} data-testid="user-add">
          {x.common.add}
        </Button>
        <ExcelBar kind="users" refData={ref} onParsed={setParsed} />
      </Space>
      <SaveError error={save.error} />
      <ImportResult
        parsed={parsed}
        onCancel={() => setParsed(null)}
        preview={
          parsed?.ok && parsed.kind === 'users' ? (
            <>
              <Typography.Text type="secondary">{x.excel.usersImportNote}</Typography.Text>
              <Summary before={ref.users} after={parsed.value} names={names} />
            </>
          ) : null
        }
        onApply={() => {
          if (parsed?.ok && parsed.kind === 'users')
            void save.ref({ section: 'users', value: parsed.value }, x.excel.applied).then((ok) => ok && setParsed(null));
        }}
      />
      <UsersTable
        refData={ref}
        onEdit={open}
        onReset={(u) => {
          pwForm.resetFields();
          setResetting(u);
        }}
        passwordSetAt={(u) => (u.passwordSetAt ? fmtTime(u.passwordSetAt) : x.users.never)}
        unitName={(id) => (id === 'centre' || !id ? x.users.centre : lk.deptName(id))}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? x.users.addTitle : x.users.editTitle}
        onOk={() => void submit()}
        onCancel={() => setEditing(null)}
        okText={x.common.save}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" size="small">
          <Form.Item name="username" label={x.columns.username} rules={[{ required: true, whitespace: true }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="name" label={x.columns.personName} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={x.columns.role}>
            <Select options={roles} disabled={editing !== 'new' && editing?.id === selfId} />
          </Form.Item>
          <Form.Item name="unitId" label={x.columns.unit}>
            <Select options={units} />
          </Form.Item>
          <Form.Item name="active" label={x.common.active} valuePropName="checked">
            <Switch disabled={editing !== 'new' && editing?.id === selfId} />
          </Form.Item>
          {editing === 'new' && (
            <Form.Item name="password" label={x.users.password} extra={x.users.passwordHint} rules={pwRules}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal
        open={resetting !== null}
        title={resetting ? fmt(x.users.resetTitle, { name: resetting.name }) : ''}
        onOk={() => void reset()}
        onCancel={() => setResetting(null)}
        destroyOnHidden
      >
        <Form form={pwForm} layout="vertical" size="small">
          <Form.Item name="password" label={x.users.newPassword} extra={x.users.passwordHint} rules={[{ required: true }, ...pwRules]}>
            <Input.Password autoComplete="new-password" data-testid="reset-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
