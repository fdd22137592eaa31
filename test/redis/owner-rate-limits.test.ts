import { describe, expect, it } from 'vitest';
import { bootstrapInstance } from '../../src/core/use-cases/bootstrap.js';
import { ENGINES } from '../helpers/engines.js';
import { REDIS } from '../helpers/redis.js';
import { call, DAY_MS, useInstances, type Instance } from './instances.js';

/**
 * An owner-scoped rate limit is one counter for every key of the owner in the project, and
 * with Redis it is one counter for every instance too: two instances on one prefix count
 * together, an instance on another prefix (the control) counts alone.
 */
for (const engine of ENGINES) {
  describe.runIf(REDIS)(`${engine.name}: owner rate limits shared through Redis`, () => {
    const instance = useInstances();

    it('the keys of one owner, verified on two instances, share one limit', async () => {
      const db = engine.freshUrl();
      const prefix = REDIS!.freshPrefix();
      const a = await instance(db, { redisUrl: REDIS!.url, prefix });
      const b = await instance(db, { redisUrl: REDIS!.url, prefix });
      const control = await instance(db, { redisUrl: REDIS!.url, prefix: REDIS!.freshPrefix() });
      const admin = (await bootstrapInstance(a.deps)).adminKey;
      const verify = async (i: Instance, key: string) => (await call(i, admin, 'POST', '/v1/keys/verify', { key })) as Record<string, any>;

      // A day-long window, so the test cannot straddle two windows (unless it runs across midnight UTC: wait that out).
      const toMidnight = DAY_MS - (Date.now() % DAY_MS);
      if (toMidnight < 30_000) await new Promise((r) => setTimeout(r, toMidnight + 100));
      const project = await call(a, admin, 'POST', '/v1/projects', { name: 'p' });
      const N = 4;
      const mint = async () =>
        (
          await call(a, admin, 'POST', `/v1/projects/${project['id']}/keys`, {
            name: 'k',
            owner_id: 'acct_9',
            rate_limit: { limit: N, window_ms: DAY_MS, scope: 'owner' },
          })
        )['key'] as string;
      const [k1, k2] = [await mint(), await mint()];
      const answers = [];
      for (let i = 0; i < N + 3; i++) answers.push(await verify(i % 2 === 0 ? a : b, i % 3 === 0 ? k1 : k2));
      expect(answers.map((r) => r['code'])).toEqual([...Array<string>(N).fill('VALID'), ...Array<string>(3).fill('RATE_LIMITED')]);
      expect(answers.map((r) => r['rate_limit']['remaining'])).toEqual([3, 2, 1, 0, 0, 0, 0]);
      expect(answers.every((r) => r['owner_id'] === 'acct_9')).toBe(true);
      // The control counts under its own prefix: its own N.
      expect((await verify(control, k2))['rate_limit']['remaining']).toBe(N - 1);
    });
  });
}
