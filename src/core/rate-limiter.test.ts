import { describe, expect, it } from 'vitest';
import { InProcessRateLimiter } from './rate-limiter.js';

describe('in-process rate limiter', () => {
  it('allows `limit` per window, then refuses until the window resets', () => {
    const rl = new InProcessRateLimiter();
    const t0 = new Date('2026-01-01T00:00:00.000Z');
    const limit = { limit: 3, windowMs: 60_000 };
    const results = [1, 2, 3, 4].map(() => rl.consume('k', limit, t0));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3]!.resetAt).toBe('2026-01-01T00:01:00.000Z');
    expect(rl.consume('k', limit, new Date('2026-01-01T00:01:00.000Z')).allowed).toBe(true);
  });

  it('counts keys separately', () => {
    const rl = new InProcessRateLimiter();
    const now = new Date();
    const limit = { limit: 1, windowMs: 1000 };
    expect(rl.consume('a', limit, now).allowed).toBe(true);
    expect(rl.consume('b', limit, now).allowed).toBe(true);
    expect(rl.consume('a', limit, now).allowed).toBe(false);
  });

  it('stays bounded in memory', () => {
    const rl = new InProcessRateLimiter(100);
    const now = new Date();
    for (let i = 0; i < 1000; i++) rl.consume(`k${i}`, { limit: 1, windowMs: 1000 }, now);
    expect(rl.consume('k999', { limit: 1, windowMs: 1000 }, now).allowed).toBe(false);
  });
});
