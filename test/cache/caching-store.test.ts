import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CachingStore } from '../../src/cache/caching-store.js';
import { KeyCache } from '../../src/cache/key-cache.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/core/store.js';
import { ENGINES, type OpenedStore } from '../helpers/engines.js';
import { aKey, anOrg, aProject, minutesAfterT0, recordOf } from '../store/fixtures.js';

/** Long enough that only a signal or an invalidation, never expiry, can refresh an entry here. */
const TTL_MS = 600_000;
const WAIT = { timeout: 10_000, interval: 5 };

for (const engine of ENGINES) {
  describe(`${engine.name}: the cached store`, () => {
    let opened: OpenedStore;
    let cached: CachingStore;
    let others: Store[];

    beforeEach(async () => {
      opened = await engine.open();
      cached = new CachingStore(opened.store, new KeyCache({ size: 1000, ttlMs: TTL_MS }));
      others = [];
    });
    afterEach(async () => {
      for (const s of others) await s.close();
      await cached.close();
      await opened.cleanup();
    });

    async function aLiveKey(s: Store = cached) {
      const org = anOrg();
      await s.insertOrg(org);
      const project = aProject(org.id);
      await s.insertProject(project);
      const key = await s.insertKey(aKey({ orgId: org.id, projectId: project.id }));
      return { org, project, key };
    }

    it('answers from memory: a write that bypasses it is not seen until the entry is forgotten', async () => {
      const { org, key } = await aLiveKey();
      expect(await cached.findKeyByHash(key.hash)).toEqual(recordOf(key));
      await opened.store.updateKey(org.id, key.id, { name: 'behind its back', updatedAt: minutesAfterT0(1) });
      expect((await cached.findKeyByHash(key.hash))?.name).toBe(key.name);
      cached.cache.forget([key.hash]);
      expect((await cached.findKeyByHash(key.hash))?.name).toBe('behind its back');
    });

    it('sees its own revoke, disable and update on the very next lookup', async () => {
      const { org, key } = await aLiveKey();
      await cached.findKeyByHash(key.hash);
      await cached.updateKey(org.id, key.id, { enabled: false, updatedAt: minutesAfterT0(1) });
      expect((await cached.findKeyByHash(key.hash))?.enabled).toBe(false);
      await cached.updateKey(org.id, key.id, { revokedAt: minutesAfterT0(2), updatedAt: minutesAfterT0(2) });
      expect((await cached.findKeyByHash(key.hash))?.revokedAt).toBe(minutesAfterT0(2));
    });

    it('finds a key created after its hash was looked up and remembered as unknown', async () => {
      const { org, project } = await aLiveKey();
      const later = aKey({ orgId: org.id, projectId: project.id });
      expect(await cached.findKeyByHash(later.hash)).toBeNull();
      await cached.insertKey(later);
      expect((await cached.findKeyByHash(later.hash))?.id).toBe(later.id);
    });

    it('applies a transaction’s writes once it commits, and keeps entries when it rolls back', async () => {
      const { org, key } = await aLiveKey();
      await cached.findKeyByHash(key.hash);
      await expect(
        cached.transaction(async (tx) => {
          await tx.updateKey(org.id, key.id, { enabled: false, updatedAt: minutesAfterT0(1) });
          // Inside, the transaction reads its own write, not the cache.
          expect((await tx.findKeyByHash(key.hash))?.enabled).toBe(false);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect((await cached.findKeyByHash(key.hash))?.enabled).toBe(true);
      await cached.transaction((tx) => tx.updateKey(org.id, key.id, { revokedAt: minutesAfterT0(1), updatedAt: minutesAfterT0(1) }));
      expect((await cached.findKeyByHash(key.hash))?.revokedAt).toBe(minutesAfterT0(1));
    });

    it('sees the revocations of a deleted project and of a deleted org at once', async () => {
      const a = await aLiveKey();
      const b = await aLiveKey();
      await cached.findKeyByHash(a.key.hash);
      await cached.findKeyByHash(b.key.hash);
      await cached.deleteProject(a.org.id, a.project.id, minutesAfterT0(1));
      expect((await cached.findKeyByHash(a.key.hash))?.revokedAt).toBe(minutesAfterT0(1));
      await cached.deleteOrg(b.org.id, minutesAfterT0(2));
      expect((await cached.findKeyByHash(b.key.hash))?.revokedAt).toBe(minutesAfterT0(2));
    });

    it('passes every other Store method through to the real store', async () => {
      const { org, project, key } = await aLiveKey();
      expect(await cached.findProject(org.id, project.id)).toMatchObject({ id: project.id });
      expect(await cached.findKey(org.id, key.id)).toEqual(key);
      expect(await cached.isInitialized()).toBe(false);
    });

    it('hears another connection’s revoke through the database’s change signals', async () => {
      const { org, key } = await aLiveKey();
      // A second process on the same database, as far as the database can tell.
      const elsewhere = await openStore(opened.url);
      others.push(elsewhere);
      await cached.watch();
      expect((await cached.findKeyByHash(key.hash))?.revokedAt).toBeNull();
      await elsewhere.updateKey(org.id, key.id, { revokedAt: minutesAfterT0(1), updatedAt: minutesAfterT0(1) });
      await vi.waitFor(async () => expect((await cached.findKeyByHash(key.hash))?.revokedAt).toBe(minutesAfterT0(1)), WAIT);
    });
  });
}
