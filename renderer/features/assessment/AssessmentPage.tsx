/**
 * 考核评价: configurable weighted scoring of departments, communities, grid workers and the centre's
 * seats (inputs computed by the core: assessment.inputs); rankings with per-rule points; freezing a period
 * on the relay (assessment.freeze: immutable, shared by every workstation, reproducible exactly); a
 * printable assessment report (print stylesheet shows only the report).
 */
import { useEffect, useMemo, useState } from 'react';
import {
  App,
  Alert,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type ButtonProps,
} from 'antd';
import { LockOutlined, PrinterOutlined, SettingOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  AssessmentScheme,
  type AssessmentKind,
  type AssessmentRule,
  type FrozenAssessment,
  type ScoredObject,
} from '../../../shared/assessment/types.js';
import { DEFAULT_SCHEMES, INDICATORS } from '../../../shared/assessment/defaults.js';
import { frozenEvaluationInstant, liveMatchesFrozen, verifyFrozen } from '../../../shared/assessment/freeze.js';
import { describeRule, scoreAll } from '../../../shared/assessment/scoring.js';
import { formatLocal } from '../../../shared/calendar/localDay.js';
import { currentPeriod, periodOf, type Period } from '../stats/period.js';
import { fmt } from '../stats/strings.js';
import { useApi, useLiveQuery } from '../stats/useApi.js';
import { frozenFor, loadAssessmentData, loadFrozen, type AssessmentData } from './data.js';
import { loadSchemeOverrides, saveSchemeOverrides } from './schemeStore.js';
import { a } from './strings.js';
import { PrintPortal } from '../stats/PrintPortal.js';
import { streetOffset } from '../../lib/format.js';
import './print.css';

const KINDS: AssessmentKind[] = ['department', 'community', 'gridWorker', 'seat'];
const CFG = streetOffset();
type PKind = 'month' | 'quarter' | 'custom';

function initialSchemes(): Record<AssessmentKind, AssessmentScheme> {
  const over = loadSchemeOverrides();
  const out = {} as Record<AssessmentKind, AssessmentScheme>;
  for (const k of KINDS) {
    const parsed = AssessmentScheme.safeParse(over[k]);
    out[k] = parsed.success && parsed.data.kind === k ? parsed.data : AssessmentScheme.parse(DEFAULT_SCHEMES[k]);
  }
  return out;
}

function indicatorText(kind: AssessmentKind, indicator: string, value: number | null): string {
  if (value === null) return a.noData;
  const unit = INDICATORS[kind][indicator]?.unit ?? 'count';
  return unit === 'ratio' ? `${(value * 100).toFixed(1)}%` : unit === 'hours' ? `${value.toFixed(1)} 小时` : String(value);
}

