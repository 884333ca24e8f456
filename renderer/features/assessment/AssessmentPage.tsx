/**
 * 考核评价: configurable weighted scoring of departments, communities, grid workers and the centre's
 * seats (inputs computed by the core: assessment.inputs); rankings with per-rule points; freezing a period
 * on the relay (assessment.freeze: immutable, shared by every workstation, reproducible exactly); a
 * printable assessment report (print stylesheet shows only the report).
 */
import { useEffect, useMemo, useState } from 'react';
import { App, Alert, Button, DatePicker, Popconfirm, Segmented, Space, Tabs, Tooltip, Typography, type ButtonProps } from 'antd';
import { LockOutlined, PrinterOutlined, SettingOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { type AssessmentScheme, type AssessmentKind, type FrozenAssessment, type ScoredObject } from '../../../shared/assessment/types.js';
import { frozenEvaluationInstant, liveMatchesFrozen, verifyFrozen } from '../../../shared/assessment/freeze.js';
import { scoreAll } from '../../../shared/assessment/scoring.js';
import { formatLocal } from '../../../shared/calendar/localDay.js';
import { skipToken } from '@reduxjs/toolkit/query/react';
import { currentPeriod, periodOf, type Period, useApi } from '../stats/kit/index.js';
import { liveOptions, liveView } from '../../store/serverApi.js';
import { assessmentQueries, frozenFor, type AssessmentData, type AssessmentListResult, type FrozenRecheck } from './data.js';
import { saveSchemeOverrides } from './schemeStore.js';
import { a, fmt } from './strings.js';
import './print.css';
import { CFG, KINDS, checkScheme, initialSchemes, type PKind } from './scheme.js';
import { RankingTable } from './sections/RankingTable.js';
import { AssessmentReport } from './sections/AssessmentReport.js';
import { FrozenList } from './sections/FrozenList.js';
import { SchemeDrawer } from './sections/SchemeDrawer.js';

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
  const fq = liveView<AssessmentListResult>(assessmentQueries.useFrozenListQuery(undefined, liveOptions()));
  const frozenList = fq.data?.assessments ?? [];
  const canFreeze = role === 'leader' || role === 'admin';
  const q = liveView<AssessmentData>(assessmentQueries.useAssessmentDataQuery({ from: period.from, to: period.to }, liveOptions()));
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
  const live = liveView<FrozenRecheck>(
    assessmentQueries.useFrozenRecheckQuery(
      viewing
        ? {
            id: viewing.id,
            query: {
              period: { from: viewing.period.from, to: viewing.period.to },
              kind: viewing.kind,
              at: frozenEvaluationInstant(viewing),
            },
          }
        : skipToken,
      liveOptions(),
    ),
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
    const checked = checkScheme(s);
    if (!checked.ok) {
      void message.error(checked.text);
      return;
    }
    const next = { ...schemes, [s.kind]: checked.scheme };
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

      <RankingTable results={results} scheme={scheme} shownKind={shownKind} loading={q.loading && !viewing && !data} />
      <AssessmentReport
        centreName={data?.ref.centreName ?? ''}
        shownPeriod={shownPeriod}
        shownKind={shownKind}
        scheme={scheme}
        results={results}
        cfg={cfg}
        viewing={viewing}
      />

      <FrozenList fq={fq} frozenList={frozenList} cfg={cfg} setViewing={setViewing} />

      <SchemeDrawer editing={editing} setEditing={setEditing} saveScheme={saveScheme} />
    </div>
  );
}
