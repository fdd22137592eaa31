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
    expect(rl.size).toBeLessThanOrEqual(100);
    expect(rl.consume('k999', { limit: 1, windowMs: 1000 }, now).allowed).toBe(false);
  });

  it('peeks without counting', () => {
    const rl = new InProcessRateLimiter();
    const t0 = new Date('2026-01-01T00:00:10.000Z');
    const limit = { limit: 2, windowMs: 60_000 };
    expect(rl.peek('k', limit, t0)).toEqual({ allowed: true, limit: 2, remaining: 2, resetAt: '2026-01-01T00:01:00.000Z' });
    expect(rl.size).toBe(0);
    rl.consume('k', limit, t0);
    rl.consume('k', limit, t0);
    expect(rl.peek('k', limit, t0)).toMatchObject({ allowed: false, remaining: 0 });
    expect(rl.peek('k', limit, t0)).toMatchObject({ allowed: false, remaining: 0 });
    // The next window starts empty, for peek as for consume.
    expect(rl.peek('k', limit, new Date('2026-01-01T00:01:00.000Z'))).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('when full, drops finished windows before live ones', () => {
    const rl = new InProcessRateLimiter(10);
    const t0 = new Date('2026-01-01T00:00:00.000Z');
    const later = new Date('2026-01-01T00:00:30.000Z');
    // One long-lived count, then nine short ones that are over by `later`.
    rl.consume('long', { limit: 1, windowMs: 3_600_000 }, t0);
    for (let i = 0; i < 9; i++) rl.consume(`short${i}`, { limit: 5, windowMs: 10_000 }, t0);
    rl.consume('new', { limit: 1, windowMs: 10_000 }, later);
    expect(rl.size).toBe(2);
    // The live window survived the sweep: its one allowed call is still spent.
    expect(rl.consume('long', { limit: 1, windowMs: 3_600_000 }, later).allowed).toBe(false);
  });

  it('keeps a flood of new ids bounded, dropping the oldest windows first', () => {
    const rl = new InProcessRateLimiter(1000);
    const now = new Date('2026-01-01T00:00:00.000Z');
    const limit = { limit: 1, windowMs: 60_000 };
    let largest = 0;
    for (let i = 0; i < 50_000; i++) {
      rl.consume(`id${i}`, limit, now);
      largest = Math.max(largest, rl.size);
    }
    expect(largest).toBe(1000);
    expect(rl.peek('id49999', limit, now).allowed).toBe(false);
    expect(rl.peek('id0', limit, now).allowed).toBe(true);
  });
});
