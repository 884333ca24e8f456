/**
 * 督查督办: near-due and overdue boards, batch urging from a multi-selection, tracking of notices and
 * replies, accountability records, and the printable formal notice. The board's columns are in
 * boardColumns.tsx, a tracking row in UrgeTracking.tsx, the batch dialog in BatchUrgeModal.tsx.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Modal, Table, Tabs, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import type { QueueRow } from '../../../shared/api.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { UrgeNotice } from '../../../shared/model.js';
import { actorOf } from '../../../shared/actor.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { BOARD_PAGE, loadBoard, loadDetails, setSelection, type Board } from './supervisionSlice.js';
import { NoticePrintDialog } from '../notice/index.js';
import { CommandForm } from '../case/index.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { useRefData } from '../ref/index.js';
import { useBoardColumns } from './boardColumns.js';
import { UrgeTracking } from './UrgeTracking.js';
import { BatchUrgeModal } from './BatchUrgeModal.js';

export function SupervisionPage() {
  const dispatch = useAppDispatch();
  const { board, rows, total, offset, loading, selection, details } = useAppSelector((s) => s.supervision);
  const user = useAppSelector((s) => s.session.info?.user);
  const ref = useRefData();
  const columns = useBoardColumns();
  const [batchOpen, setBatchOpen] = useState(false);
  const [printing, setPrinting] = useState<{ c: GridEvent; u: UrgeNotice } | null>(null);
  const [recording, setRecording] = useState<GridEvent | null>(null);
  const actor = useMemo(() => (user ? actorOf(user) : null), [user]);
  const canUrge = user ? ['supervisor', 'leader'].includes(user.role) : false;

  useEffect(() => {
    void dispatch(loadBoard({ board, offset: 0 }));
  }, [dispatch, board]);

  const switchBoard = (b: Board) => void dispatch(loadBoard({ board: b, offset: 0 }));

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
      <BatchUrgeModal
        open={batchOpen}
        onClose={() => setBatchOpen(false)}
        board={board}
        offset={offset}
        selection={selection}
        actor={actor}
        refData={ref}
      />
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
