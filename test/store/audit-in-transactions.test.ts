import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../src/core/errors.js';
import { ENGINES } from '../helpers/engines.js';
import { FIRST_PAGE, anAuditEvent, projectKey, seedOrgAndProject, useStoreWithObserver } from './fixtures.js';

/**
 * Audit events written inside transactions: every engine must store each event exactly
 * once, with its transaction, in the order recorded. (A key and the event of its creation
 * written by one call, `insertKeyWithEvent`, have their own suite: key-with-event.test.ts.)
 * "Stored" is read through a second store on the same database.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: audit events in transactions`, () => {
    const { store, other } = useStoreWithObserver(engine);

    it('stores an event recorded just before a key insert, with the key, in one transaction', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = projectKey(org, project);
      const event = anAuditEvent(org.id, { action: 'key.create', target: { type: 'key', id: key.id } });
      const inserted = await store().transaction(async (tx) => {
        await tx.insertAuditEvent(event);
        return tx.insertKey(key);
      });
      expect(await other().findKey(org.id, key.id)).toEqual(inserted);
      const events = await other().listAuditEvents(org.id, {}, FIRST_PAGE);
      expect(events.map(({ seq: _seq, ...e }) => e)).toEqual([event]);
    });

    it('keeps the order of several events, whether or not a key insert follows them', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const first = anAuditEvent(org.id, { action: 'key.roll' });
      const second = anAuditEvent(org.id, { action: 'key.create' });
      const last = anAuditEvent(org.id, { action: 'key.update' });
      await store().transaction(async (tx) => {
        await tx.insertAuditEvent(first);
        await tx.insertAuditEvent(second);
        await tx.insertKey(projectKey(org, project));
        // Nothing follows this one: it is written before the transaction commits.
        await tx.insertAuditEvent(last);
      });
      const events = await other().listAuditEvents(org.id, {}, FIRST_PAGE);
      expect(events.map((e) => e.id)).toEqual([last.id, second.id, first.id]);
    });

    it('lets a transaction read the events it recorded', async () => {
      const { org } = await seedOrgAndProject(store());
      const event = anAuditEvent(org.id);
      const seen = await store().transaction(async (tx) => {
        await tx.insertAuditEvent(event);
        return tx.listAuditEvents(org.id, {}, FIRST_PAGE);
      });
      expect(seen.map((e) => e.id)).toEqual([event.id]);
      expect((await other().listAuditEvents(org.id, {}, FIRST_PAGE)).map((e) => e.id)).toEqual([event.id]);
    });

    it('keeps no event of a transaction whose key insert failed or whose work threw', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const existing = await store().insertKey(projectKey(org, project));
      await expect(
        store().transaction(async (tx) => {
          await tx.insertAuditEvent(anAuditEvent(org.id));
          // The same hash: refused, and the event recorded with it must go too.
          await tx.insertKey(projectKey(org, project, { hash: existing.hash }));
        }),
      ).rejects.toBeInstanceOf(KeywardError);
      await expect(
        store().transaction(async (tx) => {
          await tx.insertAuditEvent(anAuditEvent(org.id));
          throw new Error('work failed');
        }),
      ).rejects.toThrow('work failed');
      expect(await other().listAuditEvents(org.id, {}, FIRST_PAGE)).toEqual([]);
    });
  });
}
