import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness, type Harness, type Req } from './harness.js';
import { runCommonRouteTests } from './security.js';

const readKey = (req: Req): Req => ({ method: 'GET', url: req.url.replace(/\/roll$/, '') });
const keyOf = async (h: Harness, org = h.org) => h.mintProjectKey((await h.createProject(org))['id'], org);
const verify = (h: Harness, key: string) => h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key } }, 200);

for (const engine of ENGINES) {
  describe(`${engine.name}: /v1/keys/:keyId`, () => {
    const harness = useHarness(engine);

    it('reads one key without its secret', async () => {
      const h = harness();
      const k = await keyOf(h);
      const { key: raw, ...listed } = k;
      const res = await h.send(h.org.adminKey, { method: 'GET', url: `/v1/keys/${k['id']}` });
      expect(res.json()).toEqual(listed);
      expect(res.body).not.toContain(raw);
    });

    it('patches name, roles, enabled, expires_at, metadata and rate_limit, and null clears', async () => {
      const h = harness();
      const k = await keyOf(h);
      const url = `/v1/keys/${k['id']}`;
      const body = {
        name: 'renamed',
        roles: ['read'],
        enabled: false,
        expires_at: h.clock.isoIn(3_600_000),
        metadata: { tier: 'gold' },
        rate_limit: { limit: 5, window_ms: 1000 },
      };
      expect(await h.expectStatus(h.org.adminKey, { method: 'PATCH', url, body }, 200)).toMatchObject(body);
      expect(await verify(h, k['key'])).toMatchObject({ valid: false, code: 'DISABLED' });
      const cleared = await h.expectStatus(
        h.org.adminKey,
        { method: 'PATCH', url, body: { enabled: true, expires_at: null, rate_limit: null } },
        200,
      );
      expect(cleared).toMatchObject({ name: 'renamed', enabled: true, expires_at: null, rate_limit: null });
      expect(await verify(h, k['key'])).toMatchObject({ valid: true, code: 'VALID', roles: ['read'] });
    });

    it('rolls with a grace period: both keys VALID until it ends, then the old one REVOKED', async () => {
      const h = harness();
      const old = await keyOf(h);
      const rolled = await h.expectStatus(
        h.org.adminKey,
        { method: 'POST', url: `/v1/keys/${old['id']}/roll`, body: { grace_seconds: 60 } },
        201,
      );
      expect(rolled['key']).not.toBe(old['key']);
      expect(rolled).toMatchObject({ name: old['name'], project_id: old['project_id'], roles: old['roles'], revoked_at: null });
      expect(await verify(h, old['key'])).toMatchObject({ valid: true, code: 'VALID' });
      expect(await verify(h, rolled['key'])).toMatchObject({ valid: true, code: 'VALID' });
      h.clock.advanceSeconds(61);
      expect(await verify(h, old['key'])).toMatchObject({ valid: false, code: 'REVOKED' });
      expect(await verify(h, rolled['key'])).toMatchObject({ valid: true, code: 'VALID' });
    });

    it('rolls without a body (grace 0): the old key stops at once', async () => {
      const h = harness();
      const old = await keyOf(h);
      const res = await h.send(h.org.adminKey, { method: 'POST', url: `/v1/keys/${old['id']}/roll` });
      expect(res.statusCode).toBe(201);
      expect(await verify(h, old['key'])).toMatchObject({ valid: false, code: 'REVOKED' });
    });

    it('revokes (200 with revoked_at) and revoking again is the same answer, not an error', async () => {
      const h = harness();
      const k = await keyOf(h);
      const first = await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${k['id']}` }, 200);
      expect(first['revoked_at']).toBe(h.clock.now().toISOString());
      h.clock.advance(5000);
      expect(await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${k['id']}` }, 200)).toEqual(first);
      expect(await verify(h, k['key'])).toMatchObject({ valid: false, code: 'REVOKED' });
    });

    it('answers 404 for an unknown key id', async () => {
      const h = harness();
      expectError(await h.send(h.org.adminKey, { method: 'GET', url: '/v1/keys/00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND');
    });

    describe('a keys:write key never gains or grants admin', () => {
      it('cannot mint an org key with admin (403) and nothing is minted', async () => {
        const h = harness();
        const writer = await h.mintOrgKey(['keys:write']);
        const before = await h.store.listKeys(
          { orgId: h.org.id, projectId: null, includeRevoked: true, now: h.clock.now().toISOString() },
          { limit: 100, beforeSeq: null },
        );
        expectError(
          await h.send(writer['key'], { method: 'POST', url: '/v1/org/keys', body: { name: 'x', roles: ['admin'] } }),
          'FORBIDDEN',
        );
        const after = await h.store.listKeys(
          { orgId: h.org.id, projectId: null, includeRevoked: true, now: h.clock.now().toISOString() },
          { limit: 100, beforeSeq: null },
        );
        expect(after.length).toBe(before.length);
      });

      it('cannot PATCH an org key up to admin, nor touch or roll an admin key (403, unchanged)', async () => {
        const h = harness();
        const writer = (await h.mintOrgKey(['keys:write']))['key'];
        const reader = await h.mintOrgKey(['keys:read']);
        const admin = await h.mintOrgKey(['admin']);
        const attempts: Req[] = [
          { method: 'PATCH', url: `/v1/keys/${reader['id']}`, body: { roles: ['admin'] } },
          { method: 'PATCH', url: `/v1/keys/${admin['id']}`, body: { name: 'mine now' } },
          { method: 'POST', url: `/v1/keys/${admin['id']}/roll`, body: {} },
          { method: 'DELETE', url: `/v1/keys/${admin['id']}` },
        ];
        for (const req of attempts) {
          const before = await h.send(h.org.adminKey, readKey(req));
          expectError(await h.send(writer, req), 'FORBIDDEN');
          expect((await h.send(h.org.adminKey, readKey(req))).body).toBe(before.body);
        }
        expect(await verify(h, admin['key'])).toMatchObject({ valid: true });
      });
    });

    const keyRoute = (method: Req['method'], suffix: string, needs: 'keys:read' | 'keys:write', ok: number, body?: unknown) =>
      runCommonRouteTests(harness, {
        name: `${method} /v1/keys/:keyId${suffix}`,
        needs,
        ok,
        tenantScoped: true,
        ...(method !== 'GET' ? { readBack: readKey } : {}),
        build: async (h, org) => ({ method, url: `/v1/keys/${(await keyOf(h, org))['id']}${suffix}`, body }),
      });
    keyRoute('GET', '', 'keys:read', 200);
    keyRoute('PATCH', '', 'keys:write', 200, { name: 'changed' });
    keyRoute('POST', '/roll', 'keys:write', 201, { grace_seconds: 10 });
    keyRoute('DELETE', '', 'keys:write', 200);
  });
}
