import { describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, type ServeProcess } from '../cli/cli-process.js';
import { ENGINES } from '../helpers/engines.js';
import { useTwoInstances } from '../helpers/two-instances.js';
import { REDIS } from '../helpers/redis.js';

type Wire = Record<string, any>;

/** Credits held, and verifications sent at once (more than the credits, split over both instances). */
const CREDITS = 20;
const VERIFICATIONS = 60;

/**
 * Two real `keyward serve` processes on one database (with and without a shared Redis), each
 * with the key in its cache, verify one key with credits all at once: exactly CREDITS answers
 * are VALID, whichever instance gives them, and the balance ends at zero, never below. The
 * balance is only ever the database's (one conditional UPDATE per spend), so neither the
 * caches nor Redis can let an extra verification through.
 */
const variants = [{ name: 'without Redis', redis: false }, ...(REDIS ? [{ name: 'sharing Redis', redis: true }] : [])];

for (const engine of ENGINES) {
  for (const variant of variants) {
    describe(`${engine.name}: credits on two instances ${variant.name}`, { timeout: 3 * CLI_TEST_TIMEOUT }, () => {
      const start = useTwoInstances(engine);

      it(`N concurrent verifications of a key holding R < N credits give exactly R VALID`, async () => {
        const instances = await start({
          KEYWARD_CACHE_TTL_MS: '600000',
          ...(variant.redis ? { KEYWARD_REDIS_URL: REDIS!.url, KEYWARD_REDIS_PREFIX: REDIS!.freshPrefix() } : {}),
        });
        const { a, b } = instances;
        const call = async (s: ServeProcess, method: string, path: string, body?: unknown): Promise<Wire> => {
          const res = await instances.call(s, method, path, body);
          expect(res.status, `${method} ${path}`).toBeLessThan(300);
          return res.body;
        };

        const project = await call(a, 'POST', '/v1/projects', { name: 'metered' });
        const key = await call(a, 'POST', `/v1/projects/${project['id']}/keys`, { name: 'k', credits: { remaining: CREDITS } });
        // Both instances hold the key in their caches (cost 0 spends nothing) before the rush.
        for (const s of [a, b])
          expect(await call(s, 'POST', '/v1/keys/verify', { key: key['key'], cost: 0 })).toMatchObject({ code: 'VALID' });

        const answers = await Promise.all(
          Array.from({ length: VERIFICATIONS }, (_, i) => call(i % 2 === 0 ? a : b, 'POST', '/v1/keys/verify', { key: key['key'] })),
        );
        const codes = answers.map((x) => x['code'] as string);
        expect(codes.filter((c) => c === 'VALID')).toHaveLength(CREDITS);
        expect(codes.filter((c) => c === 'USAGE_EXCEEDED')).toHaveLength(VERIFICATIONS - CREDITS);
        // Each VALID answer reports a distinct balance: no two spends took the same credit.
        const left = answers.filter((x) => x['valid']).map((x) => x['credits']['remaining'] as number);
        expect(new Set(left).size).toBe(CREDITS);
        expect(Math.min(...left)).toBe(0);
        for (const s of [a, b]) expect((await call(s, 'GET', `/v1/keys/${key['id']}`))['credits']['remaining']).toBe(0);
      });
    });
  }
}
