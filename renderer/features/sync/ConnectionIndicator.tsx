/** Always-visible connection state: online / offline / syncing, pending count, last sync time. */
import { Badge, Button, Popover, Space, Tag, Typography } from 'antd';
import { CloudOutlined, DisconnectOutlined, SyncOutlined, WarningOutlined, LoadingOutlined, ReloadOutlined } from '@ant-design/icons';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { connectionView, syncNow, type ConnectionView } from './syncSlice.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';
import type { SyncStatus } from '../../../shared/api.js';

const LOOK: Record<
  ConnectionView,
  { status: 'success' | 'error' | 'processing' | 'warning' | 'default'; icon: React.ReactNode; label: string }
> = {
  online: { status: 'success', icon: <CloudOutlined />, label: t.connection.online },
  offline: { status: 'error', icon: <DisconnectOutlined />, label: t.connection.offline },
  syncing: { status: 'processing', icon: <SyncOutlined spin />, label: t.connection.syncing },
  connecting: { status: 'warning', icon: <LoadingOutlined />, label: t.connection.connecting },
  hostDown: { status: 'error', icon: <WarningOutlined />, label: t.connection.hostDown },
};

/** How forwarding to the district platform stands, in words (unknown while the relay is out of reach). */
export function districtText(st: SyncStatus | null | undefined): string {
  const d = st?.district;
  if (!d) return t.connection.districtUnknown;
  switch (d.state) {
    case 'off':
      return t.connection.districtOff;
    case 'ok':
      return d.lastDeliveredAt ? fmt(t.connection.districtOkSince, { time: fmtTime(d.lastDeliveredAt).slice(5) }) : t.connection.districtOk;
    case 'pending':
      return fmt(t.connection.districtPending, { n: d.pending });
    case 'failing':
      return fmt(t.connection.districtFailing, { n: d.pending, since: d.failingSince ? fmtTime(d.failingSince).slice(5) : t.app.dash });
  }
}

export function ConnectionIndicator() {
  const dispatch = useAppDispatch();
  const sync = useAppSelector((s) => s.sync);
  const view = connectionView(sync);
  const look = LOOK[view];
  const st = sync.status;
  const district = st?.district;
  const progress = st?.head !== undefined && view === 'syncing' ? fmt(t.connection.progress, { done: st.cursor, total: st.head }) : null;
  const details = (
    <div className="conn-details" data-testid="connection-details">
      <div>
        {t.connection.relay}：{st?.relayUrl ?? t.app.dash}
      </div>
      <div>
        {t.connection.cursor}：{st ? `${st.cursor}${st.head !== undefined ? ` / ${st.head}` : ''}` : t.app.dash}
      </div>
      <div data-testid="district-details">
        {t.connection.district}：{districtText(st)}
      </div>
      {st?.district?.lastError && st.district.state === 'failing' && (
        <Typography.Text type="secondary">{fmt(t.connection.districtError, { error: st.district.lastError })}</Typography.Text>
      )}
      {st?.notice && (
        <Typography.Text type="warning" data-testid="sync-notice">
          {st.notice}
        </Typography.Text>
      )}
      {st?.error && <Typography.Text type="danger">{st.error}</Typography.Text>}
      <Button size="small" icon={<ReloadOutlined />} onClick={() => void dispatch(syncNow())} data-testid="sync-now">
        {t.connection.syncNow}
      </Button>
    </div>
  );
  return (
    <Popover content={details} placement="bottomRight">
      <Space size={8} className={`conn conn-${view}`} data-testid="connection-indicator" data-state={view} aria-live="polite">
        <Badge status={look.status} />
        <span className="conn-label">
          {look.icon} <span data-testid="connection-state">{look.label}</span>
        </span>
        {progress && <span className="conn-progress">{progress}</span>}
        <Tag color={sync.outboxSize > 0 ? 'orange' : 'default'} data-testid="pending-count" data-count={sync.outboxSize}>
          {t.connection.pending} {sync.outboxSize}
        </Tag>
        {st?.notice && (
          <Tag color="gold" icon={<WarningOutlined />} title={st.notice} data-testid="sync-notice-tag">
            {t.connection.resynced}
          </Tag>
        )}
        {district && district.state === 'failing' && (
          <Tag color="red" icon={<WarningOutlined />} title={districtText(st)} data-testid="district-tag" data-state="failing">
            {fmt(t.connection.districtFailingTag, { n: district.pending })}
          </Tag>
        )}
        {sync.rejected.length > 0 && (
          <Tag color="red" data-testid="rejected-count">
            {t.connection.rejected} {sync.rejected.length}
          </Tag>
        )}
        <span className="conn-last" data-testid="last-sync">
          {t.connection.lastSync} {st?.lastSyncAt ? fmtTime(st.lastSyncAt).slice(5) : t.connection.never}
        </span>
      </Space>
    </Popover>
  );
}
