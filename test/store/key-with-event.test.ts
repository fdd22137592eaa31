import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../src/core/errors.js';
import { ENGINES } from '../helpers/engines.js';
import { FIRST_PAGE, anAuditEvent, projectKey, seedOrgAndProject, useStoreWithObserver } from './fixtures.js';

/**
 * `insertKeyWithEvent`: a new key and the audit event of its creation land together or not
 * at all (PostgreSQL writes both in one statement, SQLite in one transaction). "Landed" is
 * read through a second store on the same database, which sees only committed rows.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: a key inserted with its audit event`, () => {
    const { store, other } = useStoreWithObserver(engine);

    const creationOf = (orgId: string, keyId: string) => anAuditEvent(orgId, { action: 'key.create', target: { type: 'key', id: keyId } });

    it('stores both the key and its event, outside a transaction', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = projectKey(org, project);
      const event = creationOf(org.id, key.id);
      const inserted = await store().insertKeyWithEvent(key, event);
      expect(inserted).toEqual({ ...key, seq: inserted.seq });
      expect(await other().findKey(org.id, key.id)).toEqual(inserted);
      const events = await other().listAuditEvents(org.id, {}, FIRST_PAGE);
      expect(events.map(({ seq: _seq, ...e }) => e)).toEqual([event]);
    });

    it('stores both inside a transaction, with the transaction', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = projectKey(org, project);
      const event = creationOf(org.id, key.id);
      const earlier = anAuditEvent(org.id, { action: 'key.roll' });
      await store().transaction(async (tx) => {
        await tx.insertAuditEvent(earlier);
        await tx.insertKeyWithEvent(key, event);
      });
      expect((await other().findKey(org.id, key.id))?.hash).toBe(key.hash);
      expect((await other().listAuditEvents(org.id, {}, FIRST_PAGE)).map((e) => e.id)).toEqual([event.id, earlier.id]);
    });

    it('leaves no event when the key is refused for a hash that exists', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const existing = await store().insertKey(projectKey(org, project));
      const twin = projectKey(org, project, { hash: existing.hash });
      const refused = store().insertKeyWithEvent(twin, creationOf(org.id, twin.id));
      await expect(refused).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await other().findKey(org.id, twin.id)).toBeNull();
      expect(await other().listAuditEvents(org.id, {}, FIRST_PAGE)).toEqual([]);
    });

    it('leaves no event when the key is refused for a project that does not exist', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const orphan = projectKey(org, { ...project, id: '0190c3c0-0000-7000-8000-00000000dead' });
      await expect(store().insertKeyWithEvent(orphan, creationOf(org.id, orphan.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await other().listAuditEvents(org.id, {}, FIRST_PAGE)).toEqual([]);
    });

    it('leaves no event of a refused key even when the transaction goes on to commit', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const existing = await store().insertKey(projectKey(org, project));
      const twin = projectKey(org, project, { hash: existing.hash });
      const caught = await store().transaction(async (tx) => {
        try {
          await tx.insertKeyWithEvent(twin, creationOf(org.id, twin.id));
          return null;
        } catch (err) {
          // The work ends normally: the transaction commits what it holds (on PostgreSQL,
          // which aborts a transaction at its first failing statement, that is nothing).
          return err;
        }
      });
      expect(caught).toBeInstanceOf(KeywardError);
      expect(await other().listAuditEvents(org.id, {}, FIRST_PAGE)).toEqual([]);
    });

    it('keeps neither when the transaction around them fails later', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const key = projectKey(org, project);
      await expect(
        store().transaction(async (tx) => {
          await tx.insertKeyWithEvent(key, creationOf(org.id, key.id));
          throw new Error('work failed');
        }),
      ).rejects.toThrow('work failed');
      expect(await other().findKey(org.id, key.id)).toBeNull();
      expect(await other().listAuditEvents(org.id, {}, FIRST_PAGE)).toEqual([]);
    });
  });
}
