/**
 * 督查督办: near-due and overdue boards, batch urging from a multi-selection, tracking of notices and
 * replies, accountability records, and the printable formal notice.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Radio, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { PrinterOutlined, SendOutlined } from '@ant-design/icons';
import type { QueueRow } from '../../../shared/api.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { UrgeLevel, UrgeNotice } from '../../../shared/model.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { BOARD_PAGE, loadBoard, loadDetails, setSelection, type Board } from './supervisionSlice.js';
import { urgeBatch } from './batchUrge.js';
import { navigate, notify } from '../ui/uiSlice.js';
import { useLookups } from '../ref/lookups.js';
import { ClockBadge } from '../clock/ClockBadge.js';
import { NoticePrintDialog } from '../notice/NoticePrint.js';
import { CommandForm } from '../case/CommandForm.js';
import { actorOf } from '../../../shared/actor.js';
import { ReplyDeadline } from '../clock/ReplyDeadline.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';
import { serverNow } from '../../lib/ticker.js';
import { useRefData } from '../ref/refData.js';

function UrgeTracking({
  c,
  onPrint,
  onRecord,
  canRecord,
}: {
  c: GridEvent;
  onPrint(u: UrgeNotice): void;
  onRecord(): void;
  canRecord: boolean;
}) {
  const lk = useLookups();
  const now = serverNow();
  return (
    <div className="urge-tracking" data-testid="urge-tracking">
      <Table<UrgeNotice>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.urges}
        locale={{ emptyText: t.supervision.noNotices }}
        columns={[
          {
            key: 'level',
            title: t.supervision.level,
            render: (_, u) => (
              <Tag color={u.level === 'remind' ? 'gold' : u.level === 'supervise' ? 'orange' : 'red'}>{t.enums.urgeLevels[u.level]}</Tag>
            ),
            width: 90,
          },
          { key: 'dept', title: t.supervision.department, render: (_, u) => lk.deptName(u.departmentId), width: 100 },
          { key: 'issued', title: t.supervision.issuedAt, render: (_, u) => fmtTime(u.issuedAt), width: 140 },
          { key: 'by', title: t.supervision.issuedBy, render: (_, u) => u.issuedBy.name, width: 90 },
          { key: 'deadline', title: t.supervision.replyDeadline, render: (_, u) => fmtTime(u.replyDeadline), width: 140 },
          {
            key: 'reply',
            title: t.supervision.replyText,
            render: (_, u) =>
              u.reply ? (
                <span data-testid="urge-replied">
                  <Tag color="green">{t.supervision.replied}</Tag>
                  {fmtTime(u.reply.at)} {u.reply.text}
                </span>
              ) : (
                <Tag color={u.replyDeadline < now ? 'red' : 'default'} data-testid="urge-awaiting">
                  {u.replyDeadline < now ? t.supervision.overdueReply : t.supervision.awaiting}
                </Tag>
              ),
          },
          {
            key: 'print',
            title: '',
            width: 110,
            render: (_, u) => (
              <Button size="small" icon={<PrinterOutlined />} onClick={() => onPrint(u)} data-testid="tracking-print">
                {t.supervision.print}
              </Button>
            ),
          },
        ]}
      />
      <div className="acc-list">
        <Typography.Text strong>{t.supervision.accountability}</Typography.Text>
        {c.accountability.length === 0 && <Typography.Text type="secondary"> {t.case.noAccountability}</Typography.Text>}
        {c.accountability.map((a) => (
          <div key={a.id}>
            {fmt(t.case.accRow, {
              kind: t.enums.accountabilityKinds[a.kind],
              unit: lk.deptName(a.unitId),
              at: fmtTime(a.recordedAt),
              by: a.recordedBy.name,
              text: a.text,
            })}
          </div>
        ))}
        {canRecord && (
          <Button size="small" onClick={onRecord} data-testid="record-accountability">
            {t.supervision.record}
          </Button>
        )}
      </div>
    </div>
  );
}

export function SupervisionPage() {
  const dispatch = useAppDispatch();
  const { board, rows, total, offset, loading, selection, details } = useAppSelector((s) => s.supervision);
  const user = useAppSelector((s) => s.session.info?.user);
  const ref = useRefData();
  const lk = useLookups();
  const [batchOpen, setBatchOpen] = useState(false);
  const [batchBusy, setBatchBusy] = useState(false);
  const [batchForm] = Form.useForm<{ level: UrgeLevel; message: string; replyHours: number }>();
  const batchReplyHours = Form.useWatch('replyHours', batchForm) as unknown;
  const [printing, setPrinting] = useState<{ c: GridEvent; u: UrgeNotice } | null>(null);
  const [recording, setRecording] = useState<GridEvent | null>(null);
  const actor = useMemo(() => (user ? actorOf(user) : null), [user]);
  const canUrge = user ? ['supervisor', 'leader'].includes(user.role) : false;

  useEffect(() => {
    void dispatch(loadBoard({ board, offset: 0 }));
  }, [dispatch, board]);

  const switchBoard = (b: Board) => void dispatch(loadBoard({ board: b, offset: 0 }));

  const issueBatch = async () => {
    if (!actor || !ref) return;
    const v = batchForm.getFieldsValue(true);
    setBatchBusy(true);
    const r = await dispatch(urgeBatch({ ids: selection, values: v, actor, ref, now: serverNow() })).unwrap();
    setBatchBusy(false);
    setBatchOpen(false);
    dispatch(setSelection([]));
    if (r.issued) dispatch(notify({ level: 'success', title: fmt(t.supervision.issued, { n: r.issued }), message: '' }));
    if (r.skipped) dispatch(notify({ level: 'warning', title: fmt(t.supervision.batchSkipped, { n: r.skipped }), message: '' }));
    for (const f of r.failures) dispatch(notify({ level: 'error', title: t.errors.fallbackAction, message: f }));
    void dispatch(loadBoard({ board, offset }));
  };

  const columns: TableColumnsType<QueueRow> = [
    {
      key: 'code',
      title: t.queue.columns.code,
      width: 150,
      render: (_, r) => (
        <Typography.Link onClick={() => dispatch(navigate({ name: 'case', caseId: r.id }))} data-testid="board-open">
          {r.code}
        </Typography.Link>
      ),
    },
    { key: 'title', title: t.queue.columns.title, dataIndex: 'title', ellipsis: true },
    { key: 'place', title: t.queue.columns.place, width: 170, render: (_, r) => lk.place(r.communityId, r.gridId) },
    { key: 'lead', title: t.queue.columns.lead, width: 100, render: (_, r) => lk.deptName(r.leadDepartmentId) || t.app.dash },
    { key: 'status', title: t.queue.columns.status, width: 110, render: (_, r) => t.enums.statuses[r.status] },
    {
      key: 'clocks',
      title: t.queue.columns.clocks,
      width: 280,
      render: (_, r) => (
        <Space size={4} wrap>
          {r.clocks
            .filter((k) => k.stoppedAt === undefined)
            .map((k) => (
              <ClockBadge key={k.id} clock={k} calendar={ref?.calendar} />
            ))}
        </Space>
      ),
    },
    {
      key: 'urges',
      title: t.supervision.urgeCount,
      width: 80,
      render: (_, r) => (r.urgeCount ? <Tag color="volcano">{r.urgeCount}</Tag> : t.app.dash),
    },
  ];

  const table = (
    <Table<QueueRow>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      columns={columns}
      locale={{ emptyText: t.supervision.noCases }}
      rowSelection={canUrge ? { selectedRowKeys: selection, onChange: (keys) => dispatch(setSelection(keys.map(String))) } : undefined}
      pagination={{
        total,
        pageSize: BOARD_PAGE,
        current: Math.floor(offset / BOARD_PAGE) + 1,
        showSizeChanger: false,
        onChange: (p) => void dispatch(loadBoard({ board, offset: (p - 1) * BOARD_PAGE })),
      }}
      expandable={
        board === 'tracking'
          ? {
              onExpand: (expanded, r) => {
                if (expanded) void dispatch(loadDetails([r.id]));
              },
              expandedRowRender: (r) =>
                details[r.id] ? (
                  <UrgeTracking
                    c={details[r.id]!}
                    onPrint={(u) => setPrinting({ c: details[r.id]!, u })}
                    onRecord={() => setRecording(details[r.id]!)}
                    canRecord={canUrge}
                  />
                ) : (
                  <Typography.Text type="secondary">{t.app.loading}</Typography.Text>
                ),
            }
          : undefined
      }
      onRow={(r) => ({ 'data-testid': 'board-row', 'data-case-id': r.id }) as React.HTMLAttributes<HTMLElement>}
      scroll={{ y: 'calc(100vh - 280px)' }}
    />
  );

  return (
    <div className="supervision-page" data-testid="supervision-page">
      <Tabs
        size="small"
        activeKey={board}
        onChange={(k) => switchBoard(k as Board)}
        items={(['nearDue', 'overdue', 'tracking'] as const).map((b) => ({
          key: b,
          label: <span data-testid={`board-${b}`}>{t.supervision[b]}</span>,
        }))}
        tabBarExtraContent={
          canUrge && (
            <Button
              type="primary"
              icon={<SendOutlined />}
              disabled={selection.length === 0}
              onClick={() => setBatchOpen(true)}
              data-testid="batch-urge"
            >
              {fmt(t.supervision.batchUrge, { n: selection.length })}
            </Button>
          )
        }
      />
      <Alert type="info" showIcon title={t.supervision.boardHint[board]} className="board-hint" />
      {table}
      <Modal
        open={batchOpen}
        title={t.supervision.batchTitle}
        okText={t.supervision.issue}
        cancelText={t.app.cancel}
        confirmLoading={batchBusy}
        onOk={() => void issueBatch()}
        onCancel={() => setBatchOpen(false)}
        destroyOnHidden
      >
        <Form
          form={batchForm}
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
              onChange={(e) => batchForm.setFieldsValue({ message: t.supervision.defaultMessage[e.target.value as UrgeLevel] })}
            />
          </Form.Item>
          <Form.Item name="message" label={t.form.message}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="replyHours" label={t.form.replyHours} extra={<ReplyDeadline hours={batchReplyHours} calendar={ref?.calendar} />}>
            <InputNumber min={1} max={240} />
          </Form.Item>
        </Form>
      </Modal>
      {printing && <NoticePrintDialog c={printing.c} urge={printing.u} onClose={() => setPrinting(null)} />}
      {recording && actor && (
        <Modal open title={t.supervision.record} footer={null} onCancel={() => setRecording(null)} destroyOnHidden>
          <CommandForm
            type="recordAccountability"
            caseState={recording}
            actor={actor}
            onDone={() => {
              void dispatch(loadDetails([recording.id]));
              setRecording(null);
            }}
            onCancel={() => setRecording(null)}
          />
        </Modal>
      )}
    </div>
  );
}
