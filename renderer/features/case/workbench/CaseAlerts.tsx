/** The workbench's banners: an upstream issue, a bounced case with the last bounce, actions the relay refused. */
import { Alert, Button } from 'antd';
import type { OutboxItem } from '../../../../shared/api.js';
import { eventFacts } from '../CaseTimeline.js';
import { t, fmt } from '../../../i18n/zh-CN.js';
import { fmtTime } from '../../../lib/format.js';

import type { Lookups } from '../../ref/index.js';
import type { GridEvent } from '../../../../shared/gridEvent.js';

export function CaseAlerts({
  c,
  lk,
  rejected,
  readOnly,
  onDismiss,
}: {
  c: GridEvent;
  lk: Lookups;
  rejected: OutboxItem[];
  readOnly: boolean;
  onDismiss: (id: string) => void;
}) {
  const lastBounce = [...c.timeline].reverse().find((e) => e.type === 'bounced');
  const bounceText = lastBounce
    ? fmt(t.case.bounceDetail, {
        dept: lk.deptName(lastBounce.actor.unitId ?? lastBounce.actor.id),
        at: fmtTime(lastBounce.at),
        reason: eventFacts(lastBounce, lk).join(' '),
      })
    : undefined;
  const original = c.mergedInto
    ? ([...c.timeline].reverse().find((e) => e.type === 'merged')?.data['intoCode'] as string | undefined)
    : undefined;
  return (
    <>
      {c.mergedInto && (
        <Alert
          type={c.statusBeforeMerge !== undefined ? 'info' : 'success'}
          showIcon
          title={fmt(c.statusBeforeMerge !== undefined ? t.case.mergedBanner : t.case.mergedClosedBanner, {
            code: original ?? c.mergedInto,
          })}
          className="wb-alert"
          data-testid="merged-banner"
        />
      )}
      {c.upstreamIssue && (
        <Alert
          type="error"
          showIcon
          title={fmt(t.case.upstreamIssue, { message: c.upstreamIssue.message })}
          className="wb-alert"
          data-testid="upstream-issue"
        />
      )}
      {c.status === 'bounced' && (
        <Alert
          type="warning"
          showIcon
          title={t.case.bouncedBanner}
          description={bounceText}
          className="wb-alert"
          data-testid="bounced-banner"
        />
      )}
      {rejected.map((r) => (
        <Alert
          key={r.id}
          type="error"
          showIcon
          className="wb-alert"
          data-testid="rejected-item"
          title={fmt(t.case.rejectedItem, { action: t.enums.commands[r.command.type], reason: r.error?.message ?? '' })}
          description={t.case.rejectedHint}
          action={
            !readOnly && (
              <Button size="small" onClick={() => onDismiss(r.id)} data-testid="rejected-dismiss">
                {t.case.dismiss}
              </Button>
            )
          }
        />
      ))}
    </>
  );
}
