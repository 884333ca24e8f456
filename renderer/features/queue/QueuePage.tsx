/** 事件队列: tabs by stage with live counts, filters, search, sort, saved views, the live table, keys. */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Input, Popconfirm, Select, Space, Tabs, Tooltip, Typography, type InputRef } from 'antd';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { QueueTab, type QueueTab as QueueTabT } from '../../../shared/api.js';
import { CaseSource, ClockState, Grade } from '../../../shared/model.js';
import { useAppDispatch, useAppSelector, useAppStore } from '../../store/hooks.js';
import { applyView, moveSelection, setFilters, setSearch, setSort, setTab, type QueueFilters, type QueueSort } from './queueSlice.js';
import { QueueTable } from './QueueTable.js';
import { navigate, setHelpOpen, expireFlash } from '../ui/uiSlice.js';
import { useLookups } from '../ref/lookups.js';
import { deleteView, loadViews, saveView, type SavedView } from './savedViews.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { isTypingTarget } from '../../lib/keyboard.js';

const FLASH_MS = 8000;

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
const QueueTabs = memo(function QueueTabs() {
  const dispatch = useAppDispatch();
  const tab = useAppSelector((s) => s.queue.view.tab);
  return <Tabs className="queue-tabs" size="small" activeKey={tab} items={TAB_ITEMS} onChange={(k) => dispatch(setTab(k as QueueTabT))} />;
});

const QueueTotal = memo(function QueueTotal() {
  const total = useAppSelector((s) => s.queue.total);
  return (
    <Typography.Text type="secondary" data-testid="queue-total">
      {fmt(t.queue.total, { total })}
    </Typography.Text>
  );
});

