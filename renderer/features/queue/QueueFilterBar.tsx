/** The queue's filters (community, grid, category, department, grade, clock state, source), its sort and "clear filters". */
import { useMemo, type ReactNode } from 'react';
import { Button, Select, Space } from 'antd';
import { CaseSource, ClockState, Grade } from '../../../shared/model.js';
import { useAppDispatch } from '../../store/hooks.js';
import { setFilters, setSort, type QueueFilters, type QueueSort, type QueueView } from './queueSlice.js';
import { useLookups } from '../ref/index.js';
import { t } from '../../i18n/zh-CN.js';

function sel(
  placeholder: string,
  value: string | undefined,
  options: { value: string; label: string }[],
  on: (v: string | undefined) => void,
  testid: string,
  width = 130,
) {
  return (
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
}

/** `search`: the search box, first in the bar (each control is its own item of the wrapping Space). */
export function QueueFilterBar({ view, search }: { view: QueueView; search: ReactNode }) {
  const dispatch = useAppDispatch();
  const lk = useLookups();

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

  return (
    <Space wrap size={6}>
      {search}
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
  );
}
