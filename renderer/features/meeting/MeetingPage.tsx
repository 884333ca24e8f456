/**
 * 会议模式: the secretary-led review meeting. An agenda built from the data, presenter controls (buttons,
 * PageDown/PageUp/arrows for a clicker, digits open a case), recording of meeting decisions (会议议定事项)
 * that become tracked cases (report → accept → dispatch with the meeting's deadline), and printable minutes.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App, Alert, Button, DatePicker, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { FullscreenOutlined, LeftOutlined, PrinterOutlined, RightOutlined, SolutionOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { CaseDetail, MetricValue, QueueResult, QueueRow } from '../../../shared/api.js';
import type { RefData } from '../../../shared/refData.js';
import { formatLocal } from '../../../shared/calendar/localDay.js';
import { maskAddress, maskName, maskPhone, maskText } from '../../../shared/assessment/mask.js';
import { AssessmentScheme, type ScoredObject } from '../../../shared/assessment/types.js';
import { DEFAULT_SCHEMES } from '../../../shared/assessment/defaults.js';
import { scoreAll } from '../../../shared/assessment/scoring.js';
import type { ApiClient } from '../../api/client.js';
import { frozenFor, loadAssessmentData, loadFrozen } from '../assessment/data.js';
import { loadSchemeOverrides } from '../assessment/schemeStore.js';
import { STATUS_LABELS } from '../stats/exportXlsx.js';
import { overdueSpan } from '../wall/overdue.js';
import { clockMeasure } from '../../../shared/clocks.js';
import { formatMetric, metricById } from '../stats/format.js';
import { currentPeriod, type Period } from '../stats/period.js';
import { fmt } from '../stats/strings.js';
import { useApi, useLiveQuery } from '../stats/useApi.js';
import { buildAgenda, decisionCommands, presenterKey, sectionStarts, SECTIONS, type Slide } from './agenda.js';
import { m } from './strings.js';
import { t } from '../../i18n/zh-CN.js';
import { PrintPortal } from '../stats/PrintPortal.js';
import { streetOffset } from '../../lib/format.js';
import './minutes.css';

interface MeetingDecision {
  caseId: string;
  content: string;
  departmentId: string;
  deadlineAt: number;
  relatedCode?: string;
  at: number;
}
interface MeetingSession {
  id: string;
  startedAt: number;
  decisions: MeetingDecision[];
}

const SESSION_KEY = 'grid.meeting.current.v1';
function loadSession(): MeetingSession {
  try {
    const v = JSON.parse(window.localStorage.getItem(SESSION_KEY) ?? 'null') as MeetingSession | null;
    if (v && typeof v.id === 'string' && Array.isArray(v.decisions)) return v;
  } catch {
    /* a damaged session starts a new meeting */
  }
  return { id: `mt-${Date.now().toString(36)}`, startedAt: Date.now(), decisions: [] };
}
const saveSession = (s: MeetingSession) => window.localStorage.setItem(SESSION_KEY, JSON.stringify(s));

