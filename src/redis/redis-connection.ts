import { Redis } from 'ioredis';

/** Where Redis trouble is reported: pino's (and so Fastify's) logger fits. */
export interface RedisLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export const silentLog: RedisLog = { info: () => {}, warn: () => {} };

/** Reconnect back-off: doubles from the first delay to the last, then stays there, forever. */
const RECONNECT_MS = { first: 100, last: 5000 };
/**
 * A command Redis has not answered by then fails (and the caller falls back): a Redis that
 * accepts connections but hangs must cost a verification a quarter second at worst, once
 * (see RedisRateLimiter's breaker), never a hung request.
 */
export const COMMAND_TIMEOUT_MS = 250;
const CONNECT_TIMEOUT_MS = 2000;

/**
 * One ioredis connection set up to fail fast rather than queue: no offline queue, no
 * retries of a command caught by a disconnect, a command timeout. Every caller has a
 * fallback (counting in process, forgetting the cache), and a queued command would only
 * delay the request that waits for it. The connection itself reconnects forever with
 * back-off; it is opened by `connect()`, not on construction.
 *
 * `name` becomes the connection's CLIENT SETNAME (visible in CLIENT LIST, so an operator
 * can tell Keyward's connections apart; the tests use it to cut exactly one of them).
 */
export function createRedisConnection(url: string, name: string, commandTimeoutMs = COMMAND_TIMEOUT_MS): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // Subscriptions are renewed by their owner, which must know when they are back.
    autoResubscribe: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // TCP keep-alive probes after 10 s idle (the OS default waits two hours).
    keepAlive: 10_000,
    retryStrategy: (times) => Math.min(RECONNECT_MS.first * 2 ** Math.min(times - 1, 10), RECONNECT_MS.last),
  });
  // Without a listener ioredis prints every failed reconnect to stderr; owners report
  // state changes (down, back) themselves, once each.
  redis.on('error', () => {});
  return redis;
}

/**
 * Starts connecting; resolves when the first attempt has succeeded or failed, whichever
 * comes first, and never rejects: a Redis that is down at start-up must not stop the
 * server (reconnection goes on in the background).
 */
export async function startConnecting(redis: Redis): Promise<boolean> {
  try {
    await redis.connect();
    return true;
  } catch {
    return false;
  }
}

/** QUIT politely (a moment at most), then drop the socket and stop reconnecting. */
export async function closeConnection(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await Promise.race([redis.quit().catch(() => {}), new Promise((r) => setTimeout(r, 500).unref())]);
  }
  redis.disconnect(false);
}

/** The message of an error, and nothing else (no stack, no URL with a password in it). */
export function reason(err: unknown): { error: string } {
  return { error: err instanceof Error ? err.message : String(err) };
}
