/**
 * 基础数据: catalogue items with grades and limits, departments, communities/grids/workers, the working
 * calendar (with validated import of a holiday year), the precedent library, users and roles (admin).
 * An admin can save the working calendar (office hours, holiday year, ad-hoc closures) through 'ref.update';
 * the rest is read-only here.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Table, Tabs, Tag, Typography } from 'antd';
import type { CatalogItem, Department, Grid, Precedent, User } from '../../../shared/model.js';
import type { CalendarConfig, HolidayYear } from '../../../shared/calendar/types.js';
import { withHolidayYear, withoutClosure } from '../../../shared/calendar/config.js';
import { importHolidayYear } from '../../../shared/calendar/holidays.js';
import { useAppSelector } from '../../store/hooks.js';
import { useLookups } from '../ref/lookups.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtMinutes, fmtTime } from '../../lib/format.js';
import { ClosureForm, OfficeHoursForm, RemoveClosure, useSaveCalendar } from './calendarAdmin.js';
import { formatOfficeHours } from '../../../shared/calendar/officeHours.js';
import { useRefData } from '../ref/refData.js';


function HolidayImport({ calendar, canSave }: { calendar: CalendarConfig; canSave: boolean }) {
  const save = useSaveCalendar();
  const [saving, setSaving] = useState(false);
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ ok: true; y: HolidayYear } | { ok: false; message: string } | null>(null);
  const validate = () => {
    try {
      setResult({ ok: true, y: importHolidayYear(JSON.parse(text) as unknown) });
    } catch (e) {
      setResult({ ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <Card size="small" title={t.reference.importYear} className="ref-card" data-testid="holiday-import">
      <Typography.Paragraph type="secondary">{t.reference.importHint}</Typography.Paragraph>
      <Input.TextArea rows={5} value={text} onChange={(e) => setText(e.target.value)} data-testid="holiday-json" className="mono" />
      <Button style={{ marginTop: 8 }} onClick={validate} disabled={!text.trim()} data-testid="holiday-validate">
        {t.reference.validate}
      </Button>
      {result?.ok === true && (
        <Alert
          style={{ marginTop: 8 }}
          type="success"
          showIcon
          data-testid="holiday-valid"
          title={fmt(t.reference.valid, { year: result.y.year, h: result.y.holidays.length, m: result.y.makeupWorkdays.length })}
          description={
            canSave ? (
              <Button
                type="primary"
                loading={saving}
                data-testid="holiday-save"
                onClick={() => {
                  setSaving(true);
                  // withHolidayYear re-checks the year; a refusal shows as an invalid import.
                  let next: CalendarConfig;
                  try {
                    next = withHolidayYear(calendar, result.y);
                  } catch (e) {
                    setResult({ ok: false, message: e instanceof Error ? e.message : String(e) });
                    setSaving(false);
                    return;
                  }
                  void save(next).then((saved) => {
                    setSaving(false);
                    if (saved) setResult(null);
                  });
                }}
              >
                {t.reference.saveYear}
              </Button>
            ) : (
              t.reference.importNotSaved
            )
          }
        />
      )}
      {result?.ok === false && (
        <Alert
          style={{ marginTop: 8 }}
          type="error"
          showIcon
          data-testid="holiday-invalid"
          title={fmt(t.reference.invalid, { message: '' })}
          description={<pre className="problems">{result.message}</pre>}
        />
      )}
    </Card>
  );
}

export function ReferencePage() {
  const ref = useRefData();
  const user = useAppSelector((s) => s.session.info?.user);
  const role = user?.role;
  const saveCalendar = useSaveCalendar();
  const [editingHours, setEditingHours] = useState(false);
  const lk = useLookups();
  const gridsByCommunity = useMemo(() => {
    const m = new Map<string, Grid[]>();
    for (const g of ref?.grids ?? []) m.set(g.communityId, [...(m.get(g.communityId) ?? []), g]);
    return m;
  }, [ref]);
  if (!ref) return null;
  const cal = ref.calendar;
  const sign = cal.utcOffsetMinutes >= 0 ? '+' : '-';

  const items = [
    {
      key: 'catalog',
      label: t.reference.catalog,
      children: (
        <Table<CatalogItem>
          size="small"
          rowKey="id"
          dataSource={ref.catalog}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          columns={[
            { key: 'code', title: t.reference.code, dataIndex: 'code', width: 90 },
            { key: 'name', title: t.reference.name, dataIndex: 'name' },
            { key: 'cat', title: t.reference.category, dataIndex: 'category', width: 110 },
            { key: 'sub', title: t.reference.subcategory, dataIndex: 'subcategory', width: 110 },
            { key: 'dept', title: t.reference.defaultDept, render: (_, c) => lk.deptName(c.defaultDepartmentId), width: 110 },
            {
              key: 'limits',
              title: t.reference.limits,
              render: (_, c) =>
                c.limits.map((l) => (
                  <Tag key={l.grade} color={l.grade === 'urgent' ? 'red' : l.grade === 'important' ? 'orange' : 'default'}>
                    {fmt(t.reference.limitRow, {
                      grade: t.enums.grades[l.grade],
                      limit: `${fmtMinutes(l.handleMinutes)}${l.natural ? `（${t.clock.natural}）` : ''}`,
                    })}
                  </Tag>
                )),
            },
            { key: 'kw', title: t.reference.keywords, render: (_, c) => c.keywords.join('、'), width: 160 },
          ]}
        />
      ),
    },
    {
      key: 'departments',
      label: t.reference.departments,
      children: (
        <Table<Department>
          size="small"
          rowKey="id"
          dataSource={ref.departments}
          pagination={false}
          columns={[
            { key: 'name', title: t.reference.name, dataIndex: 'name' },
            { key: 'short', title: t.reference.shortName, dataIndex: 'shortName' },
            { key: 'phone', title: t.reference.phone, dataIndex: 'phone' },
          ]}
        />
      ),
    },
    {
      key: 'places',
      label: t.reference.places,
      children: (
        <>
          <Typography.Paragraph type="secondary">
            {t.reference.gridCodeRule}：{ref.gridCodeRule.description}（<code>{ref.gridCodeRule.pattern}</code>）
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey="id"
            dataSource={ref.communities}
            pagination={false}
            columns={[
              { key: 'code', title: t.reference.code, dataIndex: 'code', width: 80 },
              { key: 'name', title: t.reference.community, dataIndex: 'name' },
              { key: 'grids', title: t.reference.gridCount, render: (_, c) => gridsByCommunity.get(c.id)?.length ?? 0, width: 90 },
            ]}
            expandable={{
              expandedRowRender: (c) => (
                <Table<Grid>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={gridsByCommunity.get(c.id) ?? []}
                  columns={[
                    { key: 'code', title: t.reference.code, dataIndex: 'code', width: 170 },
                    { key: 'name', title: t.reference.grid, dataIndex: 'name' },
                    {
                      key: 'worker',
                      title: t.reference.workers,
                      render: (_, g) =>
                        ref.gridWorkers
                          .filter((w) => w.gridId === g.id)
                          .map((w) => `${w.name}${w.kind === 'assistant' ? `（${t.reference.assistant}）` : ''}`)
                          .join('、'),
                    },
                    { key: 'from', title: t.reference.validFrom, dataIndex: 'validFrom', width: 110 },
                    { key: 'to', title: t.reference.validTo, dataIndex: 'validTo', width: 110 },
                    {
                      key: 'rep',
                      title: t.reference.replacedBy,
                      render: (_, g) => (g.replacedBy ? (lk.grid.get(g.replacedBy)?.code ?? g.replacedBy) : ''),
                      width: 150,
                    },
                  ]}
                />
              ),
            }}
          />
        </>
      ),
    },
    {
      key: 'calendar',
      label: t.reference.calendar,
      children: (
        <div className="ref-calendar">
          <Card
            size="small"
            title={t.reference.officeHours}
            className="ref-card"
            data-testid="office-hours"
            extra={
              role === 'admin' && !editingHours ? (
                <Button size="small" onClick={() => setEditingHours(true)} data-testid="hours-edit">
                  {t.reference.editHours}
                </Button>
              ) : null
            }
          >
            {editingHours ? (
              <OfficeHoursForm calendar={cal} onDone={() => setEditingHours(false)} />
            ) : (
              <Descriptions
                size="small"
                column={4}
                items={[
                  ...cal.officeHours.map((list, i) => ({ key: `d${i}`, label: t.reference.weekdays[i], children: formatOfficeHours(list) })),
                  { key: 'makeup', label: t.reference.makeupHours, children: formatOfficeHours(cal.makeupDayHours) },
                  {
                    key: 'warn',
                    label: t.clock.states.warning,
                    children: fmt(t.reference.warnRatio, { pct: Math.round(cal.warnRatio * 100) }),
                  },
                  {
                    key: 'tz',
                    label: t.reference.tz,
                    children: fmt(t.reference.utcOffset, { sign, h: Math.abs(cal.utcOffsetMinutes) / 60 }),
                  },
                ]}
              />
            )}
          </Card>
          <Card size="small" title={t.reference.centreLimits} className="ref-card">
            <Descriptions
              size="small"
              column={4}
              items={[
                { key: 'r', label: t.reference.registrationMinutes, children: fmtMinutes(ref.centreLimits.registrationMinutes) },
                { key: 'd', label: t.reference.dispatchMinutes, children: fmtMinutes(ref.centreLimits.dispatchMinutes) },
                { key: 'v', label: t.reference.verificationMinutes, children: fmtMinutes(ref.centreLimits.verificationMinutes) },
                { key: 'u', label: t.reference.urgentCentreMinutes, children: fmtMinutes(ref.centreLimits.urgentCentreMinutes) },
              ]}
            />
          </Card>
          <Card size="small" title={t.reference.years} className="ref-card">
            <Table<HolidayYear>
              size="small"
              rowKey="year"
              pagination={false}
              dataSource={[...cal.years].sort((a, b) => b.year - a.year)}
              columns={[
                { key: 'year', title: t.reference.year, dataIndex: 'year', width: 70 },
                { key: 'src', title: t.reference.source, dataIndex: 'source', width: 180 },
                {
                  key: 'h',
                  title: t.reference.holidays,
                  render: (_, y) => <span className="day-list">{y.holidays.map((h) => `${h.date.slice(5)} ${h.name}`).join('；')}</span>,
                },
                {
                  key: 'm',
                  title: t.reference.makeup,
                  render: (_, y) => y.makeupWorkdays.map((h) => `${h.date.slice(5)} ${h.name}`).join('；'),
                  width: 260,
                },
              ]}
            />
          </Card>
          <Card size="small" title={t.reference.closures} className="ref-card" data-testid="closures">
            {cal.closures.length === 0 ? (
              <Typography.Text type="secondary">{t.reference.noClosures}</Typography.Text>
            ) : (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={cal.closures}
                columns={[
                  { key: 'from', title: t.reference.from, render: (_, c) => fmtTime(c.from) },
                  { key: 'to', title: t.reference.to, render: (_, c) => fmtTime(c.to) },
                  { key: 'reason', title: t.reference.reason, dataIndex: 'reason' },
                  { key: 'by', title: t.reference.createdBy, dataIndex: 'createdBy' },
                  ...(role === 'admin'
                    ? [
                        {
                          key: 'rm',
                          title: '',
                          width: 80,
                          render: (_: unknown, c: { id: string }) => (
                            <RemoveClosure id={c.id} onConfirm={() => saveCalendar(withoutClosure(cal, c.id))} />
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            )}
            {role === 'admin' && <ClosureForm calendar={cal} createdBy={user?.name ?? user?.username ?? 'admin'} />}
          </Card>
          <HolidayImport calendar={cal} canSave={role === 'admin'} />
        </div>
      ),
    },
    {
      key: 'precedents',
      label: t.reference.precedents,
      children: (
        <Table<Precedent>
          size="small"
          rowKey="id"
          dataSource={ref.precedents}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          columns={[
            {
              key: 'cat',
              title: t.reference.category,
              render: (_, p) => (p.catalogItemId ? (lk.catalog.get(p.catalogItemId)?.name ?? p.category) : p.category) ?? t.app.dash,
            },
            {
              key: 'place',
              title: t.reference.community,
              render: (_, p) =>
                p.gridId ? (lk.grid.get(p.gridId)?.name ?? '') : p.communityId ? (lk.community.get(p.communityId)?.name ?? '') : t.app.dash,
            },
            { key: 'kw', title: t.reference.keywords, render: (_, p) => p.keywords.join('、') },
            { key: 'dept', title: t.reference.precedentDept, render: (_, p) => lk.deptName(p.departmentId) },
            { key: 'reason', title: t.reference.precedentReason, dataIndex: 'reason' },
            { key: 'by', title: t.reference.ruledBy, render: (_, p) => p.ruledBy.name, width: 90 },
            { key: 'at', title: t.reference.ruledAt, render: (_, p) => fmtTime(p.ruledAt), width: 140 },
            {
              key: 'conf',
              title: '',
              render: (_, p) =>
                p.confirmed ? <Tag color="green">{t.reference.confirmed}</Tag> : <Tag color="gold">{t.reference.unconfirmed}</Tag>,
              width: 140,
            },
          ]}
        />
      ),
    },
    ...(role === 'admin'
      ? [
          {
            key: 'users',
            label: t.reference.users,
            children: (
              <Table<User>
                size="small"
                rowKey="id"
                dataSource={ref.users}
                pagination={false}
                data-testid="users-table"
                columns={[
                  { key: 'u', title: t.reference.username, dataIndex: 'username' },
                  { key: 'n', title: t.reference.name, dataIndex: 'name' },
                  { key: 'r', title: t.reference.role, render: (_, u) => t.enums.roles[u.role] },
                  { key: 'unit', title: t.reference.unit, render: (_, u) => lk.deptName(u.unitId) || t.app.dash },
                  {
                    key: 'a',
                    title: t.reference.active,
                    render: (_, u) => (u.active ? <Tag color="green">{t.reference.activeYes}</Tag> : <Tag>{t.reference.activeNo}</Tag>),
                  },
                ]}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="reference-page" data-testid="reference-page">
      <Alert type="info" showIcon title={t.reference.readOnlyNote} className="board-hint" />
      <Tabs size="small" items={items.map((i) => ({ ...i, label: <span data-testid={`ref-tab-${i.key}`}>{i.label}</span> }))} />
    </div>
  );
}
