/** The working calendar: office hours (editable by an admin), the centre's limits, holiday years, ad-hoc closures and the import of a holiday year. */
import { useState } from 'react';
import { Button, Card, Descriptions, Table, Typography } from 'antd';
import type { CalendarConfig, HolidayYear } from '../../../shared/calendar/types.js';
import type { RefData } from '../../../shared/refData.js';
import type { User } from '../../../shared/model.js';
import { withoutClosure } from '../../../shared/calendar/config.js';
import { formatOfficeHours } from '../../../shared/calendar/officeHours.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtMinutes, fmtTime } from '../../lib/format.js';
import { ClosureForm, OfficeHoursForm, RemoveClosure, useSaveCalendar } from './calendarAdmin.js';
import { HolidayImport } from './HolidayImport.js';

function OfficeHoursCard({ cal, role }: { cal: CalendarConfig; role: User['role'] | undefined }) {
  const [editingHours, setEditingHours] = useState(false);
  const sign = cal.utcOffsetMinutes >= 0 ? '+' : '-';
  return (
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
  );
}

function CentreLimitsCard({ refData: ref }: { refData: RefData }) {
  return (
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
  );
}

function YearsCard({ cal }: { cal: CalendarConfig }) {
  return (
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
  );
}

function ClosuresCard({ cal, user }: { cal: CalendarConfig; user: User | undefined }) {
  const saveCalendar = useSaveCalendar();
  const role = user?.role;
  return (
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
  );
}

export function CalendarTab({ refData: ref, user }: { refData: RefData; user: User | undefined }) {
  const cal = ref.calendar;
  const role = user?.role;
  return (
    <div className="ref-calendar">
      <OfficeHoursCard cal={cal} role={role} />
      <CentreLimitsCard refData={ref} />
      <YearsCard cal={cal} />
      <ClosuresCard cal={cal} user={user} />
      <HolidayImport calendar={cal} canSave={role === 'admin'} />
    </div>
  );
}
