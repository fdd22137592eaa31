import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createPersonalKey } from '../../src/core/use-cases/personal-keys.js';
import { BRAINTRUST_KEY_FORMAT } from '../../src/core/dialect-key-formats.js';
import { ENGINES } from '../helpers/engines.js';
import { useHarness, type Harness, type Wire } from '../http/harness.js';

/**
 * Issue 17, item 1: a personal key (an org key minted through Braintrust or Openlayer,
 * holding its maker's roles) never outlives nor outranks its maker, over time and not only
 * at mint. Revoking, disabling, re-dating or down-scoping the maker takes effect on every key
 * it made, chains included; keys made by a user token live at most 90 days and an admin
 * revokes everything a user made in one call. Project keys and org keys with chosen roles
 * (admin-made) are the org's, not personal: they survive the key that made them.
 */
const SECRET = 'lineage-tests-hs256-secret-0123456789abcdef';
/** The documented lifetime of a key made by a user token (SECURITY.md; `USER_KEY_MAX_LIFETIME_MS`). */
const USER_KEY_MAX_LIFETIME_MS = 90 * 86_400_000;
const WRITER = ['keys:read', 'keys:write', 'projects:read'];
const sorted = (roles: readonly string[]) => [...roles].sort();

/** A personal key minted by `maker` through Braintrust (raw key and id). */
async function braintrustKey(h: Harness, maker: string): Promise<{ raw: string; id: string }> {
  const res = await h.send(maker, { method: 'POST', url: '/compat/braintrust/v1/api_key', body: { name: 'personal' } });
  expect(res.statusCode, res.body).toBe(200);
  return { raw: res.json().key, id: res.json().id };
}

