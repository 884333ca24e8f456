/** Keyboard operation of the queue: j/k or arrows move, Enter opens, d dispatches, u urges, ? help, / search. */
import { useEffect, type RefObject } from 'react';
import type { InputRef } from 'antd';
import { useAppDispatch, useAppStore } from '../../store/hooks.js';
import { moveSelection } from './queueSlice.js';
import { setHelpOpen } from '../ui/index.js';
import { isTypingTarget } from '../../lib/keyboard.js';

export function useQueueKeys({
  open,
  helpOpen,
  searchRef,
}: {
  open: (id: string, action?: string) => void;
  /** The help sheet is open: it takes the keys. */
  helpOpen: boolean;
  searchRef: RefObject<InputRef | null>;
}) {
  const dispatch = useAppDispatch();
  const store = useAppStore();
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
  }, [dispatch, store, open, helpOpen, searchRef]);
}
