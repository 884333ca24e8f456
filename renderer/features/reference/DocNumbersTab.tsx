/**
 * 文号格式 (issue 15.9, admin): the patterns of the official numbers of printed notices — name, template,
 * sequence width, which one the urge notice uses and a sample number of this year — with add and edit in
 * a dialog. Each field's problem (shared/docNumber.ts's Chinese words, via docNumberAdmin.ts) shows beside
 * it while typing and stops the save; the whole section goes to the relay in one 'ref.update', whose
 * refusal (offline, say) is shown in the dialog with nothing applied. Enter in any field saves. There is
 * no delete and no deactivate: the model has no such state, and a pattern removed and made again would
 * number from 1 again, repeating numbers already issued.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import type { FormRule } from 'antd';
import type { DocNumberPattern } from '../../../shared/docNumber.js';
import type { RefData } from '../../../shared/refData.js';
import { localDay } from '../../../shared/calendar/localDay.js';
import { urgePattern } from '../notice/index.js';
import { fmt, t } from '../../i18n/zh-CN.js';
import { SaveError, useSave } from './RefMaintenance.js';
import {
  draftPattern,
  draftProblems,
  newPatternId,
  previewNumber,
  withPattern,
  type DraftField,
  type PatternDraft,
} from './docNumberAdmin.js';

const x = t.docNumbers;

/** A field's rule: the problem of that field in the whole draft (the list and the id as the save will see them). */
const fieldRule =
  (field: DraftField, list: readonly DocNumberPattern[], id: string): FormRule =>
  ({ getFieldsValue }) => ({
    validator: async () => {
      const problem = draftProblems(list, id, getFieldsValue() as PatternDraft)[field];
      if (problem) throw new Error(problem);
    },
  });

export function DocNumbersTab({ refData: ref, now = Date.now() }: { refData: RefData; now?: number }) {
  const save = useSave();
  const list = ref.docNumberPatterns ?? [];
  const year = Number(localDay(now, ref.calendar).slice(0, 4));
  const urgeId = urgePattern(list)?.id;
  const [editing, setEditing] = useState<{ id: string; old: DocNumberPattern | null } | null>(null);
  const open = (p: DocNumberPattern | null) => {
    save.setError(null);
    setEditing({ id: p?.id ?? newPatternId(list, Date.now()), old: p });
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="doc-numbers-admin">
      <Typography.Text type="secondary">{x.intro}</Typography.Text>
      <Typography.Text type="secondary">{x.keepNote}</Typography.Text>
      <Button size="small" type="primary" onClick={() => open(null)} style={{ alignSelf: 'flex-start' }} data-testid="doc-number-add">
        {x.add}
      </Button>
      {list.length === 0 && <Alert type="warning" showIcon title={x.empty} data-testid="doc-numbers-empty" />}
      <Table<DocNumberPattern>
        size="small"
        rowKey="id"
        dataSource={list}
        pagination={false}
        data-testid="doc-numbers-table"
        onRow={(p) => ({ 'data-testid': `doc-number-row-${p.id}` }) as object}
        columns={[
          { key: 'name', title: x.name, dataIndex: 'name', width: 160 },
          { key: 'template', title: x.template, dataIndex: 'template' },
          {
            key: 'width',
            title: x.width,
            width: 110,
            render: (_, p) => (p.width ? fmt(x.widthN, { n: p.width }) : x.widthNone),
          },
          {
            key: 'urge',
            title: x.urgeUse,
            width: 170,
            render: (_, p) => (p.id === urgeId ? <Tag color="blue">{x.urgeInUse}</Tag> : x.notUsed),
          },
          {
            key: 'preview',
            title: fmt(x.preview, { year }),
            width: 230,
            render: (_, p) => <span data-testid="doc-number-preview">{previewNumber(p, year) ?? x.notUsed}</span>,
          },
          {
            key: 'act',
            title: '',
            width: 80,
            render: (_, p) => (
              <Button size="small" onClick={() => open(p)} data-testid={`doc-number-edit-${p.id}`}>
                {x.edit}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <PatternDialog
          key={editing.id}
          list={list}
          id={editing.id}
          old={editing.old}
          year={year}
          save={save}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  );
}

/**
 * The add / edit dialog, mounted for one pattern (its own form, so nothing of the previous one is left).
 * Every field's rule passed (onFinish), it sends the whole section in one 'ref.update'.
 */
function PatternDialog({
  list,
  id,
  old,
  year,
  save,
  onClose,
}: {
  list: readonly DocNumberPattern[];
  id: string;
  old: DocNumberPattern | null;
  year: number;
  save: ReturnType<typeof useSave>;
  onClose(): void;
}) {
  const [form] = Form.useForm<PatternDraft>();
  const [busy, setBusy] = useState(false);
  const watched = Form.useWatch([], form) as PatternDraft | undefined;
  const submit = async (v: PatternDraft) => {
    if (busy) return;
    setBusy(true);
    try {
      const value = withPattern(list, draftPattern(id, v));
      if (await save.ref({ section: 'docNumberPatterns', value }, x.saved)) onClose();
    } finally {
      setBusy(false);
    }
  };
  const enter = () => form.submit();
  const sample = watched
    ? previewNumber({ name: watched.name ?? '', template: watched.template ?? '', width: watched.width ?? 0 }, year)
    : null;
  return (
    <Modal
      open
      title={old ? fmt(x.editTitle, { name: old.name }) : x.addTitle}
      onOk={enter}
      onCancel={onClose}
      okText={x.save}
      okButtonProps={{ loading: busy, ...({ 'data-testid': 'doc-number-save' } as object) }}
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        size="small"
        initialValues={old ? { name: old.name, template: old.template, width: old.width } : { name: '', template: '', width: 0 }}
        onFinish={(v) => void submit(v)}
        data-testid="doc-number-form"
      >
        <Form.Item name="name" label={x.name} rules={[fieldRule('name', list, id)]}>
          <Input placeholder={x.namePlaceholder} onPressEnter={enter} maxLength={40} />
        </Form.Item>
        <Form.Item name="template" label={x.template} extra={x.templateHelp} rules={[fieldRule('template', list, id)]}>
          <Input placeholder={x.templatePlaceholder} onPressEnter={enter} />
        </Form.Item>
        <Form.Item name="width" label={x.width} extra={x.widthHelp} rules={[fieldRule('width', list, id)]}>
          <InputNumber min={0} max={6} precision={0} onPressEnter={enter} />
        </Form.Item>
        <Typography.Paragraph data-testid="doc-number-form-preview">
          {sample ? fmt(x.formPreview, { year, number: sample }) : x.formPreviewNone}
        </Typography.Paragraph>
        {old && <Typography.Paragraph type="secondary">{x.editNote}</Typography.Paragraph>}
        <Typography.Paragraph type="secondary">{x.enterHint}</Typography.Paragraph>
        <SaveError error={save.error} />
      </Form>
    </Modal>
  );
}
