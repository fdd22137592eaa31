import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../src/core/errors.js';
import { ENGINES } from '../helpers/engines.js';
import { T0, aProject, minutesAfterT0, projectKey, seedOrgAndProject, useStoreWithObserver } from './fixtures.js';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

for (const engine of ENGINES) {
  describe(`${engine.name}: leak policy and imported keys in the store`, () => {
    const { store, other } = useStoreWithObserver(engine);

    it("reads and changes an org's leak policy (revoke by default); a deleted org is not found", async () => {
      const { org } = await seedOrgAndProject(store());
      expect((await store().findOrg(org.id))!.leakPolicy).toBe('revoke');
      expect(await store().updateOrg(org.id, { leakPolicy: 'notify', updatedAt: minutesAfterT0(1) })).toMatchObject({
        leakPolicy: 'notify',
        updatedAt: minutesAfterT0(1),
      });
      expect((await other().findOrg(org.id))!.leakPolicy).toBe('notify');
      await store().transaction((tx) => tx.deleteOrg(org.id, minutesAfterT0(2)));
      expect(await store().updateOrg(org.id, { leakPolicy: 'disable', updatedAt: minutesAfterT0(3) })).toBeNull();
    });

    it('keeps imported keys apart: flagged, found by import reference per project, listed in order, re-hashed once', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const second = aProject(org.id);
      await store().insertProject(second);
      const ref = hex(32);
      const digest = `sha256:${hex(32)}`;
      const imported = await store().insertKey(projectKey(org, project, { hash: digest, imported: true, importRef: ref }));
      const minted = await store().insertKey(projectKey(org, project));
      expect(imported.imported).toBe(true);
      expect(minted.imported).toBe(false);
      expect((await other().findKey(org.id, imported.id))!.imported).toBe(true);

      expect(await store().findImportRefs(project.id, [ref, hex(32)])).toEqual([ref]);
      expect(await store().findImportRefs(second.id, [ref])).toEqual([]);
      // One reference per project: the same key twice is refused by the index as well.
      await expect(
        store().insertKey(projectKey(org, project, { hash: `sha256:${hex(32)}`, imported: true, importRef: ref })),
      ).rejects.toThrow(KeywardError);

      const listed = await store().listImportedKeyHashes(0, 100);
      expect(listed.filter((r) => r.hash === digest)).toEqual([{ seq: imported.seq, hash: digest }]);
      expect(listed.some((r) => r.hash === minted.hash)).toBe(false);
      expect(await store().listImportedKeyHashes(imported.seq, 100)).toEqual(listed.filter((r) => r.seq > imported.seq));

      const native = hex(32);
      expect(await store().replaceKeyHash(imported.id, digest, native, T0)).toBe(true);
      // Only the writer that still sees the digest replaces it.
      expect(await other().replaceKeyHash(imported.id, digest, hex(32), T0)).toBe(false);
      expect(await store().findKeyByHash(digest)).toBeNull();
      expect((await other().findKeyByHash(native))!.id).toBe(imported.id);
    });
  });
}
