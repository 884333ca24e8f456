/** The presenter's keys: a clicker's PageDown/PageUp, arrows, Home/End, digits open a case of the slide, D records a decision, Esc closes. */
import { useEffect } from 'react';
import { presenterKey, type Slide } from './agenda.js';
import type { MeetingData } from './useMeetingData.js';

export function usePresenterKeys({
  go,
  index,
  slides,
  slide,
  openCase,
  setOpenCase,
  decisionFor,
  openDecision,
  data,
}: {
  go: (i: number) => void;
  index: number;
  slides: readonly Slide[];
  slide: Slide | undefined;
  openCase: string | null;
  setOpenCase: (id: string | null) => void;
  /** A decision is being recorded: its form takes the keys. */
  decisionFor: object | null;
  openDecision: () => void;
  /** The agenda's data: the keys are bound again when it changes (openDecision reads it). */
  data: MeetingData | null;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      if (decisionFor) return;
      const k = presenterKey(e.key);
      if (!k) return;
      if (k === 'close') return setOpenCase(null);
      if (openCase && k !== 'decision') return;
      e.preventDefault();
      if (k === 'next') go(index + 1);
      else if (k === 'back') go(index - 1);
      else if (k === 'first') go(0);
      else if (k === 'last') go(slides.length - 1);
      else if (k === 'decision') openDecision();
      else if (slide && (slide.section === 'overdue' || slide.section === 'urged')) {
        const r = slide.rows[k.open];
        if (r) setOpenCase(r.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, index, slides.length, slide, openCase, decisionFor, data]);
}
