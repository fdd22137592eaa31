import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/core/store.js';
import { ENGINES } from '../helpers/engines.js';
import { aKey, anOrg, aProject, minutesAfterT0, T0, useFreshStore } from './fixtures.js';

/** Generous: signals take milliseconds, but a loaded CI machine may be slow to run the poll. */
const WAIT = { timeout: 10_000, interval: 5 };

for (const engine of ENGINES) {
  describe(`${engine.name}: key change signals`, () => {
    const store = useFreshStore(engine);
    let heard: Array<readonly string[] | null>;
    let stop: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      heard = [];
      // 'disconnected' (signals may have been missed) is about the connection, not a change: tested apart.
      stop = await store().watchKeyChanges((hashes, reason) => {
        if (reason !== 'disconnected') heard.push(hashes);
      });
    });
    afterEach(async () => {
      await stop?.();
    });

    const heardHash = (hash: string) => heard.some((h) => h === null || h.includes(hash));
    const heardExactly = (hash: string) => heard.some((h) => h !== null && h.includes(hash));

    async function aProjectWithKeys(s: Store, count: number) {
      const org = anOrg();
      await s.insertOrg(org);
      const project = aProject(org.id);
      await s.insertProject(project);
      const keys = [];
      for (let i = 0; i < count; i++) keys.push(await s.insertKey(aKey({ orgId: org.id, projectId: project.id })));
      return { org, project, keys };
    }

    /** A change the watcher must report; once it is heard, everything committed before it was too. */
    async function marker(s: Store, orgId: string, projectId: string): Promise<void> {
      const key = await s.insertKey(aKey({ orgId, projectId }));
      await s.updateKey(orgId, key.id, { name: 'marker', updatedAt: minutesAfterT0(30) });
      await vi.waitFor(() => expect(heardHash(key.hash)).toBe(true), WAIT);
    }

    it('reports a revoked, a disabled and a changed key by hash, after each commits', async () => {
      const { org, keys } = await aProjectWithKeys(store(), 3);
      const [revoked, disabled, changed] = [keys[0]!, keys[1]!, keys[2]!];
      await store().updateKey(org.id, revoked.id, { revokedAt: minutesAfterT0(1), updatedAt: minutesAfterT0(1) });
      await store().updateKey(org.id, disabled.id, { enabled: false, updatedAt: minutesAfterT0(1) });
      await store().updateKey(org.id, changed.id, { roles: ['read'], metadata: { plan: 'pro' }, updatedAt: minutesAfterT0(1) });
      await vi.waitFor(() => {
        for (const k of [revoked, disabled, changed]) expect(heardExactly(k.hash)).toBe(true);
      }, WAIT);
    });

    it('stays quiet about a new key: no cache can hold a hash nobody knew', async () => {
      const { org, project, keys } = await aProjectWithKeys(store(), 1);
      await marker(store(), org.id, project.id);
      expect(heardHash(keys[0]!.hash)).toBe(false);
    });

    it('reports a change made through a transaction, and nothing for one rolled back', async () => {
      const { org, project, keys } = await aProjectWithKeys(store(), 2);
      const [kept, undone] = [keys[0]!, keys[1]!];
      await marker(store(), org.id, project.id);
      heard.length = 0;
      await expect(
        store().transaction(async (tx) => {
          await tx.updateKey(org.id, undone.id, { enabled: false, updatedAt: minutesAfterT0(1) });
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await store().transaction((tx) => tx.updateKey(org.id, kept.id, { name: 'renamed', updatedAt: minutesAfterT0(2) }));
      await vi.waitFor(() => expect(heardExactly(kept.hash)).toBe(true), WAIT);
      await marker(store(), org.id, project.id);
      expect(heardHash(undone.hash)).toBe(false);
    });

    it('stays quiet about a usage flush, which only moves last_used_at', async () => {
      const { org, project, keys } = await aProjectWithKeys(store(), 1);
      const key = keys[0]!;
      await marker(store(), org.id, project.id);
      heard.length = 0;
      await store().recordUsage({
        lastUsed: [{ keyId: key.id, at: T0 }],
        counts: [{ keyId: key.id, day: T0.slice(0, 10), code: 'VALID', count: 3 }],
      });
      expect((await store().findKey(org.id, key.id))?.lastUsedAt).toBe(T0);
      await marker(store(), org.id, project.id);
      expect(heardHash(key.hash)).toBe(false);
    });

    it('reports every key of a deleted project, or says it cannot tell which (null)', async () => {
      const { org, project, keys } = await aProjectWithKeys(store(), 3);
      await marker(store(), org.id, project.id);
      heard.length = 0;
      expect(await store().deleteProject(org.id, project.id, minutesAfterT0(1))).toBe(true);
      await vi.waitFor(() => {
        for (const k of keys) expect(heardHash(k.hash)).toBe(true);
      }, WAIT);
    });

    it('says null (forget everything) when more keys changed at once than it reports one by one', async () => {
      const { org, project } = await aProjectWithKeys(store(), 0);
      // Above both engines' thresholds: SQLite reports up to 1,000 changes per poll,
      // PostgreSQL up to 100 per statement (deleting the project is one statement).
      await store().transaction(async (tx) => {
        for (let i = 0; i < 1001; i++) await tx.insertKey(aKey({ orgId: org.id, projectId: project.id }));
      });
      expect(await store().deleteProject(org.id, project.id, minutesAfterT0(1))).toBe(true);
      await vi.waitFor(() => expect(heard).toContain(null), WAIT);
    });
  });
}
