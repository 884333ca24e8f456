/**
 * One shared 1-second ticker. Only components that show a running countdown subscribe, so a tick
 * re-renders (or, through `subscribe`, rewrites the text of) those cells and nothing else.
 */
import { useSyncExternalStore } from 'react';

type Listener = () => void;
const listeners = new Set<Listener>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | undefined;
let offsetMs = 0;

function schedule() {
  // Align to the next whole second so every countdown changes together.
  timer = setTimeout(
    () => {
      now = Date.now();
      for (const l of listeners) l();
      if (listeners.size > 0) schedule();
      else timer = undefined;
    },
    1000 - (Date.now() % 1000) + 5,
  );
}

/**
 * Call `l` on every tick (once a second, all together); returns the unsubscribe function. For cells that
 * update their own text without a React render.
 */
export function subscribe(l: Listener): () => void {
  listeners.add(l);
  if (!timer) {
    now = Date.now();
    schedule();
  }
  return () => {
    listeners.delete(l);
  };
}

/** Server-corrected "now" (ms), updated once a second. */
export function useNow(): number {
  const local = useSyncExternalStore(
    subscribe,
    () => now,
    () => now,
  );
  return local + offsetMs;
}

/** Clock offset measured by the core at connect (server time − local time). */
export function setClockOffset(ms: number): void {
  offsetMs = ms;
}
export function serverNow(): number {
  return Date.now() + offsetMs;
}
