import type { Redis } from 'ioredis';
import type { CachingStore } from '../cache/caching-store.js';
import type { KeyChangeListener } from '../core/store.js';
import { closeConnection, createRedisConnection, startConnecting, type RedisLog } from './redis-connection.js';
import { RedisKeyChanges } from './redis-key-changes.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

const SUBSCRIBER_COMMAND_TIMEOUT_MS = 2000;

export interface RedisSettings {
  /** KEYWARD_REDIS_URL. */
  readonly url: string;
  /**
   * KEYWARD_REDIS_PREFIX: starts every key and channel name, so deployments sharing one
   * Redis (pub/sub channels are not separated by database number) stay apart.
   */
  readonly prefix: string;
}

/**
 * What one Keyward process keeps in Redis (KEYWARD_REDIS_URL): shared rate-limit
 * counters and cache invalidation between instances. Two connections: one for commands
 * (counters, PUBLISH), one in subscriber mode. Built by deps.ts without connecting;
 * the server opens it before listening and closes it after draining.
 *
 * Redis is never on the critical path of correctness: when it is down, rate limits are
 * counted in process, cache changes arrive through the database signals, and the cache
 * TTL bounds any staleness; writes and verifications carry on.
 */
export class RedisLink {
  readonly #commands: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #changes: RedisKeyChanges;
  readonly #limiters: RedisRateLimiter[] = [];
  #cache: CachingStore | null = null;
  #opened = false;

  constructor(settings: RedisSettings) {
    this.#prefix = settings.prefix;
    this.#commands = createRedisConnection(settings.url, `${settings.prefix}:commands`);
    // Off the request path: its commands (SUBSCRIBE, the heartbeat PING) may take longer on a busy Redis.
    this.#subscriber = createRedisConnection(settings.url, `${settings.prefix}:subscriber`, SUBSCRIBER_COMMAND_TIMEOUT_MS);
    this.#changes = new RedisKeyChanges(this.#commands, this.#subscriber, settings.prefix);
  }

  get changes(): RedisKeyChanges {
    return this.#changes;
  }

  /** A rate limiter on this connection; `namespace` keeps its counters apart from other limiters'. */
  rateLimiter(namespace: string): RedisRateLimiter {
    const limiter = new RedisRateLimiter(this.#commands, this.#prefix, namespace);
    this.#limiters.push(limiter);
    return limiter;
  }

  /**
   * Shares this process's cache changes with the other instances: its committed writes are
   * published, and theirs make its cache forget (subscribed when the link opens).
   */
  shareCacheChanges(store: CachingStore): void {
    this.#cache = store;
    store.onCommitted(this.#changes.publish);
  }

  /**
   * Connects (and subscribes, when a cache is shared). Resolves once the first attempt has
   * succeeded or failed, never rejects: the server starts with Redis down and the
   * connections keep retrying in the background, with back-off, logging once each way.
   */
  async open(log: RedisLog): Promise<void> {
    if (this.#opened) return;
    this.#opened = true;
    for (const limiter of this.#limiters) limiter.useLog(log);
    this.#changes.useLog(log);
    // As CachingStore.watch applies the database's signals.
    const apply: KeyChangeListener | null = this.#cache?.applyKeyChanges ?? null;
    const [connected] = await Promise.all([startConnecting(this.#commands), apply ? this.#changes.watch(apply, log) : null]);
    if (connected) log.info({ prefix: this.#prefix }, 'Redis connected: rate limits and cache changes are shared between instances');
    else log.warn({}, 'Redis unreachable at start-up: serving anyway, rate limits counted in process until it answers');
  }

  /** Closes both connections (after the server has drained, so no request still needs them). */
  async close(): Promise<void> {
    this.#changes.close();
    await Promise.all([closeConnection(this.#commands), closeConnection(this.#subscriber)]);
  }
}
