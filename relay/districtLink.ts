/**
 * The district link: how the relay's forwarding to the district platform stands, for every workstation
 * ('district:link'). Recomputed after each forwarder round (coalesced), from the outbox (exact pending
 * count, the cases waiting) and the forwarder's last answers; sent when it changes and to each new socket.
 */
import { MAX_LINK_CASES, type DistrictLink } from '../shared/protocol.js';
import type { ForwarderHealth } from './outbox.js';
import type { LogStore } from './store/types.js';

export function districtLinkOf(pending: { pending: number; caseIds: string[] }, health: ForwarderHealth | null, at: number): DistrictLink {
  if (!health) return { state: 'off', pending: 0, pendingCaseIds: [], at };
  const link: DistrictLink = {
    state: pending.pending === 0 ? 'ok' : health.failingSince !== undefined ? 'failing' : 'pending',
    pending: pending.pending,
    pendingCaseIds: pending.caseIds.slice(0, MAX_LINK_CASES),
    at,
  };
  if (health.lastDeliveredAt !== undefined) link.lastDeliveredAt = health.lastDeliveredAt;
  if (pending.pending > 0 && health.failingSince !== undefined) link.failingSince = health.failingSince;
  if (pending.pending > 0 && health.lastError !== undefined) link.lastError = health.lastError;
  return link;
}

/** Same status apart from when it was computed and when the last forward went through. */
const sameLink = (a: DistrictLink, b: DistrictLink) =>
  a.state === b.state &&
  a.pending === b.pending &&
  a.failingSince === b.failingSince &&
  a.lastError === b.lastError &&
  a.pendingCaseIds.length === b.pendingCaseIds.length &&
  a.pendingCaseIds.every((id, i) => id === b.pendingCaseIds[i]);

export class DistrictLinkMonitor {
  private link: DistrictLink;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly store: Pick<LogStore, 'pendingCases'>,
    /** The forwarder's health, or null when the relay forwards nothing. */
    private readonly health: ForwarderHealth | null,
    private readonly onChange: (link: DistrictLink) => void,
    private readonly log: (msg: string) => void = () => undefined,
    private readonly coalesceMs = 200,
  ) {
    this.link = districtLinkOf({ pending: 0, caseIds: [] }, health, Date.now());
  }

  get current(): DistrictLink {
    return this.link;
  }

  /** Something may have changed: recompute soon (several calls within `coalesceMs` make one). */
  refresh(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.compute();
    }, this.coalesceMs);
  }

  /** Recomputes now; tells the sockets when the status changed. */
  async compute(): Promise<DistrictLink> {
    try {
      const next = districtLinkOf(await this.store.pendingCases(MAX_LINK_CASES), this.health, Date.now());
      const changed = !sameLink(next, this.link);
      this.link = next;
      if (changed && !this.closed) this.onChange(next);
    } catch (e) {
      this.log(`district link status failed: ${(e as Error).message}`);
    }
    return this.link;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
