import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../src/core/errors.js';
import { ENGINES } from '../helpers/engines.js';
import { FIRST_PAGE, T0, aProject, anOrg, minutesAfterT0, orgKey, projectKey, seedOrgAndProject, useFreshStore } from './fixtures.js';

for (const engine of ENGINES) {
  describe(`${engine.name}: orgs`, () => {
    const store = useFreshStore(engine);

    it('finds an inserted org with every field as written', async () => {
      const org = anOrg({ name: 'Ācme 株式会社', createdAt: T0, updatedAt: minutesAfterT0(1) });
      await store().insertOrg(org);
      expect(await store().findOrg(org.id)).toEqual(org);
    });

    it('finds no org for an unknown id', async () => {
      expect(await store().findOrg('00000000-0000-4000-8000-000000000000')).toBeNull();
    });

    it('refuses a second org with the same id as CONFLICT', async () => {
      const org = anOrg();
      await store().insertOrg(org);
      await expect(store().insertOrg({ ...org, name: 'other' })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store().findOrg(org.id)).toEqual(org);
    });

    it('lists orgs newest first, a page at a time', async () => {
      const orgs = [anOrg({ name: 'a' }), anOrg({ name: 'b' }), anOrg({ name: 'c' })];
      for (const org of orgs) await store().insertOrg(org);
      const all = await store().listOrgs(FIRST_PAGE);
      expect(all.map((o) => o.name)).toEqual(['c', 'b', 'a']);
      expect(all[0]?.seq).toBeGreaterThan(all[1]?.seq ?? Infinity);

      const first = await store().listOrgs({ limit: 2, beforeSeq: null });
      expect(first.map((o) => o.name)).toEqual(['c', 'b']);
      const rest = await store().listOrgs({ limit: 2, beforeSeq: first[1]!.seq });
      expect(rest.map((o) => o.name)).toEqual(['a']);
    });

    it('hides a deleted org and its projects from every read', async () => {
      const { org, project } = await seedOrgAndProject(store());
      expect(await store().deleteOrg(org.id, minutesAfterT0(5))).toBe(true);
      expect(await store().findOrg(org.id)).toBeNull();
      expect(await store().listOrgs(FIRST_PAGE)).toEqual([]);
      expect(await store().findProject(org.id, project.id)).toBeNull();
      expect(await store().listProjects(org.id, FIRST_PAGE)).toEqual([]);
    });

    it('revokes every key of a deleted org at the deletion time, keeping earlier revocations', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const at = minutesAfterT0(10);
      const live = await store().insertKey(projectKey(org, project));
      const admin = await store().insertKey(orgKey(org));
      const revokedEarlier = await store().insertKey(projectKey(org, project, { revokedAt: minutesAfterT0(1) }));
      const inGrace = await store().insertKey(projectKey(org, project, { revokedAt: minutesAfterT0(60) }));

      await store().deleteOrg(org.id, at);

      expect((await store().findKey(org.id, live.id))?.revokedAt).toBe(at);
      expect((await store().findKey(org.id, admin.id))?.revokedAt).toBe(at);
      expect((await store().findKey(org.id, revokedEarlier.id))?.revokedAt).toBe(minutesAfterT0(1));
      expect((await store().findKey(org.id, inGrace.id))?.revokedAt).toBe(at);
    });

    it('leaves other orgs, their projects and keys untouched when deleting an org', async () => {
      const doomed = await seedOrgAndProject(store());
      const other = await seedOrgAndProject(store());
      const otherKey = await store().insertKey(projectKey(other.org, other.project));

      await store().deleteOrg(doomed.org.id, minutesAfterT0(1));

      expect(await store().findOrg(other.org.id)).toEqual(other.org);
      expect(await store().findProject(other.org.id, other.project.id)).toEqual(other.project);
      expect(await store().findKey(other.org.id, otherKey.id)).toEqual(otherKey);
    });

    it('reports false when deleting an unknown or already deleted org', async () => {
      const org = anOrg();
      await store().insertOrg(org);
      expect(await store().deleteOrg(org.id, minutesAfterT0(1))).toBe(true);
      expect(await store().deleteOrg(org.id, minutesAfterT0(2))).toBe(false);
      expect(await store().deleteOrg('00000000-0000-4000-8000-000000000000', minutesAfterT0(2))).toBe(false);
    });
  });

  describe(`${engine.name}: projects`, () => {
    const store = useFreshStore(engine);

    it('finds an inserted project with every field as written', async () => {
      const org = anOrg();
      await store().insertOrg(org);
      const withText = aProject(org.id, { name: 'Ünïcode ✓', description: 'línea 1\nline 2 — 😀' });
      const bare = aProject(org.id, { description: null });
      await store().insertProject(withText);
      await store().insertProject(bare);
      expect(await store().findProject(org.id, withText.id)).toEqual(withText);
      expect(await store().findProject(org.id, bare.id)).toEqual(bare);
    });

    it("does not find another org's project", async () => {
      const mine = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      expect(await store().findProject(mine.org.id, theirs.project.id)).toBeNull();
    });

    it("lists only the org's live projects, newest first, a page at a time", async () => {
      const { org } = await seedOrgAndProject(store());
      const other = await seedOrgAndProject(store());
      const names = ['p1', 'p2', 'p3', 'p4'];
      for (const name of names) await store().insertProject(aProject(org.id, { name }));
      const gone = aProject(org.id, { name: 'gone' });
      await store().insertProject(gone);
      await store().deleteProject(org.id, gone.id, minutesAfterT0(1));

      const all = await store().listProjects(org.id, FIRST_PAGE);
      expect(all.map((p) => p.name).slice(0, 4)).toEqual(['p4', 'p3', 'p2', 'p1']);
      expect(all).toHaveLength(5);
      expect(all.some((p) => p.id === other.project.id)).toBe(false);

      const page1 = await store().listProjects(org.id, { limit: 2, beforeSeq: null });
      const page2 = await store().listProjects(org.id, { limit: 2, beforeSeq: page1[1]!.seq });
      expect([...page1, ...page2].map((p) => p.name)).toEqual(['p4', 'p3', 'p2', 'p1']);
    });

    it('refuses a duplicate live name in one org as CONFLICT on name, storing nothing', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const dup = aProject(org.id, { name: project.name });
      const err = await store()
        .insertProject(dup)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KeywardError);
      expect(err).toMatchObject({ code: 'CONFLICT', field: 'name', message: 'a project with this name already exists' });
      expect(await store().findProject(org.id, dup.id)).toBeNull();
      expect(await store().listProjects(org.id, FIRST_PAGE)).toHaveLength(1);
    });

    it('allows the same name in another org', async () => {
      const { project } = await seedOrgAndProject(store());
      const other = anOrg();
      await store().insertOrg(other);
      const same = aProject(other.id, { name: project.name });
      await store().insertProject(same);
      expect(await store().findProject(other.id, same.id)).toEqual(same);
    });

    it('allows a name again once the project that held it is deleted', async () => {
      const { org, project } = await seedOrgAndProject(store());
      await store().deleteProject(org.id, project.id, minutesAfterT0(1));
      const again = aProject(org.id, { name: project.name });
      await store().insertProject(again);
      expect(await store().findProject(org.id, again.id)).toEqual(again);
    });

    it('refuses a project in an unknown org as NOT_FOUND', async () => {
      await expect(store().insertProject(aProject('00000000-0000-4000-8000-000000000000'))).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('updates only the given fields and returns the stored project', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const renamed = await store().updateProject(org.id, project.id, { name: 'renamed', updatedAt: minutesAfterT0(1) });
      expect(renamed).toEqual({ ...project, name: 'renamed', updatedAt: minutesAfterT0(1) });
      const described = await store().updateProject(org.id, project.id, {
        description: 'now described',
        updatedAt: minutesAfterT0(2),
      });
      expect(described).toEqual({ ...project, name: 'renamed', description: 'now described', updatedAt: minutesAfterT0(2) });
      await store().updateProject(org.id, project.id, { description: null, updatedAt: minutesAfterT0(3) });
      expect(await store().findProject(org.id, project.id)).toEqual({
        ...project,
        name: 'renamed',
        description: null,
        updatedAt: minutesAfterT0(3),
      });
    });

    it("returns null and changes nothing when updating another org's or a deleted project", async () => {
      const mine = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      expect(await store().updateProject(mine.org.id, theirs.project.id, { name: 'x', updatedAt: minutesAfterT0(1) })).toBeNull();
      expect(await store().findProject(theirs.org.id, theirs.project.id)).toEqual(theirs.project);

      await store().deleteProject(mine.org.id, mine.project.id, minutesAfterT0(1));
      expect(await store().updateProject(mine.org.id, mine.project.id, { name: 'y', updatedAt: minutesAfterT0(2) })).toBeNull();
    });

    it('refuses renaming onto a live name as CONFLICT and keeps the old name', async () => {
      const { org, project } = await seedOrgAndProject(store());
      const second = aProject(org.id, { name: 'second' });
      await store().insertProject(second);
      await expect(store().updateProject(org.id, second.id, { name: project.name, updatedAt: minutesAfterT0(1) })).rejects.toMatchObject({
        code: 'CONFLICT',
        field: 'name',
      });
      expect(await store().findProject(org.id, second.id)).toEqual(second);
    });

    it("revokes a deleted project's keys, and only those", async () => {
      const { org, project } = await seedOrgAndProject(store());
      const sibling = aProject(org.id);
      await store().insertProject(sibling);
      const at = minutesAfterT0(10);
      const live = await store().insertKey(projectKey(org, project));
      const revokedEarlier = await store().insertKey(projectKey(org, project, { revokedAt: minutesAfterT0(1) }));
      const inGrace = await store().insertKey(projectKey(org, project, { revokedAt: minutesAfterT0(99) }));
      const siblingKey = await store().insertKey(projectKey(org, sibling));
      const admin = await store().insertKey(orgKey(org));

      expect(await store().deleteProject(org.id, project.id, at)).toBe(true);

      expect(await store().findProject(org.id, project.id)).toBeNull();
      expect((await store().findKey(org.id, live.id))?.revokedAt).toBe(at);
      expect((await store().findKey(org.id, revokedEarlier.id))?.revokedAt).toBe(minutesAfterT0(1));
      expect((await store().findKey(org.id, inGrace.id))?.revokedAt).toBe(at);
      expect(await store().findKey(org.id, siblingKey.id)).toEqual(siblingKey);
      expect(await store().findKey(org.id, admin.id)).toEqual(admin);
    });

    it("reports false and changes nothing when deleting another org's, an unknown or a deleted project", async () => {
      const mine = await seedOrgAndProject(store());
      const theirs = await seedOrgAndProject(store());
      const theirKey = await store().insertKey(projectKey(theirs.org, theirs.project));
      expect(await store().deleteProject(mine.org.id, theirs.project.id, minutesAfterT0(1))).toBe(false);
      expect(await store().findProject(theirs.org.id, theirs.project.id)).toEqual(theirs.project);
      expect(await store().findKey(theirs.org.id, theirKey.id)).toEqual(theirKey);

      expect(await store().deleteProject(mine.org.id, '00000000-0000-4000-8000-000000000000', minutesAfterT0(1))).toBe(false);
      expect(await store().deleteProject(mine.org.id, mine.project.id, minutesAfterT0(1))).toBe(true);
      expect(await store().deleteProject(mine.org.id, mine.project.id, minutesAfterT0(2))).toBe(false);
    });

    it('refuses text holding U+0000 as VALIDATION naming the field, on every engine', async () => {
      const org = anOrg();
      await store().insertOrg(org);
      await expect(store().insertProject(aProject(org.id, { description: 'a\u0000b' }))).rejects.toMatchObject({
        code: 'VALIDATION',
        field: 'description',
      });
      expect(await store().listProjects(org.id, FIRST_PAGE)).toEqual([]);
    });
  });
}
