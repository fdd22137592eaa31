import type { Redis } from 'ioredis';
import { decision, InProcessRateLimiter, type RateLimitDecision, type RateLimiter } from '../core/rate-limiter.js';
import type { RateLimit } from '../core/types.js';
import { reason, silentLog, type RedisLog } from './redis-connection.js';

/**
 * Counts one event if the window has room, in one round trip and atomically (a script
 * runs alone on the Redis server): N instances racing for the last slot get exactly one.
 * The counter never goes past the limit (a refused attempt counts nothing), as in the
 * in-process limiter, and expires once its window is over.
 * KEYS[1] the window's counter; ARGV[1] the limit; ARGV[2] ms until it may expire.
 * Returns {count, allowed (1/0)}.
 */
const CONSUME_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return {count, 0} end
count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {count, 1}
`;

/**
 * A counter outlives its window by this much, so an instance whose clock runs slightly
 * behind still finds it; windows are told apart by their start in the key anyway.
 */
const EXPIRY_SLACK_MS = 5000;
/** After a failure, Redis is not asked again for this long: a hung Redis must not slow every verification. */
const RETRY_AFTER_MS = 1000;

interface ConsumeCommand {
  keywardRateLimitConsume(key: string, limit: number, expireMs: number): Promise<[number, number]>;
}

/**
 * The RateLimiter port on Redis, so several instances share one counter per key and
 * window: fixed windows aligned to the epoch exactly like InProcessRateLimiter, the
 * same decisions, `remaining` and `reset_at`. Counters live at
 * `<prefix>:rl:<namespace>:<id>:<window start ms>`.
 *
 * When Redis cannot answer (down, unreachable, slower than the command timeout), the
 * call is answered by an in-process limiter instead, and Redis is left alone for a
 * second: verification never fails or waits because of Redis. While that lasts each
 * instance enforces the limit on its own, so N instances may let through up to N × the
 * limit; the events counted locally are not added to Redis when it is back. The change
 * is logged once each way.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis & ConsumeCommand;
  readonly #prefix: string;
  readonly #fallback: InProcessRateLimiter;
  #log: RedisLog = silentLog;
  #degraded = false;
  #skipUntil = 0;

  constructor(redis: Redis, prefix: string, namespace: string, fallback = new InProcessRateLimiter()) {
    if (!('keywardRateLimitConsume' in redis)) redis.defineCommand('keywardRateLimitConsume', { numberOfKeys: 1, lua: CONSUME_SCRIPT });
    this.#redis = redis as Redis & ConsumeCommand;
    this.#prefix = `${prefix}:rl:${namespace}:`;
    this.#fallback = fallback;
  }

  useLog(log: RedisLog): void {
    this.#log = log;
  }

  /** Whether the last decision came from Redis (false while falling back). */
  get shared(): boolean {
    return !this.#degraded;
  }

  async consume(id: string, limit: RateLimit, now: Date): Promise<RateLimitDecision> {
    const { key, windowEnd } = this.#window(id, limit, now);
    if (!this.#usable()) return this.#fallback.consume(id, limit, now);
    try {
      const expireMs = Math.max(1, windowEnd - now.getTime()) + EXPIRY_SLACK_MS;
      const [count, allowed] = await this.#redis.keywardRateLimitConsume(key, limit.limit, expireMs);
      this.#answered();
      return decision(limit, Number(count), windowEnd, allowed === 1);
    } catch (err) {
      this.#failed(err);
      return this.#fallback.consume(id, limit, now);
    }
  }

  async peek(id: string, limit: RateLimit, now: Date): Promise<RateLimitDecision> {
    const { key, windowEnd } = this.#window(id, limit, now);
    if (!this.#usable()) return this.#fallback.peek(id, limit, now);
    try {
      const count = Number((await this.#redis.get(key)) ?? 0);
      this.#answered();
      return decision(limit, count, windowEnd, count < limit.limit);
    } catch (err) {
      this.#failed(err);
      return this.#fallback.peek(id, limit, now);
    }
  }

  #window(id: string, limit: RateLimit, now: Date): { key: string; windowEnd: number } {
    const t = now.getTime();
    const windowStart = t - (t % limit.windowMs);
    return { key: `${this.#prefix}${id}:${windowStart}`, windowEnd: windowStart + limit.windowMs };
  }

  #usable(): boolean {
    if (this.#redis.status === 'ready' && performance.now() >= this.#skipUntil) return true;
    if (!this.#degraded) this.#failed(new Error(`connection ${this.#redis.status}`));
    return false;
  }

  #answered(): void {
    if (!this.#degraded) return;
    this.#degraded = false;
    this.#log.info({}, 'Redis back: rate limits are shared between instances again');
  }

  #failed(err: unknown): void {
    this.#skipUntil = performance.now() + RETRY_AFTER_MS;
    if (this.#degraded) return;
    this.#degraded = true;
    this.#log.warn(reason(err), 'Redis unreachable: rate limits are counted in this process until it answers again');
  }
}
