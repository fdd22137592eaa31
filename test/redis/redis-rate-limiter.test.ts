import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessRateLimiter, type RateLimitDecision } from '../../src/core/rate-limiter.js';
import { silentLog } from '../../src/redis/redis-connection.js';
import { RedisLink } from '../../src/redis/redis-link.js';
import { closedPortRedisUrl, REDIS } from '../helpers/redis.js';

const LIMIT = { limit: 5, windowMs: 60_000 };
/** A fixed instant in the middle of a window, so no test straddles a window's end. */
const T0 = Date.UTC(2030, 0, 1, 12, 0, 30);
const at = (ms: number): Date => new Date(T0 + ms);

describe.runIf(REDIS)('RedisRateLimiter (real Redis)', () => {
  const links: RedisLink[] = [];
  const opened = async (prefix: string, url = REDIS!.url): Promise<RedisLink> => {
    const link = new RedisLink({ url, prefix });
    links.push(link);
    return link;
  };
  afterEach(async () => {
    await Promise.all(links.splice(0).map((l) => l.close()));
  });

  it('decides exactly as the in-process limiter: counts, remaining, reset_at, refusals that count nothing, next window', async () => {
    const link = await opened(REDIS!.freshPrefix());
    const redis = link.rateLimiter('verify');
    await link.open(silentLog);
    const local = new InProcessRateLimiter();
    const limit = { limit: 3, windowMs: 1000 };
    const times = [0, 10, 20, 30, 40, 999 - (T0 % 1000) + 1, 999 - (T0 % 1000) + 2, 5000];
    for (const t of times) {
      for (const id of ['k1', 'k2']) {
        expect(await redis.consume(id, limit, at(t)), `${id} at +${t}`).toEqual(local.consume(id, limit, at(t)));
        expect(await redis.peek(id, limit, at(t)), `peek ${id} at +${t}`).toEqual(local.peek(id, limit, at(t)));
      }
    }
    expect(redis.shared).toBe(true);
  });

  it('shares one counter between instances: N + k attempts spread over two connections allow exactly N', async () => {
    const prefix = REDIS!.freshPrefix();
    const [a, b] = [await opened(prefix), await opened(prefix)];
    const limiters = [a.rateLimiter('verify'), b.rateLimiter('verify')];
    await Promise.all([a.open(silentLog), b.open(silentLog)]);
    // Concurrently, so the atomicity of the script is what keeps the count exact.
    const decisions: RateLimitDecision[] = await Promise.all(
      Array.from({ length: LIMIT.limit + 7 }, (_, i) => limiters[i % 2]!.consume('key-1', LIMIT, at(i))),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(LIMIT.limit);
    expect(
      decisions
        .filter((d) => d.allowed)
        .map((d) => d.remaining)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(decisions.map((d) => d.resetAt))).toEqual(new Set([new Date(T0 - (T0 % 60_000) + 60_000).toISOString()]));
    // Another key, another namespace and another prefix each have their own counter.
    expect((await limiters[0]!.consume('key-2', LIMIT, at(0))).remaining).toBe(4);
    const abuse = a.rateLimiter('abuse');
    expect((await abuse.consume('key-1', LIMIT, at(0))).remaining).toBe(4);
    const other = await opened(REDIS!.freshPrefix());
    const otherLimiter = other.rateLimiter('verify');
    await other.open(silentLog);
    expect((await otherLimiter.consume('key-1', LIMIT, at(0))).allowed).toBe(true);
  });

  it('stores one counter per key and window that expires after the window', async () => {
    const prefix = REDIS!.freshPrefix();
    const link = await opened(prefix);
    const limiter = link.rateLimiter('verify');
    await link.open(silentLog);
    const now = new Date();
    await limiter.consume('key-ttl', { limit: 10, windowMs: 2000 }, now);
    const probe = new Redis(REDIS!.url);
    try {
      const keys = await probe.keys(`${prefix}:*`);
      expect(keys).toEqual([`${prefix}:rl:verify:key-ttl:${now.getTime() - (now.getTime() % 2000)}`]);
      expect(await probe.get(keys[0]!)).toBe('1');
      const ttl = await probe.pttl(keys[0]!);
      // Until the window's end plus a few seconds' slack for clock skew, never forever.
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2000 + 5000);
    } finally {
      probe.disconnect();
    }
  });

  it('with Redis unreachable, counts in process instead of failing (the limit still holds per instance)', async () => {
    const link = await opened('kwtest-down', await closedPortRedisUrl());
    const limiter = link.rateLimiter('verify');
    const warnings: string[] = [];
    await link.open({ info: () => {}, warn: (_d, m) => warnings.push(m) });
    const decisions = [];
    for (let i = 0; i < LIMIT.limit + 2; i++) decisions.push(await limiter.consume('key-down', LIMIT, at(i)));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(decisions.at(-1)).toMatchObject({ remaining: 0, resetAt: new Date(T0 - (T0 % 60_000) + 60_000).toISOString() });
    expect((await limiter.peek('key-down', LIMIT, at(9))).allowed).toBe(false);
    expect(limiter.shared).toBe(false);
    // Logged once for the outage, not once per call.
    expect(warnings.filter((m) => m.includes('rate limits are counted in this process'))).toHaveLength(1);
  });
});
