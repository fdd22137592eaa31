import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mintKeyward } from '../../src/core/key-format.js';
import { ORG_ROLES, type OrgRole } from '../../src/core/roles.js';
import { changesBetween } from '../helpers/database-dump.js';
import { expectError } from './expect-error.js';
import type { Harness, OrgHandle, Req, Wire } from './harness.js';

/**
 * The security cases every /v1 route gets by construction, in the spirit of unkey's
 * runCommonRouteTests: a route's test file only says how to build a valid request.
 */
export interface RouteUnderTest {
  /** e.g. `PATCH /v1/keys/:keyId`. */
  readonly name: string;
  /** An org role; `root` for org management; `org-key` for any org key. */
  readonly needs: OrgRole | 'root' | 'org-key';
  /** The status of a successful call. */
  readonly ok: number;
  /** A valid request on resources of `org`, which it may create through the API. */
  build(h: Harness, org: OrgHandle): Promise<Req>;
  /** For a route on one org's resource: how its owner reads it back, to prove nothing changed. */
  readBack?(req: Req): Req;
  /** Is the route about a resource of an org (so another org's id must answer 404)? */
  readonly tenantScoped?: boolean;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Credentials that are well-formed but must never open the API. */
async function badCredentials(h: Harness): Promise<Record<string, string>> {
  const project = await h.createProject();
  const revoked = await h.mintOrgKey(['admin']);
  await h.expectStatus(h.org.adminKey, { method: 'DELETE', url: `/v1/keys/${revoked['id']}` }, 200);
  const disabled = await h.mintOrgKey(['admin']);
  await h.expectStatus(h.org.adminKey, { method: 'PATCH', url: `/v1/keys/${disabled['id']}`, body: { enabled: false } }, 200);
  const expired = await h.mintOrgKey(['admin'], h.org, { expires_at: h.clock.isoIn(60_000) });
  h.clock.advance(120_000);
  return {
    'a string that is not a key': 'not-a-key',
    'a well-formed key that was never issued': mintKeyward('kw_org'),
    'a revoked org key': revoked['key'],
    'a disabled org key': disabled['key'],
    'an expired org key': expired['key'],
    'a project key': (await h.mintProjectKey(project['id'], h.org, { roles: ['admin'] }))['key'],
  };
}

/**
 * Runs `act`, a refused request, and checks that it wrote nothing: no row of any table
 * added, changed or removed (a refused create leaves no key, project, org or audit event
 * behind), read straight from the database; and, for a route on one resource, that its
 * owner reads it back through the API as before.
 */
async function expectUnchanged(h: Harness, route: RouteUnderTest, req: Req, owner: OrgHandle, act: () => Promise<void>) {
  // Orgs are read by the root key; everything else by the owning org's admin.
  const reader = route.needs === 'root' ? h.rootKey : owner.adminKey;
  const read = async () =>
    route.readBack ? h.send(reader, route.readBack(req)).then((r) => ({ status: r.statusCode, body: r.body })) : null;
  const before = { api: await read(), stored: await h.dumpDatabase() };
  await act();
  expect(await read()).toEqual(before.api);
  expect(changesBetween(before.stored, await h.dumpDatabase())).toEqual({});
}

export function runCommonRouteTests(harness: () => Harness, route: RouteUnderTest): void {
  describe(`${route.name} (common security)`, () => {
    it('answers 401 without a credential, or with a scheme other than Bearer', async () => {
      const h = harness();
      const req = await route.build(h, h.org);
      await expectUnchanged(h, route, req, h.org, async () => {
        const res = await h.send(null, req);
        expectError(res, 'UNAUTHORIZED');
        expect(res.headers['www-authenticate']).toBe('Bearer');
        expectError(await h.send(null, req, { authorization: `Basic ${h.org.adminKey}` }), 'UNAUTHORIZED');
      });
    });

    it('answers 401 for a malformed, unknown, revoked, disabled or expired key and for a project key', async () => {
      const h = harness();
      const creds = await badCredentials(h);
      const req = await route.build(h, h.org);
      await expectUnchanged(h, route, req, h.org, async () => {
        for (const [what, key] of Object.entries(creds)) {
          const res = await h.send(key, req);
          expect({ what, status: res.statusCode }).toEqual({ what, status: 401 });
          // The same answer whatever the reason: a caller learns nothing about keys it lacks.
          expect(res.json().error.message).toBe('missing or invalid API key');
        }
      });
    });

    if (route.needs === 'root') {
      it('answers 403 for an org admin key', async () => {
        const h = harness();
        const req = await route.build(h, h.org);
        await expectUnchanged(h, route, req, h.org, async () => {
          expectError(await h.send(h.org.adminKey, req), 'FORBIDDEN');
        });
      });
      it(`answers ${route.ok} for the root key`, async () => {
        const h = harness();
        expect((await h.send(h.rootKey, await route.build(h, h.org))).statusCode).toBe(route.ok);
      });
      return;
    }

    it('answers 403 for the root key, which manages orgs only', async () => {
      const h = harness();
      const req = await route.build(h, h.org);
      await expectUnchanged(h, route, req, h.org, async () => {
        expectError(await h.send(h.rootKey, req), 'FORBIDDEN');
      });
    });

    if (route.needs === 'org-key') {
      it(`answers ${route.ok} for an org key holding any single role`, async () => {
        const h = harness();
        expect((await h.send(await h.keyWith('audit:read'), await route.build(h, h.org))).statusCode).toBe(route.ok);
      });
    } else {
      const needed = route.needs;
      it(`answers 403 for an org key holding every role but ${needed}`, async () => {
        const h = harness();
        const others = ORG_ROLES.filter((r) => r !== needed && r !== 'admin');
        const req = await route.build(h, h.org);
        // Minted before: the first use of a role set creates its key.
        const key = await h.keyWith(...others);
        await expectUnchanged(h, route, req, h.org, async () => {
          expectError(await h.send(key, req), 'FORBIDDEN');
        });
      });
      it(`answers ${route.ok} for an org key holding only ${needed}`, async () => {
        const h = harness();
        const res = await h.send(await h.keyWith(needed), await route.build(h, h.org));
        expect({ status: res.statusCode, body: res.statusCode === route.ok ? '' : res.body }).toEqual({ status: route.ok, body: '' });
      });
    }

    if (route.tenantScoped) {
      it("answers 404 for another org's resource exactly as for a missing one, and changes nothing", async () => {
        const h = harness();
        const other = await h.otherOrg();
        const req = await route.build(h, other);
        const missing = { ...req, url: req.url.replace(UUID, () => randomUUID()) };
        let foreign: Wire = {};
        await expectUnchanged(h, route, req, other, async () => {
          foreign = expectError(await h.send(h.org.adminKey, req), 'NOT_FOUND');
        });
        const absent = expectError(await h.send(h.org.adminKey, missing), 'NOT_FOUND');
        expect({ ...foreign, request_id: 'x' }).toEqual({ ...absent, request_id: 'x' });
      });
    }
  });
}
