import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import type { paths } from './clients/braintrust-api.js';
import { compile, exact, type Contract } from './contract.js';
import { useDialectServer, type DialectServer } from './dialect-server.js';
import { specOperation } from './specs.js';

/**
 * Braintrust (specs/braintrust.openapi.yaml) at /compat/braintrust: create against the document's OpenAPI
 * (`CreateApiKeyOutput`); list/get/delete answer `ApiKey`, which is that schema without
 * `key`. The document leaves error bodies open (text or any JSON); Keyward sends `{message}`.
 */
const spec = specOperation('braintrust', '/v1/api_key', 'post');
const output = spec.components.schemas.CreateApiKeyOutput;
const apiKey = { ...output, properties: { ...output.properties } };
delete apiKey.properties.key;
const error = compile(exact({ type: 'object', properties: { message: { type: 'string' } } }));
const errors = { 400: error, 401: error, 403: error, 404: error };

const CREATE: Contract = { request: compile(spec.request!), responses: { 200: compile(exact(spec.response(200)!)), ...errors } };
const ONE: Contract = { responses: { 200: compile(exact(apiKey)), ...errors } };
const LIST: Contract = {
  responses: { 200: compile(exact({ type: 'object', properties: { objects: { type: 'array', items: apiKey } } })), ...errors },
};

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
/** What the Stainless SDKs send besides the credential: accepted and ignored. */
const SDK_HEADERS = {
  'user-agent': 'Braintrust/JS 0.0.1',
  'x-stainless-lang': 'js',
  'x-stainless-retry-count': '0',
  accept: 'application/json',
};

