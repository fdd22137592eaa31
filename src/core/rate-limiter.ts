import type { RateLimit } from './types.js';

export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** When the current window ends, ISO 8601. */
  readonly resetAt: string;
}

/**
 * Counts events per id and window: verifications per key, and (in a separate instance,
 * see abuse-guard.ts) failed authentications and management calls per client. In
 * process today; the interface is what a shared (Redis) implementation fills so that
 * several instances share counters.
 */
export interface RateLimiter {
  /** Counts one event if the window has room; `allowed` says whether it did. */
  consume(id: string, limit: RateLimit, now: Date): Promise<RateLimitDecision> | RateLimitDecision;
  /**
   * What `consume` would answer now, without counting anything: for limits where only
   * some outcomes count (a failed authentication is counted once it has failed, but a
   * client over its budget is refused before the attempt is even made).
   */
  peek(id: string, limit: RateLimit, now: Date): Promise<RateLimitDecision> | RateLimitDecision;
}

interface Window {
  windowStart: number;
  windowEnd: number;
  count: number;
}

/**
 * Fixed windows aligned to the epoch: cheap (one map entry per active id) and exact
 * within a window. The map is bounded: when it is full, finished windows are dropped,
 * and if that frees too little, the entries whose windows started longest ago go
 * (Map order is insertion order, and an entry is re-inserted when its window turns), so
 * memory stays bounded whatever ids a client invents.
 */
export class InProcessRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #maxEntries: number;

  constructor(maxEntries = 1_000_000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
    this.#maxEntries = maxEntries;
  }

  /** Ids tracked now (finished windows may still count until the next sweep). */
  get size(): number {
    return this.#windows.size;
  }

  consume(id: string, limit: RateLimit, now: Date): RateLimitDecision {
    const t = now.getTime();
    const windowStart = t - (t % limit.windowMs);
    let entry = this.#windows.get(id);
    if (!entry || entry.windowStart !== windowStart) {
      if (entry) this.#windows.delete(id);
      else if (this.#windows.size >= this.#maxEntries) this.#makeRoom(t);
      entry = { windowStart, windowEnd: windowStart + limit.windowMs, count: 0 };
      this.#windows.set(id, entry);
    }
    const allowed = entry.count < limit.limit;
    if (allowed) entry.count += 1;
    return decision(limit, entry.count, entry.windowEnd, allowed);
  }

  peek(id: string, limit: RateLimit, now: Date): RateLimitDecision {
    const t = now.getTime();
    const windowStart = t - (t % limit.windowMs);
    const entry = this.#windows.get(id);
    const count = entry && entry.windowStart === windowStart ? entry.count : 0;
    return decision(limit, count, windowStart + limit.windowMs, count < limit.limit);
  }

  /**
   * Drops finished windows; if fewer than a tenth of the entries were finished, drops the
   * oldest until a tenth is free. Every call frees at least a tenth of the map, so the
   * O(n) scan runs once per n/10 new ids, not on every request of a flood.
   */
  #makeRoom(now: number): void {
    for (const [id, e] of this.#windows) if (e.windowEnd <= now) this.#windows.delete(id);
    const target = this.#maxEntries - Math.max(1, Math.floor(this.#maxEntries / 10));
    for (const id of this.#windows.keys()) {
      if (this.#windows.size <= target) break;
      this.#windows.delete(id);
    }
  }
}

/** The answer for a window that has seen `count` calls: shared by every RateLimiter implementation. */
export function decision(limit: RateLimit, count: number, windowEnd: number, allowed: boolean): RateLimitDecision {
  return {
    allowed,
    limit: limit.limit,
    remaining: Math.max(0, limit.limit - count),
    resetAt: new Date(windowEnd).toISOString(),
  };
}
