import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { barrier, settledFlag, untilWriterBlocked } from '../helpers/barriers.js';
import { FIRST_PAGE, minutesAfterT0, projectKey, seedOrgAndProject, T0, useFreshDatabase } from './fixtures.js';

for (const engine of ENGINES) {
  describe(`${engine.name}: keys of one owner`, () => {
    const { store, url } = useFreshDatabase(engine);

    it('counts the live keys of an owner in a project: not revoked, not expired; a grace period still counts', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const other = await seedOrgAndProject(store());
      const now = minutesAfterT0(10);
      const mine = (over = {}) => store().insertKey(projectKey(org, project, { ownerId: 'o1', ...over }));
      await mine();
      await mine({ revokedAt: minutesAfterT0(20) }); // rolled, in its grace period
      await mine({ revokedAt: minutesAfterT0(5) });
      await mine({ expiresAt: minutesAfterT0(5) });
      await store().insertKey(projectKey(org, project, { ownerId: 'o2' }));
      await store().insertKey(projectKey(org, project));
      await store().insertKey(projectKey(other.org, other.project, { ownerId: 'o1' }));
      expect(await store().countOwnerKeys(project.id, 'o1', now)).toBe(2);
      expect(await store().countOwnerKeys(project.id, 'o3', now)).toBe(0);
      const listed = await store().listKeys({ orgId: org.id, projectId: project.id, includeRevoked: true, now, ownerId: 'o1' }, FIRST_PAGE);
      expect(listed.map((k) => k.ownerId)).toEqual(['o1', 'o1', 'o1', 'o1']);
    });

    it('a transaction counting an owner holds it: a second one waits, then counts the first one’s key', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const goOn = barrier();
      const counted = barrier();
      const first = store().transaction(async (tx) => {
        expect(await tx.findProject(org.id, project.id)).not.toBeNull();
        const n = await tx.countOwnerKeys(project.id, 'racer', T0);
        await tx.insertKey(projectKey(org, project, { ownerId: 'racer' }));
        counted.open();
        await goOn.reached;
        return n;
      });
      await counted.reached;
      const second = store().transaction(async (tx) => {
        // The parent first, as createProjectKey reads it: a lock wait the barrier can see.
        await tx.findProject(org.id, project.id);
        return tx.countOwnerKeys(project.id, 'racer', T0);
      });
      const settled = settledFlag(second);
      try {
        await untilWriterBlocked(url());
        expect(settled()).toBe(false);
      } finally {
        // Even when the barrier fails: the first transaction must end for the test to clean up.
        goOn.open();
      }
      expect(await first).toBe(0);
      expect(await second).toBe(1);
    });
  });
}
