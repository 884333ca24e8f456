/** The queue's stage tabs with their live counts, and the total of the current view. */
import { memo } from 'react';
import { Tabs, Typography } from 'antd';
import { QueueTab, type QueueTab as QueueTabT } from '../../../shared/api.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { setTab } from './queueSlice.js';
import { t, fmt } from '../../i18n/zh-CN.js';

const TAB_COLOR: Partial<Record<QueueTabT, string>> = { overdue: 'count-red', bounced: 'count-orange' };

/** One tab's label with its live count: only these labels re-render when counts change, not the tabs. */
const TabLabel = memo(function TabLabel({ tab }: { tab: QueueTabT }) {
  const n = useAppSelector((s) => s.queue.counts[tab] ?? 0);
  return (
    <span data-testid={`tab-${tab}`} data-count={n}>
      {t.queue.tabs[tab]}
      <span className={`tab-count ${TAB_COLOR[tab] ?? ''}`}>{n}</span>
    </span>
  );
});

const TAB_ITEMS = QueueTab.options.map((k: QueueTabT) => ({ key: k, label: <TabLabel tab={k} /> }));

/** Tabs by stage; the labels hold the live counts, so a refresh does not re-render antd's Tabs. */
export const QueueTabs = memo(function QueueTabs() {
  const dispatch = useAppDispatch();
  const tab = useAppSelector((s) => s.queue.view.tab);
  return <Tabs className="queue-tabs" size="small" activeKey={tab} items={TAB_ITEMS} onChange={(k) => dispatch(setTab(k as QueueTabT))} />;
});

export const QueueTotal = memo(function QueueTotal() {
  const total = useAppSelector((s) => s.queue.total);
  return (
    <Typography.Text type="secondary" data-testid="queue-total">
      {fmt(t.queue.total, { total })}
    </Typography.Text>
  );
});
