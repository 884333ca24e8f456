/**
 * 操作日志: who did what and when, across cases and the reference data (supervisors, leaders, admins):
 * filtered by user, unit, kind (案件 / 基础数据), entry type or reference-data section and period, paged, a
 * case entry opening its case; exported to Excel (all matching entries, up to 5,000).
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Select, Space, Table, Typography, type SelectProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { DownloadOutlined } from '@ant-design/icons';
import type ExcelJS from 'exceljs';
import type { AuditQuery, AuditResult, AuditRow } from '../../../shared/api.js';
import { CaseEventType } from '../../../shared/gridEvent.js';
import { useApi } from '../stats/kit/index.js';
import { liveOptions, liveView, serverApi, type ServerCall } from '../../store/serverApi.js';
import { useLookups, useRefData } from '../ref/index.js';
import { navigate } from '../ui/index.js';
import { useAppDispatch } from '../../store/hooks.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtTime, streetOffset } from '../../lib/format.js';
import { buildAuditWorkbook } from './auditWorkbook.js';
import { refAuditText, refSectionLabel } from './refAuditText.js';
import { downloadBlob, XLSX_TYPE } from '../../lib/download.js';

const PAGE = 50;
const EXPORT_MAX = 5000;

/** The operation log through the renderer's one data layer; the case log's changes refetch it. */
const auditQueries = serverApi.injectEndpoints({
  endpoints: (b) => ({
    auditList: b.query<AuditResult, AuditQuery>({
      query: (input): ServerCall<'audit.list'> => ({ method: 'audit.list', input }),
      providesTags: ['Cases'],
    }),
  }),
});