/** A personal key minted by `maker` through Openlayer. */
async function openlayerKey(h: Harness, maker: string): Promise<{ raw: string; id: string }> {
  const res = await h.send(maker, {
    method: 'POST',
    url: `/compat/openlayer/v1/workspaces/${h.org.id}/api-keys`,
    body: { name: 'personal' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { raw: res.json().secureKey, id: res.json().id };
}

const whoami = async (h: Harness, raw: string) => {
  const res = await h.send(raw, { method: 'GET', url: '/v1/whoami' });
  return res.statusCode === 200 ? { status: 200, roles: sorted(res.json().roles as string[]) } : { status: res.statusCode };
};

/** A `keys:write` org key made by the admin, and a chain: its Braintrust key, and that key's Openlayer key. */
async function chain(h: Harness, body: Wire = {}) {
  const maker = await h.mintOrgKey(WRITER, h.org, body);
  const child = await braintrustKey(h, maker['key']);
  const grandchild = await openlayerKey(h, child.raw);
  return { maker: { raw: maker['key'] as string, id: maker['id'] as string }, child, grandchild };
}

for (const engine of ENGINES) {
  describe(`personal keys follow their maker on ${engine.name}`, () => {
    const harness = useHarness(engine, {}, { jwtSecret: SECRET });

    it('a chain never outlives its maker: expiry capped at mint, and refused once the maker expires', async () => {
      const h = harness();
      const ends = h.clock.isoIn(3_600_000);
      const { maker, child, grandchild } = await chain(h, { expires_at: ends });
      for (const k of [child, grandchild]) expect((await h.store.findKey(h.org.id, k.id))!.expiresAt).toBe(ends);
      h.clock.advance(3_600_001);
      for (const k of [maker, child, grandchild]) expect(await whoami(h, k.raw)).toEqual({ status: 401 });
    });

    it('revoking the maker revokes everything it made, transitively; nothing in the chain can mint or revoke', async () => {
      const h = harness();
      const { maker, child, grandchild } = await chain(h);
      const sibling = await braintrustKey(h, child.raw);
      expect(await whoami(h, grandchild.raw)).toEqual({ status: 200, roles: sorted(WRITER) });
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${maker.id}` }, 200);
      for (const k of [child, grandchild, sibling]) {
        expect(await whoami(h, k.raw)).toEqual({ status: 401 });
        expect((await h.send(k.raw, { method: 'POST', url: '/compat/braintrust/v1/api_key', body: { name: 'more' } })).statusCode).toBe(
          401,
        );
      }
      // Each key revoked by the cascade has its own audit event, under the admin's name.
      const events = await h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/audit?action=key.revoke&limit=100' }, 200);
      const targets = (events['data'] as Wire[]).map((e) => e['target']['id']);
      expect(targets).toEqual(expect.arrayContaining([maker.id, child.id, grandchild.id, sibling.id]));
    });

    it('down-scoping the maker down-scopes everything it made; raising it again raises nothing', async () => {
      const h = harness();
      const { maker, child, grandchild } = await chain(h);
      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${maker.id}`, body: { roles: ['keys:read'] } }, 200);
      for (const k of [child, grandchild]) {
        expect(await whoami(h, k.raw)).toEqual({ status: 200, roles: ['keys:read'] });
        expect((await h.send(k.raw, { method: 'POST', url: '/compat/braintrust/v1/api_key', body: { name: 'more' } })).statusCode).toBe(
          403,
        );
        expect((await h.send(k.raw, { method: 'DELETE', url: `/v1/keys/${grandchild.id}` })).statusCode).toBe(403);
      }
      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${maker.id}`, body: { roles: WRITER } }, 200);
      expect(await whoami(h, grandchild.raw)).toEqual({ status: 200, roles: ['keys:read'] });
      // Nor can an admin hand a personal key a role its maker lacks, or a later expiry.
      await h.expectStatus(
        h.org.adminKey,
        { method: 'PATCH', url: `/v1/keys/${maker.id}`, body: { roles: ['keys:read'], expires_at: h.clock.isoIn(60_000) } },
        200,
      );
      const roles = await h.send(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${child.id}`, body: { roles: WRITER } });
      expect({ status: roles.statusCode, field: roles.json().error.field }).toEqual({ status: 403, field: 'roles' });
      const later = await h.send(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${child.id}`, body: { expires_at: null } });
      expect({ status: later.statusCode, field: later.json().error.field }).toEqual({ status: 403, field: 'expires_at' });
    });

    it('disabling the maker disables what it made; once re-enabled, the maker may re-enable its own keys', async () => {
      const h = harness();
      const { maker, child, grandchild } = await chain(h);
      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${maker.id}`, body: { enabled: false } }, 200);
      for (const k of [child, grandchild]) expect(await whoami(h, k.raw)).toEqual({ status: 401 });
      // Its key cannot be re-enabled while the maker is off, not even by an admin.
      const early = await h.send(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${child.id}`, body: { enabled: true } });
      expect({ status: early.statusCode, field: early.json().error.field }).toEqual({ status: 403, field: 'enabled' });
      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${maker.id}`, body: { enabled: true } }, 200);
      expect(await whoami(h, child.raw)).toEqual({ status: 401 });
      await h.expectStatus(maker.raw, { method: 'PATCH', url: `/v1/keys/${child.id}`, body: { enabled: true } }, 200);
      await h.expectStatus(maker.raw, { method: 'PATCH', url: `/v1/keys/${grandchild.id}`, body: { enabled: true } }, 200);
      for (const k of [child, grandchild]) expect(await whoami(h, k.raw)).toEqual({ status: 200, roles: sorted(WRITER) });
    });

    it('rolling the maker hands its keys to the successor; the old secret ending changes nothing, revoking the successor does', async () => {
      const h = harness();
      const { maker, child, grandchild } = await chain(h);
      const rolled = await h.expectStatus(
        h.org.adminKey,
        { method: 'POST', url: `/v1/keys/${maker.id}/roll`, body: { grace_seconds: 60 } },
        201,
      );
      h.clock.advance(61_000);
      expect(await whoami(h, maker.raw)).toEqual({ status: 401 });
      expect(await whoami(h, grandchild.raw)).toEqual({ status: 200, roles: sorted(WRITER) });
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${rolled['id']}` }, 200);
      for (const k of [child, grandchild]) expect(await whoami(h, k.raw)).toEqual({ status: 401 });
    });

    it('a key whose revoke committed after it was authenticated mints nothing (the maker is re-read in the mint transaction)', async () => {
      const h = harness();
      const maker = await h.mintOrgKey(WRITER);
      const principal = {
        kind: 'org' as const,
        orgId: h.org.id,
        roles: WRITER,
        actor: { type: 'key' as const, id: maker['id'] },
        keyId: maker['id'],
        user: null,
      };
      await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${maker['id']}`, body: { roles: ['keys:write'] } }, 200);
      const minted = await createPersonalKey(
        h.deps,
        { principal, requestId: null, ip: null },
        { name: 'stale', format: BRAINTRUST_KEY_FORMAT, origin: 'braintrust' },
      );
      expect(minted.key.roles).toEqual(['keys:write']);
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${maker['id']}` }, 200);
      await expect(
        createPersonalKey(
          h.deps,
          { principal, requestId: null, ip: null },
          { name: 'stale', format: BRAINTRUST_KEY_FORMAT, origin: 'braintrust' },
        ),
      ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it("only personal keys follow their maker: an admin key's project keys and chosen-role org keys survive its revocation", async () => {
      const h = harness();
      const admin = await h.mintOrgKey(['admin']);
      const project = await h.createProject();
      const projectKey = await h.expectStatus(
        admin['key'],
        { method: 'POST', url: `/v1/projects/${project['id']}/keys`, body: { name: 'customer' } },
        201,
      );
      const service = await h.expectStatus(
        admin['key'],
        { method: 'POST', url: '/v1/org/keys', body: { name: 'service', roles: ['keys:verify'] } },
        201,
      );
      const personal = await braintrustKey(h, admin['key']);
      await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${admin['id']}` }, 200);
      expect(await whoami(h, personal.raw)).toEqual({ status: 401 });
      expect(await whoami(h, service['key'])).toEqual({ status: 200, roles: ['keys:verify'] });
      const verified = await h.expectStatus(
        service['key'],
        { method: 'POST', url: '/v1/keys/verify', body: { key: projectKey['key'] } },
        200,
      );
      expect(verified['code']).toBe('VALID');
    });

    describe('keys made by a user token', () => {
      const token = (h: Harness, sub: string, roles?: string[]) => {
        const now = Math.floor(h.clock.now().getTime() / 1000);
        return new SignJWT({ sub, org_id: h.org.id, ...(roles ? { roles } : {}) })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt(now)
          .setExpirationTime(now + 3600)
          .sign(new TextEncoder().encode(SECRET));
      };

      it("one admin call revokes every key a user made, and what those keys made; other users' keys live on", async () => {
        const h = harness();
        const [alice, bob] = [await token(h, 'alice'), await token(h, 'bob')];
        const first = await braintrustKey(h, alice);
        const second = await braintrustKey(h, alice);
        const made = await openlayerKey(h, second.raw);
        const rolled = await h.expectStatus(h.org.adminKey, { method: 'POST', url: `/v1/keys/${first.id}/roll`, body: {} }, 201);
        const bobs = await braintrustKey(h, bob);
        const writer = await h.keyWith('keys:write');
        expect((await h.send(writer, { method: 'POST', url: '/v1/org/users/alice/keys/revoke' })).statusCode).toBe(403);
        const done = await h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/org/users/alice/keys/revoke' }, 200);
        expect(done).toEqual({ revoked: 2 });
        for (const raw of [rolled['key'], second.raw, made.raw]) expect(await whoami(h, raw)).toEqual({ status: 401 });
        expect((await whoami(h, bobs.raw)).status).toBe(200);
        // Alice signs in again: her token still works (the identity provider decides that), her old keys do not.
        expect((await h.send(alice, { method: 'POST', url: '/compat/braintrust/v1/api_key', body: { name: 'again' } })).statusCode).toBe(
          200,
        );
        expect(await h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/org/users/nobody/keys/revoke' }, 200)).toEqual({
          revoked: 0,
        });
      });

      it('live at most 90 days, which nobody can extend, and the keys they make follow them', async () => {
        const h = harness();
        const user = await token(h, 'user-lifetime');
        const key = await braintrustKey(h, user);
        const stored = (await h.store.findKey(h.org.id, key.id))!;
        expect(stored.expiresAt).toBe(new Date(h.clock.now().getTime() + USER_KEY_MAX_LIFETIME_MS).toISOString());
        const made = await openlayerKey(h, key.raw);
        expect((await h.store.findKey(h.org.id, made.id))!.expiresAt).toBe(stored.expiresAt);
        for (const body of [{ expires_at: null }, { expires_at: h.clock.isoIn(USER_KEY_MAX_LIFETIME_MS + 60_000) }]) {
          const res = await h.send(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${key.id}`, body });
          expect({ body, status: res.statusCode, field: res.json().error?.field }).toEqual({ body, status: 403, field: 'expires_at' });
        }
        h.clock.advance(USER_KEY_MAX_LIFETIME_MS + 1);
        for (const k of [key, made]) expect(await whoami(h, k.raw)).toEqual({ status: 401 });
      });
    });
  });
}
