/**
 * Case workbench: all details, location, attachments, clocks with history, the timeline, urge notices and
 * accountability, and every action the engine allows for the user's role as a validated form.
 * Pending actions show as 待同步; rejected ones show their reason and what to do.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, List, Row, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, EyeOutlined, FileOutlined, PaperClipOutlined, PrinterOutlined } from '@ant-design/icons';
import type { CommandType } from '../../../shared/commands.js';
import type { UrgeNotice } from '../../../shared/model.js';
import type { OutboxItem } from '../../../shared/api.js';
import { allowedCommands } from '../../../shared/engine/index.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { closeCase, openCase } from './caseSlice.js';
import { navigate } from '../ui/uiSlice.js';
import { dismissOutboxItem } from '../sync/syncSlice.js';
import { useLookups } from '../ref/lookups.js';
import { CommandForm } from './CommandForm.js';
import { ClockPanel } from './ClockPanel.js';
import { CaseTimeline, eventFacts } from './CaseTimeline.js';
import { NoticePrintDialog } from '../notice/NoticePrint.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';
import { serverNow } from '../../lib/ticker.js';
import { isTypingTarget } from '../../lib/keyboard.js';
import { actorOf } from '../../lib/actor.js';
import { useRefData } from '../ref/refData.js';

/** Order of the action buttons: the main path first. */
const ORDER: CommandType[] = [
  'accept',
  'dispatch',
  'verify',
  'close',
  'decideExtension',
  'decidePark',
  'resume',
  'urge',
  'recordAccountability',
  'requestPark',
  'reject',
  'selfHandle',
  'sign',
  'bounce',
  'reportResult',
  'requestExtension',
  'replyUrge',
];
const SHORTCUT: Partial<Record<CommandType, string>> = { dispatch: 'd', urge: 'u' };

