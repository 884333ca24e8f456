import { describe, expect, it } from 'vitest';
import { deleteView, loadViews, saveView } from './savedViews.js';
import { defaultView } from './queueSlice.js';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('saved views', () => {
  it('saves, replaces by name, and deletes', () => {
    const s = memory();
    saveView('超期', { ...defaultView, tab: 'overdue' }, s);
    saveView('超期', { ...defaultView, tab: 'overdue', q: '井盖' }, s);
    saveView('回弹', { ...defaultView, tab: 'bounced' }, s);
    expect(loadViews(s).map((v) => [v.name, v.view.q])).toEqual([
      ['超期', '井盖'],
      ['回弹', ''],
    ]);
    expect(deleteView('超期', s).map((v) => v.name)).toEqual(['回弹']);
  });

  it('drops corrupt entries instead of trusting them', () => {
    const s = memory();
    s.setItem('grid.queue.views.v1', JSON.stringify([{ name: 'ok', view: { ...defaultView } }, { name: 'bad', view: { tab: 'nope' } }, 7]));
    expect(loadViews(s).map((v) => v.name)).toEqual(['ok']);
    s.setItem('grid.queue.views.v1', '{not json');
    expect(loadViews(s)).toEqual([]);
  });
});
