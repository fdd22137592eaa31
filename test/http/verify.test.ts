import { describe, expect, it } from 'vitest';
import { mintKeyward } from '../../src/core/key-format.js';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness, type Harness, type Wire } from './harness.js';
import { runCommonRouteTests } from './security.js';

const VERIFY = '/v1/keys/verify';

for (const engine of ENGINES) {
  describe(`${engine.name}: POST /v1/keys/verify`, () => {
    const harness = useHarness(engine);
    const verify = (h: Harness, body: Wire) => h.expectStatus(h.org.adminKey, { method: 'POST', url: VERIFY, body }, 200);
    const freshKey = async (h: Harness, body: Wire = {}) => h.mintProjectKey((await h.createProject())['id'], h.org, body);

    it('answers VALID with the key’s org, project, roles, metadata and expiry', async () => {
      const h = harness();
      const k = await freshKey(h, { roles: ['ingest'], metadata: { plan: 'pro' }, expires_at: h.clock.isoIn(86_400_000) });
      expect(await verify(h, { key: k['key'] })).toEqual({
        valid: true,
        code: 'VALID',
        key_id: k['id'],
        org_id: h.org.id,
        project_id: k['project_id'],
        name: k['name'],
        roles: ['ingest'],
        metadata: { plan: 'pro' },
        expires_at: k['expires_at'],
        owner_id: null,
        rate_limit: null,
        credits: null,
      });
    });

    it('answers only {valid, code} for a malformed key, an unknown key and another org’s key', async () => {
      const h = harness();
      const other = await h.otherOrg();
      const foreign = await h.mintProjectKey((await h.createProject(other))['id'], other);
      expect(await verify(h, { key: 'kw_proj_nope' })).toEqual({ valid: false, code: 'MALFORMED' });
      const k = await freshKey(h);
      const typo = k['key'].slice(0, -8) + (k['key'].at(-8) === 'a' ? 'b' : 'a') + k['key'].slice(-7);
      expect(await verify(h, { key: typo })).toEqual({ valid: false, code: 'MALFORMED' });
      expect(await verify(h, { key: mintKeyward('kw_proj') })).toEqual({ valid: false, code: 'NOT_FOUND' });
      expect(await verify(h, { key: foreign['key'] })).toEqual({ valid: false, code: 'NOT_FOUND' });
    });

    it('answers INSUFFICIENT_ROLES unless the key holds every role asked for', async () => {
      const h = harness();
      const k = await freshKey(h, { roles: ['ingest', 'read'] });
      expect(await verify(h, { key: k['key'], roles: ['ingest'] })).toMatchObject({ valid: true, code: 'VALID' });
      expect(await verify(h, { key: k['key'], roles: ['ingest', 'write'] })).toMatchObject({ valid: false, code: 'INSUFFICIENT_ROLES' });
    });

    it('answers EXPIRED once the clock passes expires_at, DISABLED when disabled', async () => {
      const h = harness();
      const k = await freshKey(h, { expires_at: h.clock.isoIn(60_000) });
      expect(await verify(h, { key: k['key'] })).toMatchObject({ valid: true });
      h.clock.advance(60_000);
      expect(await verify(h, { key: k['key'] })).toMatchObject({ valid: false, code: 'EXPIRED', key_id: k['id'] });
      const d = await freshKey(h);
      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${d['id']}`, body: { enabled: false } }, 200);
      expect(await verify(h, { key: d['key'] })).toMatchObject({ valid: false, code: 'DISABLED' });
    });

    it('counts against the key’s rate limit and answers RATE_LIMITED until the window resets', async () => {
      const h = harness();
      const k = await freshKey(h, { rate_limit: { limit: 2, window_ms: 60_000 } });
      const first = await verify(h, { key: k['key'] });
      expect(first['rate_limit']).toMatchObject({ limit: 2, remaining: 1 });
      await verify(h, { key: k['key'] });
      const third = await verify(h, { key: k['key'] });
      expect(third).toMatchObject({ valid: false, code: 'RATE_LIMITED', rate_limit: { limit: 2, remaining: 0 } });
      h.clock.advance(Date.parse(third['rate_limit'].reset_at) - h.clock.now().getTime());
      expect(await verify(h, { key: k['key'] })).toMatchObject({ valid: true, code: 'VALID' });
    });

    it('refuses a body without key, with a non-string key or with unknown fields (400 naming it)', async () => {
      const h = harness();
      const send = (body: unknown) => h.send(h.org.adminKey, { method: 'POST', url: VERIFY, body });
      expectError(await send({}), 'VALIDATION', 'key');
      expectError(await send({ key: 42 }), 'VALIDATION', 'key');
      expectError(await send({ key: 'x', role: ['a'] }), 'VALIDATION', 'role');
      expectError(await send({ key: 'x', roles: 'a' }), 'VALIDATION', 'roles');
    });

    runCommonRouteTests(harness, {
      name: 'POST /v1/keys/verify',
      needs: 'keys:verify',
      ok: 200,
      build: async (h) => ({ method: 'POST', url: VERIFY, body: { key: (await freshKey(h))['key'] } }),
    });
  });
}
