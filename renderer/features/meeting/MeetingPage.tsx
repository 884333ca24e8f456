/**
 * 会议模式: the secretary-led review meeting. An agenda built from the data, presenter controls (buttons,
 * PageDown/PageUp/arrows for a clicker, digits open a case), recording of meeting decisions (会议议定事项)
 * that become tracked cases (report → accept → dispatch with the meeting's deadline), and printable minutes.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App, Alert, Form } from 'antd';
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
import { MinutesPrint } from './MinutesPrint.js';
import { MeetingAgenda } from './MeetingAgenda.js';
import { MeetingControls } from './MeetingControls.js';
import { usePresenterKeys } from './usePresenterKeys.js';

export default function MeetingPage() {
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
  const [form] = Form.useForm<DecisionFormValues>();
  const now = Date.now();

  useEffect(() => saveSession(session), [session]);
  useEffect(() => {
    api.call('session.current', {}).then(
      (s) => setUser(s?.user.name ?? ''),
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
      deadline: dayjs().add(14, 'day').hour(18).minute(0).second(0),
      communityId: communityId as string,
      gridId: gridId as string,
    });
    setDecisionFor(related ? { related } : {});
  };

  usePresenterKeys({ go, index, slides, slide, openCase, setOpenCase, decisionFor, openDecision, data });

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
    <div data-testid="meeting-page" className="meeting-page">
      <div className="no-print meeting-layout">
        <MeetingAgenda meetingName={meetingName} starts={starts} slide={slide} go={go} />
        <main className="meeting-main">
          {q.error ? <Alert type="error" showIcon title={fmt(m.loadFailed, { msg: q.error })} /> : null}
          <div className="meeting-slide" data-testid="meeting-slide" data-section={slide?.section ?? ''}>
            {slide && data ? <SlideView slide={slide} data={data} now={now} onOpen={(r) => setOpenCase(r.id)} session={session} /> : null}
          </div>
          <MeetingControls index={index} count={slides.length} go={go} onRecord={() => openDecision()} hasData={!!data} />
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

      {data ? <MinutesPrint data={data} slides={slides} session={session} meetingName={meetingName} user={user} now={now} /> : null}
    </div>
  );
}
