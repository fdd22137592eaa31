import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { minutesAfterT0, projectKey, seedOrgAndProject, useFreshStore } from './fixtures.js';

/**
 * A key minted while its project is being deleted must not survive as a live key.
 * The mint reads the project inside its transaction; the delete, started meanwhile,
 * must wait for it (PostgreSQL: the share lock on the project row; SQLite: one writer)
 * and then revoke the new key too.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: a delete racing a mint`, () => {
    const store = useFreshStore(engine);

    it('revokes a key minted into a project deleted at the same moment', async () => {
      const { org, project } = await seedOrgAndProject(store());
      let release!: () => void;
      const projectRead = new Promise<void>((resolve) => {
        release = resolve;
      });
      const minted = store().transaction(async (tx) => {
        expect(await tx.findProject(org.id, project.id)).not.toBeNull();
        release();
        // Give the delete time to start and block on this transaction.
        await new Promise((r) => setTimeout(r, 100));
        return tx.insertKey(projectKey(org, project));
      });
      await projectRead;
      const deleted = store().deleteProject(org.id, project.id, minutesAfterT0(1));
      const key = await minted;
      expect(await deleted).toBe(true);
      const stored = await store().findKey(org.id, key.id);
      expect(stored?.revokedAt).toBe(minutesAfterT0(1));
    });
  });
}
