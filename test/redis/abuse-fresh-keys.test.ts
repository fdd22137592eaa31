import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_ABUSE_LIMITS } from '../../src/core/abuse-guard.js';
import { bootstrapInstance } from '../../src/core/use-cases/bootstrap.js';
import { buildDeps, type WiredDeps } from '../../src/deps.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open-store.js';
import { ENGINES } from '../helpers/engines.js';
import { REDIS } from '../helpers/redis.js';
import { TestClock } from '../http/test-clock.js';
import { inventedKey } from '../security/abuse-requests.js';

const WAIT = { timeout: 10_000, interval: 10 };

/**
 * Two instances sharing their abuse counters and cache changes through Redis: an address that
 * sprayed invented keys at one instance is blocked on both, yet a key minted on the other
 * instance works from it as soon as the change reaches this one (the database's own signals
 * do not name inserted keys; Redis does).
 */
for (const engine of ENGINES) {
  describe.runIf(REDIS)(`${engine.name}: a fresh key from a blocked address, across instances`, () => {
    it('works on the instance that did not mint it, while the sprayer stays refused on both', async () => {
      const db = engine.freshUrl();
      const prefix = REDIS!.freshPrefix();
      // One clock for both, at the start of a window, so the spray and the checks share it.
      const clock = new TestClock();
      const windowMs = DEFAULT_ABUSE_LIMITS.authFailureWindowMs;
      clock.advance(windowMs - (clock.now().getTime() % windowMs));
      const started: Array<{ server: RunningServer; deps: WiredDeps }> = [];
      try {
        for (let i = 0; i < 2; i++) {
          const store = await openStore(db.url, { migrate: true });
          const deps = buildDeps(store, { pepper: null, redisUrl: REDIS!.url, redisPrefix: prefix, ...DEFAULT_ABUSE_LIMITS }, clock);
          const server = await startServer({
            config: { host: '127.0.0.1', port: 0, usageFlushMs: 50, logLevel: 'silent' },
            deps,
            logger: false,
          });
          started.push({ server, deps });
        }
        const [a, b] = started as [(typeof started)[0], (typeof started)[0]];
        const admin = (await bootstrapInstance(a.deps)).adminKey;
        const projects = async (i: { server: RunningServer }, key: string) =>
          (await fetch(`${i.server.url}/v1/projects`, { headers: { authorization: `Bearer ${key}` } })).status;
        // The admin works on A (remembered there) before anyone sprays.
        expect(await projects(a, admin)).toBe(200);

        const statuses: number[] = [];
        for (let n = 0; n <= DEFAULT_ABUSE_LIMITS.authFailuresPerIp; n++) statuses.push(await projects(b, inventedKey()));
        expect(statuses.filter((s) => s === 401)).toHaveLength(DEFAULT_ABUSE_LIMITS.authFailuresPerIp);
        expect(statuses.at(-1)).toBe(429);
        expect(await projects(a, inventedKey())).toBe(429);

        const res = await fetch(`${a.server.url}/v1/org/keys`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'fresh', roles: ['admin'] }),
        });
        expect(res.status).toBe(201);
        const minted = ((await res.json()) as { key: string }).key;
        await vi.waitFor(() => expect(b.deps.cachedStore!.wasKeyWritten(b.deps.hash(minted))).toBe(true), WAIT);
        expect(await projects(b, minted)).toBe(200);
        expect(await projects(b, inventedKey())).toBe(429);
      } finally {
        for (const s of started) await s.server.close();
        await db.cleanup();
      }
    });
  });
}
