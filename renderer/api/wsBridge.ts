/**
 * GridApiBridge over the browser host's WebSocket (`/api`), in the web host's dialect of the one host wire
 * (shared/hostWire.ts, WebHostWire):
 *   → {t:'call', id, method, input}   ← {t:'result', id, result}   ← {t:'stream', stream, data}
 * Reconnects with capped exponential backoff; calls made while the link is down wait for it (bounded).
 * A frame that is not of the dialect is refused: a malformed answer still settles its call (BAD_RESPONSE
 * with the reason), anything else is logged and dropped.
 */
import type { ApiResult } from '../../shared/api.js';
import { readWireText, WebHostWire, WIRE_BAD_ANSWER, WIRE_DROPPED } from '../../shared/hostWire.js';
import { MAX_PAYLOAD_BYTES } from '../../shared/protocol.js';
import type { GridApiBridge, HostLink } from './bridge.js';

export interface WsBridgeOptions {
  url: string;
  /** How long a call waits for a link and an answer before it fails with TIMEOUT. */
  callTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Injected for tests. */
  WebSocketImpl?: typeof WebSocket;
}

interface PendingCall {
  id: string;
  frame: string;
  sent: boolean;
  resolve: (r: ApiResult<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface WsBridge extends GridApiBridge {
  close(): void;
  readonly link: HostLink;
}

/** The `/api` URL on the page's own host, carrying the page's `?token=` along. */
export function defaultWsUrl(loc: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(loc.search).get('token');
  return `${proto}//${loc.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

export function createWsBridge(opts: WsBridgeOptions): WsBridge {
  const WS = opts.WebSocketImpl ?? WebSocket;
  const callTimeoutMs = opts.callTimeoutMs ?? 20_000;
  const minBackoff = opts.minBackoffMs ?? 250;
  const maxBackoff = opts.maxBackoffMs ?? 8_000;
  const pending = new Map<string, PendingCall>();
  const streamListeners = new Map<string, Set<(data: unknown) => void>>();
  const linkListeners = new Set<(l: HostLink) => void>();
  let socket: WebSocket | null = null;
  let link: HostLink = 'connecting';
  let attempt = 0;
  let closed = false;
  let nextId = 1;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const setLink = (l: HostLink) => {
    if (l === link) return;
    link = l;
    for (const cb of linkListeners) cb(l);
  };

  const flush = () => {
    if (!socket || socket.readyState !== WS.OPEN) return;
    for (const p of pending.values()) {
      if (!p.sent) {
        socket.send(p.frame);
        p.sent = true;
      }
    }
  };

  const settle = (id: string, result: ApiResult<unknown>) => {
    const p = pending.get(id);
    if (!p) return false;
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(result);
    return true;
  };

  const onMessage = (ev: MessageEvent) => {
    // The host's stream frames may be larger than a call (a full page of changes): allow a generous bound.
    const read = readWireText(WebHostWire.fromHost, ev.data, 64 * MAX_PAYLOAD_BYTES);
    if (!read.ok) {
      if (
        read.t === 'result' &&
        typeof read.id === 'string' &&
        settle(read.id, { ok: false, error: { code: WIRE_BAD_ANSWER, message: read.reason } })
      )
        return;
      console.warn(`${WIRE_DROPPED.hostMessageAtPage}：${read.reason}`);
      return;
    }
    const m = read.message;
    if (m.t === 'result') {
      if (typeof m.id === 'string') settle(m.id, m.result);
    } else {
      const set = streamListeners.get(m.stream);
      if (set) for (const cb of [...set]) cb(m.data);
    }
  };

  const connect = () => {
    if (closed) return;
    setLink(attempt === 0 ? 'connecting' : 'down');
    let ws: WebSocket;
    try {
      ws = new WS(opts.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setLink('up');
      flush();
    };
    ws.onmessage = onMessage;
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Calls already on the wire may or may not have run: fail them rather than resend blindly.
      for (const p of [...pending.values()]) {
        if (p.sent) {
          pending.delete(p.id);
          clearTimeout(p.timer);
          p.resolve({ ok: false, error: { code: 'TRANSPORT', message: 'connection to the workstation host closed' } });
        }
      }
      if (!closed) {
        setLink('down');
        scheduleReconnect();
      }
    };
    ws.onerror = () => {
      /* onclose follows and handles it */
    };
  };

  const scheduleReconnect = () => {
    if (closed) return;
    attempt += 1;
    const base = Math.min(maxBackoff, minBackoff * 2 ** Math.min(attempt - 1, 10));
    const delay = base / 2 + Math.random() * (base / 2);
    reconnectTimer = setTimeout(connect, delay);
  };

  connect();

  return {
    get link() {
      return link;
    },
    invoke(method, input) {
      return new Promise((resolve) => {
        if (closed) {
          resolve({ ok: false, error: { code: 'TRANSPORT', message: 'bridge closed' } });
          return;
        }
        const id = String(nextId++);
        const frame = JSON.stringify({ t: 'call', id, method, input });
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, error: { code: 'TIMEOUT', message: `no answer to ${method}` } });
        }, callTimeoutMs);
        pending.set(id, { id, frame, sent: false, resolve, timer });
        flush();
      });
    },
    on(stream, cb) {
      let set = streamListeners.get(stream);
      if (!set) streamListeners.set(stream, (set = new Set()));
      set.add(cb);
      return () => set.delete(cb);
    },
    onLink(cb) {
      linkListeners.add(cb);
      cb(link);
      return () => linkListeners.delete(cb);
    },
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.resolve({ ok: false, error: { code: 'TRANSPORT', message: 'bridge closed' } });
      }
      pending.clear();
      socket?.close();
      socket = null;
    },
  };
}
