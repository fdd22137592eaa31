import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CachingStore } from '../../src/cache/caching-store.js';
import { KeyCache } from '../../src/cache/key-cache.js';
import type { Store } from '../../src/core/store.js';
import { ENGINES, type OpenedStore } from '../helpers/engines.js';
import { aKey, anOrg, aProject, minutesAfterT0 } from '../store/fixtures.js';
import { ManualPerf } from './cached-key.js';

const TTL_MS = 60_000;
const REFRESH_MS = 1000;
const WAIT = { timeout: 10_000, interval: 5 };

/** The store, each of its reads by hash counted (the cache's loads and re-reads). */
function readsCounted(store: Store, reads: { n: number }): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'findKeysByHashes') return (hs: readonly string[]) => (reads.n++, target.findKeysByHashes(hs));
      if (prop === 'findKeyByHash') return (h: string) => (reads.n++, target.findKeyByHash(h));
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Refresh-ahead (stale-while-revalidate) through the cached store on a real database: a hot
 * key past its refresh age is answered from memory without waiting (the read happens after
 * the answer, in the background), and the TTL is only a backstop.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: a hot key never waits for the database`, () => {
    let opened: OpenedStore;
    let cached: CachingStore;
    let perf: ManualPerf;
    const reads = { n: 0 };

    beforeEach(async () => {
      opened = await engine.open();
      perf = new ManualPerf();
      reads.n = 0;
      cached = new CachingStore(readsCounted(opened.store, reads), new KeyCache({ size: 100, ttlMs: TTL_MS, refreshMs: REFRESH_MS, perf }));
    });
    afterEach(async () => {
      await cached.close();
      await opened.cleanup();
    });

    async function twoKeys() {
      const org = anOrg();
      await opened.store.insertOrg(org);
      const project = aProject(org.id);
      await opened.store.insertProject(project);
      const hot = await opened.store.insertKey(aKey({ orgId: org.id, projectId: project.id }));
      const other = await opened.store.insertKey(aKey({ orgId: org.id, projectId: project.id }));
      return { org, hot, other };
    }

    it('answers a key past its refresh age from memory at once, then re-reads it in the background', async () => {
      const { org, hot } = await twoKeys();
      expect((await cached.findKeyByHash(hot.hash))?.name).toBe(hot.name);
      expect(reads.n).toBe(1);
      // Changed behind the cache's back (no signal is watched here): only a re-read can show it.
      await opened.store.updateKey(org.id, hot.id, { name: 'renamed', updatedAt: minutesAfterT0(1) });
      perf.t += REFRESH_MS + 1;
      // Answered synchronously, from memory: nothing on the request path waits for the database.
      expect(cached.peekKeyByHash(hot.hash)?.name).toBe(hot.name);
      expect((await cached.findKeyByHash(hot.hash))?.name).toBe(hot.name);
      expect(reads.n, 'the re-read has not started on the request path').toBe(1);
      // One re-read in the background, shared by both hits.
      await vi.waitFor(() => expect(cached.peekKeyByHash(hot.hash)?.name).toBe('renamed'), WAIT);
      expect(reads.n).toBe(2);
      // Fresh again: no further read until the next refresh age.
      perf.t += REFRESH_MS - 1;
      expect(cached.peekKeyByHash(hot.hash)?.name).toBe('renamed');
      await new Promise((resolve) => setImmediate(resolve));
      expect(reads.n).toBe(2);
    });

    it('keeps a background re-read when another key changes meanwhile (a write elsewhere does not void it)', async () => {
      const { org, hot, other } = await twoKeys();
      await cached.findKeyByHash(hot.hash);
      await cached.findKeyByHash(other.hash);
      perf.t += REFRESH_MS + 1;
      expect(cached.peekKeyByHash(hot.hash)?.id).toBe(hot.id);
      // The re-read of `hot` is under way (queued for this turn) when a change signal names another key.
      cached.cache.forget([other.hash]);
      await vi.waitFor(() => expect(cached.cache.freshUntil(hot.hash)).toBeGreaterThan(perf.now()), WAIT);
      // The key that changed is read again.
      await opened.store.updateKey(org.id, other.id, { revokedAt: minutesAfterT0(1), updatedAt: minutesAfterT0(1) });
      cached.cache.forget([other.hash]);
      expect((await cached.findKeyByHash(other.hash))?.revokedAt).toBe(minutesAfterT0(1));
    });

    it('past the TTL backstop, waits for the database rather than answer what it holds', async () => {
      const { org, hot } = await twoKeys();
      await cached.findKeyByHash(hot.hash);
      await opened.store.updateKey(org.id, hot.id, { revokedAt: minutesAfterT0(1), updatedAt: minutesAfterT0(1) });
      perf.t += TTL_MS + 1;
      expect(cached.peekKeyByHash(hot.hash)).toBeUndefined();
      expect((await cached.findKeyByHash(hot.hash))?.revokedAt).toBe(minutesAfterT0(1));
      expect(reads.n).toBe(2);
    });

    it('after signals may have been missed, re-reads a hot key before answering it', async () => {
      const { org, hot } = await twoKeys();
      await cached.findKeyByHash(hot.hash);
      await opened.store.updateKey(org.id, hot.id, { revokedAt: minutesAfterT0(1), updatedAt: minutesAfterT0(1) });
      perf.t += 1;
      cached.cache.suspectAll();
      perf.t += 1;
      expect(cached.peekKeyByHash(hot.hash)).toBeUndefined();
      expect((await cached.findKeyByHash(hot.hash))?.revokedAt).toBe(minutesAfterT0(1));
    });
  });
}
