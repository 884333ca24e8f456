/**
 * 事件队列: tabs by stage with live counts, filters, search, sort, saved views, the live table, keys. The
 * parts: QueueTabs.tsx, QueueFilterBar.tsx, SavedViewsBar.tsx, useQueueKeys.ts, QueueTable.tsx.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Input, Segmented, Tooltip, type InputRef } from 'antd';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { selectId, setSearch } from './queueSlice.js';
import { QueueMapView } from './QueueMap.js';
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
  const selectedId = useAppSelector((s) => s.queue.selectedId);
  const [withMap, setWithMap] = useState(() => localStorage.getItem('queue.map') === '1');
  const toggleMap = (on: boolean) => {
    setWithMap(on);
    localStorage.setItem('queue.map', on ? '1' : '0');
  };

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
        <Segmented
          size="small"
          value={withMap ? 'map' : 'list'}
          onChange={(v) => toggleMap(v === 'map')}
          options={[
            { value: 'list', label: t.map.showList },
            { value: 'map', label: <span data-testid="queue-show-map">{t.map.showMap}</span> },
          ]}
          data-testid="queue-view-toggle"
        />
      </div>
      {withMap ? (
        <div style={{ display: 'flex', gap: 8, flex: 1, minHeight: 0 }}>
          <div style={{ flex: '1 1 55%', minWidth: 0, display: 'flex', flexDirection: 'column' }}>
            <QueueTable onOpen={open} />
          </div>
          <div style={{ flex: '1 1 45%', minWidth: 320, border: '1px solid #dfe5ee', borderRadius: 4, overflow: 'hidden' }}>
            <QueueMapView selectedId={selectedId} onSelect={(id) => dispatch(selectId(id))} onOpen={open} />
          </div>
        </div>
      ) : (
        <QueueTable onOpen={open} />
      )}
    </div>
  );
}
