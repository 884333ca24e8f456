/**
 * 考核评价: configurable weighted scoring of departments, communities, grid workers and the centre's
 * seats (inputs computed by the core: assessment.inputs); rankings with per-rule points; freezing a period
 * on the relay (assessment.freeze: immutable, shared by every workstation, reproducible exactly); a
 * printable assessment report (print stylesheet shows only the report).
 */
import { useMemo, useState } from 'react';
import { App, Alert, Button, Space, Tabs } from 'antd';
import { PrinterOutlined, SettingOutlined } from '@ant-design/icons';
import { type AssessmentKind, type FrozenAssessment, type ScoredObject } from '../../../shared/assessment/types.js';
import { scoreAll } from '../../../shared/assessment/scoring.js';
import { currentPeriod, type Period, useApi } from '../stats/kit/index.js';
import { liveOptions, liveView } from '../../store/serverApi.js';
import { assessmentQueries, frozenFor, type AssessmentData, type AssessmentListResult } from './data.js';
import { canFreezeAs, useFrozenCheck, useSessionRole } from './useFrozenCheck.js';
import { saveRefChange } from '../ref/index.js';
import { useAppDispatch } from '../../store/hooks.js';
import { a, fmt } from './strings.js';
import './print.css';
import { CFG, KINDS, canEditSchemes, checkScheme, schemesInForce, type PKind } from './scheme.js';
import { RankingTable } from './sections/RankingTable.js';
import { AssessmentReport } from './sections/AssessmentReport.js';
import { FrozenList } from './sections/FrozenList.js';
import { SchemeDrawer, type SchemeDraft } from './sections/SchemeDrawer.js';
import { SchemeInfo, schemeLine } from './sections/SchemeInfo.js';
import { FreezeControl, PeriodControls } from './sections/controls.js';
import { FrozenBanner } from './sections/FrozenBanner.js';

export default function AssessmentPage() {
  const api = useApi();
  const { message } = App.useApp();
  const [kind, setKind] = useState<AssessmentKind>('department');
  const [pkind, setPkind] = useState<PKind>('quarter');
  const [period, setPeriod] = useState<Period>(() => currentPeriod('quarter', Date.now(), CFG));
  const dispatch = useAppDispatch();
  const [editing, setEditing] = useState<SchemeDraft | null>(null);
  const [saving, setSaving] = useState(false);
  const [viewing, setViewing] = useState<FrozenAssessment | null>(null);
  const [freezing, setFreezing] = useState(false);
  const role = useSessionRole(api);
  const canFreeze = canFreezeAs(role);
  // Dispatchers, supervisors and the wall never see the editor (the core and relay refuse them as well).
  const canEdit = canEditSchemes(role);
  // Freezes come from other workstations too and make no case change: the relay announces each one.
  const fq = liveView<AssessmentListResult>(assessmentQueries.useFrozenListQuery(undefined, liveOptions()));
  const frozenList = fq.data?.assessments ?? [];
  const q = liveView<AssessmentData>(assessmentQueries.useAssessmentDataQuery({ from: period.from, to: period.to }, liveOptions()));
  const data = q.data;
  const cfg = data?.ref.calendar ?? CFG;
  // The street's schemes as the relay keeps them: every workstation ranks with the same version.
  const schemes = useMemo(() => schemesInForce(data?.ref), [data]);
  const scheme = viewing ? viewing.scheme : schemes[kind].scheme;
  const results: ScoredObject[] = useMemo(() => {
    if (viewing) return viewing.results;
    return data ? scoreAll(data.inputs, schemes[kind].scheme) : [];
  }, [viewing, data, schemes, kind]);
  const { check, live, liveSame } = useFrozenCheck(viewing);

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
        schemeVersion: schemes[kind].version,
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

  const saveScheme = async (draft: SchemeDraft) => {
    const checked = checkScheme(draft.scheme);
    if (!checked.ok) {
      void message.error(checked.text);
      return;
    }
    setSaving(true);
    try {
      await dispatch(saveRefChange({ section: 'assessmentScheme', value: { scheme: checked.scheme, basedOn: draft.basedOn } })).unwrap();
      setEditing(null);
      void message.success(fmt(a.schemeSaved, { version: draft.basedOn + 1 }));
    } catch (e) {
      void message.error(
        fmt(a.schemeSaveFailed, { msg: e instanceof Error ? e.message : String((e as { message?: unknown }).message ?? e) }),
      );
    } finally {
      setSaving(false);
      q.reload();
    }
  };

  const shownKind = viewing?.kind ?? kind;
  const shownPeriod = viewing ? viewing.period : { from: period.from, to: period.to, label: period.label };

  return (
    <div data-testid="assessment-page" style={{ padding: 16 }}>
      <div className="no-print">
        <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
          <PeriodControls pkind={pkind} onPkind={onPkind} period={period} setPeriod={setPeriod} cfg={cfg} />
          <Space wrap>
            {canEdit ? (
              <Button
                data-testid="edit-scheme"
                icon={<SettingOutlined />}
                onClick={() => setEditing({ scheme: schemes[kind].scheme, basedOn: schemes[kind].version })}
                disabled={viewing !== null || !data}
              >
                {a.editScheme}
              </Button>
            ) : null}
            <FreezeControl
              kind={kind}
              period={period}
              thisFrozen={thisFrozen}
              viewing={viewing}
              setViewing={setViewing}
              canFreeze={canFreeze}
              hasData={!!data}
              freezing={freezing}
              doFreeze={doFreeze}
            />
            <Button data-testid="print-report" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={results.length === 0}>
              {a.print}
            </Button>
          </Space>
        </Space>
        {q.error ? <Alert type="error" showIcon title={fmt(a.loadFailed, { msg: q.error })} style={{ marginBottom: 12 }} /> : null}
        {viewing ? (
          <FrozenBanner
            viewing={viewing}
            check={check}
            liveSame={liveSame}
            checkedAt={live.updatedAt}
            cfg={cfg}
            onBack={() => setViewing(null)}
          />
        ) : null}
        <Tabs
          activeKey={shownKind}
          onChange={(k) => !viewing && setKind(k as AssessmentKind)}
          items={KINDS.map((k) => ({ key: k, label: a.kinds[k], disabled: viewing !== null && k !== viewing.kind }))}
        />
      </div>

      <div className="no-print">
        <SchemeInfo line={schemeLine(schemes[shownKind], viewing, cfg)} scheme={scheme} kind={shownKind} />
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
        schemeText={schemeLine(schemes[shownKind], viewing, cfg)}
      />

      <FrozenList fq={fq} frozenList={frozenList} cfg={cfg} setViewing={setViewing} />

      {canEdit ? <SchemeDrawer editing={editing} setEditing={setEditing} saveScheme={(d) => void saveScheme(d)} saving={saving} /> : null}
    </div>
  );
}
