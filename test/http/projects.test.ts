import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness, type Req } from './harness.js';
import { runCommonRouteTests } from './security.js';

const PROJECT_FIELDS = ['created_at', 'description', 'id', 'key_prefix', 'max_keys_per_owner', 'name', 'org_id', 'updated_at'];
const readProject = (req: Req): Req => ({ method: 'GET', url: req.url.replace(/\/keys$|\/usage$/, '') });

for (const engine of ENGINES) {
  describe(`${engine.name}: /v1/projects`, () => {
    const harness = useHarness(engine);

    it('creates a project (201) in the caller’s org, with exactly the contract fields', async () => {
      const h = harness();
      const created = await h.expectStatus(
        h.org.adminKey,
        { method: 'POST', url: '/v1/projects', body: { name: 'Web', description: 'front' } },
        201,
      );
      expect(Object.keys(created).sort()).toEqual(PROJECT_FIELDS);
      expect(created).toMatchObject({ org_id: h.org.id, name: 'Web', description: 'front' });
      expect(created['created_at']).toBe(h.clock.now().toISOString());
      const stored = await h.store.findProject(h.org.id, created['id']);
      expect(stored?.name).toBe('Web');
    });

    it('reads, renames, re-describes and deletes a project', async () => {
      const h = harness();
      const p = await h.createProject();
      const url = `/v1/projects/${p['id']}`;
      expect(await h.expectStatus(h.org.adminKey, { method: 'GET', url }, 200)).toEqual(p);
      h.clock.advance(1000);
      const patched = await h.expectStatus(h.org.adminKey, { method: 'PATCH', url, body: { name: 'Renamed', description: null } }, 200);
      expect(patched).toMatchObject({ id: p['id'], name: 'Renamed', description: null, created_at: p['created_at'] });
      expect(patched['updated_at']).not.toBe(p['updated_at']);
      const res = await h.send(h.org.adminKey, { method: 'DELETE', url });
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expectError(await h.send(h.org.adminKey, { method: 'GET', url }), 'NOT_FOUND');
    });

    it('deleting a project revokes its keys: they verify as REVOKED', async () => {
      const h = harness();
      const p = await h.createProject();
      const key = await h.mintProjectKey(p['id']);
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/projects/${p['id']}` }, 204);
      const v = await h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key: key['key'] } }, 200);
      expect(v).toMatchObject({ valid: false, code: 'REVOKED' });
    });

    it('lists projects newest first, paging with limit and next_cursor until null', async () => {
      const h = harness();
      const other = await h.otherOrg();
      const mine = [await h.createProject(), await h.createProject(), await h.createProject()];
      await h.createProject(other);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/v1/projects?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await h.expectStatus(h.org.adminKey, { method: 'GET', url }, 200);
        expect(page['data'].length).toBeLessThanOrEqual(2);
        for (const p of page['data']) expect(p['org_id']).toBe(h.org.id);
        seen.push(...page['data'].map((p: { id: string }) => p.id));
        cursor = page['next_cursor'];
      } while (cursor);
      expect(seen.slice(0, 3)).toEqual(mine.map((p) => p['id']).reverse());
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('refuses a second live project with the same name (409 CONFLICT)', async () => {
      const h = harness();
      await h.createProject(h.org, 'Twin');
      expectError(await h.send(h.org.adminKey, { method: 'POST', url: '/v1/projects', body: { name: 'Twin' } }), 'CONFLICT');
    });

    runCommonRouteTests(harness, {
      name: 'POST /v1/projects',
      needs: 'projects:write',
      ok: 201,
      build: async () => ({ method: 'POST', url: '/v1/projects', body: { name: `p ${Math.random()}` } }),
    });
    runCommonRouteTests(harness, {
      name: 'GET /v1/projects',
      needs: 'projects:read',
      ok: 200,
      build: async () => ({ method: 'GET', url: '/v1/projects' }),
    });
    runCommonRouteTests(harness, {
      name: 'GET /v1/projects/:projectId',
      needs: 'projects:read',
      ok: 200,
      tenantScoped: true,
      build: async (h, org) => ({ method: 'GET', url: `/v1/projects/${(await h.createProject(org))['id']}` }),
    });
    runCommonRouteTests(harness, {
      name: 'PATCH /v1/projects/:projectId',
      needs: 'projects:write',
      ok: 200,
      tenantScoped: true,
      readBack: readProject,
      build: async (h, org) => ({
        method: 'PATCH',
        url: `/v1/projects/${(await h.createProject(org))['id']}`,
        body: { name: `renamed ${Math.random()}` },
      }),
    });
    runCommonRouteTests(harness, {
      name: 'DELETE /v1/projects/:projectId',
      needs: 'projects:write',
      ok: 204,
      tenantScoped: true,
      readBack: readProject,
      build: async (h, org) => ({ method: 'DELETE', url: `/v1/projects/${(await h.createProject(org))['id']}` }),
    });
  });
}
