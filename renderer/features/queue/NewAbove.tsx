/** The queue's "n new cases above" pill. */
import { memo, useEffect, useMemo, useState } from 'react';
import { useAppSelector } from '../../store/hooks.js';
import { PAGE_SIZE } from './queueSlice.js';
import { ROW_HEIGHT } from './queueRow.js';
import { t, fmt } from '../../i18n/zh-CN.js';

/**
 * The "n new cases above" pill: its own component with its own scroll listener, so neither flashing cases
 * nor scrolling row by row re-render the table; it renders only when its count changes.
 */
export const NewAbove = memo(function NewAbove({
  scrollRef,
  onJump,
}: {
  scrollRef: React.RefObject<HTMLDivElement | null>;
  onJump(): void;
}) {
  const flash = useAppSelector((s) => s.ui.flash);
  const pages = useAppSelector((s) => s.queue.pages);
  // Indexes of the flashing cases among the loaded rows, ascending.
  const flashed = useMemo(() => {
    const out: number[] = [];
    if (Object.keys(flash).length === 0) return out;
    for (const [k, pg] of Object.entries(pages)) {
      const base = Number(k) * PAGE_SIZE;
      pg.rows.forEach((r, j) => {
        if (flash[r.id] !== undefined) out.push(base + j);
      });
    }
    return out.sort((x, y) => x - y);
  }, [flash, pages]);
  const [n, setN] = useState(0);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const count = () => {
      const top = Math.floor(el.scrollTop / ROW_HEIGHT);
      let c = 0;
      if (top > 0) while (c < flashed.length && flashed[c]! < top) c++;
      setN(c);
    };
    count();
    if (flashed.length === 0) return;
    el.addEventListener('scroll', count, { passive: true });
    return () => el.removeEventListener('scroll', count);
  }, [flashed, scrollRef]);
  if (n === 0) return null;
  return (
    <button type="button" className="q-new-above" data-testid="new-above" onClick={onJump}>
      {fmt(t.queue.newAbove, { n })}
    </button>
  );
});
