/**
 * 事件队列: tabs by stage with live counts, filters, search, sort, saved views, the live table, keys. The
 * parts: QueueTabs.tsx, QueueFilterBar.tsx, SavedViewsBar.tsx, useQueueKeys.ts, QueueTable.tsx.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Input, Tooltip, type InputRef } from 'antd';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { setSearch } from './queueSlice.js';
import { QueueTable } from './QueueTable.js';
import { navigate, expireFlash } from '../ui/index.js';
import { t } from '../../i18n/zh-CN.js';
import { QueueTabs, QueueTotal } from './QueueTabs.js';
import { QueueFilterBar } from './QueueFilterBar.js';
import { SavedViewsBar } from './SavedViewsBar.js';
import { useQueueKeys } from './useQueueKeys.js';

const FLASH_MS = 8000;

export function QueuePage() {
  const dispatch = useAppDispatch();
  const view = useAppSelector((s) => s.queue.view);
  const helpOpen = useAppSelector((s) => s.ui.helpOpen);
  const searchRef = useRef<InputRef>(null);
  const [q, setQ] = useState(view.q);

  const open = useCallback(
    (id: string, action?: string) => dispatch(navigate({ name: 'case', caseId: id, ...(action ? { action } : {}) })),
    [dispatch],
  );

  // Debounced full-text search.
  useEffect(() => {
    if (q === view.q) return;
    const timer = setTimeout(() => dispatch(setSearch(q)), 250);
    return () => clearTimeout(timer);
  }, [q, view.q, dispatch]);

  useEffect(() => {
    const timer = setInterval(() => dispatch(expireFlash({ before: Date.now() - FLASH_MS })), 1000);
    return () => clearInterval(timer);
  }, [dispatch]);

  useQueueKeys({ open, helpOpen, searchRef });

  return (
    <div className="queue-page" data-testid="queue-page">
      <QueueTabs />
      <div className="queue-toolbar">
        <QueueFilterBar
          view={view}
          search={
            <Tooltip title={t.shortcuts.search}>
              <Input.Search
                ref={searchRef}
                size="small"
                allowClear
                placeholder={t.queue.searchPlaceholder}
                value={q}
                onChange={(e) => setQ(e.target.value)}
                onSearch={(v) => dispatch(setSearch(v))}
                style={{ width: 220 }}
                data-testid="queue-search"
              />
            </Tooltip>
          }
        />
        <SavedViewsBar view={view} q={q} onApplied={setQ}>
          <QueueTotal />
        </SavedViewsBar>
      </div>
      <QueueTable onOpen={open} />
    </div>
  );
}
