import { afterEach, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, startServe, type ServeProcess } from '../cli/cli-process.js';
import { ENGINES, freshDatabaseUrl, type FreshDatabase } from '../helpers/engines.js';
import { REDIS } from '../helpers/redis.js';

/**
 * A cache TTL far longer than the test, and KEYWARD_CACHE_SIGNALS=redis (the database's
 * own signals off): only a Redis message can make an instance refuse a key it has cached.
 */
const TTL_MS = '600000';
/** How long the other instance may take, generous for a loaded CI machine (the benchmark measures the real delay). */
const BOUND_MS = 5000;
const DAY_MS = 86_400_000;

type Wire = Record<string, any>;

/**
 * Two real `keyward serve` processes (A, B) on one database and one Redis prefix, plus a
 * third (C) on the same database but another prefix: the control. A change made on A
 * must be refused by B through Redis, while C, which hears nothing, still answers
 * VALID from its cache: so nothing but the Redis message can explain B's refusal.
 */
for (const engine of ENGINES) {
  describe.runIf(REDIS)(`${engine.name}: instances sharing Redis`, { timeout: 3 * CLI_TEST_TIMEOUT }, () => {
    let db: FreshDatabase;
    const servers: ServeProcess[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => s.stop()));
      await db.cleanup();
    });

    it('a revoke or disable on one instance is refused by the other through Redis; a per-key limit is shared', async () => {
      db = freshDatabaseUrl(engine);
      const prefix = REDIS!.freshPrefix();
      const env = (p: string) => ({
        KEYWARD_DATABASE_URL: db.url,
        KEYWARD_CACHE_TTL_MS: TTL_MS,
        KEYWARD_REDIS_URL: REDIS!.url,
        KEYWARD_REDIS_PREFIX: p,
        KEYWARD_CACHE_SIGNALS: 'redis',
      });
      const a = await startServe(env(prefix));
      servers.push(a);
      const admin = /^Admin key: (\S+)$/m.exec(a.startupOutput)?.[1] ?? '';
      const [b, c] = await Promise.all([startServe(env(prefix)), startServe(env(REDIS!.freshPrefix()))]);
      servers.push(b, c);

      const call = async (s: ServeProcess, method: string, path: string, body?: unknown): Promise<Wire> => {
        const res = await fetch(s.url + path, {
          method,
          headers: { authorization: `Bearer ${admin}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        expect(res.status, `${method} ${path}`).toBeLessThan(300);
        return (await res.json()) as Wire;
      };
      const verify = (s: ServeProcess, key: string) => call(s, 'POST', '/v1/keys/verify', { key });

      const project = await call(a, 'POST', '/v1/projects', { name: 'fleet' });
      const mint = (body: Wire = {}) => call(a, 'POST', `/v1/projects/${project['id']}/keys`, { name: 'k', ...body });

      const changes = [
        { change: (id: string) => call(a, 'DELETE', `/v1/keys/${id}`), refused: 'REVOKED' },
        { change: (id: string) => call(a, 'PATCH', `/v1/keys/${id}`, { enabled: false }), refused: 'DISABLED' },
        { change: (id: string) => call(a, 'DELETE', `/v1/keys/${id}`), refused: 'REVOKED' },
      ];
      for (const { change, refused } of changes) {
        const key = (await mint())['key'] as string;
        // B and C have seen (and cached) the key as valid before A changes it.
        expect((await verify(b, key))['code']).toBe('VALID');
        expect((await verify(c, key))['code']).toBe('VALID');
        await change((await verify(a, key))['key_id']);
        const acknowledged = Date.now();
        let code = (await verify(b, key))['code'];
        while (code === 'VALID') {
          expect(Date.now() - acknowledged, 'still VALID on the other instance').toBeLessThan(BOUND_MS);
          code = (await verify(b, key))['code'];
        }
        expect(code).toBe(refused);
        for (let k = 0; k < 3; k++) expect((await verify(b, key))['code']).toBe(refused);
        // The control heard nothing and still trusts its cache: the refusal came through Redis.
        expect((await verify(c, key))['code']).toBe('VALID');
      }

      // A day-long window, so the test cannot straddle two windows (unless it runs across midnight UTC: wait that out).
      const toMidnight = DAY_MS - (Date.now() % DAY_MS);
      if (toMidnight < 30_000) await new Promise((r) => setTimeout(r, toMidnight + 100));
      const N = 4;
      const limited = (await mint({ rate_limit: { limit: N, window_ms: DAY_MS } }))['key'] as string;
      const answers: Wire[] = [];
      for (let i = 0; i < N + 5; i++) answers.push(await verify(i % 2 === 0 ? a : b, limited));
      expect(answers.filter((r) => r['code'] === 'VALID')).toHaveLength(N);
      expect(answers.filter((r) => r['code'] === 'RATE_LIMITED')).toHaveLength(5);
      expect(answers.map((r) => r['rate_limit']['remaining'])).toEqual([3, 2, 1, 0, 0, 0, 0, 0, 0]);
      expect(new Set(answers.map((r) => r['rate_limit']['reset_at'])).size).toBe(1);
      // The control counts under its own prefix: its own N.
      expect((await verify(c, limited))['rate_limit']['remaining']).toBe(N - 1);
    });
  });
}