export default function AuditPage() {
  const api = useApi();
  const ref = useRefData();
  const lk = useLookups();
  const dispatch = useAppDispatch();
  const { message } = App.useApp();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(7, 'day').startOf('day'), dayjs().endOf('day')]);
  const [actorId, setActorId] = useState<string | undefined>();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [kind, setKind] = useState<AuditQuery['kind']>();
  // One select for both: a case entry type, or 'ref:<section>' for a reference-data section.
  const [type, setType] = useState<string | undefined>();
  const [page, setPage] = useState(1);

  const query = useMemo(
    (): AuditQuery => ({
      period: { from: range[0].valueOf(), to: range[1].valueOf() },
      ...(actorId ? { actorId } : {}),
      ...(unitId ? { unitId } : {}),
      ...(kind ? { kind } : {}),
      ...(type?.startsWith('ref:') ? { section: type.slice(4) } : type ? { type: type as NonNullable<AuditQuery['type']> } : {}),
      offset: (page - 1) * PAGE,
      limit: PAGE,
    }),
    [range, actorId, unitId, kind, type, page],
  );
  const { data: res, error, loading } = liveView<AuditResult>(auditQueries.useAuditListQuery(query, liveOptions()));

  const unitName = (id: string | undefined) => (!id ? t.app.dash : id === 'centre' ? t.audit.centre : lk.deptName(id));
  const users = (ref?.users ?? [])
    .filter((u) => u.role !== 'wall')
    .map((u) => ({ value: u.id, label: fmt(t.audit.userOption, { name: u.name, role: t.enums.roles[u.role] }) }));
  const units = [{ value: 'centre', label: t.audit.centre }, ...(ref?.departments ?? []).map((d) => ({ value: d.id, label: d.shortName }))];
  const caseTypes = CaseEventType.options.map((x) => ({ value: x, label: t.enums.events[x] }));
  const refTypes = Object.keys(t.audit.sections).map((x) => ({ value: `ref:${x}`, label: refSectionLabel(x) }));
  const types: SelectProps['options'] =
    kind === 'case'
      ? caseTypes
      : kind === 'ref'
        ? refTypes
        : [
            { label: t.audit.kinds.case, options: caseTypes },
            { label: t.audit.kinds.ref, options: refTypes },
          ];
  const kinds = (['case', 'ref'] as const).map((x) => ({ value: x, label: t.audit.kinds[x] }));

  const exportAll = async () => {
    try {
      const all = await api.call('audit.list', { ...query, offset: 0, limit: EXPORT_MAX });
      const mod = await import('exceljs');
      const Excel = ((mod as unknown as { default?: typeof ExcelJS }).default ?? mod) as typeof ExcelJS;
      const wb = buildAuditWorkbook(all.rows, unitName, streetOffset(ref?.calendar).utcOffsetMinutes, Excel);
      const buf = await wb.xlsx.writeBuffer();
      const file = fmt(t.audit.fileName, { from: range[0].format('YYYYMMDD'), to: range[1].format('YYYYMMDD') });
      downloadBlob(buf, file, XLSX_TYPE);
      void message.success(
        fmt(t.audit.exported, {
          n: all.rows.length,
          more: all.total > all.rows.length ? fmt(t.audit.exportCapped, { total: all.total }) : '',
        }),
      );
    } catch (e) {
      void message.error(fmt(t.audit.exportFailed, { msg: (e as Error).message }));
    }
  };

  const c = t.audit.columns;
  return (
    <div className="page" data-testid="audit-page" style={{ padding: 16 }}>
      <Typography.Title level={4}>{t.audit.title}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          value={range}
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && (setRange([v[0], v[1]]), setPage(1))}
          data-testid="audit-range"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t.audit.user}
          style={{ width: 200 }}
          options={users}
          value={actorId}
          onChange={(v) => (setActorId(v), setPage(1))}
          data-testid="audit-user"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t.audit.unit}
          style={{ width: 180 }}
          options={units}
          value={unitId}
          onChange={(v) => (setUnitId(v), setPage(1))}
          data-testid="audit-unit"
        />
        <Select
          allowClear
          placeholder={t.audit.kind}
          style={{ width: 120 }}
          options={kinds}
          value={kind}
          onChange={(v) => (
            setKind(v),
            setType((x) => (!v || !x ? x : (v === 'ref') === x.startsWith('ref:') ? x : undefined)),
            setPage(1)
          )}
          data-testid="audit-kind"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t.audit.type}
          style={{ width: 180 }}
          options={types}
          value={type}
          onChange={(v) => (setType(v), setPage(1))}
          data-testid="audit-type"
        />
        <Button icon={<DownloadOutlined />} onClick={() => void exportAll()} disabled={!res?.total} data-testid="audit-export">
          {t.audit.export}
        </Button>
      </Space>
      {error ? <Alert type="error" showIcon title={fmt(t.audit.loadFailed, { msg: error })} style={{ marginBottom: 12 }} /> : null}
      <Table<AuditRow>
        size="small"
        rowKey={(r) => (r.kind === 'ref' ? `ref:${r.seq}` : `${r.caseId}:${r.at}:${r.type}:${r.actor.id}`)}
        loading={loading}
        dataSource={res?.rows ?? []}
        data-testid="audit-table"
        onRow={(r) =>
          (r.kind === 'ref'
            ? { 'data-testid': 'audit-row', 'data-kind': 'ref', 'data-type': `ref:${r.section}` }
            : {
                onClick: () => dispatch(navigate({ name: 'case', caseId: r.caseId })),
                style: { cursor: 'pointer' },
                'data-testid': 'audit-row',
                'data-kind': 'case',
                'data-type': r.type,
              }) as never
        }
        pagination={{
          current: page,
          pageSize: PAGE,
          total: res?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (n) => fmt(t.audit.total, { n }),
        }}
        columns={[
          { key: 'at', title: c.at, width: 150, render: (_, r) => fmtTime(r.at) },
          { key: 'user', title: c.user, width: 110, render: (_, r) => r.actor?.name ?? t.audit.system },
          { key: 'role', title: c.role, width: 100, render: (_, r) => (r.actor ? t.enums.actorRoles[r.actor.role] : t.app.dash) },
          { key: 'unit', title: c.unit, width: 130, render: (_, r) => unitName(r.actor?.unitId) },
          { key: 'kind', title: c.kind, width: 80, render: (_, r) => t.audit.kinds[r.kind] },
          {
            key: 'type',
            title: c.type,
            width: 130,
            render: (_, r) => (r.kind === 'ref' ? refSectionLabel(r.section) : t.enums.events[r.type]),
          },
          { key: 'code', title: c.code, width: 190, render: (_, r) => (r.kind === 'ref' ? '' : r.code) },
          { key: 'note', title: c.note, render: (_, r) => (r.kind === 'ref' ? refAuditText(r.what) : (r.note ?? '')) },
        ]}
      />
    </div>
  );
}