for (const engine of ENGINES) {
  describe(`braintrust dialect on ${engine.name}`, () => {
    const server = useDialectServer(engine);
    const create = (s: DialectServer, key: string, body: unknown, status: number, requestValid = true) =>
      s.exchange(
        CREATE,
        { method: 'POST', path: '/compat/braintrust/v1/api_key', headers: { ...SDK_HEADERS, ...bearer(key) }, body },
        status,
        requestValid,
      );
    const list = (s: DialectServer, key: string, query: string, status = 200) =>
      s.exchange(LIST, { method: 'GET', path: `/compat/braintrust/v1/api_key${query}`, headers: bearer(key) }, status);
    /** A caller of its own (an org admin key), so its list holds only what the test makes. */
    const freshCaller = async (s: DialectServer) =>
      (await s.native(s.org.adminKey, 'POST', '/org/keys', { name: 'caller', roles: ['admin'] }, 201)).key as string;

    it('a client generated from the platform’s OpenAPI creates a key that verifies VALID in the caller’s org', async () => {
      const s = server();
      const client = createClient<paths>({ baseUrl: `${s.url}/compat/braintrust`, headers: bearer(s.org.adminKey) });
      const body = { name: 'ci', org_name: 'default' };
      expect(CREATE.request!(body)).toBe(true);
      const { data, response } = await client.POST('/v1/api_key', { body });
      expect(response.status).toBe(200);
      expect(CREATE.responses[200]!(data)).toBe(true);
      expect(data!.key).toMatch(/^sk-[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
      expect(data).toMatchObject({
        name: 'ci',
        org_id: s.org.id,
        user_id: null,
        user_email: null,
        user_given_name: null,
        user_family_name: null,
      });
      expect(data!.preview_name).toMatch(/^sk-\*{4}.{4}$/);
      expect(data!.preview_name.slice(-4)).toBe(data!.key.slice(-4));

      expect(await s.verify(data!.key)).toMatchObject({
        valid: true,
        code: 'VALID',
        key_id: data!.id,
        org_id: s.org.id,
        project_id: null,
        roles: ['admin'],
      });
      expect(await s.verify(data!.key, await s.otherOrg())).toEqual({ valid: false, code: 'NOT_FOUND' });
    });

    it('fills user_* from a user JWT, and the minted key acts as that user', async () => {
      const s = server();
      const token = await s.signUser({
        sub: 'auth0|42',
        email: 'grace@example.com',
        given_name: 'Grace',
        family_name: 'Hopper',
        org_id: s.org.id,
      });
      const client = createClient<paths>({ baseUrl: `${s.url}/compat/braintrust`, headers: bearer(token) });
      const { data } = await client.POST('/v1/api_key', { body: { name: 'laptop' } });
      expect(CREATE.responses[200]!(data)).toBe(true);
      expect(data).toMatchObject({
        user_email: 'grace@example.com',
        user_given_name: 'Grace',
        user_family_name: 'Hopper',
        org_id: s.org.id,
      });
      expect(data!.user_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      // The same person always gets the same user_id; a UUID subject is kept as it is.
      const again = await create(s, token, { name: 'desktop' }, 200);
      expect(again.body.user_id).toBe(data!.user_id);
      const uuidUser = randomUUID();
      expect((await create(s, await s.signUser({ sub: uuidUser, org_id: s.org.id }), { name: 'x' }, 200)).body.user_id).toBe(uuidUser);

      // The key holds the user's roles (key management by default), not more.
      expect(await s.verify(data!.key)).toMatchObject({ valid: true, roles: ['projects:read', 'keys:read', 'keys:write', 'keys:verify'] });
      const mine = await list(s, token, '');
      expect(mine.body.objects.map((k: any) => k.name)).toEqual(['desktop', 'laptop']);
    });

    it('lists, gets and deletes only the caller’s own keys; the raw key shows once; a deleted key is gone', async () => {
      const s = server();
      const caller = await freshCaller(s);
      const made = (await create(s, caller, { name: 'mine' }, 200)).body;
      const { key: raw, ...shown } = made;
      const listed = await list(s, caller, '');
      expect(listed.body.objects).toEqual([shown]);
      expect(listed.text).not.toContain(raw.slice(3, 40));
      const one = await s.exchange(ONE, { method: 'GET', path: `/compat/braintrust/v1/api_key/${made.id}`, headers: bearer(caller) }, 200);
      expect(one.body).toEqual(listed.body.objects[0]);

      // Another caller (of the same org, or of another) cannot see, read or delete it.
      const other = await freshCaller(s);
      expect((await list(s, other, '')).body.objects).toEqual([]);
      for (const key of [other, (await s.otherOrg()).adminKey]) {
        await s.exchange(ONE, { method: 'GET', path: `/compat/braintrust/v1/api_key/${made.id}`, headers: bearer(key) }, 404);
        await s.exchange(ONE, { method: 'DELETE', path: `/compat/braintrust/v1/api_key/${made.id}`, headers: bearer(key) }, 404);
      }
      expect((await s.verify(made.key)).code).toBe('VALID');

      const deleted = await s.exchange(
        ONE,
        { method: 'DELETE', path: `/compat/braintrust/v1/api_key/${made.id}`, headers: bearer(caller) },
        200,
      );
      expect(deleted.body).toEqual(one.body);
      expect((await s.verify(made.key)).code).toBe('REVOKED');
      await s.exchange(ONE, { method: 'GET', path: `/compat/braintrust/v1/api_key/${made.id}`, headers: bearer(caller) }, 404);
      expect((await list(s, caller, '')).body.objects).toEqual([]);
      // A deleted key no longer authenticates either.
      await list(s, made.key, '', 401);
    });

    it('pages through five keys two at a time both ways, and filters by ids and name', async () => {
      const s = server();
      const caller = await freshCaller(s);
      const ids: string[] = [];
      for (const name of ['k1', 'k2', 'k3', 'k4', 'k5']) ids.push((await create(s, caller, { name }, 200)).body.id);
      const names = async (query: string) => (await list(s, caller, query)).body.objects.map((k: any) => k.name);

      expect(await names('')).toEqual(['k5', 'k4', 'k3', 'k2', 'k1']);
      // Forward, as the SDK walks: starting_after = the last id, until an empty page.
      const forward: string[][] = [];
      let after: string | null = null;
      for (;;) {
        const page: any[] = (await list(s, caller, `?limit=2${after ? `&starting_after=${after}` : ''}`)).body.objects;
        if (page.length === 0) break;
        forward.push(page.map((k) => k.name));
        after = page[page.length - 1].id;
      }
      expect(forward).toEqual([['k5', 'k4'], ['k3', 'k2'], ['k1']]);
      // Backward from the oldest: ending_before = the first id shown.
      expect(await names(`?limit=2&ending_before=${ids[0]}`)).toEqual(['k3', 'k2']);
      expect(await names(`?limit=2&ending_before=${ids[2]}`)).toEqual(['k5', 'k4']);
      expect(await names(`?limit=2&ending_before=${ids[4]}`)).toEqual([]);
      expect(await names('?limit=0')).toEqual([]);

      expect(await names(`?ids=${ids[1]}&ids=${ids[3]}`)).toEqual(['k4', 'k2']);
      expect(await names(`?ids=${ids[2]}`)).toEqual(['k3']);
      expect(await names('?api_key_name=k4')).toEqual(['k4']);
      expect(await names('?org_name=default&limit=1')).toEqual(['k5']);

      const both = await list(s, caller, `?starting_after=${ids[3]}&ending_before=${ids[1]}`, 400);
      expect(both.body.message).toBe('ending_before cannot be combined with starting_after');
      expect((await list(s, caller, '?starting_after=not-a-uuid', 400)).body.message).toMatch(/^starting_after must be a UUID/);
      expect((await list(s, caller, '?limit=-1', 400)).body.message).toMatch(/^limit /);
      expect((await list(s, caller, '?limit=1.5', 400)).body.message).toMatch(/^limit /);
      expect((await list(s, caller, `?starting_after=${randomUUID()}`, 400)).body.message).toBe(
        'starting_after is not the id of a key in this list',
      );
    });

    it('refuses an org_name that is not the caller’s with one text, whether or not such an org exists', async () => {
      const s = server();
      const other = await s.otherOrg();
      const otherName = (await s.native(s.rootKey, 'GET', `/orgs/${other.id}`, undefined, 200)).name;
      const text = "org_name does not match the caller's organization";
      expect((await create(s, s.org.adminKey, { name: 'x', org_name: otherName }, 400)).body).toEqual({ message: text });
      expect((await create(s, s.org.adminKey, { name: 'x', org_name: 'no such org' }, 400)).body).toEqual({ message: text });
      expect((await list(s, s.org.adminKey, '?org_name=no%20such%20org', 400)).body).toEqual({ message: text });
      await create(s, s.org.adminKey, { name: 'x', org_name: null }, 200);
    });

    it('answers 401 for no credential, a wrong or revoked key, an expired or foreign-signed JWT; 400 for a bad body; 403 for a missing role', async () => {
      const s = server();
      const no = { message: 'No valid API key provided' };
      expect((await s.exchange(CREATE, { method: 'POST', path: '/compat/braintrust/v1/api_key', body: { name: 'x' } }, 401)).body).toEqual(
        no,
      );
      const expired = await s.signUser({ sub: 'u', org_id: s.org.id }, { exp: Math.floor(s.clock.now().getTime() / 1000) - 120 });
      const forged = await s.signUser({ sub: 'u', org_id: s.org.id }, { secret: 'another-secret-another-secret-another-secret' });
      for (const key of ['sk-nope', await s.revokedKey(), expired, forged])
        expect((await create(s, key, { name: 'x' }, 401)).body).toEqual(no);

      expect((await create(s, s.org.adminKey, {}, 400, false)).body).toEqual({ message: 'name is required' });
      expect((await create(s, s.org.adminKey, { name: 7 }, 400, false)).body.message).toMatch(/^name /);
      expect((await create(s, s.org.adminKey, { name: 'x'.repeat(121) }, 400)).body.message).toBe('name must be at most 120 characters');
      await s.exchange(ONE, { method: 'GET', path: '/compat/braintrust/v1/api_key/not-a-uuid', headers: bearer(s.org.adminKey) }, 400);
      expect((await create(s, await s.keyWith('keys:read'), { name: 'x' }, 403)).body.message).toBe('this key lacks the role keys:write');
    });
  });
}
