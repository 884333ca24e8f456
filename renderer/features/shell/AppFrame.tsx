/** The frame: navigation, signed-in user and role, connection indicator, offline banner, page body. */
import { useEffect, useState, lazy, Suspense } from 'react';
import { Alert, Button, Dropdown, Layout, Menu, Space, Spin, Tooltip, Typography } from 'antd';
import { LogoutOutlined, QuestionCircleOutlined, UserOutlined } from '@ant-design/icons';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { navigate, setHelpOpen, type RouteName } from '../ui/index.js';
import { logout } from '../session/index.js';
import { connectionView, fetchOutbox, fetchSyncStatus, ConnectionIndicator } from '../sync/index.js';
import { t } from '../../i18n/zh-CN.js';
import { setUtcOffsetMinutes } from '../../lib/format.js';
import { notificationPermission, requestNotificationPermission } from '../../lib/alerts.js';
import { HelpSheet } from './HelpSheet.js';
import { QueuePage } from '../queue/QueuePage.js';
import { CaseWorkbench } from '../case/CaseWorkbench.js';
import { SupervisionPage } from '../supervision/SupervisionPage.js';
import { ReferencePage } from '../reference/ReferencePage.js';
import { useFollowedRef } from '../ref/index.js';
import { NoticeBell } from '../notice/index.js';

// Colleagues' screens (statistics, assessment, meeting, wall) load on demand: they carry recharts.
const StatsPage = lazy(() => import('../stats/StatsPage.js'));
const AssessmentPage = lazy(() => import('../assessment/AssessmentPage.js'));
const MeetingPage = lazy(() => import('../meeting/MeetingPage.js'));
const WallPage = lazy(() => import('../wall/WallPage.js'));
// The base grid page carries OpenLayers and the geometry library.
const DivisionPage = lazy(() => import('../division/DivisionPage.js'));
const AuditPage = lazy(() => import('../audit/AuditPage.js'));
const RegisterPage = lazy(() => import('../register/RegisterPage.js'));
const SmsPage = lazy(() => import('../sms/SmsPage.js'));

const NAV: { key: RouteName; label: string }[] = [
  { key: 'queue', label: t.nav.queue },
  { key: 'register', label: t.register.nav },
  { key: 'supervision', label: t.nav.supervision },
  { key: 'stats', label: t.nav.stats },
  { key: 'assessment', label: t.nav.assessment },
  { key: 'meeting', label: t.nav.meeting },
  { key: 'grid', label: t.nav.grid },
  { key: 'reference', label: t.nav.reference },
  { key: 'audit', label: t.nav.audit },
  { key: 'sms', label: t.sms.nav },
];
/** Pages only some roles open (the API refuses the others too). */
const NAV_ROLES: Partial<Record<RouteName, readonly string[]>> = {
  audit: ['supervisor', 'leader', 'admin'],
  sms: ['supervisor', 'leader', 'admin'],
  register: ['dispatcher', 'leader'],
};

function Page({ name }: { name: RouteName }) {
  switch (name) {
    case 'queue':
      return <QueuePage />;
    case 'case':
      return <CaseWorkbench />;
    case 'supervision':
      return <SupervisionPage />;
    case 'reference':
      return <ReferencePage />;
    case 'stats':
      return <StatsPage />;
    case 'assessment':
      return <AssessmentPage />;
    case 'meeting':
      return <MeetingPage />;
    case 'wall':
      return <WallPage />;
    case 'grid':
      return <DivisionPage />;
    case 'audit':
      return <AuditPage />;
    case 'register':
      return <RegisterPage />;
    case 'sms':
      return <SmsPage />;
  }
}

export function AppFrame() {
  const dispatch = useAppDispatch();
  const route = useAppSelector((s) => s.ui.route);
  const user = useAppSelector((s) => s.session.info?.user);
  const offlineLogin = useAppSelector((s) => s.session.info?.offline ?? false);
  const conn = useAppSelector((s) => connectionView(s.sync));
  // The frame holds the reference data's subscription for the session (the cache follows the change stream).
  const ref = useFollowedRef();
  const [perm, setPerm] = useState(notificationPermission());

  const isWall = user?.role === 'wall';
  useEffect(() => {
    void dispatch(fetchSyncStatus());
    void dispatch(fetchOutbox());
  }, [dispatch]);
  // The wall role (wall token, wall window, the read-only wall account) sees the wall display only: any
  // other route is turned to it, so no workstation page opens with wall rights.
  useEffect(() => {
    if (isWall && route.name !== 'wall') dispatch(navigate({ name: 'wall' }));
  }, [dispatch, isWall, route.name]);
  useEffect(() => {
    if (ref) setUtcOffsetMinutes(ref.calendar.utcOffsetMinutes);
  }, [ref]);

  // The wall display is full-screen, without the workstation frame.
  if (route.name === 'wall' || isWall) {
    return (
      <Suspense fallback={<Spin />}>
        <WallPage />
      </Suspense>
    );
  }

  const selected = route.name === 'case' ? 'queue' : route.name;
  const userMenu = {
    items: [{ key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t.frame.logout}</span> }],
    onClick: ({ key }: { key: string }) => {
      if (key === 'logout') void dispatch(logout());
    },
  };
  return (
    <Layout className="frame" data-testid="app-frame" data-role={user?.role}>
      <Layout.Header className="frame-header">
        <div className="frame-brand">
          <span className="frame-title">{ref?.centreName ?? t.app.title}</span>
          <span className="frame-sub">{t.app.subtitle}</span>
        </div>
        <Menu
          className="frame-nav"
          mode="horizontal"
          selectedKeys={[selected]}
          items={NAV.filter((n) => !NAV_ROLES[n.key] || (user !== undefined && NAV_ROLES[n.key]!.includes(user.role))).map((n) => ({
            key: n.key,
            label: <span data-testid={`nav-${n.key}`}>{n.label}</span>,
          }))}
          onClick={({ key }) => dispatch(navigate({ name: key as RouteName }))}
        />
        <Space size={12} className="frame-right">
          <ConnectionIndicator />
          <NoticeBell canEnableDesktop={perm === 'default'} onEnableDesktop={() => void requestNotificationPermission().then(setPerm)} />
          <Tooltip title={t.frame.help}>
            <Button
              size="small"
              type="text"
              icon={<QuestionCircleOutlined />}
              onClick={() => dispatch(setHelpOpen(true))}
              data-testid="help-button"
            />
          </Tooltip>
          <Dropdown menu={userMenu} trigger={['click']}>
            <Button size="small" type="text" data-testid="user-menu">
              <UserOutlined />
              <span data-testid="user-name">{user?.name}</span>
              <Typography.Text type="secondary" data-testid="user-role">
                {user ? t.enums.roles[user.role] : ''}
              </Typography.Text>
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      {(conn === 'offline' || conn === 'hostDown') && (
        <Alert className="offline-banner" type="warning" showIcon banner title={t.connection.offlineBanner} data-testid="offline-banner" />
      )}
      {offlineLogin && conn !== 'online' && (
        <Alert
          type="info"
          showIcon
          banner
          closable
          title={t.login.offlineTitle}
          description={t.login.offlineBody}
          data-testid="offline-login"
        />
      )}
      <Layout.Content className="frame-content">
        <Suspense
          fallback={
            <div className="boot">
              <Spin />
            </div>
          }
        >
          <Page name={route.name} />
        </Suspense>
      </Layout.Content>
      <HelpSheet />
    </Layout>
  );
}
