/** Saved views of the queue (this workstation): pick one to apply it, delete one, or save the current view under a name. */
import { useState, type ReactNode } from 'react';
import { Button, Input, Popconfirm, Select, Space } from 'antd';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useAppDispatch } from '../../store/hooks.js';
import { applyView, type QueueView } from './queueSlice.js';
import { deleteView, loadViews, saveView, type SavedView } from './savedViews.js';
import { t } from '../../i18n/zh-CN.js';

/** `children` follow the controls in the same Space (the queue's total). */
export function SavedViewsBar({
  view,
  q,
  onApplied,
  children,
}: {
  view: QueueView;
  q: string;
  onApplied: (q: string) => void;
  children?: ReactNode;
}) {
  const dispatch = useAppDispatch();
  const [views, setViews] = useState<SavedView[]>(() => loadViews());
  const [viewName, setViewName] = useState('');
  return (
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
            onApplied(v.view.q);
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
      {children}
    </Space>
  );
}
