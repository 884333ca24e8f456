/** The case's details, location and attachments. */
import { Card, Descriptions, Typography } from 'antd';
import { t, fmt } from '../../../i18n/zh-CN.js';
import { fmtTime } from '../../../lib/format.js';

import type { Lookups } from '../../ref/index.js';
import { statusLabel } from './CaseHeader.js';
import type { GridEvent } from '../../../../shared/gridEvent.js';
import { CaseAttachments } from '../attachments/CaseAttachments.js';

export function CaseDetailsCards({ c, lk }: { c: GridEvent; lk: Lookups }) {
  const worker = lk.workerByGrid.get(c.gridId);
  const item = lk.caseItem(c);
  const details = [
    { key: 'code', label: t.case.code, children: c.code },
    {
      key: 'status',
      label: t.case.status,
      children: (
        <span data-testid="case-status" data-status={c.status}>
          {statusLabel(c)}
        </span>
      ),
    },
    { key: 'source', label: t.case.source, children: c.channel ? `${t.enums.sources[c.source]} · ${t.register.channels[c.channel]}` : t.enums.sources[c.source] },
    {
      key: 'item',
      label: t.case.catalogItem,
      children: item ? fmt(t.case.catalogItemRow, { code: item.code, name: item.name }) : t.app.dash,
    },
    { key: 'category', label: t.case.category, children: c.category ?? t.app.dash },
    { key: 'grade', label: t.case.grade, children: c.grade ? t.enums.grades[c.grade] : t.app.dash },
    { key: 'reportedAt', label: t.case.reportedAt, children: fmtTime(c.reportedAt) },
    { key: 'acceptedAt', label: t.case.acceptedAt, children: fmtTime(c.acceptedAt) },
    { key: 'dispatchedAt', label: t.case.dispatchedAt, children: fmtTime(c.dispatchedAt) },
    { key: 'lead', label: t.case.lead, children: <span data-testid="case-lead">{lk.deptName(c.leadDepartmentId) || t.app.dash}</span> },
    { key: 'co', label: t.case.co, children: c.coDepartmentIds.map((d) => lk.deptName(d)).join('、') || t.app.dash },
    { key: 'bounce', label: t.case.bounceCount, children: String(c.bounceCount) },
    ...(c.reopenCount ? [{ key: 'reopen', label: t.case.reopenCount, children: String(c.reopenCount) }] : []),
    {
      key: 'reporter',
      label: t.case.reporter,
      children: c.reporter ? `${c.reporter.name}${c.reporter.phone ? ` ${c.reporter.phone}` : ''}` : t.app.dash,
    },
    { key: 'ext', label: t.case.externalRef, children: c.externalRef ?? t.app.dash },
    { key: 'closedAt', label: t.case.closedAt, children: fmtTime(c.closedAt) },
    ...(c.mergedInto
      ? [{ key: 'mergedInto', label: t.case.mergedInto, children: <span data-testid="case-merged-into">{c.mergedInto}</span> }]
      : []),
    ...(c.mergedCaseIds?.length
      ? [
          {
            key: 'mergedCases',
            label: t.case.mergedCases,
            children: <span data-testid="case-merged-cases">{c.mergedCaseIds.join('、')}</span>,
          },
        ]
      : []),
    ...(c.relatedCaseIds?.length
      ? [{ key: 'related', label: t.case.relatedCases, children: <span data-testid="case-related">{c.relatedCaseIds.join('、')}</span> }]
      : []),
    { key: 'sat', label: t.case.satisfaction, children: c.satisfaction ? t.enums.satisfaction[c.satisfaction] : t.app.dash },
    {
      key: 'desc',
      label: t.case.description,
      span: 3,
      children: <Typography.Paragraph className="case-desc">{c.description}</Typography.Paragraph>,
    },
  ];
  return (
    <>
      <Card size="small" title={t.case.details} className="wb-card">
        <Descriptions size="small" column={3} items={details} />
      </Card>
      <Card size="small" title={t.case.location} className="wb-card">
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'community', label: t.case.community, children: lk.community.get(c.communityId)?.name ?? c.communityId },
            {
              key: 'grid',
              label: t.case.grid,
              children: `${lk.grid.get(c.gridId)?.name ?? ''} ${lk.grid.get(c.gridId)?.code ?? c.gridId}`,
            },
            {
              key: 'worker',
              label: t.case.gridWorker,
              children: worker ? `${worker.name}${worker.phone ? ` ${worker.phone}` : ''}` : t.app.dash,
            },
            { key: 'address', label: t.case.address, span: 3, children: c.address },
          ]}
        />
      </Card>
      <Card size="small" title={t.case.attachments} className="wb-card">
        <CaseAttachments caseState={c} />
      </Card>
    </>
  );
}
