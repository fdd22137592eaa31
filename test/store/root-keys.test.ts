import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { FIRST_PAGE, aKey, minutesAfterT0, orgKey, seedOrgAndProject, useFreshStore } from './fixtures.js';

/** What `keyward root-key rotate` relies on: at most one working root key, and a list of them. */
for (const engine of ENGINES) {
  describe(`${engine.name}: root keys`, () => {
    const store = useFreshStore(engine);
    const rootKey = () => aKey({ kind: 'root', orgId: null, projectId: null, roles: [], name: 'root' });
    const NOW = minutesAfterT0(30);

    it('holds one working root key: a second is CONFLICT until the first is revoked', async () => {
      const first = await store().insertKey(rootKey());
      await expect(store().insertKey(rootKey())).rejects.toMatchObject({ code: 'CONFLICT' });

      await store().updateKey(null, first.id, { revokedAt: NOW, updatedAt: NOW });
      const second = await store().insertKey(rootKey());
      expect(await store().findKey(null, second.id)).toEqual(second);
      await expect(store().insertKey(rootKey())).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store().isInitialized()).toBe(true);
    });

    it('lists the root keys (and no org key) for a filter without an org, newest first', async () => {
      const { org } = await seedOrgAndProject(store());
      await store().insertKey(orgKey(org));
      const old = await store().insertKey(rootKey());
      await store().updateKey(null, old.id, { revokedAt: NOW, updatedAt: NOW });
      const live = await store().insertKey(rootKey());

      const filter = { orgId: null, projectId: null, now: NOW };
      const ids = async (includeRevoked: boolean) => (await store().listKeys({ ...filter, includeRevoked }, FIRST_PAGE)).map((k) => k.id);
      expect(await ids(false)).toEqual([live.id]);
      expect(await ids(true)).toEqual([live.id, old.id]);
    });
  });
}
