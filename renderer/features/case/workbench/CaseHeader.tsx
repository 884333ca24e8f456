/** The workbench's title line: back, code and title, status, grade and flags, pending count, other viewers. */
import { Button, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, EyeOutlined, WarningOutlined } from '@ant-design/icons';
import { t, fmt } from '../../../i18n/zh-CN.js';

import type { GridEvent } from '../../../../shared/gridEvent.js';
import type { DistrictLink } from '../../../../shared/protocol.js';

/** The status as it reads: a merged duplicate is 'closed' as merged, which reads 已合并 until its original closes. */
export function statusLabel(c: Pick<GridEvent, 'status' | 'mergedInto' | 'statusBeforeMerge'>): string {
  if (c.mergedInto === undefined) return t.enums.statuses[c.status];
  return c.statusBeforeMerge !== undefined ? t.case.mergedStatus.pending : t.case.mergedStatus.closed;
}

/** Whether this case's forwards wait at the relay for the district platform: failing, on their way, or neither. */
export function caseDistrictState(link: DistrictLink | undefined, caseId: string): 'failing' | 'pending' | undefined {
  if (!link || (link.state !== 'failing' && link.state !== 'pending') || !link.pendingCaseIds.includes(caseId)) return undefined;
  return link.state;
}

export function CaseHeader({
  c,
  pendingCount,
  district,
  viewers,
  onBack,
}: {
  c: GridEvent;
  pendingCount: number;
  /** Whether the relay's forwards of this case wait for the district platform (failing) or are on their way. */
  district?: 'failing' | 'pending' | undefined;
  viewers: { name: string }[];
  onBack: () => void;
}) {
  return (
    <div className="wb-head">
      <Tooltip title={t.shortcuts.back}>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="case-back">
          {t.case.back}
        </Button>
      </Tooltip>
      <Typography.Title level={4} className="wb-title">
        <span className="wb-code">{c.code}</span> {c.title}
      </Typography.Title>
      <Tag color={c.mergedInto ? 'default' : 'blue'} data-testid="case-status-tag">
        {statusLabel(c)}
      </Tag>
      {pendingCount > 0 && (
        <Tag color="orange" icon={<CloudUploadOutlined />} data-testid="case-pending-tag">
          {fmt(t.queue.pending, { n: pendingCount })}
        </Tag>
      )}
      {district === 'failing' && (
        <Tooltip title={t.connection.caseUndeliveredHint}>
          <Tag color="red" icon={<WarningOutlined />} data-testid="case-district-tag" data-state="failing">
            {t.connection.caseUndelivered}
          </Tag>
        </Tooltip>
      )}
      {c.grade && (
        <Tag color={c.grade === 'urgent' ? 'red' : c.grade === 'important' ? 'orange' : 'default'}>{t.enums.grades[c.grade]}</Tag>
      )}
      {c.mandatory && (
        <Tag color="volcano" data-testid="case-mandatory">
          {t.case.mandatory}
        </Tag>
      )}
      {c.fallback && <Tag color="purple">{t.case.fallback}</Tag>}
      {viewers.length > 0 && (
        <Tag icon={<EyeOutlined />} color="geekblue">
          {fmt(t.case.viewers, { names: viewers.map((v) => v.name).join('、') })}
        </Tag>
      )}
    </div>
  );
}
