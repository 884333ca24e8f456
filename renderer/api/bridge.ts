/**
 * The transport-neutral bridge the renderer talks through. The Electron preload exposes exactly this
 * shape as `window.gridApi`; in a browser the WebSocket bridge implements it.
 */
import type { ApiResult } from '../../shared/api.js';

/** Health of the link between this page and the workstation core (not the relay). */
export type HostLink = 'connecting' | 'up' | 'down';

export interface GridApiBridge {
  /** Call one API method; always resolves with the result envelope (transport failures included). */
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
  /** Subscribe to a push stream; returns the unsubscribe function. */
  on(stream: string, cb: (data: unknown) => void): () => void;
  /** Optional: link state changes (the WebSocket bridge has them; IPC is always up). */
  onLink?(cb: (link: HostLink) => void): () => void;
}

declare global {
  interface Window {
    gridApi?: GridApiBridge;
  }
}
