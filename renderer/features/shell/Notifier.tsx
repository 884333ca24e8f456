/** Shows queued notices with antd's notification API, then drops them from the store. */
import { useEffect } from 'react';
import { App } from 'antd';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { noticeShown } from '../ui/index.js';

export function Notifier() {
  const notices = useAppSelector((s) => s.ui.notices);
  const dispatch = useAppDispatch();
  const { notification } = App.useApp();
  useEffect(() => {
    for (const n of notices) {
      notification[n.level]({
        key: n.id,
        title: <span data-testid={`notice-${n.level}`}>{n.title}</span>,
        description: n.message,
        placement: 'bottomRight',
        duration: n.level === 'error' ? 8 : 4.5,
      });
      dispatch(noticeShown(n.id));
    }
  }, [notices, notification, dispatch]);
  return null;
}