function RuleEditor({ rule, onChange }: { rule: AssessmentRule; onChange: (r: AssessmentRule) => void }) {
  const r = a.rule;
  const pct = (v: number) => Math.round(v * 1000) / 10;
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      title={<Input value={rule.label} onChange={(e) => onChange({ ...rule, label: e.target.value })} aria-label={r.label} />}
    >
      <Space wrap>
        <Tag>{a.ruleTypes[rule.type]}</Tag>
        {rule.type !== 'perCount' ? (
          <span>
            {r.points}{' '}
            <InputNumber
              data-testid={`rule-${rule.id}-points`}
              min={0}
              max={100}
              value={rule.points}
              onChange={(v) => onChange({ ...rule, points: v ?? 0 })}
            />
          </span>
        ) : null}
        {rule.type === 'threshold' ? (
          <>
            <span>
              {r.threshold}{' '}
              <InputNumber
                min={0}
                max={100}
                value={pct(rule.threshold)}
                onChange={(v) => onChange({ ...rule, threshold: (v ?? 0) / 100 })}
              />
            </span>
            <span>
              {r.deductPerPoint}{' '}
              <InputNumber
                data-testid={`rule-${rule.id}-deduct`}
                min={0}
                max={100}
                step={0.1}
                value={rule.deductPerPoint}
                onChange={(v) => onChange({ ...rule, deductPerPoint: v ?? 0 })}
              />
            </span>
          </>
        ) : null}
        {rule.type === 'proportional' ? (
          <span>
            {r.target}{' '}
            <InputNumber
              min={1}
              max={100}
              value={pct(rule.target)}
              onChange={(v) => onChange({ ...rule, target: Math.max(0.01, (v ?? 100) / 100) })}
            />
          </span>
        ) : null}
        {rule.type === 'perCount' ? (
          <>
            <span>
              {r.perUnit}{' '}
              <InputNumber
                data-testid={`rule-${rule.id}-perUnit`}
                step={0.1}
                value={rule.perUnit}
                onChange={(v) => onChange({ ...rule, perUnit: v ?? 0 })}
              />
            </span>
            <span>
              {r.min} <InputNumber value={rule.min} onChange={(v) => onChange({ ...rule, min: v ?? 0 })} />
            </span>
            <span>
              {r.max} <InputNumber value={rule.max} onChange={(v) => onChange({ ...rule, max: v ?? 0 })} />
            </span>
          </>
        ) : null}
        <span>
          {r.noData}{' '}
          <Select
            value={rule.noData}
            style={{ width: 100 }}
            onChange={(v) => onChange({ ...rule, noData: v })}
            options={[
              { value: 'full', label: r.full },
              { value: 'zero', label: r.zero },
            ]}
          />
        </span>
      </Space>
    </Card>
  );
}

