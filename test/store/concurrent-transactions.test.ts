import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../src/core/errors.js';
import type { Organization } from '../../src/core/types.js';
import { ENGINES } from '../helpers/engines.js';
import { barrier } from '../helpers/barriers.js';
import { FIRST_PAGE, anAuditEvent, anOrg, aProject, projectKey, seedOrgAndProject, useStoreWithObserver } from './fixtures.js';

/**
 * Many transactions at once, as concurrent requests make them. SQLite lets those of one
 * event-loop turn share a commit (sqlite-group-commit.ts); what each caller is promised
 * must be what it was with one commit each, on every engine. "Committed" is checked
 * through a second store on the same database: another connection sees only committed data.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: concurrent transactions`, () => {
    const { store, other } = useStoreWithObserver(engine);

    it('answers each of many concurrent transactions only once its writes are committed', async () => {
      const orgs = Array.from({ length: 40 }, (_, i) => anOrg({ name: `org-${i}` }));
      const seenByAnother = await Promise.all(
        orgs.map(async (org) => {
          await store().transaction(async (tx) => {
            await tx.insertOrg(org);
            await tx.insertAuditEvent(anAuditEvent(org.id));
          });
          // Read at once, from another connection: had the answer come before the COMMIT, this misses it.
          return other().findOrg(org.id);
        }),
      );
      expect(seenByAnother).toEqual(orgs);
      expect(await other().listOrgs(FIRST_PAGE)).toHaveLength(40);
    });

    it('keeps the others when some of them fail, and nothing of those that failed', async () => {
      const base = anOrg();
      await store().insertOrg(base);
      const taken = aProject(base.id, { name: 'taken' });
      await store().insertProject(taken);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store().transaction(async (tx) => {
            const project = aProject(base.id, { name: i === 5 ? 'taken' : `p-${i}` });
            await tx.insertAuditEvent(anAuditEvent(base.id, { target: { type: 'project', id: project.id } }));
            if (i === 9) throw new Error('work failed');
            // i = 5 violates the unique live name: a failing statement, not a thrown error.
            await tx.insertProject(project);
            return project;
          }),
        ),
      );
      const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
      expect(failed).toEqual([5, 9]);
      expect((outcomes[5] as PromiseRejectedResult).reason).toBeInstanceOf(KeywardError);
      expect((outcomes[9] as PromiseRejectedResult).reason).toEqual(new Error('work failed'));
      const kept = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.id] : []));
      const stored = await other().listProjects(base.id, FIRST_PAGE);
      expect(stored.map((p) => p.id).sort()).toEqual([...kept, taken.id].sort());
      // One event per kept project: the failed ones' events were undone with them.
      const events = await other().listAuditEvents(base.id, {}, FIRST_PAGE);
      expect(events.map((e) => e.target.id).sort()).toEqual(kept.sort());
    });

    it('commits a write made outside any transaction before answering it, while transactions run', async () => {
      const orgs: Organization[] = Array.from({ length: 10 }, () => anOrg());
      const single = anOrg();
      const [, alone] = await Promise.all([
        Promise.all(orgs.map((org) => store().transaction((tx) => tx.insertOrg(org)))),
        store()
          .insertOrg(single)
          .then(() => other().findOrg(single.id)),
      ]);
      expect(alone).toEqual(single);
    });

    it('does not commit a transaction that is still running, even one waiting across event-loop turns', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const first = projectKey(org, project);
      const second = projectKey(org, project);
      const firstWritten = barrier();
      const goOn = barrier();
      const slow = store().transaction(async (tx) => {
        await tx.insertKey(first);
        firstWritten.open();
        // Waits as on a timer or a slow call: until the test has looked.
        await goOn.reached;
        await tx.insertKey(second);
      });
      await firstWritten.reached;
      // Turns of the event loop pass while it waits, so SQLite's group commit, due at the end
      // of the turn the transaction began in (a setImmediate scheduled then), has come due:
      // immediates run in the order they were scheduled, so once these ran, that one has too.
      // It must not commit the first half.
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(await other().findKey(org.id, first.id)).toBeNull();
      goOn.open();
      await slow;
      expect(await other().findKey(org.id, first.id)).not.toBeNull();
      expect(await other().findKey(org.id, second.id)).not.toBeNull();
    });
  });
}
