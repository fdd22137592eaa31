import { describe, expect, it } from 'vitest';
import { parseKeyward } from '../../src/core/key-format.js';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness } from './harness.js';
import { runCommonRouteTests } from './security.js';

for (const engine of ENGINES) {
  describe(`${engine.name}: /v1/org/keys`, () => {
    const harness = useHarness(engine);

    it('mints an org key (201) with Keyward roles that opens the API for those roles only', async () => {
      const h = harness();
      const minted = await h.mintOrgKey(['projects:read']);
      expect(minted).toMatchObject({ org_id: h.org.id, project_id: null, roles: ['projects:read'] });
      expect(parseKeyward(minted['key'])?.prefix).toBe('kw_org');
      await h.expectStatus(minted['key'], { method: 'GET', url: '/v1/projects' }, 200);
      expectError(await h.send(minted['key'], { method: 'POST', url: '/v1/projects', body: { name: 'x' } }), 'FORBIDDEN');
    });

    it('refuses roles that are not Keyward roles, and an org key without roles (400 naming roles)', async () => {
      const h = harness();
      expectError(
        await h.send(h.org.adminKey, { method: 'POST', url: '/v1/org/keys', body: { name: 'x', roles: ['ingest'] } }),
        'VALIDATION',
        'roles',
      );
      expectError(
        await h.send(h.org.adminKey, { method: 'POST', url: '/v1/org/keys', body: { name: 'x', roles: [] } }),
        'VALIDATION',
        'roles',
      );
      expectError(await h.send(h.org.adminKey, { method: 'POST', url: '/v1/org/keys', body: { name: 'x' } }), 'VALIDATION', 'roles');
    });

    it('lists the org keys (the bootstrap admin key among them) without secrets', async () => {
      const h = harness();
      const minted = await h.mintOrgKey(['audit:read']);
      const res = await h.send(h.org.adminKey, { method: 'GET', url: '/v1/org/keys?limit=100' });
      expect(res.statusCode).toBe(200);
      const ids = res.json().data.map((k: { id: string }) => k.id);
      expect(ids[0]).toBe(minted['id']);
      expect(res.json().data.every((k: { project_id: null; org_id: string }) => k.project_id === null && k.org_id === h.org.id)).toBe(true);
      expect(res.body).not.toContain(minted['key']);
      expect(res.body).not.toContain(h.org.adminKey);
    });

    runCommonRouteTests(harness, {
      name: 'POST /v1/org/keys',
      needs: 'admin',
      ok: 201,
      build: async () => ({ method: 'POST', url: '/v1/org/keys', body: { name: 'k', roles: ['keys:read'] } }),
    });
    runCommonRouteTests(harness, {
      name: 'GET /v1/org/keys',
      needs: 'admin',
      ok: 200,
      build: async () => ({ method: 'GET', url: '/v1/org/keys' }),
    });
  });
}
