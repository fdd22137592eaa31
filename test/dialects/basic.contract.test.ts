import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import type { paths } from './clients/basic-api.js';
import { compile, exact, type Contract } from './contract.js';
import { useDialectServer, type DialectServer } from './dialect-server.js';
import { specOperation } from './specs.js';

/**
 * Basic (specs/basic.openapi.yaml) at /compat/basic. Create is checked against the document's own OpenAPI
 * schemas; the other key endpoints (from docs.basic.tech, not in the document) against the
 * document's key object without `value`, and its `{error, message}` error shape.
 */
const spec = specOperation('basic', '/project/{id}/key', 'post');
const created = spec.response(200)!;
const specError = compile(exact(spec.response(400)!));
const keyWithoutValue = { ...created.properties.key, properties: { ...created.properties.key.properties } };
delete keyWithoutValue.properties.value;
const errors = { 400: specError, 401: compile(exact(spec.response(401)!)), 403: specError, 404: specError };

const CREATE: Contract = { request: compile(spec.request!), responses: { 200: compile(exact(created)), ...errors } };
const LIST: Contract = {
  responses: { 200: compile(exact({ type: 'object', properties: { keys: { type: 'array', items: keyWithoutValue } } })), ...errors },
};
const GET: Contract = { responses: { 200: compile(exact({ type: 'object', properties: { key: keyWithoutValue } })), ...errors } };
const DELETE: Contract = { responses: { 200: compile(exact({ type: 'object', properties: { message: { type: 'string' } } })), ...errors } };
const VERIFY: Contract = {
  request: compile({ type: 'object', required: ['key', 'key_id'], properties: { key: { type: 'string' }, key_id: { type: 'string' } } }),
  responses: {
    200: compile(
      exact({ type: 'object', properties: { is_valid: { type: 'boolean' }, key: { anyOf: [keyWithoutValue, { type: 'null' }] } } }),
    ),
    ...errors,
  },
};

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

