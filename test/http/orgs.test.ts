import { describe, expect, it } from 'vitest';
import { parseKeyward } from '../../src/core/key-format.js';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness, type Harness } from './harness.js';
import { runCommonRouteTests } from './security.js';

const newOrg = (h: Harness, name = `org ${Math.random().toString(36).slice(2, 8)}`) =>
  h.expectStatus(h.rootKey, { method: 'POST', url: '/v1/orgs', body: { name } }, 201);

for (const engine of ENGINES) {
  describe(`${engine.name}: /v1/orgs and /v1/whoami`, () => {
    const harness = useHarness(engine);

    it('creates an org (201) with an admin key shown once, which acts in that org', async () => {
      const h = harness();
      const made = await newOrg(h, 'Acme');
      expect(Object.keys(made).sort()).toEqual(['admin_key', 'org']);
      expect(Object.keys(made['org']).sort()).toEqual(['created_at', 'id', 'leak_policy', 'name', 'updated_at']);
      expect(made['admin_key']).toMatchObject({ org_id: made['org'].id, project_id: null, roles: ['admin'] });
      expect(parseKeyward(made['admin_key'].key)?.prefix).toBe('kw_org');
      const me = await h.expectStatus(made['admin_key'].key, { method: 'GET', url: '/v1/whoami' }, 200);
      expect(me).toEqual({ key_id: made['admin_key'].id, org_id: made['org'].id, org_name: 'Acme', roles: ['admin'] });
    });

    it('lists and reads orgs; deleting one (204) revokes its keys and hides it', async () => {
      const h = harness();
      const made = await newOrg(h);
      const id = made['org'].id;
      const list = await h.expectStatus(h.rootKey, { method: 'GET', url: '/v1/orgs?limit=100' }, 200);
      expect(list['data'].map((o: { id: string }) => o.id)).toContain(id);
      expect(await h.expectStatus(h.rootKey, { method: 'GET', url: `/v1/orgs/${id}` }, 200)).toEqual(made['org']);
      const res = await h.send(h.rootKey, { method: 'DELETE', url: `/v1/orgs/${id}` });
      expect({ status: res.statusCode, body: res.body }).toEqual({ status: 204, body: '' });
      expectError(await h.send(h.rootKey, { method: 'GET', url: `/v1/orgs/${id}` }), 'NOT_FOUND');
      expectError(await h.send(made['admin_key'].key, { method: 'GET', url: '/v1/whoami' }), 'UNAUTHORIZED');
    });

    it('answers whoami with the calling key’s id, org and roles', async () => {
      const h = harness();
      const key = await h.mintOrgKey(['keys:read', 'audit:read']);
      const me = await h.expectStatus(key['key'], { method: 'GET', url: '/v1/whoami' }, 200);
      expect(me).toEqual({ key_id: key['id'], org_id: h.org.id, org_name: 'default', roles: ['keys:read', 'audit:read'] });
    });

    it('refuses a missing or over-long org name and a non-UUID org id (400 naming it)', async () => {
      const h = harness();
      expectError(await h.send(h.rootKey, { method: 'POST', url: '/v1/orgs', body: {} }), 'VALIDATION', 'name');
      expectError(await h.send(h.rootKey, { method: 'POST', url: '/v1/orgs', body: { name: 'x'.repeat(121) } }), 'VALIDATION', 'name');
      expectError(await h.send(h.rootKey, { method: 'GET', url: '/v1/orgs/acme' }), 'VALIDATION', 'orgId');
    });

    runCommonRouteTests(harness, {
      name: 'POST /v1/orgs',
      needs: 'root',
      ok: 201,
      build: async () => ({ method: 'POST', url: '/v1/orgs', body: { name: 'made by the suite' } }),
    });
    runCommonRouteTests(harness, { name: 'GET /v1/orgs', needs: 'root', ok: 200, build: async () => ({ method: 'GET', url: '/v1/orgs' }) });
    runCommonRouteTests(harness, {
      name: 'GET /v1/orgs/:orgId',
      needs: 'root',
      ok: 200,
      build: async (h) => ({ method: 'GET', url: `/v1/orgs/${(await newOrg(h))['org'].id}` }),
    });
    runCommonRouteTests(harness, {
      name: 'DELETE /v1/orgs/:orgId',
      needs: 'root',
      ok: 204,
      readBack: (req) => ({ method: 'GET', url: req.url }),
      build: async (h) => ({ method: 'DELETE', url: `/v1/orgs/${(await newOrg(h))['org'].id}` }),
    });
    runCommonRouteTests(harness, {
      name: 'GET /v1/whoami',
      needs: 'org-key',
      ok: 200,
      build: async () => ({ method: 'GET', url: '/v1/whoami' }),
    });
  });
}
