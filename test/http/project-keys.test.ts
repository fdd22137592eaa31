import { describe, expect, it } from 'vitest';
import { parseKeyward } from '../../src/core/key-format.js';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness, type Req, type Wire } from './harness.js';
import { runCommonRouteTests } from './security.js';

const KEY_FIELDS = [
  'created_at',
  'enabled',
  'expires_at',
  'id',
  'last_used_at',
  'metadata',
  'name',
  'org_id',
  'owner_id',
  'preview',
  'project_id',
  'rate_limit',
  'revoked_at',
  'roles',
  'updated_at',
  'credits',
  'allowed_ips',
  'imported',
].sort();

const listKeysOf = (req: Req): Req => ({ method: 'GET', url: `${req.url}?include_revoked=true` });

for (const engine of ENGINES) {
  describe(`${engine.name}: /v1/projects/:projectId/keys`, () => {
    const harness = useHarness(engine);

    it('mints a key (201) showing the raw key once, storing only its hash', async () => {
      const h = harness();
      const p = await h.createProject();
      const body = {
        name: 'ingest',
        roles: ['ingest', 'read'],
        expires_at: h.clock.isoIn(86_400_000),
        metadata: { plan: 'pro', nested: { n: [1, 2] } },
        rate_limit: { limit: 10, window_ms: 60_000 },
      };
      const minted = await h.expectStatus(h.org.adminKey, { method: 'POST', url: `/v1/projects/${p['id']}/keys`, body }, 201);
      expect(Object.keys(minted).sort()).toEqual([...KEY_FIELDS, 'key'].sort());
      expect(minted).toMatchObject({ ...body, org_id: h.org.id, project_id: p['id'], enabled: true, revoked_at: null });
      expect(parseKeyward(minted['key'])?.prefix).toBe('kw_proj');
      expect(minted['preview']).toBe(`kw_proj_…${minted['key'].slice(-4)}`);
      const stored = await h.store.findKey(h.org.id, minted['id']);
      expect(stored?.hash).toBe(h.deps.hash(minted['key']));
      expect(JSON.stringify(stored)).not.toContain(minted['key']);
    });

    it('lists keys with their preview only, never the raw key or hash; revoked ones on request', async () => {
      const h = harness();
      const p = await h.createProject();
      const a = await h.mintProjectKey(p['id']);
      const b = await h.mintProjectKey(p['id']);
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${a['id']}` }, 200);
      const live = await h.send(h.org.adminKey, { method: 'GET', url: `/v1/projects/${p['id']}/keys` });
      expect(live.json().data.map((k: { id: string }) => k.id)).toEqual([b['id']]);
      expect(live.body).not.toContain(b['key']);
      expect(live.body).not.toContain('"hash"');
      expect(Object.keys(live.json().data[0]).sort()).toEqual(KEY_FIELDS);
      const all = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/projects/${p['id']}/keys?include_revoked=true` }, 200);
      expect(all['data'].map((k: { id: string }) => k.id)).toEqual([b['id'], a['id']]);
      expect(all['next_cursor']).toBeNull();
    });

    it('pages with limit and cursor', async () => {
      const h = harness();
      const p = await h.createProject();
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await h.mintProjectKey(p['id']))['id']);
      const first = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/projects/${p['id']}/keys?limit=2` }, 200);
      expect(first['data'].map((k: { id: string }) => k.id)).toEqual([ids[2], ids[1]]);
      const url = `/v1/projects/${p['id']}/keys?limit=2&cursor=${first['next_cursor']}`;
      const second = await h.expectStatus(h.org.adminKey, { method: 'GET', url }, 200);
      expect(second).toEqual({ data: [expect.objectContaining({ id: ids[0] })], next_cursor: null });
    });

    it('answers 404 for a project that does not exist, and for a deleted one', async () => {
      const h = harness();
      const p = await h.createProject();
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/projects/${p['id']}` }, 204);
      expectError(await h.send(h.org.adminKey, { method: 'POST', url: `/v1/projects/${p['id']}/keys`, body: { name: 'x' } }), 'NOT_FOUND');
      expectError(await h.send(h.org.adminKey, { method: 'GET', url: `/v1/projects/${p['id']}/keys` }), 'NOT_FOUND');
    });

    it('answers each of many concurrent creations with a stored, working key and its event; 404s among them change nothing', async () => {
      const h = harness();
      const live = await h.createProject();
      const gone = await h.createProject();
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/projects/${gone['id']}` }, 204);
      // On SQLite these share commits (sqlite-group-commit.ts); each must still be answered for itself.
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          h.send(h.org.adminKey, {
            method: 'POST',
            url: `/v1/projects/${(i % 5 === 4 ? gone : live)['id']}/keys`,
            body: { name: `k${i}` },
          }),
        ),
      );
      const minted = answers.filter((r) => r.statusCode === 201).map((r) => r.json() as Wire);
      expect(minted).toHaveLength(24);
      for (const r of answers.filter((a) => a.statusCode !== 201)) expectError(r, 'NOT_FOUND');
      for (const key of minted) {
        const verified = await h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key: key['key'] } }, 200);
        expect(verified).toMatchObject({ valid: true, key_id: key['id'] });
      }
      const listed = await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/projects/${live['id']}/keys?limit=100` }, 200);
      expect(listed['data'].map((k: Wire) => k['id']).sort()).toEqual(minted.map((k) => k['id']).sort());
      const page = { limit: 100, beforeSeq: null };
      expect(
        await h.store.listKeys({ orgId: h.org.id, projectId: gone['id'] as string, includeRevoked: true, now: h.clock.isoIn(0) }, page),
      ).toEqual([]);
      const events = await h.store.listAuditEvents(h.org.id, { action: 'key.create' }, page);
      const created = events.map((e) => e.target.id);
      for (const key of minted) expect(created.filter((id) => id === key['id'])).toHaveLength(1);
    });

    runCommonRouteTests(harness, {
      name: 'POST /v1/projects/:projectId/keys',
      needs: 'keys:write',
      ok: 201,
      tenantScoped: true,
      readBack: listKeysOf,
      build: async (h, org) => ({ method: 'POST', url: `/v1/projects/${(await h.createProject(org))['id']}/keys`, body: { name: 'k' } }),
    });
    runCommonRouteTests(harness, {
      name: 'GET /v1/projects/:projectId/keys',
      needs: 'keys:read',
      ok: 200,
      tenantScoped: true,
      build: async (h, org) => ({ method: 'GET', url: `/v1/projects/${(await h.createProject(org))['id']}/keys` }),
    });
  });
}