export default function AssessmentPage() {
  const api = useApi();
  const { message } = App.useApp();
  const [kind, setKind] = useState<AssessmentKind>('department');
  const [pkind, setPkind] = useState<PKind>('quarter');
  const [period, setPeriod] = useState<Period>(() => currentPeriod('quarter', Date.now(), CFG));
  const [schemes, setSchemes] = useState(initialSchemes);
  const [editing, setEditing] = useState<AssessmentScheme | null>(null);
  const [viewing, setViewing] = useState<FrozenAssessment | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const [freezing, setFreezing] = useState(false);

  useEffect(() => {
    api.call('session.current', {}).then(
      (s) => setRole(s?.user.role ?? null),
      () => undefined,
    );
  }, [api]);
  // Freezes come from other workstations too and make no case change: the relay announces each one.
  const fq = useLiveQuery(api, () => loadFrozen(api), [api], { streams: ['assessments'], debounceMs: 100 });
  const frozenList = fq.data?.assessments ?? [];
  const canFreeze = role === 'leader' || role === 'admin';
  const q = useLiveQuery<AssessmentData>(api, () => loadAssessmentData(api, { from: period.from, to: period.to }), [
    api,
    period.from,
    period.to,
  ]);
  const data = q.data;
  const cfg = data?.ref.calendar ?? CFG;
  const scheme = viewing ? viewing.scheme : schemes[kind];
  const results: ScoredObject[] = useMemo(() => {
    if (viewing) return viewing.results;
    return data ? scoreAll(data.inputs, schemes[kind]) : [];
  }, [viewing, data, schemes, kind]);
  const check = viewing ? verifyFrozen(viewing) : null;
  // The current data of the frozen record's period, recomputed at the instant the record was computed for
  // (its evaluatedAt): a running period's clocks moving on since the freeze are not a correction.
  const live = useLiveQuery(
    api,
    async () =>
      viewing
        ? {
            id: viewing.id,
            inputs: await api.call('assessment.inputs', {
              period: { from: viewing.period.from, to: viewing.period.to },
              kind: viewing.kind,
              at: frozenEvaluationInstant(viewing),
            }),
          }
        : null,
    [api, viewing?.id],
  );
  const liveSame = viewing && live.data && live.data.id === viewing.id ? liveMatchesFrozen(viewing, live.data.inputs) : null;

  const onPkind = (k: PKind) => {
    setPkind(k);
    if (k !== 'custom') setPeriod(currentPeriod(k, Date.now(), cfg));
  };

  const thisFrozen = frozenFor(frozenList, kind, period);

  const doFreeze = async () => {
    setFreezing(true);
    try {
      const f = await api.call('assessment.freeze', {
        kind,
        period: { from: period.from, to: period.to, label: period.label },
        scheme: schemes[kind],
      });
      setViewing(f);
      void message.success(fmt(a.frozenOk, { label: `${period.label} ${a.kinds[kind]}` }));
    } catch (e) {
      void message.error(fmt(a.freezeFailed, { msg: e instanceof Error ? e.message : String(e) }));
    } finally {
      setFreezing(false);
      fq.reload();
    }
  };

  const saveScheme = (s: AssessmentScheme) => {
    const parsed = AssessmentScheme.safeParse(s);
    if (!parsed.success) {
      void message.error(parsed.error.issues[0]?.message ?? '');
      return;
    }
    const next = { ...schemes, [s.kind]: parsed.data };
    setSchemes(next);
    saveSchemeOverrides(next);
    setEditing(null);
    void message.success(a.schemeSaved);
  };

  const shownKind = viewing?.kind ?? kind;
  const shownPeriod = viewing ? viewing.period : { from: period.from, to: period.to, label: period.label };

  return (
    <div data-testid="assessment-page" style={{ padding: 16 }}>
      <div className="no-print">
        <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {a.title}
            </Typography.Title>
            <Segmented<PKind>
              value={pkind}
              onChange={onPkind}
              options={(Object.keys(a.periodKinds) as PKind[]).map((k) => ({ value: k, label: a.periodKinds[k] }))}
            />
            {pkind === 'custom' ? (
              <DatePicker.RangePicker
                value={[dayjs(period.fromDay), dayjs(period.toDay)]}
                allowClear={false}
                onChange={(r: [Dayjs | null, Dayjs | null] | null) =>
                  r?.[0] && r[1] && setPeriod(periodOf('custom', r[0].format('YYYY-MM-DD'), cfg, r[1].format('YYYY-MM-DD')))
                }
              />
            ) : (
              <DatePicker
                picker={pkind}
                value={dayjs(period.fromDay)}
                allowClear={false}
                style={{ width: 180 }}
                format={() => period.label}
                onChange={(d: Dayjs | null) => d && setPeriod(periodOf(pkind, d.format('YYYY-MM-DD'), cfg))}
              />
            )}
          </Space>
          <Space wrap>
            <Button icon={<SettingOutlined />} onClick={() => setEditing(schemes[kind])} disabled={viewing !== null}>
              {a.editScheme}
            </Button>
            {thisFrozen && !viewing ? (
              <Button data-testid="view-this-frozen" icon={<LockOutlined />} onClick={() => setViewing(thisFrozen)}>
                {a.alreadyFrozen} · {a.viewThisFrozen}
              </Button>
            ) : (
              <Popconfirm
                title={fmt(a.freezeConfirmTitle, { label: period.label, kind: a.kinds[kind] })}
                description={
                  <div style={{ maxWidth: 360 }}>
                    {a.freezeConfirmBody}
                    {period.to > Date.now() ? <div>{a.freezeNotEnded}</div> : null}
                  </div>
                }
                okText={a.freezeOk}
                cancelText={a.freezeCancel}
                okButtonProps={{ 'data-testid': 'freeze-confirm' } as ButtonProps}
                onConfirm={() => doFreeze()}
                disabled={!data || viewing !== null || !canFreeze}
              >
                <Tooltip title={canFreeze ? undefined : a.freezeRolesOnly}>
                  <Button
                    data-testid="freeze"
                    icon={<LockOutlined />}
                    loading={freezing}
                    disabled={!data || viewing !== null || !canFreeze}
                  >
                    {a.freeze}
                  </Button>
                </Tooltip>
              </Popconfirm>
            )}
            <Button data-testid="print-report" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={results.length === 0}>
              {a.print}
            </Button>
          </Space>
        </Space>
        {q.error ? <Alert type="error" showIcon title={fmt(a.loadFailed, { msg: q.error })} style={{ marginBottom: 12 }} /> : null}
        {viewing ? (
          <Alert
            data-testid="frozen-banner"
            type={check?.ok ? 'success' : 'error'}
            showIcon
            style={{ marginBottom: 12 }}
            title={fmt(a.frozenBanner, {
              period: viewing.period.label,
              when: formatLocal(viewing.frozenAt, cfg),
              by: viewing.frozenBy || '—',
              at: formatLocal(frozenEvaluationInstant(viewing), cfg),
              digest: viewing.inputsDigest.slice(0, 12),
            })}
            description={
              <span data-testid="frozen-check" data-checked-at={live.updatedAt ?? undefined}>
                {check?.ok ? a.verifyOk : a.verifyFailed}
                {liveSame === null ? '' : `；${liveSame ? a.liveSame : a.liveChanged}`}
              </span>
            }
            action={<Button onClick={() => setViewing(null)}>{a.backToLive}</Button>}
          />
        ) : null}
        <Tabs
          activeKey={shownKind}
          onChange={(k) => !viewing && setKind(k as AssessmentKind)}
          items={KINDS.map((k) => ({ key: k, label: a.kinds[k], disabled: viewing !== null && k !== viewing.kind }))}
        />
      </div>

      <div data-testid="assessment-screen">
        <Table<ScoredObject>
          data-testid="ranking-table"
          size="small"
          rowKey="id"
          loading={q.loading && !viewing && !data}
          dataSource={results}
          pagination={results.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          columns={[
            { title: a.rank, dataIndex: 'rank', width: 64, align: 'center' },
            { title: a.object, dataIndex: 'label' },
            ...scheme.rules.map((r) => ({
              key: r.id,
              title: (
                <Tooltip title={describeRule(r, INDICATORS[shownKind][r.indicator]?.label ?? r.indicator)}>
                  <span>{INDICATORS[shownKind][r.indicator]?.label ?? r.indicator}</span>
                </Tooltip>
              ),
              align: 'right' as const,
              render: (_: unknown, o: ScoredObject) => {
                const it = o.items.find((x) => x.ruleId === r.id);
                if (!it) return '—';
                return (
                  <Tooltip title={`${a.indicator}：${indicatorText(shownKind, r.indicator, it.value)}`}>
                    <span data-testid={`score-${o.id}-${r.id}`}>
                      {it.points}
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
                        {it.noData ? '（无数据）' : `（${indicatorText(shownKind, r.indicator, it.value)}）`}
                      </Typography.Text>
                    </span>
                  </Tooltip>
                );
              },
            })),
            {
              title: a.total,
              dataIndex: 'total',
              align: 'right' as const,
              render: (t: number, o: ScoredObject) => (
                <b data-testid={`total-${o.id}`}>
                  {t} <Typography.Text type="secondary">/ {o.max}</Typography.Text>
                </b>
              ),
            },
          ]}
        />
      </div>
      <PrintPortal testId="assessment-report">
        <div className="assessment-print">
          <h1>{fmt(a.reportTitle, { centre: data?.ref.centreName ?? '', period: shownPeriod.label })}</h1>
          <p>
            {fmt(a.reportMeta, {
              kind: a.kinds[shownKind],
              scheme: scheme.name,
              version: scheme.version,
              from: formatLocal(shownPeriod.from, cfg).slice(0, 10),
              to: formatLocal(shownPeriod.to - 1, cfg).slice(0, 10),
            })}
          </p>
          <ol className="rules">
            {scheme.rules.map((r) => (
              <li key={r.id}>{describeRule(r, INDICATORS[shownKind][r.indicator]?.label ?? r.indicator)}</li>
            ))}
          </ol>
          <table>
            <thead>
              <tr>
                <th>{a.rank}</th>
                <th>{a.object}</th>
                {scheme.rules.map((r) => (
                  <th key={r.id}>{INDICATORS[shownKind][r.indicator]?.label ?? r.indicator}</th>
                ))}
                <th>{a.total}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((o) => (
                <tr key={o.id}>
                  <td className="c">{o.rank}</td>
                  <td>{o.label}</td>
                  {scheme.rules.map((r) => {
                    const it = o.items.find((x) => x.ruleId === r.id);
                    return (
                      <td key={r.id} className="r">
                        {it ? `${it.points}（${it.noData ? '无数据' : indicatorText(shownKind, r.indicator, it.value)}）` : '—'}
                      </td>
                    );
                  })}
                  <td className="r">
                    <b>{o.total}</b> / {o.max}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="footer">
            {fmt(a.reportFooter, {
              frozen: viewing
                ? fmt(a.reportFrozen, { when: formatLocal(viewing.frozenAt, cfg), digest: viewing.inputsDigest })
                : a.reportLive,
            })}
          </p>
        </div>
      </PrintPortal>

      <Card className="no-print" size="small" title={a.frozen} style={{ marginTop: 16 }}>
        {fq.error ? <Alert type="error" showIcon title={fmt(a.frozenLoadFailed, { msg: fq.error })} style={{ marginBottom: 8 }} /> : null}
        {fq.data?.offline ? (
          <Alert
            data-testid="frozen-offline"
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            title={
              fq.data.cachedAt === undefined ? a.frozenOfflineNever : fmt(a.frozenOffline, { when: formatLocal(fq.data.cachedAt, cfg) })
            }
          />
        ) : (
          <div style={{ marginBottom: 8, color: '#888' }}>{a.frozenShared}</div>
        )}
        <Table<FrozenAssessment>
          data-testid="frozen-table"
          size="small"
          rowKey="id"
          pagination={false}
          locale={{ emptyText: a.noFrozen }}
          loading={fq.loading && !fq.data}
          dataSource={frozenList}
          columns={[
            { title: a.frozenList.period, render: (_: unknown, f) => f.period.label },
            { title: a.frozenList.kind, render: (_: unknown, f) => a.kinds[f.kind] },
            { title: a.frozenList.frozenAt, render: (_: unknown, f) => formatLocal(f.frozenAt, cfg) },
            { title: a.frozenList.by, dataIndex: 'frozenBy' },
            { title: a.frozenList.digest, render: (_: unknown, f) => <code>{f.inputsDigest.slice(0, 12)}</code> },
            {
              title: a.frozenList.check,
              render: (_: unknown, f) => (verifyFrozen(f).ok ? <Tag color="green">✓ 一致</Tag> : <Tag color="red">✗ 已改动</Tag>),
            },
            {
              title: '',
              render: (_: unknown, f) => (
                <Button size="small" data-testid="view-frozen" onClick={() => setViewing(f)}>
                  {a.viewFrozen}
                </Button>
              ),
            },
          ]}
        />
      </Card>

      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        size={640}
        title={`${a.scheme} · ${editing ? a.kinds[editing.kind] : ''}`}
      >
        {editing ? (
          <Form layout="vertical">
            <Form.Item label={a.schemeVersion}>
              <Input
                data-testid="scheme-version"
                value={editing.version}
                onChange={(e) => setEditing({ ...editing, version: e.target.value })}
              />
            </Form.Item>
            {editing.rules.map((r, i) => (
              <RuleEditor
                key={r.id}
                rule={r}
                onChange={(nr) => setEditing({ ...editing, rules: editing.rules.map((x, j) => (j === i ? nr : x)) })}
              />
            ))}
            <Space>
              <Button type="primary" data-testid="save-scheme" onClick={() => saveScheme(editing)}>
                {a.saveScheme}
              </Button>
              <Button onClick={() => setEditing(AssessmentScheme.parse(DEFAULT_SCHEMES[editing.kind]))}>{a.resetScheme}</Button>
            </Space>
          </Form>
        ) : null}
      </Drawer>
    </div>
  );
}
