import { describe, expect, it } from 'vitest';
import type { KeyFilter } from '../../src/core/store.js';
import { ENGINES } from '../helpers/engines.js';
import { FIRST_PAGE, minutesAfterT0, orgKey, projectKey, seedOrgAndProject, useFreshStore } from './fixtures.js';

/** The store methods the /compat dialects need: both-way cursors, id and name filters (integer ids: key-numbers.test.ts). */
const NOW = minutesAfterT0(30);

for (const engine of ENGINES) {
  describe(`${engine.name}: dialect queries`, () => {
    const store = useFreshStore(engine);

    const filterOf = (over: Partial<KeyFilter> & Pick<KeyFilter, 'orgId' | 'projectId'>): KeyFilter => ({
      includeRevoked: false,
      now: NOW,
      ...over,
    });

    it('lists the keys just newer than a seq, the closest first-in-line, newest first', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const keys = [];
      for (let i = 0; i < 6; i++) keys.push(await store().insertKey(projectKey(org, project, { name: `k${i}` })));
      const f = filterOf({ orgId: org.id, projectId: project.id });
      const names = (list: { name: string }[]) => list.map((k) => k.name);

      // Newer than k1, two of them: k3 and k2 (not k5 and k4), newest first like every list.
      expect(names(await store().listKeysAfter(f, keys[1]!.seq, 2))).toEqual(['k3', 'k2']);
      expect(names(await store().listKeysAfter(f, keys[1]!.seq, 100))).toEqual(['k5', 'k4', 'k3', 'k2']);
      expect(await store().listKeysAfter(f, keys[5]!.seq, 10)).toEqual([]);
      // Walking back from the oldest page by page meets every key exactly once.
      const walked: string[] = [];
      let after = keys[0]!.seq;
      walked.push('k0');
      for (;;) {
        const page = await store().listKeysAfter(f, after, 2);
        if (page.length === 0) break;
        walked.unshift(...names(page));
        after = page[0]!.seq;
      }
      expect(walked).toEqual(['k5', 'k4', 'k3', 'k2', 'k1', 'k0']);
    });

    it('applies every filter to listKeysAfter as to listKeys: tenant, scope, revocation, origin, creator', async () => {
      const mine = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      const first = await store().insertKey(orgKey(mine.org, { origin: 'braintrust', createdBy: { type: 'user', id: 'u1' } }));
      await store().insertKey(orgKey(theirs.org, { origin: 'braintrust', createdBy: { type: 'user', id: 'u1' } }));
      await store().insertKey(projectKey(mine.org, mine.project, { origin: 'braintrust', createdBy: { type: 'user', id: 'u1' } }));
      await store().insertKey(orgKey(mine.org, { origin: 'native', createdBy: { type: 'user', id: 'u1' } }));
      await store().insertKey(orgKey(mine.org, { origin: 'braintrust', createdBy: { type: 'user', id: 'u2' } }));
      await store().insertKey(
        orgKey(mine.org, { origin: 'braintrust', createdBy: { type: 'user', id: 'u1' }, revokedAt: minutesAfterT0(1) }),
      );
      const wanted = await store().insertKey(orgKey(mine.org, { origin: 'braintrust', createdBy: { type: 'user', id: 'u1' } }));

      const f = filterOf({ orgId: mine.org.id, projectId: null, origin: 'braintrust', createdById: 'u1' });
      expect(await store().listKeysAfter(f, first.seq, 100)).toEqual([wanted]);
      expect(await store().listKeys(f, FIRST_PAGE)).toEqual([wanted, first]);
    });

    it('narrows lists to given ids and to an exact name; an empty id list matches nothing', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const a = await store().insertKey(projectKey(org, project, { name: 'ingest' }));
      const b = await store().insertKey(projectKey(org, project, { name: 'Ingest' }));
      const c = await store().insertKey(projectKey(org, project, { name: 'ingest' }));
      const f = filterOf({ orgId: org.id, projectId: project.id });

      expect(await store().listKeys({ ...f, ids: [a.id, b.id] }, FIRST_PAGE)).toEqual([b, a]);
      expect(await store().listKeys({ ...f, ids: [] }, FIRST_PAGE)).toEqual([]);
      expect(await store().listKeysAfter({ ...f, ids: [] }, 0, 10)).toEqual([]);
      expect(await store().listKeys({ ...f, name: 'ingest' }, FIRST_PAGE)).toEqual([c, a]);
      expect(await store().listKeys({ ...f, name: 'ingest', ids: [b.id, c.id] }, FIRST_PAGE)).toEqual([c]);
      expect(await store().listKeysAfter({ ...f, name: 'ingest' }, a.seq, 10)).toEqual([c]);
    });
  });
}
