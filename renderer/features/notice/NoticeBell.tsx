/** The bell: the notification history with unread count, each notice opening its case, and the sound setting. */
import { Badge, Button, Empty, List, Popover, Space, Switch, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { navigate } from '../ui/index.js';
import { allNoticesRead, noticeRead, soundSet, unreadCount } from './noticeLog.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';

export function NoticeBell({ canEnableDesktop, onEnableDesktop }: { canEnableDesktop: boolean; onEnableDesktop: () => void }) {
  const dispatch = useAppDispatch();
  const log = useAppSelector((s) => s.noticeLog);
  const unread = unreadCount(log);
  const content = (
    <div style={{ width: 380 }} data-testid="notice-log">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>{t.frame.noticeLog}</Typography.Text>
        <Space size={8}>
          <Typography.Text type="secondary">{t.frame.sound}</Typography.Text>
          <Switch size="small" checked={log.sound} onChange={(v) => dispatch(soundSet(v))} data-testid="notice-sound" />
          <Button size="small" type="link" disabled={unread === 0} onClick={() => dispatch(allNoticesRead())} data-testid="notice-read-all">
            {t.frame.markAllRead}
          </Button>
        </Space>
      </Space>
      {canEnableDesktop && (
        <Button size="small" block style={{ marginBottom: 8 }} onClick={onEnableDesktop}>
          {t.frame.enableNotifications}
        </Button>
      )}
      {log.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.frame.noNotices} />
      ) : (
        <List
          size="small"
          style={{ maxHeight: 420, overflow: 'auto' }}
          dataSource={log.items}
          renderItem={(n) => (
            <List.Item
              data-testid="notice-item"
              data-kind={n.kind}
              data-read={n.read}
              style={{ cursor: 'pointer', opacity: n.read ? 0.6 : 1 }}
              onClick={() => {
                dispatch(noticeRead(n.id));
                dispatch(navigate({ name: 'case', caseId: n.caseId }));
              }}
            >
              <div>
                <Typography.Text strong type={n.kind === 'urgent_case' ? 'warning' : 'danger'}>
                  {n.title}
                </Typography.Text>
                <div>{n.body}</div>
                <Typography.Text type="secondary">{fmtTime(n.at)}</Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight">
      <Badge count={unread} size="small" overflowCount={99}>
        <Button
          size="small"
          type="text"
          icon={<BellOutlined />}
          aria-label={fmt(t.frame.noticeBell, { n: unread })}
          data-testid="notice-bell"
          data-unread={unread}
        />
      </Badge>
    </Popover>
  );
}
