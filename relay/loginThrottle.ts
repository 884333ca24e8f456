/**
 * Login throttling for POST /api/login. Policy (docs/protocol.md §2):
 * - per (username, address): at most `maxFailures` failed or in-flight attempts within the window; then that
 *   pair is refused until the oldest failure leaves the window, even with the right password;
 * - per address: at most `maxFailuresPerAddress` failed or in-flight attempts across usernames; when spent,
 *   the address is refused for clients that cannot prove a registered workstation (a valid clientSecret).
 *   A workstation that proves its secret is held to the per-pair limit only, so junk usernames sent from an
 *   address cannot lock out the workstations behind it, and nothing done from one address affects another.
 * An attempt is reserved (counted as in flight) BEFORE the password is evaluated and settled after, so a
 * burst of concurrent guesses is cut off at the limit instead of being evaluated in full. A successful
 * login clears its pair. In memory: a relay restart clears it.
 */
export interface LoginThrottleOptions {
  /** Failures per (username, address) within the window before refusing (default 5). */
  maxFailures?: number;
  /** Failures per address (any username) within the window before refusing unproven clients (default 30). */
  maxFailuresPerAddress?: number;
  /** Sliding window and lock length, ms (default 15 minutes). */
  windowMs?: number;
  now?: () => number;
}

/** `busy`: refused only because attempts are still being evaluated (retry in a moment). */
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; busy: boolean };

/** A reserved attempt: settle it exactly once with the outcome of the password check. */
export interface LoginAttempt {
  settle(ok: boolean): void;
}

/** Bound on tracked keys so a flood of random usernames cannot grow memory without limit. */
const MAX_KEYS = 50_000;
/** Retry-After for a refusal caused by in-flight attempts only. */
const BUSY_RETRY_MS = 1000;

export class LoginThrottle {
  private readonly maxFailures: number;
  private readonly maxPerAddress: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly failures = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(opts: LoginThrottleOptions = {}) {
    this.maxFailures = opts.maxFailures ?? 5;
    this.maxPerAddress = opts.maxFailuresPerAddress ?? 30;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  private verdict(username: string, address: string, provenClient: boolean): ThrottleVerdict {
    const now = this.now();
    const keys: Array<[string, number]> = [[userKey(username, address), this.maxFailures]];
    if (!provenClient) keys.push([addrKey(address), this.maxPerAddress]);
    for (const [key, max] of keys) {
      const list = this.recent(key, now);
      const busy = this.inFlight.get(key) ?? 0;
      if (list.length >= max) return { allowed: false, retryAfterMs: list[list.length - max]! + this.windowMs - now, busy: false };
      if (list.length + busy >= max) return { allowed: false, retryAfterMs: BUSY_RETRY_MS, busy: true };
    }
    return { allowed: true };
  }

  /** May this address try this username now? (counts attempts in flight; reserves nothing) */
  check(username: string, address: string, provenClient = false): ThrottleVerdict {
    return this.verdict(username, address, provenClient);
  }

  /** Reserve an attempt before evaluating the password, or refuse it. */
  begin(username: string, address: string, provenClient = false): LoginAttempt | Extract<ThrottleVerdict, { allowed: false }> {
    const v = this.verdict(username, address, provenClient);
    if (!v.allowed) return v;
    const keys = [userKey(username, address), addrKey(address)];
    for (const k of keys) this.inFlight.set(k, (this.inFlight.get(k) ?? 0) + 1);
    let settled = false;
    return {
      settle: (ok: boolean) => {
        if (settled) return;
        settled = true;
        for (const k of keys) {
          const n = (this.inFlight.get(k) ?? 1) - 1;
          if (n > 0) this.inFlight.set(k, n);
          else this.inFlight.delete(k);
        }
        if (ok) this.succeeded(username, address);
        else this.failed(username, address);
      },
    };
  }

  failed(username: string, address: string): void {
    const now = this.now();
    if (this.failures.size > MAX_KEYS) this.failures.clear();
    for (const key of [userKey(username, address), addrKey(address)]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeeded(username: string, address: string): void {
    this.failures.delete(userKey(username, address));
  }
}

const userKey = (username: string, address: string) => `u|${username.trim().toLowerCase()}|${address}`;
const addrKey = (address: string) => `a|${address}`;
