/** Every clock of a case with its history: counted time, pauses, extensions, outcome. */
import { Descriptions, Empty, List, Typography } from 'antd';
import type { CalendarConfig } from '../../../shared/calendar/types.js';
import type { CaseClock } from '../../../shared/model.js';
import { clockMeasure, usedMinutes } from '../../../shared/clocks.js';
import { ClockBadge } from '../clock/index.js';
import { useNow } from '../../lib/ticker.js';
import { fmtMinutes, fmtTime } from '../../lib/format.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import type { Lookups } from '../ref/index.js';

function Counted({ clock, calendar }: { clock: CaseClock; calendar: CalendarConfig }) {
  const now = useNow();
  // Recomputed each minute is plenty; per second is cheap for a handful of clocks.
  return <>{fmtMinutes(usedMinutes(clock, now, clockMeasure(clock, calendar)))}</>;
}

export function ClockPanel({ clocks, calendar, lk }: { clocks: CaseClock[]; calendar: CalendarConfig | undefined; lk: Lookups }) {
  if (clocks.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.case.noClocks} />;
  return (
    <List
      className="clock-panel"
      dataSource={clocks}
      renderItem={(c) => (
        <List.Item key={c.id} data-testid="clock-item" data-kind={c.kind}>
          <div className="clock-item">
            <div className="clock-item-head">
              <Typography.Text strong>
                {t.clock.kinds[c.kind]} · {lk.deptName(c.unitId)}
              </Typography.Text>
              <ClockBadge clock={c} calendar={calendar} showKind={false} />
            </div>
            <Descriptions
              size="small"
              column={3}
              className="clock-desc"
              items={[
                { key: 'start', label: t.clock.started, children: fmtTime(c.startedAt) },
                {
                  key: 'limit',
                  label: t.clock.limit,
                  children: `${fmtMinutes(c.limitMinutes)} · ${c.natural ? t.clock.natural : t.clock.working}`,
                },
                { key: 'deadline', label: t.clock.deadline, children: fmtTime(c.deadline) },
                { key: 'counted', label: t.clock.counted, children: calendar ? <Counted clock={c} calendar={calendar} /> : t.app.dash },
                ...(c.stoppedAt !== undefined ? [{ key: 'stop', label: t.clock.stoppedAt, children: fmtTime(c.stoppedAt) }] : []),
                ...(c.outcome ? [{ key: 'outcome', label: t.clock.outcome, children: t.clock.states[c.outcome] }] : []),
              ]}
            />
            {(c.pauses.length > 0 || c.pausedAt !== undefined) && (
              <div className="clock-history" data-testid="clock-pauses">
                <Typography.Text type="secondary">{t.clock.pauses}：</Typography.Text>
                {c.pauses.map((p, i) => (
                  <span key={i} className="clock-hist-item">
                    {fmt(t.clock.pauseRow, { from: fmtTime(p.from), to: fmtTime(p.to) })}
                  </span>
                ))}
                {c.pausedAt !== undefined && (
                  <span className="clock-hist-item">{fmt(t.clock.pauseRunning, { from: fmtTime(c.pausedAt) })}</span>
                )}
              </div>
            )}
            {c.extensions.length > 0 && (
              <div className="clock-history" data-testid="clock-extensions">
                <Typography.Text type="secondary">{t.clock.extensions}：</Typography.Text>
                {c.extensions.map((e, i) => (
                  <span key={i} className="clock-hist-item">
                    {fmt(t.clock.extensionRow, {
                      at: fmtTime(e.at),
                      minutes: fmtMinutes(e.minutes),
                      old: fmtTime(e.oldDeadline),
                      new: fmtTime(e.newDeadline),
                    })}
                  </span>
                ))}
              </div>
            )}
          </div>
        </List.Item>
      )}
    />
  );
}
