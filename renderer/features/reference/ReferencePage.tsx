/**
 * 基础数据: catalogue items with grades and limits, departments, communities/grids/workers, the working
 * calendar (with validated import of a holiday year), the precedent library, users and roles (admin), the
 * 文号格式 of printed notices (admin, DocNumbersTab.tsx).
 * An admin can save the working calendar (office hours, holiday year, ad-hoc closures) through 'ref.update';
 * the rest is read-only here. The tabs: tables.tsx, PlacesTab.tsx, CalendarTab.tsx (HolidayImport.tsx).
 */
import { Alert, Tabs } from 'antd';
import { useAppSelector } from '../../store/hooks.js';
import { t } from '../../i18n/zh-CN.js';
import { useRefData } from '../ref/index.js';
import { CatalogTable, DepartmentsTable, PrecedentsTable } from './tables.js';
import { PlacesTab } from './PlacesTab.js';
import { CalendarTab } from './CalendarTab.js';
import { CatalogAdmin, DepartmentsAdmin, UsersAdmin } from './RefMaintenance.js';
import { DocNumbersTab } from './DocNumbersTab.js';

export function ReferencePage() {
  const ref = useRefData();
  const user = useAppSelector((s) => s.session.info?.user);
  if (!ref) return null;
  const items = [
    {
      key: 'catalog',
      label: t.reference.catalog,
      // Everyone who drafts or decides revisions sees the approval flow; the wall and others the table.
      children:
        user && ['dispatcher', 'supervisor', 'admin', 'leader'].includes(user.role) ? (
          <CatalogAdmin refData={ref} role={user.role} />
        ) : (
          <CatalogTable refData={ref} />
        ),
    },
    {
      key: 'departments',
      label: t.reference.departments,
      children: user?.role === 'admin' ? <DepartmentsAdmin refData={ref} /> : <DepartmentsTable refData={ref} />,
    },
    { key: 'places', label: t.reference.places, children: <PlacesTab refData={ref} /> },
    { key: 'calendar', label: t.reference.calendar, children: <CalendarTab refData={ref} user={user} /> },
    { key: 'precedents', label: t.reference.precedents, children: <PrecedentsTable refData={ref} /> },
    ...(user?.role === 'admin'
      ? [
          { key: 'users', label: t.reference.users, children: <UsersAdmin refData={ref} selfId={user.id} /> },
          { key: 'docNumbers', label: t.reference.docNumbers, children: <DocNumbersTab refData={ref} /> },
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
