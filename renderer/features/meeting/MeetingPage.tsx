/**
 * 会议模式: the secretary-led review meeting. An agenda built from the data, presenter controls (buttons,
 * PageDown/PageUp/arrows for a clicker, digits open a case), recording of meeting decisions (会议议定事项)
 * that become tracked cases (report → accept → dispatch with the meeting's deadline), the chair and
 * attendees (asked when a meeting starts), and printable minutes.
 *
 * Like the wall display it is a 1920x1080 design canvas covering the window, scaled with a CSS transform
 * (3840x2160 looks the same, only sharper); its dialogs, drop-downs and messages open inside the canvas
 * (ConfigProvider's popup container), so they scale with it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { App, Alert, Button, ConfigProvider, Form, type ThemeConfig } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { CaseDetail } from '../../../shared/api.js';
import { useApi } from '../stats/kit/index.js';
import { liveOptions, liveView } from '../../store/serverApi.js';
import { buildAgenda, decisionCommands, sectionStarts } from './agenda.js';
import { m, fmt } from './strings.js';
import './minutes.css';
import { CaseModal } from './CaseModal.js';
import { type MeetingSession, loadSession, saveSession, newCaseId } from './session.js';
import { SlideView } from './slides/SlideView.js';
import { nameOf } from './slides/parts.js';
import { type MeetingData, meetingQueries } from './useMeetingData.js';
import { DecisionModal, decisionDraft, type DecisionFormValues } from './DecisionModal.js';
import { RulingModal, type RulingFormValues } from './RulingModal.js';
import { PRECEDENT_RULING_ROLES } from '../../../shared/engine/precedentRuling.js';
import type { Precedent, UserRole } from '../../../shared/model.js';

import { MinutesPrint } from './MinutesPrint.js';
import { MeetingAgenda } from './MeetingAgenda.js';
import { MeetingControls } from './MeetingControls.js';
import { usePresenterKeys } from './usePresenterKeys.js';
import { MeetingInfoModal, type MeetingInfo } from './MeetingInfoModal.js';
import { CANVAS_H, CANVAS_W, useDesignCanvasFit } from '../../lib/designCanvas.js';
import { useAppDispatch } from '../../store/hooks.js';
import { navigate } from '../ui/index.js';
import { ConnectionIndicator } from '../sync/index.js';

/**
 * antd sizes on the canvas: read from the back of a meeting room (projector at 1080p). No motion: dialogs
 * appear at once, also where a 3840x2160 screen repaints slowly.
 */
const MEETING_THEME: ThemeConfig = {
  token: { motion: false, fontSize: 22, fontSizeLG: 24, controlHeight: 48, controlHeightLG: 60, controlHeightSM: 36, borderRadius: 8 },
};

export default function MeetingPage() {
  const fit = useDesignCanvasFit();
  const canvas = useRef<HTMLDivElement>(null);
  const container = useCallback(() => canvas.current ?? document.body, []);
  return (
    <div data-testid="meeting-page" className="meeting-page">
      <div
        ref={canvas}
        data-testid="meeting-canvas"
        data-scale={fit.scale}
        className="meeting-canvas"
        style={{ left: fit.left, top: fit.top, width: CANVAS_W, height: CANVAS_H, transform: `scale(${fit.scale})` }}
      >
        <ConfigProvider getPopupContainer={container} theme={MEETING_THEME}>
          <App className="meeting-app">
            <MeetingScreen />
          </App>
        </ConfigProvider>
      </div>
    </div>
  );
}

