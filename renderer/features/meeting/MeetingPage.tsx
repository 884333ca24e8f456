/**
 * 会议模式: the secretary-led review meeting. An agenda built from the data, presenter controls (buttons,
 * PageDown/PageUp/arrows for a clicker, digits open a case), recording of meeting decisions (会议议定事项)
 * that become tracked cases (report → accept → dispatch with the meeting's deadline), and printable minutes.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App, Alert, Button, DatePicker, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { FullscreenOutlined, LeftOutlined, PrinterOutlined, RightOutlined, SolutionOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { CaseDetail } from '../../../shared/api.js';
import { formatLocal } from '../../../shared/calendar/localDay.js';
import { maskAddress, maskText } from '../../../shared/assessment/mask.js';
import { useApi, useLiveQuery, PrintPortal } from '../stats/kit/index.js';
import { fmt } from '../stats/strings.js';
import { buildAgenda, decisionCommands, presenterKey, sectionStarts, SECTIONS } from './agenda.js';
import { m } from './strings.js';
import './minutes.css';
import { CaseModal } from './CaseModal.js';
import { minutesLine } from './minutes.js';
import { type MeetingSession, loadSession, saveSession, newCaseId } from './session.js';
import { SlideView } from './slides/SlideView.js';
import { nameOf } from './slides/parts.js';
import { type MeetingData, loadMeeting } from './useMeetingData.js';

interface DecisionFormValues {
  content: string;
  departmentId: string;
  deadline: Dayjs;
  communityId: string;
  gridId: string;
}

export default function MeetingPage() {
  const api = useApi();
  const { message } = App.useApp();
  const q = useLiveQuery<MeetingData>(api, () => loadMeeting(api), [api], { refreshMs: 60_000, streams: ['changes', 'assessments'] });
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

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      if (decisionFor) return;
      const k = presenterKey(e.key);
      if (!k) return;
      if (k === 'close') return setOpenCase(null);
      if (openCase && k !== 'decision') return;
      e.preventDefault();
      if (k === 'next') go(index + 1);
      else if (k === 'back') go(index - 1);
      else if (k === 'first') go(0);
      else if (k === 'last') go(slides.length - 1);
      else if (k === 'decision') openDecision();
      else if (slide && (slide.section === 'overdue' || slide.section === 'urged')) {
        const r = slide.rows[k.open];
        if (r) setOpenCase(r.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, index, slides.length, slide, openCase, decisionFor, data]);

  const submitDecision = async () => {
    if (!data || !decisionFor) return;
    const v = await form.validateFields();
    const caseId = newCaseId();
    const related = decisionFor.related;
    const draft = {
      caseId,
      content: v.content.trim(),
      departmentId: v.departmentId,
      deadlineAt: v.deadline.valueOf(),
      communityId: v.communityId,
      gridId: v.gridId,
      address: related
        ? maskAddress(related.address) || related.address
        : `${data.ref.streetName}${nameOf(data.ref.communities, v.communityId)}`,
      ...(related ? { relatedCode: related.code } : {}),
      meetingName,
    };
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

  const communityId = Form.useWatch('communityId', form);
  const offset = data?.ref.calendar.utcOffsetMinutes ?? 480;

  return (
    <div data-testid="meeting-page" className="meeting-page">
      <div className="no-print meeting-layout">
        <aside className="meeting-agenda">
          <Typography.Title level={4}>{meetingName || m.title}</Typography.Title>
          {SECTIONS.map((sec) => {
            const start = starts.get(sec);
            const active = slide?.section === sec;
            return (
              <div
                key={sec}
                data-testid={`agenda-${sec}`}
                className={`meeting-agenda-item${active ? ' active' : ''}`}
                onClick={() => start !== undefined && go(start)}
              >
                {m.sections[sec]}
              </div>
            );
          })}
          <div className="meeting-hint">{m.keysHint}</div>
        </aside>
        <main className="meeting-main">
          {q.error ? <Alert type="error" showIcon title={fmt(m.loadFailed, { msg: q.error })} /> : null}
          <div className="meeting-slide" data-testid="meeting-slide" data-section={slide?.section ?? ''}>
            {slide && data ? <SlideView slide={slide} data={data} now={now} onOpen={(r) => setOpenCase(r.id)} session={session} /> : null}
          </div>
          <div className="meeting-controls">
            <Space size="large" wrap>
              <Button size="large" data-testid="meeting-back" icon={<LeftOutlined />} onClick={() => go(index - 1)} disabled={index === 0}>
                {m.back}
              </Button>
              <span data-testid="meeting-position" style={{ fontSize: 18 }}>
                {fmt(m.position, { i: Math.min(index, slides.length - 1) + 1, n: slides.length })}
              </span>
              <Button size="large" data-testid="meeting-next" onClick={() => go(index + 1)} disabled={index >= slides.length - 1}>
                {m.next} <RightOutlined />
              </Button>
              <Button
                size="large"
                type="primary"
                data-testid="record-decision"
                icon={<SolutionOutlined />}
                onClick={() => openDecision()}
                disabled={!data}
              >
                {m.recordDecision}
              </Button>
              <Button size="large" data-testid="print-minutes" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!data}>
                {m.printMinutes}
              </Button>
              <Button
                size="large"
                icon={<FullscreenOutlined />}
                onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
              >
                {m.fullscreen}
              </Button>
            </Space>
          </div>
        </main>
      </div>

      <CaseModal api={api} caseId={openCase} refData={data?.ref} onClose={() => setOpenCase(null)} onDecide={(c) => openDecision(c)} />

      <Modal
        open={decisionFor !== null}
        title={m.decisionForm.title}
        onCancel={() => setDecisionFor(null)}
        onOk={() => void submitDecision().catch(() => undefined)}
        okText={m.decisionForm.submit}
        okButtonProps={{ loading: submitting, ...({ 'data-testid': 'decision-submit' } as Record<string, string>) }}
        width={720}
        forceRender
      >
        {decisionFor?.related ? (
          <p>
            {m.decisionForm.related}：{decisionFor.related.code} {maskText(decisionFor.related.title)}
          </p>
        ) : null}
        <Form form={form} layout="vertical">
          <Form.Item
            name="content"
            label={m.decisionForm.content}
            rules={[{ required: true, whitespace: true, message: m.decisionForm.required }, { max: 1000 }]}
          >
            <Input.TextArea data-testid="decision-content" rows={3} placeholder={m.decisionForm.contentPlaceholder} />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item name="departmentId" label={m.decisionForm.department} rules={[{ required: true, message: m.decisionForm.required }]}>
              <Select
                data-testid="decision-dept"
                style={{ width: 220 }}
                showSearch
                optionFilterProp="label"
                options={(data?.ref.departments ?? []).map((d) => ({ value: d.id, label: d.shortName }))}
              />
            </Form.Item>
            <Form.Item
              name="deadline"
              label={m.decisionForm.deadline}
              rules={[
                { required: true, message: m.decisionForm.required },
                {
                  validator: (_r, v: Dayjs | undefined) =>
                    !v || v.valueOf() > Date.now() ? Promise.resolve() : Promise.reject(new Error(m.decisionForm.deadlineFuture)),
                },
              ]}
            >
              <DatePicker data-testid="decision-deadline" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
          </Space>
          <Space size="large" wrap>
            <Form.Item name="communityId" label={m.decisionForm.community} rules={[{ required: true }]}>
              <Select
                style={{ width: 200 }}
                options={(data?.ref.communities ?? []).map((c) => ({ value: c.id, label: c.name }))}
                onChange={(c: string) => form.setFieldValue('gridId', data?.ref.grids.find((g) => g.communityId === c)?.id)}
              />
            </Form.Item>
            <Form.Item name="gridId" label={m.decisionForm.grid} rules={[{ required: true }]}>
              <Select
                style={{ width: 240 }}
                options={(data?.ref.grids ?? []).filter((g) => g.communityId === communityId).map((g) => ({ value: g.id, label: g.name }))}
              />
            </Form.Item>
          </Space>
        </Form>
      </Modal>

      {data ? (
        <PrintPortal testId="minutes">
          <div className="minutes-print-area">
            <h1>
              {data.ref.centreName}
              <br />
              {meetingName}
              {m.minutes.title}
            </h1>
            <p>{fmt(m.minutes.time, { t: formatLocal(session.startedAt, { utcOffsetMinutes: offset }) })}</p>
            <p>{fmt(m.minutes.recorder, { recorder: user || '—' })}</p>
            <h2>{m.minutes.agenda}</h2>
            <ol data-testid="minutes-agenda">
              {SECTIONS.map((sec) => (
                <li key={sec}>
                  {m.sections[sec].replace(/^[一二三四五六]、/, '')}：{minutesLine(sec, slides, data, session)}
                </li>
              ))}
            </ol>
            <h2>{m.minutes.decisions}</h2>
            {session.decisions.length === 0 ? <p>{m.minutes.noDecisions}</p> : null}
            {session.decisions.length ? (
              <table className="minutes-table" data-testid="minutes-decisions">
                <thead>
                  <tr>
                    <th>{m.columns.no}</th>
                    <th>{m.columns.content}</th>
                    <th>{m.columns.dept}</th>
                    <th>{m.columns.deadline}</th>
                    <th>{m.columns.code}</th>
                  </tr>
                </thead>
                <tbody>
                  {session.decisions.map((d, i) => {
                    const row = data.tracked.rows.find((r) => r.id === d.caseId);
                    return (
                      <tr key={d.caseId}>
                        <td>{i + 1}</td>
                        <td>
                          {d.content}
                          {d.relatedCode ? `（关联案件 ${d.relatedCode}）` : ''}
                        </td>
                        <td>{nameOf(data.ref.departments, d.departmentId)}</td>
                        <td>{formatLocal(d.deadlineAt, { utcOffsetMinutes: offset })}</td>
                        <td>{row?.code ?? m.pending}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            ) : null}
            <p>{m.minutes.closing}</p>
            <p style={{ textAlign: 'right' }}>
              {fmt(m.minutes.issuer, { centre: data.ref.centreName, date: formatLocal(now, { utcOffsetMinutes: offset }).slice(0, 10) })}
            </p>
          </div>
        </PrintPortal>
      ) : null}
    </div>
  );
}
