/** Root: antd zh_CN locale and theme, the store, and the screen for the session and route. */
import { useEffect } from 'react';
import { Provider } from 'react-redux';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { AppStore } from './store/index.js';
import { useAppDispatch, useAppSelector } from './store/hooks.js';
import { checkSession } from './features/session/sessionSlice.js';
import { LoginPage } from './features/session/LoginPage.js';
import { AppFrame } from './features/shell/AppFrame.js';
import { navigate, routeFromLocation, routeToHash } from './features/ui/uiSlice.js';
import { Notifier } from './features/shell/Notifier.js';
import { t } from './i18n/zh-CN.js';
import { theme } from './theme.js';

dayjs.locale('zh-cn');

function HashSync() {
  const dispatch = useAppDispatch();
  const route = useAppSelector((s) => s.ui.route);
  useEffect(() => {
    const onHash = () => dispatch(navigate(routeFromLocation(window.location)));
    onHash();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [dispatch]);
  useEffect(() => {
    const h = routeToHash(route);
    if (window.location.hash !== h) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${h}`);
  }, [route]);
  return null;
}

function Screens() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  useEffect(() => {
    void dispatch(checkSession());
  }, [dispatch]);
  if (status === 'unknown') {
    return (
      <div className="boot" data-testid="boot">
        <Spin size="large" />
        <span>{t.app.loading}</span>
      </div>
    );
  }
  if (status !== 'signedIn') return <LoginPage />;
  return <AppFrame />;
}

export function App({ store }: { store: AppStore }) {
  return (
    <Provider store={store}>
      <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
        <AntApp>
          <HashSync />
          <Notifier />
          <Screens />
        </AntApp>
      </ConfigProvider>
    </Provider>
  );
}
