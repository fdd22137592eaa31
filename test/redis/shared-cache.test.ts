import { describe, expect, it, vi } from 'vitest';
import { bootstrapInstance } from '../../src/core/use-cases/bootstrap.js';
import { ENGINES } from '../helpers/engines.js';
import { REDIS } from '../helpers/redis.js';
import { call, useInstances, type Instance, type Wire } from './instances.js';

const WAIT = { timeout: 10_000, interval: 10 };

/**
 * In-process instances with KEYWARD_CACHE_SIGNALS=redis and a ten-minute TTL: changes that
 * touch many keys at once (a deleted project) and changes to what a key may do (its
 * roles) reach the other instance's cache through Redis; an instance on another prefix
 * (the control) hears nothing and keeps its cached answer.
 */
for (const engine of ENGINES) {
  describe.runIf(REDIS)(`${engine.name}: cache changes shared through Redis`, () => {
    const instance = useInstances();

    it('a deleted project and a key’s changed roles reach the other instance, not another prefix', async () => {
      const db = engine.freshUrl();
      const prefix = REDIS!.freshPrefix();
      const a = await instance(db, { redisUrl: REDIS!.url, prefix, cacheSignals: 'redis' });
      const b = await instance(db, { redisUrl: REDIS!.url, prefix, cacheSignals: 'redis' });
      const control = await instance(db, { redisUrl: REDIS!.url, prefix: REDIS!.freshPrefix(), cacheSignals: 'redis' });
      const admin = (await bootstrapInstance(a.deps)).adminKey;
      const verify = (i: Instance, key: string, roles?: string[]) =>
        call(i, admin, 'POST', '/v1/keys/verify', { key, ...(roles ? { roles } : {}) });

      const project = await call(a, admin, 'POST', '/v1/projects', { name: 'p' });
      const keys: Wire[] = [];
      for (let n = 0; n < 3; n++)
        keys.push(await call(a, admin, 'POST', `/v1/projects/${project['id']}/keys`, { name: `k${n}`, roles: ['ingest'] }));
      for (const k of keys) for (const i of [b, control]) expect((await verify(i, k['key'], ['ingest']))['code']).toBe('VALID');

      await call(a, admin, 'PATCH', `/v1/keys/${keys[0]!['id']}`, { roles: ['read'] });
      await vi.waitFor(async () => expect((await verify(b, keys[0]!['key'], ['ingest']))['code']).toBe('INSUFFICIENT_ROLES'), WAIT);

      await call(a, admin, 'DELETE', `/v1/projects/${project['id']}`);
      for (const k of keys.slice(1)) await vi.waitFor(async () => expect((await verify(b, k['key']))['code']).toBe('REVOKED'), WAIT);
      // The control still answers from its cache: nothing but the Redis message reached B.
      for (const k of keys) expect((await verify(control, k['key'], ['ingest']))['code']).toBe('VALID');
    });
  });
}