export function CaseWorkbench() {
  const dispatch = useAppDispatch();
  const route = useAppSelector((s) => s.ui.route);
  const { detail, loading, error } = useAppSelector((s) => s.case);
  const user = useAppSelector((s) => s.session.info?.user);
  const ref = useRefData();
  const syncRejected = useAppSelector((s) => s.sync.rejected);
  const lk = useLookups();
  const [active, setActive] = useState<CommandType | null>(null);
  const [printing, setPrinting] = useState<UrgeNotice | null>(null);
  const caseId = route.caseId;

  useEffect(() => {
    if (caseId) void dispatch(openCase(caseId));
  }, [caseId, dispatch]);
  useEffect(() => () => void dispatch(closeCase()), [dispatch]);

  const c = detail?.case.id === caseId ? detail?.case : undefined;
  const actor = useMemo(() => (user ? actorOf(user) : null), [user]);
  const allowed = useMemo(() => {
    if (!c || !actor || !ref) return [];
    const set = new Set(allowedCommands(c, actor, ref, serverNow()));
    return ORDER.filter((x) => set.has(x));
  }, [c, actor, ref]);

  // Arrival with ?action= (keys d / u in the queue) opens that form when it is allowed.
  useEffect(() => {
    if (route.action && c && allowed.includes(route.action as CommandType)) setActive(route.action as CommandType);
  }, [route.action, c, allowed]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      // An open dialog owns Escape and the letter keys.
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"])')) return;
      if (e.key === 'Escape') {
        if (active) setActive(null);
        else dispatch(navigate({ name: 'queue' }));
      } else if (e.key === 'd' && allowed.includes('dispatch')) setActive('dispatch');
      else if (e.key === 'u' && allowed.includes('urge')) setActive('urge');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, allowed, dispatch]);

  if (!caseId) return null;
  if (!c) {
    return (
      <div className="boot" data-testid="case-loading">
        {loading ? <Spin /> : <Empty description={error ? `${t.case.notFound}：${error.message}` : t.case.notFound} />}
      </div>
    );
  }

  const pending = (detail?.pending ?? []).filter((p) => p.status === 'pending');
  const rejected: OutboxItem[] = [
    ...(detail?.pending ?? []).filter((p) => p.status === 'rejected'),
    ...syncRejected.filter((r) => r.caseId === c.id),
  ].filter((r, i, a) => a.findIndex((x) => x.id === r.id) === i);
  const readOnly = user?.role === 'wall';
  const viewers = (detail?.viewers ?? []).filter((v) => v.userId !== user?.id);
  const worker = lk.workerByGrid.get(c.gridId);
  const item = c.catalogItemId ? lk.catalog.get(c.catalogItemId) : undefined;
  const lastBounce = [...c.timeline].reverse().find((e) => e.type === 'bounced');
  const bounceText = lastBounce
    ? fmt(t.case.bounceDetail, {
        dept: lk.deptName(lastBounce.actor.unitId ?? lastBounce.actor.id),
        at: fmtTime(lastBounce.at),
        reason: eventFacts(lastBounce, lk).join(' '),
      })
    : undefined;

  const details = [
    { key: 'code', label: t.case.code, children: c.code },
    {
      key: 'status',
      label: t.case.status,
      children: (
        <span data-testid="case-status" data-status={c.status}>
          {t.enums.statuses[c.status]}
        </span>
      ),
    },
    { key: 'source', label: t.case.source, children: t.enums.sources[c.source] },
    {
      key: 'item',
      label: t.case.catalogItem,
      children: item ? fmt(t.case.catalogItemRow, { code: item.code, name: item.name }) : t.app.dash,
    },
    { key: 'category', label: t.case.category, children: c.category ?? t.app.dash },
    { key: 'grade', label: t.case.grade, children: c.grade ? t.enums.grades[c.grade] : t.app.dash },
    { key: 'reportedAt', label: t.case.reportedAt, children: fmtTime(c.reportedAt) },
    { key: 'acceptedAt', label: t.case.acceptedAt, children: fmtTime(c.acceptedAt) },
    { key: 'dispatchedAt', label: t.case.dispatchedAt, children: fmtTime(c.dispatchedAt) },
    { key: 'lead', label: t.case.lead, children: <span data-testid="case-lead">{lk.deptName(c.leadDepartmentId) || t.app.dash}</span> },
    { key: 'co', label: t.case.co, children: c.coDepartmentIds.map((d) => lk.deptName(d)).join('、') || t.app.dash },
    { key: 'bounce', label: t.case.bounceCount, children: String(c.bounceCount) },
    {
      key: 'reporter',
      label: t.case.reporter,
      children: c.reporter ? `${c.reporter.name}${c.reporter.phone ? ` ${c.reporter.phone}` : ''}` : t.app.dash,
    },
    { key: 'ext', label: t.case.externalRef, children: c.externalRef ?? t.app.dash },
    { key: 'closedAt', label: t.case.closedAt, children: fmtTime(c.closedAt) },
    { key: 'sat', label: t.case.satisfaction, children: c.satisfaction ? t.enums.satisfaction[c.satisfaction] : t.app.dash },
    {
      key: 'desc',
      label: t.case.description,
      span: 3,
      children: <Typography.Paragraph className="case-desc">{c.description}</Typography.Paragraph>,
    },
  ];

  return (
    <div className="workbench" data-testid="case-workbench" data-case-id={c.id} data-version={c.version}>
      <div className="wb-head">
        <Tooltip title={t.shortcuts.back}>
          <Button icon={<ArrowLeftOutlined />} onClick={() => dispatch(navigate({ name: 'queue' }))} data-testid="case-back">
            {t.case.back}
          </Button>
        </Tooltip>
        <Typography.Title level={4} className="wb-title">
          <span className="wb-code">{c.code}</span> {c.title}
        </Typography.Title>
        <Tag color="blue">{t.enums.statuses[c.status]}</Tag>
        {pending.length > 0 && (
          <Tag color="orange" icon={<CloudUploadOutlined />} data-testid="case-pending-tag">
            {fmt(t.queue.pending, { n: pending.length })}
          </Tag>
        )}
        {c.grade && (
          <Tag color={c.grade === 'urgent' ? 'red' : c.grade === 'important' ? 'orange' : 'default'}>{t.enums.grades[c.grade]}</Tag>
        )}
        {c.mandatory && (
          <Tag color="volcano" data-testid="case-mandatory">
            {t.case.mandatory}
          </Tag>
        )}
        {c.fallback && <Tag color="purple">{t.case.fallback}</Tag>}
        {viewers.length > 0 && (
          <Tag icon={<EyeOutlined />} color="geekblue">
            {fmt(t.case.viewers, { names: viewers.map((v) => v.name).join('、') })}
          </Tag>
        )}
      </div>

      {c.upstreamIssue && (
        <Alert
          type="error"
          showIcon
          title={fmt(t.case.upstreamIssue, { message: c.upstreamIssue.message })}
          className="wb-alert"
          data-testid="upstream-issue"
        />
      )}
      {c.status === 'bounced' && (
        <Alert
          type="warning"
          showIcon
          title={t.case.bouncedBanner}
          description={bounceText}
          className="wb-alert"
          data-testid="bounced-banner"
        />
      )}
      {rejected.map((r) => (
        <Alert
          key={r.id}
          type="error"
          showIcon
          className="wb-alert"
          data-testid="rejected-item"
          title={fmt(t.case.rejectedItem, { action: t.enums.commands[r.command.type], reason: r.error?.message ?? '' })}
          description={t.case.rejectedHint}
          action={
            !readOnly && (
              <Button
                size="small"
                onClick={() => void dispatch(dismissOutboxItem(r.id)).then(() => dispatch(openCase(c.id)))}
                data-testid="rejected-dismiss"
              >
                {t.case.dismiss}
              </Button>
            )
          }
        />
      ))}

      <Row gutter={12}>
        <Col span={16}>
          <Card size="small" title={t.case.details} className="wb-card">
            <Descriptions size="small" column={3} items={details} />
          </Card>
          <Card size="small" title={t.case.location} className="wb-card">
            <Descriptions
              size="small"
              column={3}
              items={[
                { key: 'community', label: t.case.community, children: lk.community.get(c.communityId)?.name ?? c.communityId },
                {
                  key: 'grid',
                  label: t.case.grid,
                  children: `${lk.grid.get(c.gridId)?.name ?? ''} ${lk.grid.get(c.gridId)?.code ?? c.gridId}`,
                },
                {
                  key: 'worker',
                  label: t.case.gridWorker,
                  children: worker ? `${worker.name}${worker.phone ? ` ${worker.phone}` : ''}` : t.app.dash,
                },
                { key: 'address', label: t.case.address, span: 3, children: c.address },
              ]}
            />
          </Card>
          <Card size="small" title={t.case.attachments} className="wb-card">
            {c.attachments.length === 0 ? (
              <Typography.Text type="secondary">{t.case.noAttachments}</Typography.Text>
            ) : (
              <Space wrap>
                {c.attachments.map((a) => (
                  <Tag key={a.name} icon={a.kind === 'photo' ? <PaperClipOutlined /> : <FileOutlined />}>
                    {a.name}
                  </Tag>
                ))}
              </Space>
            )}
          </Card>
          <Card size="small" title={t.case.clocks} className="wb-card" data-testid="case-clocks">
            <ClockPanel clocks={c.clocks} calendar={ref?.calendar} lk={lk} />
          </Card>
          <Card size="small" title={t.case.urges} className="wb-card" data-testid="case-urges">
            {c.urges.length === 0 ? (
              <Typography.Text type="secondary">{t.case.noUrges}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={c.urges}
                renderItem={(u) => (
                  <List.Item
                    data-testid="urge-item"
                    data-urge-id={u.id}
                    actions={[
                      <Button key="print" size="small" icon={<PrinterOutlined />} onClick={() => setPrinting(u)} data-testid="urge-print">
                        {t.supervision.print}
                      </Button>,
                    ]}
                  >
                    <div>
                      <div>
                        {fmt(t.case.urgeRow, {
                          level: t.enums.urgeLevels[u.level],
                          dept: lk.deptName(u.departmentId),
                          at: fmtTime(u.issuedAt),
                          deadline: fmtTime(u.replyDeadline),
                        })}
                      </div>
                      <Typography.Text type="secondary">{u.message}</Typography.Text>
                      {u.reply ? (
                        <div className="urge-reply">
                          {fmt(t.case.replyRow, { at: fmtTime(u.reply.at), by: u.reply.by.name, text: u.reply.text })}
                        </div>
                      ) : (
                        <Tag color={u.replyDeadline < serverNow() ? 'red' : 'gold'}>
                          {u.replyDeadline < serverNow() ? t.supervision.overdueReply : t.supervision.awaiting}
                        </Tag>
                      )}
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card size="small" title={t.case.accountability} className="wb-card">
            {c.accountability.length === 0 ? (
              <Typography.Text type="secondary">{t.case.noAccountability}</Typography.Text>
            ) : (
              c.accountability.map((a) => (
                <div key={a.id} data-testid="accountability-item">
                  {fmt(t.case.accRow, {
                    kind: t.enums.accountabilityKinds[a.kind],
                    unit: lk.deptName(a.unitId),
                    at: fmtTime(a.recordedAt),
                    by: a.recordedBy.name,
                    text: a.text,
                  })}
                </div>
              ))
            )}
          </Card>
          <Card size="small" title={t.case.timeline} className="wb-card" data-testid="case-timeline">
            <CaseTimeline events={c.timeline} lk={lk} />
          </Card>
        </Col>
        <Col span={8}>
          <div className="wb-side">
            <Card size="small" title={t.case.actions} className="wb-card wb-actions" data-testid="case-actions">
              {readOnly ? (
                <Typography.Text type="secondary" data-testid="read-only-note">
                  {t.case.readOnly}
                </Typography.Text>
              ) : allowed.length === 0 ? (
                <Typography.Text type="secondary" data-testid="no-actions">
                  {t.case.noActions}
                </Typography.Text>
              ) : (
                <Space wrap>
                  {allowed.map((a) => {
                    const label = a === 'dispatch' && c.status === 'bounced' ? t.form.mandatoryDispatch : t.enums.commands[a];
                    const btn = (
                      <Button
                        key={a}
                        type={active === a ? 'primary' : 'default'}
                        danger={a === 'reject' || (a === 'dispatch' && c.status === 'bounced')}
                        onClick={() => setActive(active === a ? null : a)}
                        data-testid={`action-${a}`}
                      >
                        {label}
                      </Button>
                    );
                    return SHORTCUT[a] ? (
                      <Tooltip key={a} title={fmt(t.case.shortcutHint, { label, key: SHORTCUT[a]! })}>
                        {btn}
                      </Tooltip>
                    ) : (
                      btn
                    );
                  })}
                </Space>
              )}
              {active && !readOnly && actor && allowed.includes(active) && (
                <div className="wb-form">
                  <Typography.Title level={5}>
                    {active === 'dispatch' && c.status === 'bounced' ? t.form.mandatoryDispatch : t.enums.commands[active]}
                  </Typography.Title>
                  <CommandForm
                    key={active}
                    type={active}
                    caseState={c}
                    actor={actor}
                    onDone={() => setActive(null)}
                    onCancel={() => setActive(null)}
                  />
                </div>
              )}
            </Card>
            {pending.length > 0 && (
              <Card size="small" title={t.case.pendingTitle} className="wb-card wb-pending" data-testid="case-pending">
                {pending.map((p) => (
                  <div key={p.id} className="pending-item" data-testid="pending-item" data-type={p.command.type}>
                    <CloudUploadOutlined /> {fmt(t.case.pendingItem, { action: t.enums.commands[p.command.type] })}
                    <Typography.Text type="secondary"> {fmtTime(p.createdAt)}</Typography.Text>
                  </div>
                ))}
              </Card>
            )}
          </div>
        </Col>
      </Row>
      {printing && <NoticePrintDialog c={c} urge={printing} onClose={() => setPrinting(null)} />}
    </div>
  );
}
