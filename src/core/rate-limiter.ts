import type { RateLimit } from './types.js';

export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** When the current window ends, ISO 8601. */
  readonly resetAt: string;
}

/**
 * Counts verifications per key and window. In process today; the interface is what a
 * shared (Redis) implementation will fill so that several instances share counters.
 */
export interface RateLimiter {
  consume(keyId: string, limit: RateLimit, now: Date): Promise<RateLimitDecision> | RateLimitDecision;
}

/**
 * Fixed windows aligned to the epoch: cheap (one map entry per active key) and
 * exact within a window. Entries of finished windows are swept as the map grows.
 */
export class InProcessRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, { windowStart: number; count: number }>();
  readonly #maxEntries: number;

  constructor(maxEntries = 1_000_000) {
    this.#maxEntries = maxEntries;
  }

  consume(keyId: string, limit: RateLimit, now: Date): RateLimitDecision {
    const t = now.getTime();
    const windowStart = t - (t % limit.windowMs);
    let entry = this.#windows.get(keyId);
    if (!entry || entry.windowStart !== windowStart) {
      if (!entry && this.#windows.size >= this.#maxEntries) this.#sweep(t);
      entry = { windowStart, count: 0 };
      this.#windows.set(keyId, entry);
    }
    const allowed = entry.count < limit.limit;
    if (allowed) entry.count += 1;
    return {
      allowed,
      limit: limit.limit,
      remaining: Math.max(0, limit.limit - entry.count),
      resetAt: new Date(windowStart + limit.windowMs).toISOString(),
    };
  }

  #sweep(now: number): void {
    // Windows are at most a day long (schema bound), so older entries are finished.
    for (const [id, e] of this.#windows) if (e.windowStart < now - 86_400_000) this.#windows.delete(id);
    if (this.#windows.size >= this.#maxEntries) this.#windows.clear();
  }
}
