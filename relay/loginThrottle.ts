/**
 * Login throttling: repeated wrong passwords for one account from one address are refused for a while, so
 * a password cannot be guessed through POST /api/login. Keyed by (username, address) so a guesser on one
 * machine cannot lock a dispatcher out of their own workstation; an address that fails across many
 * usernames is limited as a whole. A successful login clears its key. In memory: a relay restart clears it.
 */
export interface LoginThrottleOptions {
  /** Failures per (username, address) within the window before refusing (default 5). */
  maxFailures?: number;
  /** Failures per address (any username) within the window before refusing (default 30). */
  maxFailuresPerAddress?: number;
  /** Sliding window and lock length, ms (default 15 minutes). */
  windowMs?: number;
  now?: () => number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Bound on tracked keys so a flood of random usernames cannot grow memory without limit. */
const MAX_KEYS = 50_000;

export class LoginThrottle {
  private readonly maxFailures: number;
  private readonly maxPerAddress: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly failures = new Map<string, number[]>();

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

  /** May this address try this username now? */
  check(username: string, address: string): ThrottleVerdict {
    const now = this.now();
    for (const [key, max] of [
      [userKey(username, address), this.maxFailures],
      [addrKey(address), this.maxPerAddress],
    ] as const) {
      const list = this.recent(key, now);
      if (list.length >= max) return { allowed: false, retryAfterMs: list[list.length - max]! + this.windowMs - now };
    }
    return { allowed: true };
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
