/**
 * Case workbench: all details, location, attachments, clocks with history, the timeline, urge notices and
 * accountability, and every action the engine allows for the user's role as a validated form.
 * Pending actions show as 待同步; rejected ones show their reason and what to do.
 */
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Col, Empty, Row, Spin } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import type { CommandType } from '../../../shared/commands.js';
import type { UrgeNotice } from '../../../shared/model.js';
import type { OutboxItem } from '../../../shared/api.js';
import { actorOf } from '../../../shared/actor.js';
import { allowedCommands } from '../../../shared/engine/index.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { closeCase, openCase } from './caseSlice.js';
import { navigate } from '../ui/index.js';
import { dismissOutboxItem } from '../sync/index.js';
import { useLookups, useRefData } from '../ref/index.js';
import { ClockPanel } from './ClockPanel.js';
import { CaseTimeline } from './CaseTimeline.js';
import { NoticePrintDialog } from '../notice/index.js';
import { t } from '../../i18n/zh-CN.js';
import { serverNow } from '../../lib/ticker.js';
import { isTypingTarget } from '../../lib/keyboard.js';
import { keyAction } from './shortcuts.js';
import { CaseHeader, caseDistrictState } from './workbench/CaseHeader.js';
import { CaseAlerts } from './workbench/CaseAlerts.js';
import { CaseDetailsCards } from './workbench/CaseDetailsCards.js';
import { LocationCard } from './workbench/LocationCard.js';
import { UrgesCards } from './workbench/UrgesCards.js';
import { ActionsCard } from './workbench/ActionsCard.js';
import { PendingCard } from './workbench/PendingCard.js';
import { CaseSheetDialog } from './print/CaseSheet.js';
import { print as printText } from '../../i18n/zh-CN/print.js';

/** Order of the action buttons: the main path first. */
const ORDER: CommandType[] = [
  'accept',
  'dispatch',
  'verify',
  'close',
  'reopen',
  'decideExtension',
  'decidePark',
  'resume',
  'urge',
  'recordAccountability',
  'requestPark',
  'reject',
  'selfHandle',
  'merge',
  'unmerge',
  'link',
  'unlink',
  'locate',
  'sign',
  'bounce',
  'reportResult',
  'requestExtension',
  'replyUrge',
];

export function CaseWorkbench() {
  const dispatch = useAppDispatch();
  const route = useAppSelector((s) => s.ui.route);
  const { detail, loading, error } = useAppSelector((s) => s.case);
  const districtLink = useAppSelector((s) => s.sync.status?.district);
  const { message } = App.useApp();
  const user = useAppSelector((s) => s.session.info?.user);
  const ref = useRefData();
  const syncRejected = useAppSelector((s) => s.sync.rejected);
  const lk = useLookups();
  const [active, setActive] = useState<CommandType | null>(null);
  const [printing, setPrinting] = useState<UrgeNotice | null>(null);
  const [sheetAt, setSheetAt] = useState<number | null>(null);
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
      // So does an open image preview (an attachment shown full size): Escape closes it, not the case.
      if (document.querySelector('.ant-image-preview:not([style*="display: none"])')) return;
      if (e.key === 'Escape') {
        if (active) setActive(null);
        else dispatch(navigate({ name: 'queue' }));
      } else {
        const act = c ? keyAction(e.key, allowed, user?.role, c.status) : null;
        if (!act) return;
        if ('open' in act) setActive(act.open);
        else void message.info({ content: act.refuse, key: 'shortcut-refused' });
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, allowed, dispatch, c, user?.role, message]);

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

  return (
    <div className="workbench" data-testid="case-workbench" data-case-id={c.id} data-version={c.version}>
      <CaseHeader
        c={c}
        pendingCount={pending.length}
        district={caseDistrictState(districtLink, c.id)}
        viewers={viewers}
        onBack={() => dispatch(navigate({ name: 'queue' }))}
      />

      <CaseAlerts
        c={c}
        lk={lk}
        rejected={rejected}
        readOnly={readOnly}
        onDismiss={(id) => void dispatch(dismissOutboxItem(id)).then(() => dispatch(openCase(c.id)))}
      />

      <Row gutter={12}>
        <Col span={16}>
          <CaseDetailsCards c={c} lk={lk} />
          <LocationCard
            c={c}
            lk={lk}
            refData={ref ?? null}
            canMerge={allowed.includes('merge')}
            onOpen={(id) => dispatch(navigate({ name: 'case', caseId: id }))}
            onMerge={(id) => dispatch(navigate({ name: 'case', caseId: c.id, action: 'merge', target: id }))}
          />
          <Card size="small" title={t.case.clocks} className="wb-card" data-testid="case-clocks">
            <ClockPanel clocks={c.clocks} calendar={ref?.calendar} lk={lk} />
          </Card>
          <UrgesCards c={c} lk={lk} onPrint={setPrinting} />
          <Card size="small" title={t.case.timeline} className="wb-card" data-testid="case-timeline">
            <CaseTimeline events={c.timeline} lk={lk} />
          </Card>
        </Col>
        <Col span={8}>
          <div className="wb-side">
            <Button block icon={<PrinterOutlined />} onClick={() => setSheetAt(serverNow())} data-testid="case-sheet-open">
              {printText.sheet.action}
            </Button>
            <ActionsCard
              c={c}
              allowed={allowed}
              active={active}
              setActive={setActive}
              readOnly={readOnly}
              actor={actor}
              target={route.target}
            />
            {pending.length > 0 && <PendingCard pending={pending} />}
          </div>
        </Col>
      </Row>
      {sheetAt !== null && (
        <CaseSheetDialog c={c} lk={lk} centre={ref?.centreName ?? t.app.title} printedAt={sheetAt} onClose={() => setSheetAt(null)} />
      )}
      {printing && <NoticePrintDialog c={c} urge={printing} onClose={() => setPrinting(null)} />}
    </div>
  );
}
