/** The batch urge dialog (批量催办督办): level, message and reply hours for every selected case of the board. */
import { useState } from 'react';
import { Form, Input, InputNumber, Modal, Radio } from 'antd';
import type { Actor, UrgeLevel } from '../../../shared/model.js';
import type { RefData } from '../../../shared/refData.js';
import { useAppDispatch } from '../../store/hooks.js';
import { notify } from '../ui/index.js';
import { ReplyDeadline } from '../clock/index.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { serverNow } from '../../lib/ticker.js';
import { urgeBatch, type BatchUrgeValues } from './batchUrge.js';
import { loadBoard, setSelection, type Board } from './supervisionSlice.js';

export function BatchUrgeModal({
  open,
  onClose,
  board,
  offset,
  selection,
  actor,
  refData: ref,
}: {
  open: boolean;
  onClose: () => void;
  board: Board;
  offset: number;
  selection: string[];
  actor: Actor | null;
  refData: RefData | null | undefined;
}) {
  const dispatch = useAppDispatch();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<BatchUrgeValues>();
  const replyHours = Form.useWatch('replyHours', form) as unknown;

  const issue = async () => {
    if (!actor || !ref) return;
    const v = form.getFieldsValue(true);
    setBusy(true);
    const r = await dispatch(urgeBatch({ ids: selection, values: v, actor, ref, now: serverNow() })).unwrap();
    setBusy(false);
    onClose();
    dispatch(setSelection([]));
    if (r.issued) dispatch(notify({ level: 'success', title: fmt(t.supervision.issued, { n: r.issued }), message: '' }));
    if (r.skipped) dispatch(notify({ level: 'warning', title: fmt(t.supervision.batchSkipped, { n: r.skipped }), message: '' }));
    for (const f of r.failures) dispatch(notify({ level: 'error', title: t.errors.fallbackAction, message: f }));
    void dispatch(loadBoard({ board, offset }));
  };

  return (
    <Modal
      open={open}
      title={t.supervision.batchTitle}
      okText={t.supervision.issue}
      cancelText={t.app.cancel}
      confirmLoading={busy}
      onOk={() => void issue()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          level: board === 'overdue' ? 'supervise' : 'remind',
          message: t.supervision.defaultMessage[board === 'overdue' ? 'supervise' : 'remind'],
          replyHours: 24,
        }}
        data-testid="batch-form"
      >
        <Form.Item name="level" label={t.form.level}>
          <Radio.Group
            optionType="button"
            options={(['remind', 'supervise', 'listed'] as const).map((l) => ({ value: l, label: t.enums.urgeLevels[l] }))}
            onChange={(e) => form.setFieldsValue({ message: t.supervision.defaultMessage[e.target.value as UrgeLevel] })}
          />
        </Form.Item>
        <Form.Item name="message" label={t.form.message}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="replyHours" label={t.form.replyHours} extra={<ReplyDeadline hours={replyHours} calendar={ref?.calendar} />}>
          <InputNumber min={1} max={240} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