const newCaseId = () => `mt-${globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`}`;

interface MeetingData {
  ref: RefData;
  quarter: Period;
  metrics: MetricValue[];
  overdue: QueueResult;
  urged: QueueResult;
  tracked: QueueResult;
  assessment: { results: ScoredObject[]; scheme: AssessmentScheme; frozen: boolean };
}

async function loadMeeting(api: ApiClient): Promise<MeetingData> {
  const ref = await api.call('ref.get', {});
  const quarter = currentPeriod('quarter', Date.now(), ref.calendar);
  const span = { from: quarter.from, to: quarter.to };
  const [stats, overdue, urged, tracked, ass, frozenList] = await Promise.all([
    api.call('stats.query', { period: span, groupBy: 'none' }),
    api.call('queue.list', { tab: 'overdue', sort: { field: 'deadline', dir: 'asc' }, limit: 100 }),
    api.call('queue.list', { tab: 'all', urged: true, sort: { field: 'updatedAt', dir: 'desc' }, limit: 200 }),
    api.call('queue.list', { tab: 'all', source: 'meeting', sort: { field: 'reportedAt', dir: 'desc' }, limit: 50 }),
    loadAssessmentData(api, span),
    // The meeting still runs when the shared list cannot be read: it then shows live scores.
    loadFrozen(api, { kind: 'department', period: span }).catch(() => null),
  ]);
  // The frozen department result of this quarter (shared on the relay), if any; else live scores with the saved scheme.
  const frozen = frozenList ? frozenFor(frozenList.assessments, 'department', quarter) : undefined;
  const saved = AssessmentScheme.safeParse(loadSchemeOverrides()['department']);
  const scheme = frozen?.scheme ?? (saved.success ? saved.data : AssessmentScheme.parse(DEFAULT_SCHEMES.department));
  const results = frozen?.results ?? scoreAll(ass.inputs, scheme);
  return { ref, quarter, metrics: stats.metrics, overdue, urged, tracked, assessment: { results, scheme, frozen: frozen !== undefined } };
}

const nameOf = (list: readonly { id: string; name: string; shortName?: string }[] | undefined, id: string | undefined) => {
  const x = id && list ? list.find((e) => e.id === id) : undefined;
  return x ? (x.shortName ?? x.name) : '—';
};

function overdueText(r: QueueRow, ref: RefData, now: number): string {
  const late = r.clocks
    .filter((k) => k.stoppedAt === undefined && k.pausedAt === undefined && k.deadline < now)
    .sort((a, b) => a.deadline - b.deadline)[0];
  return late ? `超期 ${overdueSpan(clockMeasure(late, ref.calendar).between(late.deadline, now), late.natural)}` : '';
}

const big = { fontSize: 22 } as const;
const tagBig = { fontSize: 16, lineHeight: '26px', padding: '0 10px' } as const;

function CaseRows({
  rows,
  refData: ref,
  now,
  offset,
  onOpen,
  kind,
}: {
  rows: QueueRow[];
  refData: RefData;
  now: number;
  offset: number;
  onOpen: (r: QueueRow) => void;
  kind: 'overdue' | 'urged';
}) {
  return (
    <table className="meeting-table" data-testid={`slide-rows-${kind}`}>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.id} data-testid="slide-case" onClick={() => onOpen(r)} style={{ cursor: 'pointer' }}>
            <td className="num">{i + 1}</td>
            <td>
              <div style={{ fontWeight: 600 }}>{maskText(r.title)}</div>
              <div className="sub">
                {r.code} · {nameOf(ref.communities, r.communityId)} · {maskAddress(r.address)}
              </div>
            </td>
            <td>{nameOf(ref.departments, r.leadDepartmentId)}</td>
            <td className="right" style={{ color: kind === 'overdue' ? '#cf1322' : '#d46b08', fontWeight: 600 }}>
              {kind === 'overdue' ? overdueText(r, ref, now) : fmt(m.urgeCount, { n: r.urgeCount })}
            </td>
            <td className="sub right">{formatLocal(r.reportedAt, { utcOffsetMinutes: offset }).slice(5)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SlideView({
  slide,
  data,
  now,
  onOpen,
  session,
}: {
  slide: Slide;
  data: MeetingData;
  now: number;
  onOpen: (r: QueueRow) => void;
  session: MeetingSession;
}) {
  const offset = data.ref.calendar.utcOffsetMinutes;
  const head = (
    <h2 className="meeting-slide-title" data-testid="slide-title">
      {m.sections[slide.section]}
      {slide.pages > 1 ? fmt(m.page, { page: slide.page, pages: slide.pages }) : ''}
      {'total' in slide ? <Tag style={{ marginLeft: 16, fontSize: 20, padding: '4px 12px' }}>{slide.total} 项</Tag> : null}
    </h2>
  );
  switch (slide.section) {
    case 'overview':
      return (
        <div>
          {head}
          <div style={{ ...big, marginBottom: 12, color: '#666' }}>{data.quarter.label}</div>
          <div className="meeting-figures">
            {[
              'reported',
              'closed',
              'onTimeClosureRate',
              'onTimeClosureRateStrict',
              'overdueNow',
              'satisfactionRate',
              'bounceRate',
              'avgHandlingHours',
            ].map((id) => {
              const v = metricById(slide.metrics, id);
              return v ? (
                <div key={id} className="meeting-figure" data-testid={`meeting-figure-${id}`}>
                  <div className="label">{v.label}</div>
                  <div className="value">{formatMetric(v.value, v.unit)}</div>
                  <div className="sub">{v.formula}</div>
                </div>
              ) : null;
            })}
          </div>
        </div>
      );
    case 'overdue':
    case 'urged':
      return (
        <div>
          {head}
          {slide.rows.length === 0 ? (
            <div style={big}>{m.noItems}</div>
          ) : (
            <CaseRows rows={slide.rows} refData={data.ref} now={now} offset={offset} onOpen={onOpen} kind={slide.section} />
          )}
        </div>
      );
    case 'precedents':
      return (
        <div>
          {head}
          {slide.items.length === 0 ? <div style={big}>{m.noItems}</div> : null}
          <table className="meeting-table">
            <tbody>
              {slide.items.map((p, i) => (
                <tr key={p.id} data-testid="slide-precedent">
                  <td className="num">{i + 1}</td>
                  <td>
                    <div style={{ fontWeight: 600 }}>
                      {fmt(m.precedentRow, { dept: nameOf(data.ref.departments, p.departmentId), reason: maskText(p.reason) })}
                    </div>
                    <div className="sub">
                      {[p.category, nameOf(data.ref.communities, p.communityId), p.keywords.join('、')]
                        .filter((x) => x && x !== '—')
                        .join(' · ')}
                    </div>
                  </td>
                  <td className="sub right">
                    {fmt(m.ruledBy, { by: p.ruledBy.name, at: formatLocal(p.ruledAt, { utcOffsetMinutes: offset }).slice(0, 10) })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'assessment':
      return (
        <div>
          {head}
          <div style={{ ...big, color: '#666', marginBottom: 8 }}>
            {fmt(m.assessmentFrom, {
              scheme: data.assessment.scheme.name,
              version: data.assessment.scheme.version,
              period: data.quarter.label,
            })}{' '}
            · {data.assessment.frozen ? m.assessmentFrozen : m.assessmentLive}
          </div>
          <table className="meeting-table">
            <tbody>
              {slide.results.map((r) => (
                <tr key={r.id} data-testid="slide-score">
                  <td className="num">{fmt(m.rank, { n: r.rank })}</td>
                  <td style={{ fontWeight: 600 }}>{r.label}</td>
                  <td className="sub">{r.items.map((it) => `${it.label.split('，')[0]} ${it.points}`).join('；')}</td>
                  <td className="right" style={{ fontWeight: 700, fontSize: 26 }}>
                    {fmt(m.totalScore, { total: r.total })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'decisions': {
      const mine = new Set(session.decisions.map((d) => d.caseId));
      const rows = data.tracked.rows;
      return (
        <div>
          {head}
          <div style={{ ...big, marginBottom: 8 }}>{m.tracked}</div>
          <table className="meeting-table" data-testid="decision-rows">
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td style={big}>{m.noItems}</td>
                </tr>
              ) : null}
              {rows.slice(0, 10).map((r, i) => {
                const overdue = r.clocks.some((k) => k.stoppedAt === undefined && k.pausedAt === undefined && k.deadline < now);
                const deadline = r.clocks.find((k) => k.kind === 'handling' && k.stoppedAt === undefined)?.deadline;
                return (
                  <tr key={r.id} data-testid="decision-row" onClick={() => onOpen(r)} style={{ cursor: 'pointer' }}>
                    <td className="num">{i + 1}</td>
                    <td>
                      <div style={{ fontWeight: 600 }}>
                        {r.title.replace(/^【会议议定】/, '')}{' '}
                        {mine.has(r.id) ? (
                          <Tag color="blue" style={tagBig}>
                            {m.thisMeeting}
                          </Tag>
                        ) : null}
                      </div>
                      <div className="sub">{r.code}</div>
                    </td>
                    <td>{nameOf(data.ref.departments, r.leadDepartmentId)}</td>
                    <td className="sub">{deadline ? formatLocal(deadline, { utcOffsetMinutes: offset }) : ''}</td>
                    <td className="right">
                      {r.pendingCount > 0 ? <Tag style={tagBig}>{m.pending}</Tag> : null}
                      {overdue ? (
                        <Tag color="red" style={tagBig}>
                          {m.clockOverdue}
                        </Tag>
                      ) : (
                        <Tag color="green" style={tagBig}>
                          {STATUS_LABELS[r.status]}
                        </Tag>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      );
    }
  }
}

function CaseModal({
  api,
  caseId,
  refData: ref,
  onClose,
  onDecide,
}: {
  api: ApiClient;
  caseId: string | null;
  refData: RefData | undefined;
  onClose: () => void;
  onDecide: (c: CaseDetail['case']) => void;
}) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!caseId) return;
    setDetail(null);
    setError(null);
    api.call('case.get', { id: caseId }).then(setDetail, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [api, caseId]);
  const c = detail?.case;
  const offset = streetOffset(ref?.calendar).utcOffsetMinutes;
  const cm = m.caseModal;
  return (
    <Modal
      open={caseId !== null}
      onCancel={onClose}
      width={1000}
      title={c ? `${c.code} ${maskText(c.title)}` : m.caseModal.title}
      footer={
        c ? (
          <Button type="primary" data-testid="decide-from-case" icon={<SolutionOutlined />} onClick={() => onDecide(c)}>
            {m.recordDecision}
          </Button>
        ) : null
      }
    >
      {error ? <Alert type="error" title={error} /> : null}
      {c ? (
        <div data-testid="meeting-case" style={{ fontSize: 18 }}>
          <p>
            {cm.status}：{STATUS_LABELS[c.status]}
            {'\u3000'}
            {cm.community}：{nameOf(ref?.communities, c.communityId)}
            {'\u3000'}
            {cm.address}：{maskAddress(c.address)}
            {'\u3000'}
            {cm.lead}：{nameOf(ref?.departments, c.leadDepartmentId)}
          </p>
          <p>
            {cm.description}：{maskText(c.description)}
          </p>
          {c.reporter ? (
            <p>
              报告人：{maskName(c.reporter.name)} {maskPhone(c.reporter.phone)}
            </p>
          ) : null}
          <Typography.Title level={5}>{cm.timeline}</Typography.Title>
          <ul style={{ maxHeight: 300, overflow: 'auto' }}>
            {c.timeline.map((e) => (
              <li key={e.id}>
                {formatLocal(e.at, { utcOffsetMinutes: offset })} {e.actor.name} {t.enums.events[e.type]} {e.note ? `：${maskText(e.note)}` : ''}
              </li>
            ))}
          </ul>
          {c.urges.length ? (
            <>
              <Typography.Title level={5}>{cm.urges}</Typography.Title>
              <ul>
                {c.urges.map((u) => (
                  <li key={u.id}>
                    {formatLocal(u.issuedAt, { utcOffsetMinutes: offset })} {u.message} {u.reply ? `（已回复：${u.reply.text}）` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}

/** One line of the minutes' agenda, with what the meeting saw under it. */
function minutesLine(sec: (typeof SECTIONS)[number], slides: readonly Slide[], data: MeetingData, session: MeetingSession): string {
  const first = slides.find((x) => x.section === sec);
  const metric = (id: string) => {
    const v = metricById(data.metrics, id);
    return v ? formatMetric(v.value, v.unit) : '—';
  };
  switch (sec) {
    case 'overview':
      return fmt(m.minutes.overview, {
        period: data.quarter.label,
        reported: metric('reported'),
        closed: metric('closed'),
        onTime: metric('onTimeClosureRate'),
      });
    case 'decisions':
      return fmt(m.minutes.count, { n: session.decisions.length });
    default:
      return fmt(m.minutes.count, { n: first && 'total' in first ? first.total : 0 });
  }
}

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
  const offset = streetOffset(data?.ref.calendar).utcOffsetMinutes;

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
