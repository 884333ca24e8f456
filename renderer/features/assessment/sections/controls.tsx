/** The assessment screen's controls: its title with the period (month, quarter or a custom range) and freezing the period's result. */
import { Button, DatePicker, Popconfirm, Segmented, Space, Tooltip, Typography, type ButtonProps } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { AssessmentKind, FrozenAssessment } from '../../../../shared/assessment/types.js';
import type { HasOffset } from '../../../../shared/calendar/localDay.js';
import { periodOf, type Period } from '../../stats/kit/index.js';
import { a, fmt } from '../strings.js';
import type { PKind } from '../scheme.js';

export function PeriodControls({
  pkind,
  onPkind,
  period,
  setPeriod,
  cfg,
}: {
  pkind: PKind;
  onPkind: (k: PKind) => void;
  period: Period;
  setPeriod: (p: Period) => void;
  cfg: HasOffset;
}) {
  return (
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
  );
}

/** Freeze this period's result (leaders and admins, after confirming), or view it when it is frozen already. */
export function FreezeControl({
  kind,
  period,
  thisFrozen,
  viewing,
  setViewing,
  canFreeze,
  hasData,
  freezing,
  doFreeze,
}: {
  kind: AssessmentKind;
  period: Period;
  thisFrozen: FrozenAssessment | undefined;
  viewing: FrozenAssessment | null;
  setViewing: (f: FrozenAssessment) => void;
  canFreeze: boolean;
  hasData: boolean;
  freezing: boolean;
  doFreeze: () => Promise<void>;
}) {
  return thisFrozen && !viewing ? (
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
      disabled={!hasData || viewing !== null || !canFreeze}
    >
      <Tooltip title={canFreeze ? undefined : a.freezeRolesOnly}>
        <Button data-testid="freeze" icon={<LockOutlined />} loading={freezing} disabled={!hasData || viewing !== null || !canFreeze}>
          {a.freeze}
        </Button>
      </Tooltip>
    </Popconfirm>
  );
}
