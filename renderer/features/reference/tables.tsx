/** The read-only reference tables: the catalogue with its limits, departments, the precedent library and users (admin). */
import { useMemo } from 'react';
import { Button, Table, Tag } from 'antd';
import type { CatalogItem, Department, Precedent, User } from '../../../shared/model.js';
import type { RefData } from '../../../shared/refData.js';
import { useLookups } from '../ref/index.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtMinutes, fmtTime } from '../../lib/format.js';

export function CatalogTable({ refData: ref }: { refData: RefData }) {
  const lk = useLookups();
  return (
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
  );
}

export function DepartmentsTable({ refData: ref, onEdit }: { refData: RefData; onEdit?: (d: Department) => void }) {
  const a = t.refAdmin;
  return (
    <Table<Department>
      size="small"
      rowKey="id"
      dataSource={ref.departments}
      pagination={false}
      data-testid="departments-table"
      columns={[
        { key: 'name', title: t.reference.name, dataIndex: 'name' },
        { key: 'short', title: t.reference.shortName, dataIndex: 'shortName' },
        { key: 'phone', title: t.reference.phone, dataIndex: 'phone' },
        {
          key: 'contacts',
          title: a.departments.contacts,
          render: (_, d) =>
            d.contacts?.length
              ? d.contacts.map((c) => (
                  <Tag key={c.mobile} color={c.sms ? 'blue' : 'default'}>
                    {`${c.name} ${c.mobile}${c.duty ? ` ${c.duty}` : ''}`}
                  </Tag>
                ))
              : a.departments.noContacts,
        },
        {
          key: 'active',
          title: a.common.status,
          width: 70,
          render: (_, d) => (d.active === false ? <Tag>{a.common.inactive}</Tag> : <Tag color="green">{a.common.active}</Tag>),
        },
        ...(onEdit
          ? [
              {
                key: 'edit',
                title: '',
                width: 70,
                render: (_: unknown, d: Department) => (
                  <Button size="small" onClick={() => onEdit(d)} data-testid={`dept-edit-${d.id}`}>
                    {a.common.edit}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

export function PrecedentsTable({ refData: ref }: { refData: RefData }) {
  const lk = useLookups();
  // Newest ruling first: the library is read for what the leadership decided lately.
  const rows = useMemo(() => [...ref.precedents].sort((x, y) => y.ruledAt - x.ruledAt || x.id.localeCompare(y.id)), [ref.precedents]);
  const itemOf = (p: Precedent) => (p.catalogItemId ? lk.catalog.get(p.catalogItemId) : undefined);
  const communityOf = (p: Precedent) => p.communityId ?? (p.gridId ? lk.grid.get(p.gridId)?.communityId : undefined);
  return (
    <Table<Precedent>
      size="small"
      rowKey="id"
      dataSource={rows}
      pagination={{ pageSize: 50, showSizeChanger: false }}
      data-testid="precedents-table"
      columns={[
        { key: 'cat', title: t.reference.category, render: (_, p) => itemOf(p)?.category ?? p.category ?? t.app.dash },
        { key: 'item', title: t.reference.subcategory, render: (_, p) => itemOf(p)?.name ?? t.app.dash },
        {
          key: 'place',
          title: t.reference.community,
          render: (_, p) => {
            const c = communityOf(p);
            return c ? (lk.community.get(c)?.name ?? c) : t.app.dash;
          },
        },
        { key: 'grid', title: t.reference.grid, render: (_, p) => (p.gridId ? (lk.grid.get(p.gridId)?.name ?? p.gridId) : t.app.dash) },
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
  );
}

export function UsersTable({
  refData: ref,
  onEdit,
  onReset,
  passwordSetAt,
  unitName,
}: {
  refData: RefData;
  onEdit?: (u: User) => void;
  onReset?: (u: User) => void;
  passwordSetAt?: (u: User) => string;
  unitName?: (id: string | undefined) => string;
}) {
  const lk = useLookups();
  const a = t.refAdmin;
  return (
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
        { key: 'unit', title: t.reference.unit, render: (_, u) => (unitName ? unitName(u.unitId) : lk.deptName(u.unitId)) || t.app.dash },
        {
          key: 'a',
          title: t.reference.active,
          render: (_, u) => (u.active ? <Tag color="green">{t.reference.activeYes}</Tag> : <Tag>{t.reference.activeNo}</Tag>),
        },
        ...(passwordSetAt ? [{ key: 'pw', title: a.users.passwordSetAt, render: (_: unknown, u: User) => passwordSetAt(u) }] : []),
        ...(onEdit && onReset
          ? [
              {
                key: 'edit',
                title: '',
                width: 170,
                render: (_: unknown, u: User) => (
                  <span>
                    <Button size="small" onClick={() => onEdit(u)} data-testid={`user-edit-${u.username}`}>
                      {a.common.edit}
                    </Button>{' '}
                    <Button size="small" onClick={() => onReset(u)} data-testid={`user-reset-${u.username}`}>
                      {a.users.resetPassword}
                    </Button>
                  </span>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
