import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import type { paths } from './clients/openlayer-api.js';
import { compile, exact, expectValid, type Contract } from './contract.js';
import { useDialectServer, type DialectServer } from './dialect-server.js';
import { replayCurl } from './replay-curl.js';
import { specOpenApi, specOperation, shellWords } from './specs.js';

/**
 * Openlayer (specs/openlayer.openapi.yaml) at /compat/openlayer. The 201 is checked against the document's
 * `ApiKey`; Openlayer documents no error body, Keyward sends `{error, message}`.
 */
const spec = specOperation('openlayer', '/workspaces/{workspaceId}/api-keys', 'post');
const error = compile(exact({ type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' } } }));
const CREATE: Contract = {
  request: compile(spec.request!),
  responses: { 201: compile(exact(spec.response(201)!)), 400: error, 401: error, 403: error, 404: error },
};

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
/** What openlayer-ts 0.30 sends besides the credential (read from its client.ts): accepted and ignored. */
const SDK_HEADERS = {
  'user-agent': 'Openlayer/JS 0.30.0',
  accept: 'application/json',
  'x-stainless-lang': 'js',
  'x-stainless-package-version': '0.30.0',
  'x-stainless-os': 'Linux',
  'x-stainless-arch': 'x64',
  'x-stainless-runtime': 'node',
  'x-stainless-runtime-version': 'v20.20.0',
  'x-stainless-retry-count': '0',
  'x-stainless-timeout': '60',
};

for (const engine of ENGINES) {
  describe(`openlayer dialect on ${engine.name}`, () => {
    const server = useDialectServer(engine);
    const create = (s: DialectServer, workspaceId: string, key: string | null, body: unknown, status: number, requestValid = true) =>
      s.exchange(
        CREATE,
        {
          method: 'POST',
          path: `/compat/openlayer/v1/workspaces/${workspaceId}/api-keys`,
          headers: { ...SDK_HEADERS, ...(key ? bearer(key) : {}) },
          body,
        },
        status,
        requestValid,
      );

    it('a client generated from the platform’s OpenAPI answers 201 with a key that verifies VALID in the workspace’s org', async () => {
      const s = server();
      const client = createClient<paths>({ baseUrl: `${s.url}/compat/openlayer/v1`, headers: bearer(s.org.adminKey) });
      const body = { name: 'My API Key' };
      expect(CREATE.request!(body)).toBe(true);
      const { data, response } = await client.POST('/workspaces/{workspaceId}/api-keys', {
        params: { path: { workspaceId: s.org.id } },
        body,
      });
      expect(response.status).toBe(201);
      expectValid(CREATE.responses[201]!, data, 'the 201');
      expect(data).toMatchObject({ name: 'My API Key', dateLastUsed: null });
      expect(data!.secureKey).toMatch(/^sk-ol-[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);

      expect(await s.verify(data!.secureKey)).toMatchObject({
        valid: true,
        code: 'VALID',
        key_id: data!.id,
        org_id: s.org.id,
        project_id: null,
      });
      expect(await s.verify(data!.secureKey, await s.otherOrg())).toEqual({ valid: false, code: 'NOT_FOUND' });
    });

    it('shows the key masked as sk-ol-*************************XXXX everywhere after the 201', async () => {
      const s = server();
      const made = (await create(s, s.org.id, s.org.adminKey, { name: 'masked' }, 201)).body;
      const read = await s.native(s.org.adminKey, 'GET', `/keys/${made.id}`, undefined, 200);
      expect(read.preview).toMatch(/^sk-ol-\*{25}.{4}$/);
      expect(read.preview).toBe(`sk-ol-${'*'.repeat(25)}${made.secureKey.slice(-4)}`);
      const listed = await s.send({ method: 'GET', path: '/v1/org/keys?limit=100', headers: bearer(s.org.adminKey) });
      const audit = await s.send({ method: 'GET', path: `/v1/audit?target_id=${made.id}`, headers: bearer(s.org.adminKey) });
      for (const answer of [listed, audit]) expect(answer.text).not.toContain(made.secureKey.slice(6, 40));
      expect(audit.body.data.map((e: any) => e.action)).toEqual(['key.create']);
    });

    it('takes {}, an empty body, no body or a null name, and answers such a key’s name as null, as Openlayer’s nullable name', async () => {
      const s = server();
      const unnamed: string[] = [];
      for (const body of [{}, { name: null }, { name: '' }, { name: '  ' }]) {
        const made = (await create(s, s.org.id, s.org.adminKey, body, 201)).body;
        expect(made.name).toBeNull();
        unnamed.push(made.id);
      }
      for (const extra of [{}, { 'content-type': 'application/json' }] as Record<string, string>[]) {
        const answer = await s.send({
          method: 'POST',
          path: `/compat/openlayer/v1/workspaces/${s.org.id}/api-keys`,
          headers: { ...bearer(s.org.adminKey), ...extra },
        });
        expect(answer.status).toBe(201);
        expectValid(CREATE.responses[201]!, answer.body, 'a body-less create');
        expect(answer.body.name).toBeNull();
        unnamed.push(answer.body.id);
      }
      // /v1's Key.name is a required string: such a key shows "" there (no /v1 create or rename can set it),
      // in a get, a list, and a verification, and a roll keeps it.
      const [first] = unnamed;
      expect((await s.native(s.org.adminKey, 'GET', `/keys/${first}`, undefined, 200)).name).toBe('');
      const listed = await s.native(s.org.adminKey, 'GET', '/org/keys?limit=100', undefined, 200);
      expect(listed.data.filter((k: any) => unnamed.includes(k.id)).map((k: any) => k.name)).toEqual(unnamed.map(() => ''));
      const rolled = await s.native(s.org.adminKey, 'POST', `/keys/${first}/roll`, {}, 201);
      expect(rolled.name).toBe('');
      expect(await s.verify(rolled.key)).toMatchObject({ valid: true, name: '' });
      await s.native(s.org.adminKey, 'PATCH', `/keys/${rolled.id}`, { name: '' }, 400);
    });

    it('keeps a name as given, up to 120 characters; refuses a longer one', async () => {
      const s = server();
      expect((await create(s, s.org.id, s.org.adminKey, { name: 'n'.repeat(120) }, 201)).body.name).toHaveLength(120);
      const long = await create(s, s.org.id, s.org.adminKey, { name: 'n'.repeat(121) }, 400, false);
      expect(long.body).toEqual({ error: 'name must be at most 120 characters', message: 'name must be at most 120 characters' });
      expect(long.headers.get('x-should-retry')).toBe('false');
    });

    it('answers 404 for another org’s workspace exactly as for a missing one; 400 for a workspaceId that is not a UUID', async () => {
      const s = server();
      const other = await s.otherOrg();
      const foreign = await create(s, other.id, s.org.adminKey, { name: 'x' }, 404);
      const missing = await create(s, randomUUID(), s.org.adminKey, { name: 'x' }, 404);
      expect(foreign.body).toEqual(missing.body);
      expect(foreign.headers.get('x-should-retry')).toBe('false');
      expect((await create(s, 'workspace', s.org.adminKey, { name: 'x' }, 400)).body.message).toBe('workspaceId must be a UUID');
      // Nothing was minted in the other org.
      const theirs = await s.native(other.adminKey, 'GET', '/org/keys?limit=100', undefined, 200);
      expect(theirs.data.map((k: any) => k.name)).toEqual(['admin']);
    });

    it('answers 401 for no, wrong or revoked credentials and 403 for a key lacking keys:write, never retryable', async () => {
      const s = server();
      for (const key of [null, 'sk-ol-nope', await s.revokedKey()]) {
        const answer = await create(s, s.org.id, key, { name: 'x' }, 401);
        expect(answer.headers.get('x-should-retry')).toBe('false');
      }
      expect((await create(s, s.org.id, await s.keyWith('keys:read'), { name: 'x' }, 403)).body.message).toBe(
        'this key lacks the role keys:write',
      );
    });

    it('accepts the document’s own curl sample, JSON sent with curl’s default form content type', async () => {
      const s = server();
      const doc = specOpenApi('openlayer');
      const sample = doc['paths']['/workspaces/{workspaceId}/api-keys'].post['x-codeSamples'].find((c: any) => c.lang === 'curl').source;
      const answer = await replayCurl(shellWords(sample), (word) =>
        word
          .replace('https://api.openlayer.com/v1', `${s.url}/compat/openlayer/v1`)
          .replace('182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e', s.org.id)
          .replace('<token>', s.org.adminKey),
      );
      expect(answer.status).toBe(201);
      expectValid(CREATE.responses[201]!, answer.body, 'the curl sample');
      expect(answer.body.name).toBe('My API Key');
      expect((await s.verify(answer.body.secureKey)).code).toBe('VALID');
    });
  });
}