export function QueuePage() {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const view = useAppSelector((s) => s.queue.view);
  const helpOpen = useAppSelector((s) => s.ui.helpOpen);
  const lk = useLookups();
  const searchRef = useRef<InputRef>(null);
  const [q, setQ] = useState(view.q);
  const [views, setViews] = useState<SavedView[]>(() => loadViews());
  const [viewName, setViewName] = useState('');

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

  // Keyboard operation of the queue.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || helpOpen) return;
      if (isTypingTarget(e.target)) return;
      const st = store.getState().queue;
      const selected = st.selectedId;
      switch (e.key) {
        case 'ArrowDown':
        case 'j':
          dispatch(moveSelection(1));
          break;
        case 'ArrowUp':
        case 'k':
          dispatch(moveSelection(-1));
          break;
        case 'Enter':
          if (selected) open(selected);
          break;
        case 'd':
          if (selected) open(selected, 'dispatch');
          break;
        case 'u':
          if (selected) open(selected, 'urge');
          break;
        case '?':
          dispatch(setHelpOpen(true));
          break;
        case '/':
          searchRef.current?.focus();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch, store, open, helpOpen]);

  const setFilter = (patch: Partial<QueueFilters>) => {
    const next: QueueFilters = { ...view.filters, ...patch };
    for (const k of Object.keys(next) as (keyof QueueFilters)[]) if (next[k] === undefined) delete next[k];
    if (patch.communityId !== undefined || 'communityId' in patch) delete next.gridId;
    dispatch(setFilters(next));
  };

  const gridOptions = useMemo(
    () =>
      [...lk.grid.values()]
        .filter((g) => !view.filters.communityId || g.communityId === view.filters.communityId)
        .map((g) => ({ value: g.id, label: g.name })),
    [lk, view.filters.communityId],
  );

  const sel = (
    placeholder: string,
    value: string | undefined,
    options: { value: string; label: string }[],
    on: (v: string | undefined) => void,
    testid: string,
    width = 130,
  ) => (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      size="small"
      placeholder={placeholder}
      value={value}
      options={options}
      onChange={(v) => on(v ?? undefined)}
      style={{ width }}
      data-testid={testid}
    />
  );

  return (
    <div className="queue-page" data-testid="queue-page">
      <QueueTabs />
      <div className="queue-toolbar">
        <Space wrap size={6}>
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
          {sel(
            t.queue.filters.community,
            view.filters.communityId,
            [...lk.community.values()].map((c) => ({ value: c.id, label: c.name })),
            (v) => setFilter({ communityId: v }),
            'filter-community',
          )}
          {sel(t.queue.filters.grid, view.filters.gridId, gridOptions, (v) => setFilter({ gridId: v }), 'filter-grid', 120)}
          {sel(
            t.queue.filters.category,
            view.filters.category,
            lk.categories.map((c) => ({ value: c, label: c })),
            (v) => setFilter({ category: v }),
            'filter-category',
            110,
          )}
          {sel(
            t.queue.filters.department,
            view.filters.departmentId,
            [...lk.dept.values()].map((d) => ({ value: d.id, label: d.shortName })),
            (v) => setFilter({ departmentId: v }),
            'filter-department',
            110,
          )}
          {sel(
            t.queue.filters.grade,
            view.filters.grade,
            Grade.options.map((g) => ({ value: g, label: t.enums.grades[g] })),
            (v) => setFilter({ grade: v as QueueFilters['grade'] }),
            'filter-grade',
            84,
          )}
          {sel(
            t.queue.filters.clockState,
            view.filters.clockState,
            (['normal', 'warning', 'overdue', 'paused'] as const).map((c) => ({ value: c, label: t.clock.states[c] })),
            (v) => setFilter({ clockState: v as ClockState | undefined }),
            'filter-clock',
            96,
          )}
          {sel(
            t.queue.filters.source,
            view.filters.source,
            CaseSource.options.map((c) => ({ value: c, label: t.enums.sources[c] })),
            (v) => setFilter({ source: v as CaseSource | undefined }),
            'filter-source',
            110,
          )}
          <Select
            size="small"
            value={`${view.sort.field}:${view.sort.dir}`}
            style={{ width: 150 }}
            data-testid="queue-sort"
            options={(['reportedAt', 'updatedAt', 'deadline', 'code', 'grade'] as const).flatMap((f) =>
              (['desc', 'asc'] as const).map((d) => ({ value: `${f}:${d}`, label: `${t.queue.sort[f]} · ${t.queue.sort[d]}` })),
            )}
            onChange={(v: string) => {
              const [field, dir] = v.split(':') as [QueueSort['field'], QueueSort['dir']];
              dispatch(setSort({ field, dir }));
            }}
          />
          {Object.keys(view.filters).length > 0 && (
            <Button size="small" onClick={() => dispatch(setFilters({}))}>
              {t.queue.filters.clear}
            </Button>
          )}
        </Space>
        <Space size={6}>
          <Select
            size="small"
            placeholder={t.queue.views.placeholder}
            style={{ width: 140 }}
            value={null}
            options={views.map((v) => ({ value: v.name, label: v.name }))}
            onChange={(name: string) => {
              const v = views.find((x) => x.name === name);
              if (v) {
                dispatch(applyView(v.view));
                setQ(v.view.q);
              }
            }}
            data-testid="views-select"
            optionRender={(o) => (
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <span>{o.label}</span>
                <Popconfirm title={t.queue.views.delete} onConfirm={() => setViews(deleteView(String(o.value)))}>
                  <DeleteOutlined onClick={(e) => e.stopPropagation()} />
                </Popconfirm>
              </Space>
            )}
          />
          <Input
            size="small"
            placeholder={t.queue.views.name}
            value={viewName}
            onChange={(e) => setViewName(e.target.value)}
            style={{ width: 110 }}
            maxLength={40}
            data-testid="view-name"
          />
          <Button
            size="small"
            icon={<SaveOutlined />}
            disabled={!viewName.trim()}
            onClick={() => {
              // The search box may be ahead of its debounced copy in the store.
              setViews(saveView(viewName.trim(), { ...view, q }));
              setViewName('');
            }}
            data-testid="view-save"
          >
            {t.queue.views.save}
          </Button>
          <QueueTotal />
        </Space>
      </div>
      <QueueTable onOpen={open} />
    </div>
  );
}
