import { describe, expect, it } from 'vitest';
import type { CachingStore } from '../../src/cache/caching-store.js';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../src/core/abuse-guard.js';
import { mintKeyward } from '../../src/core/key-format.js';
import type { InProcessRateLimiter } from '../../src/core/rate-limiter.js';
import { ENGINES } from '../helpers/engines.js';
import { Harness } from '../http/harness.js';
import { fromClient, inventedKey, secondsLeftInWindow, tally, untilRateLimited } from './abuse-requests.js';

/**
 * What the abuse limits must never stop: a platform verifying keys with a working
 * verifier key, and bursts of key creation; and what a flood of random keys to verify
 * may cost (bounded memory). Plus the management limit itself, answered 429.
 */

/** Runs `count` calls of `one`, `parallel` at a time; answers every status. */
async function burst(count: number, parallel: number, one: (i: number) => Promise<number>): Promise<number[]> {
  const statuses: number[] = [];
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, j) => one(start + j));
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

/** Limits so small that anything they govern would show; used to prove verification is not governed. */
const TINY: AbuseLimits = {
  authFailuresPerIp: 3,
  authFailuresPerCredential: 2,
  authFailureWindowMs: 60_000,
  managementCallsPerIp: 10,
  managementCallsPerCredential: 8,
  managementWindowMs: 60_000,
};

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

for (const engine of ENGINES) {
  describe(`${engine.name}: legitimate traffic passes the abuse limits`, () => {
    it('a burst of 3,000 key creations by one key from one address passes under the defaults', async () => {
      const h = await Harness.open(engine, {}, DEFAULT_ABUSE_LIMITS);
      try {
        const project = await h.createProject();
        const statuses = await burst(3000, 25, async (i) => {
          const res = await fromClient(h, {
            method: 'POST',
            url: `/v1/projects/${project['id']}/keys`,
            ip: '203.0.113.80',
            headers: bearer(h.org.adminKey),
            body: { name: `user ${i}` },
          });
          return res.statusCode;
        });
        expect(tally(statuses)).toEqual({ 201: 3000 });
      } finally {
        await h.close();
      }
    }, 120_000);

    it('verification by a working verifier key is never limited by this layer, while management calls are', async () => {
      const h = await Harness.open(engine, {}, TINY);
      try {
        // Set-up (6 management calls by the admin key), then a fresh window for the test itself.
        const project = await h.createProject();
        const keys = await Promise.all([1, 2, 3].map(async () => (await h.mintProjectKey(project['id']))['key'] as string));
        const basicKeyId = (await h.mintProjectKey(project['id']))['id'] as string;
        const verifier = await h.keyWith('keys:verify');
        h.clock.advance(TINY.managementWindowMs);
        const ip = '198.51.100.40';

        // The platform's own address is also where a broken client sprays bad credentials.
        expect(
          (await fromClient(h, { method: 'POST', url: '/v1/keys/verify', ip, headers: bearer(verifier), body: { key: keys[0] } }))
            .statusCode,
        ).toBe(200);
        const spray = await untilRateLimited(10, () =>
          fromClient(h, { method: 'GET', url: '/v1/projects', ip, headers: bearer(inventedKey()) }),
        );
        expect(tally(spray.before)).toEqual({ 401: TINY.authFailuresPerIp });

        const codes: Record<string, number> = {};
        const statuses = await burst(600, 20, async (i) => {
          const key = i % 3 === 0 ? keys[i % keys.length]! : i % 3 === 1 ? mintKeyward('kw_proj') : `garbage-${i}`;
          const res =
            i % 5 === 4
              ? await fromClient(h, {
                  method: 'POST',
                  url: `/compat/basic/project/${project['id']}/key/verify`,
                  ip,
                  headers: bearer(verifier),
                  body: { key, key_id: basicKeyId },
                })
              : await fromClient(h, { method: 'POST', url: '/v1/keys/verify', ip, headers: bearer(verifier), body: { key } });
          const code = String(res.json().code ?? res.json().valid);
          codes[code] = (codes[code] ?? 0) + 1;
          return res.statusCode;
        });
        expect(tally(statuses)).toEqual({ 200: 600 });
        expect(codes['VALID']).toBeGreaterThan(100);

        // Management calls are limited: 8 per credential, then 429.
        const admin = h.org.adminKey;
        const calls = await untilRateLimited(10, () =>
          fromClient(h, { method: 'GET', url: '/v1/projects', ip: '198.51.100.41', headers: bearer(admin) }),
        );
        expect(tally(calls.before)).toEqual({ 200: TINY.managementCallsPerCredential });
        expect(calls.refused!.headers['retry-after']).toBe(String(secondsLeftInWindow(h, TINY.managementWindowMs)));
        expect(calls.refused!.json()).toEqual({
          error: {
            code: 'RATE_LIMITED',
            message: `too many requests for this credential; retry after ${calls.refused!.headers['retry-after']} s`,
            request_id: calls.refused!.headers['x-request-id'],
          },
        });
        // The same budget on a dialect, in its shape (Braintrust: `{message}`).
        const dialect = await fromClient(h, {
          method: 'GET',
          url: '/compat/braintrust/v1/api_key',
          ip: '198.51.100.42',
          headers: bearer(admin),
        });
        expect(dialect.statusCode).toBe(429);
        expect(dialect.json()).toEqual({ message: expect.stringMatching(/^too many requests for this credential; retry after \d+ s$/) });

        // And verification still answers, by the same key and address as the refused calls.
        const still = await fromClient(h, {
          method: 'POST',
          url: '/v1/keys/verify',
          ip: '198.51.100.41',
          headers: bearer(admin),
          body: { key: keys[1] },
        });
        expect(still.statusCode).toBe(200);
        expect(still.json()).toMatchObject({ valid: true, code: 'VALID' });
      } finally {
        await h.close();
      }
    }, 60_000);

    it('a flood of random keys to verify leaves memory bounded: the "no such key" cache stays at its size', async () => {
      const CACHE_SIZE = 500;
      const h = await Harness.open(engine, {}, { ...DEFAULT_ABUSE_LIMITS, cacheSize: CACHE_SIZE });
      try {
        const cache = (h.store as CachingStore).cache;
        const verifier = await h.keyWith('keys:verify');
        let largest = 0;
        const statuses = await burst(3000, 25, async () => {
          const res = await fromClient(h, {
            method: 'POST',
            url: '/v1/keys/verify',
            ip: '203.0.113.90',
            headers: bearer(verifier),
            body: { key: mintKeyward('kw_proj') },
          });
          largest = Math.max(largest, cache.unknownCount);
          expect(res.json()).toEqual({ valid: false, code: 'NOT_FOUND' });
          return res.statusCode;
        });
        expect(tally(statuses)).toEqual({ 200: 3000 });
        // Every invented key was looked up and remembered as unknown, until the bound.
        expect(largest).toBe(CACHE_SIZE);
        expect(cache.unknownCount).toBeLessThanOrEqual(CACHE_SIZE);
        expect(cache.size).toBeLessThanOrEqual(CACHE_SIZE);
        // Nothing else grew per invented key: no per-key verify counters, and two remembered
        // credentials (the verifier, and the admin key that minted it).
        expect((h.deps.rateLimiter as InProcessRateLimiter).size).toBe(0);
        expect(h.deps.abuse?.trustedCount).toBe(2);
      } finally {
        await h.close();
      }
    }, 120_000);
  });
}