for (const engine of ENGINES) {
  describe(`basic dialect on ${engine.name}`, () => {
    const server = useDialectServer(engine);
    const create = (s: DialectServer, projectId: string, key: string, body: unknown, status: number, requestValid = true) =>
      s.exchange(
        CREATE,
        { method: 'POST', path: `/compat/basic/project/${projectId}/key`, headers: bearer(key), body },
        status,
        requestValid,
      );

    it('a client generated from the platform’s OpenAPI creates a key that verifies VALID for its org and project', async () => {
      const s = server();
      const project = await s.createProject();
      const client = createClient<paths>({ baseUrl: `${s.url}/compat/basic`, headers: bearer(s.org.adminKey) });
      const body = { label: 'ingest', roles: 'read,write' };
      expect(CREATE.request!(body)).toBe(true);
      const { data, response } = await client.POST('/project/{id}/key', { params: { path: { id: project.id } }, body });
      expect(response.status).toBe(200);
      expect(CREATE.responses[200]!(data)).toBe(true);
      expect(data!.key).toMatchObject({ label: 'ingest', roles: 'read,write' });
      expect(data!.key!.value).toMatch(/^kw_proj_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);

      const verified = await s.verify(data!.key!.value!);
      expect(verified).toMatchObject({
        valid: true,
        code: 'VALID',
        key_id: data!.key!.id,
        org_id: s.org.id,
        project_id: project.id,
        roles: ['read', 'write'],
      });
      expect(await s.verify(data!.key!.value!, await s.otherOrg())).toEqual({ valid: false, code: 'NOT_FOUND' });
    });

    it('walks a key’s life: create, list, get, verify, delete; the value shows only once and stops verifying', async () => {
      const s = server();
      const project = await s.createProject();
      const base = `/compat/basic/project/${project.id}/key`;
      const made = (await create(s, project.id, s.org.adminKey, { label: 'worker', roles: ' read, write,,read ' }, 200)).body.key;
      expect(made.roles).toBe('read,write');
      const raw = made.value as string;

      const list = await s.exchange(LIST, { method: 'GET', path: base, headers: bearer(s.org.adminKey) }, 200);
      expect(list.body.keys).toEqual([{ id: made.id, label: 'worker', roles: 'read,write', created_at: made.created_at }]);
      const one = await s.exchange(GET, { method: 'GET', path: `${base}/${made.id}`, headers: bearer(s.org.adminKey) }, 200);
      expect(one.body.key).toEqual(list.body.keys[0]);
      for (const answer of [list, one]) expect(answer.text).not.toContain(raw.slice(8, 30));

      const verify = (key: string, keyId: string) =>
        s.exchange(VERIFY, { method: 'POST', path: `${base}/verify`, headers: bearer(s.org.adminKey), body: { key, key_id: keyId } }, 200);
      expect((await verify(raw, made.id)).body).toEqual({ is_valid: true, key: one.body.key });
      expect((await verify(raw, randomUUID())).body).toEqual({ is_valid: false, key: null });
      expect((await verify('kw_proj_nope', made.id)).body).toEqual({ is_valid: false, key: null });

      const gone = await s.exchange(DELETE, { method: 'DELETE', path: `${base}/${made.id}`, headers: bearer(s.org.adminKey) }, 200);
      expect(gone.body).toEqual({ message: 'API key deleted successfully' });
      expect((await s.verify(raw)).code).toBe('REVOKED');
      expect((await verify(raw, made.id)).body).toEqual({ is_valid: false, key: null });
      await s.exchange(GET, { method: 'GET', path: `${base}/${made.id}`, headers: bearer(s.org.adminKey) }, 404);
      await s.exchange(DELETE, { method: 'DELETE', path: `${base}/${made.id}`, headers: bearer(s.org.adminKey) }, 404);
      expect((await s.exchange(LIST, { method: 'GET', path: base, headers: bearer(s.org.adminKey) }, 200)).body.keys).toEqual([]);

      // The audit log holds the create and the revoke, by the caller's key.
      const audit = await s.native(s.org.adminKey, 'GET', `/audit?target_id=${made.id}`, undefined, 200);
      expect(audit.data.map((e: any) => e.action).sort()).toEqual(['key.create', 'key.revoke']);
    });

    it('answers 401 for no credential, a wrong, revoked or project key, in Basic’s error shape', async () => {
      const s = server();
      const project = await s.createProject();
      const projectKey = (await s.native(s.org.adminKey, 'POST', `/projects/${project.id}/keys`, { name: 'p' }, 201)).key;
      const body = { label: 'x', roles: 'read' };
      for (const key of ['nope', 'kw_org_x', await s.revokedKey(), projectKey]) {
        const answer = await create(s, project.id, key, body, 401);
        expect(answer.body).toEqual({ error: 'Unauthorized', message: expect.any(String) });
      }
      const none = await s.exchange(CREATE, { method: 'POST', path: `/compat/basic/project/${project.id}/key`, body }, 401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('answers 400 naming the field for a missing label or roles, a blank label, a bad role', async () => {
      const s = server();
      const project = await s.createProject();
      expect((await create(s, project.id, s.org.adminKey, { roles: 'read' }, 400, false)).body).toEqual({
        error: 'Bad Request',
        message: 'label is required',
      });
      expect((await create(s, project.id, s.org.adminKey, { label: 'x' }, 400, false)).body).toEqual({
        error: 'Bad Request',
        message: 'roles is required',
      });
      expect((await create(s, project.id, s.org.adminKey, { label: '   ', roles: 'read' }, 400)).body.message).toBe(
        'label must not be empty',
      );
      expect((await create(s, project.id, s.org.adminKey, { label: 'x'.repeat(121), roles: '' }, 400)).body.message).toBe(
        'label must be at most 120 characters',
      );
      expect((await create(s, project.id, s.org.adminKey, { label: 'x', roles: 'read,has space' }, 400)).body.message).toMatch(
        /^roles role "has space" must be/,
      );
      const bad = await s.exchange(
        CREATE,
        {
          method: 'POST',
          path: `/compat/basic/project/${project.id}/key`,
          headers: { ...bearer(s.org.adminKey), 'content-type': 'application/json' },
          body: '{"label":',
        },
        400,
      );
      expect(bad.body.message).toBe('body is not valid JSON');
    });

    it('answers 404 for another org’s project exactly as for a missing one, and 403 for a key lacking keys:write', async () => {
      const s = server();
      const theirs = await s.createProject(await s.otherOrg());
      const body = { label: 'x', roles: 'read' };
      const foreign = await create(s, theirs.id, s.org.adminKey, body, 404);
      const missing = await create(s, randomUUID(), s.org.adminKey, body, 404);
      expect(foreign.body).toEqual(missing.body);
      expect(foreign.body).toEqual({ error: 'Not Found', message: 'project not found' });
      const mine = await s.createProject();
      expect((await create(s, mine.id, await s.keyWith('keys:read', 'projects:write'), body, 403)).body.error).toBe('Forbidden');
      await s.exchange(LIST, { method: 'GET', path: `/compat/basic/project/${theirs.id}/key`, headers: bearer(s.org.adminKey) }, 404);
    });

    it('takes a user JWT: the user owns the key, and the audit log names them', async () => {
      const s = server();
      const project = await s.createProject();
      const token = await s.signUser({
        sub: 'user-7',
        email: 'ada@example.com',
        given_name: 'Ada',
        family_name: 'Lovelace',
        org_id: s.org.id,
      });
      const made = (await create(s, project.id, token, { label: 'from a person', roles: 'ingest' }, 200)).body.key;
      expect((await s.verify(made.value)).code).toBe('VALID');
      const stored = await s.deps.store.findKey(s.org.id, made.id);
      expect(stored?.owner).toEqual({ userId: 'user-7', email: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace' });
      const audit = await s.native(s.org.adminKey, 'GET', `/audit?target_id=${made.id}`, undefined, 200);
      expect(audit.data[0].actor).toEqual({ type: 'user', id: 'user-7' });

      // A token for another org cannot reach this org's project: 404, as for any other tenant.
      const other = await s.otherOrg();
      const outsider = await s.signUser({ sub: 'user-8', org_id: other.id });
      await create(s, project.id, outsider, { label: 'x', roles: 'a' }, 404);
    });
  });
}