function MeetingScreen() {
  const api = useApi();
  const { message } = App.useApp();
  const q = liveView<MeetingData>(meetingQueries.useMeetingDataQuery(undefined, liveOptions(60_000)));
  const data = q.data;
  const [session, setSession] = useState<MeetingSession>(loadSession);
  const [index, setIndex] = useState(0);
  const [openCase, setOpenCase] = useState<string | null>(null);
  const [decisionFor, setDecisionFor] = useState<{ related?: CaseDetail['case'] } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [user, setUser] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const [overrule, setOverrule] = useState<Precedent | null>(null);
  const [ruling, setRuling] = useState(false);
  const [form] = Form.useForm<DecisionFormValues>();
  // A meeting starts by naming its chair and attendees (skipped, the dialog stays in the controls).
  const [infoOpen, setInfoOpen] = useState(() => session.chair === '' && session.attendees.length === 0 && session.decisions.length === 0);
  const dispatch = useAppDispatch();
  const now = Date.now();

  useEffect(() => saveSession(session), [session]);
  useEffect(() => {
    api.call('session.current', {}).then(
      (s) => {
        setUser(s?.user.name ?? '');
        setRole(s?.user.role ?? null);
      },
      () => undefined,
    );
  }, [api]);

  const slides = useMemo(
    () =>
      data
        ? buildAgenda({
            metrics: data.metrics,
            overdue: data.overdue.rows,
            overdueTotal: data.overdue.total,
            urged: data.urged.rows,
            precedents: data.ref.precedents,
            assessment: data.assessment.results,
          })
        : [],
    [data],
  );
  const slide = slides[Math.min(index, slides.length - 1)];
  const starts = useMemo(() => sectionStarts(slides), [slides]);
  const go = useCallback((i: number) => setIndex(Math.max(0, Math.min(slides.length - 1, i))), [slides.length]);

  const meetingName = data ? fmt(m.meetingName, { street: data.ref.streetName }) : '';

  const openDecision = (related?: CaseDetail['case']) => {
    setOpenCase(null);
    const ref = data?.ref;
    const communityId = related?.communityId ?? ref?.communities[0]?.id;
    const gridId = related?.gridId ?? ref?.grids.find((g) => g.communityId === communityId)?.id;
    form.setFieldsValue({
      content: '',
      departmentId: related?.leadDepartmentId ?? (undefined as unknown as string),
      deadline: dayjs().add(14, 'day').hour(18).startOf('hour'),
      communityId: communityId as string,
      gridId: gridId as string,
    });
    setDecisionFor(related ? { related } : {});
  };

  const info = useMemo<MeetingInfo>(() => ({ chair: session.chair, attendees: session.attendees }), [session.chair, session.attendees]);
  const saveInfo = (v: MeetingInfo) => {
    setSession((s) => ({ ...s, ...v }));
    setInfoOpen(false);
  };

  // The leadership group's review of a fallback ruling: 确认 at once, 改判 through its dialog.
  const rule = async (p: Precedent, decision: 'confirm' | 'overrule', v?: RulingFormValues) => {
    if (!data) return;
    setRuling(true);
    try {
      const value =
        decision === 'confirm'
          ? { precedentId: p.id, decision, note: m.ruling.confirmNote }
          : { precedentId: p.id, decision, departmentId: v!.departmentId, note: v!.note.trim() };
      await api.call('ref.update', { change: { section: 'precedentRuling', value } });
      const dept = nameOf(data.ref.departments, decision === 'confirm' ? p.departmentId : v!.departmentId);
      void message.success(fmt(decision === 'confirm' ? m.ruling.confirmed : m.ruling.overruled, { dept }));
      setOverrule(null);
      q.reload();
    } catch (e) {
      void message.error(fmt(m.ruling.failed, { msg: e instanceof Error ? e.message : String(e) }));
    } finally {
      setRuling(false);
    }
  };
  const canRule = role !== null && PRECEDENT_RULING_ROLES.includes(role as UserRole);

  // A dialog being filled in takes the keys.
  const dialog = decisionFor ?? (infoOpen || overrule ? {} : null);
  usePresenterKeys({ go, index, slides, slide, openCase, setOpenCase, decisionFor: dialog, openDecision, data });

  const submitDecision = async () => {
    if (!data || !decisionFor) return;
    const v = await form.validateFields();
    const caseId = newCaseId();
    const related = decisionFor.related;
    const draft = decisionDraft(v, { caseId, related, data, meetingName });
    setSubmitting(true);
    try {
      // In order: each command is decided against the case as the previous one left it.
      for (const command of decisionCommands(draft, data.ref)) await api.call('command.submit', { command });
      setSession((s) => ({
        ...s,
        decisions: [
          ...s.decisions,
          {
            caseId,
            content: draft.content,
            departmentId: draft.departmentId,
            deadlineAt: draft.deadlineAt,
            ...(related ? { relatedCode: related.code } : {}),
            at: Date.now(),
          },
        ],
      }));
      void message.success(fmt(m.submitted, { dept: nameOf(data.ref.departments, draft.departmentId) }));
      setDecisionFor(null);
      q.reload();
    } catch (e) {
      void message.error(fmt(m.submitFailed, { msg: e instanceof Error ? e.message : String(e) }));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <header className="meeting-header">
        <div className="meeting-header-title">
          <div className="meeting-header-name" data-testid="meeting-name">
            {meetingName || m.title}
          </div>
          <div className="meeting-header-sub">{data ? `${data.ref.centreName} · ${data.quarter.label}` : m.title}</div>
        </div>
        <div className="meeting-header-right">
          <ConnectionIndicator />
          <Button data-testid="meeting-exit" icon={<LogoutOutlined />} onClick={() => dispatch(navigate({ name: 'queue' }))}>
            {m.exit}
          </Button>
        </div>
      </header>
      <div className="no-print meeting-layout">
        <MeetingAgenda starts={starts} slide={slide} go={go} info={info} onInfo={() => setInfoOpen(true)} />
        <main className="meeting-main">
          {q.error ? <Alert type="error" showIcon title={fmt(m.loadFailed, { msg: q.error })} /> : null}
          <div className="meeting-slide" data-testid="meeting-slide" data-section={slide?.section ?? ''}>
            {slide && data ? (
              <SlideView
                slide={slide}
                data={data}
                now={now}
                onOpen={(r) => setOpenCase(r.id)}
                session={session}
                onRule={canRule ? (p, d) => (d === 'confirm' ? void rule(p, 'confirm') : setOverrule(p)) : undefined}
              />
            ) : null}
          </div>
          <MeetingControls
            index={index}
            count={slides.length}
            go={go}
            onRecord={() => openDecision()}
            onInfo={() => setInfoOpen(true)}
            hasData={!!data}
          />
        </main>
      </div>

      <CaseModal api={api} caseId={openCase} refData={data?.ref} onClose={() => setOpenCase(null)} onDecide={(c) => openDecision(c)} />

      <DecisionModal
        decisionFor={decisionFor}
        form={form}
        data={data}
        submitting={submitting}
        onCancel={() => setDecisionFor(null)}
        onOk={() => void submitDecision().catch(() => undefined)}
      />

      <RulingModal
        precedent={overrule}
        data={data}
        submitting={ruling}
        onCancel={() => setOverrule(null)}
        onOk={(v) => overrule && void rule(overrule, 'overrule', v)}
      />

      <MeetingInfoModal open={infoOpen} info={info} onCancel={() => setInfoOpen(false)} onSave={saveInfo} />

      {data ? <MinutesPrint data={data} slides={slides} session={session} meetingName={meetingName} user={user} now={now} /> : null}
    </>
  );
}
