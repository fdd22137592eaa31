import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness, type Harness } from './harness.js';
import { runCommonRouteTests } from './security.js';

for (const engine of ENGINES) {
  describe(`${engine.name}: usage`, () => {
    const harness = useHarness(engine);
    const verifyTimes = async (h: Harness, key: string, n: number) => {
      for (let i = 0; i < n; i++) await h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key } }, 200);
    };

    it('counts verifications per UTC day and outcome, per key and per project, once flushed', async () => {
      const h = harness();
      const p = await h.createProject();
      const a = await h.mintProjectKey(p['id']);
      const b = await h.mintProjectKey(p['id'], h.org, { roles: ['read'] });
      await verifyTimes(h, a['key'], 3);
      await verifyTimes(h, b['key'], 1);
      await h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key: b['key'], roles: ['write'] } }, 200);
      await h.deps.usage.flush(h.store);
      const day = h.clock.now().toISOString().slice(0, 10);

      const keyUsage = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/keys/${a['id']}/usage` }, 200);
      expect(keyUsage).toEqual({ data: [{ day, code: 'VALID', count: 3, spent: 0 }] });
      const projectUsage = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/projects/${p['id']}/usage?days=1` }, 200);
      expect(projectUsage['data']).toEqual(
        expect.arrayContaining([
          { day, code: 'VALID', count: 4, spent: 0 },
          { day, code: 'INSUFFICIENT_ROLES', count: 1, spent: 0 },
        ]),
      );
      const used = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/keys/${a['id']}` }, 200);
      expect(used['last_used_at']).toBe(h.clock.now().toISOString());
    });

    it('answers an empty list for a key never verified', async () => {
      const h = harness();
      const k = await h.mintProjectKey((await h.createProject())['id']);
      expect(await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/keys/${k['id']}/usage?days=366` }, 200)).toEqual({ data: [] });
    });

    it('refuses days outside 1–366 (400 naming days)', async () => {
      const h = harness();
      const k = await h.mintProjectKey((await h.createProject())['id']);
      for (const days of ['0', '367', 'many', '1.5', '0x10', '']) {
        expectError(await h.send(h.org.adminKey, { method: 'GET', url: `/v1/keys/${k['id']}/usage?days=${days}` }), 'VALIDATION', 'days');
      }
    });

    runCommonRouteTests(harness, {
      name: 'GET /v1/keys/:keyId/usage',
      needs: 'keys:read',
      ok: 200,
      tenantScoped: true,
      build: async (h, org) => ({
        method: 'GET',
        url: `/v1/keys/${(await h.mintProjectKey((await h.createProject(org))['id'], org))['id']}/usage`,
      }),
    });
    runCommonRouteTests(harness, {
      name: 'GET /v1/projects/:projectId/usage',
      needs: 'keys:read',
      ok: 200,
      tenantScoped: true,
      build: async (h, org) => ({ method: 'GET', url: `/v1/projects/${(await h.createProject(org))['id']}/usage?days=7` }),
    });
  });
}
