import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../src/core/context.js';
import { CONFIDENT_PROJECT_KEY_FORMAT, LEGACY_CONFIDENT_PROJECT_KEY_FORMAT } from '../../src/core/dialect-key-formats.js';
import { createProjectKey } from '../../src/core/use-cases/keys.js';
import { ENGINES } from '../helpers/engines.js';
import { compile, exact, expectValid, type Contract } from './contract.js';
import { useDialectServer, type DialectServer } from './dialect-server.js';
import { replayCurl } from './replay-curl.js';
import { specCurl } from './specs.js';

/**
 * Confident AI (specs/confident.md) has no machine-readable schema in the document; its shapes,
 * encoded once from the document text and the API reference it links: the envelope
 * `{success, data, deprecated}`, `ApiKey` (integer id, mixed-case `created_at`/`lastUsed`),
 * `Project`, and the error envelope `{success: false, error, deprecated}`.
 */
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const TIME = { type: 'string', format: 'date-time' };
const API_KEY = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: nullable({ type: 'string' }),
    valid: { type: 'boolean' },
    value: { type: 'string' },
    created_at: TIME,
    lastUsed: nullable(TIME),
  },
};
const PROJECT = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    description: nullable({ type: 'string' }),
    organizationId: { type: 'string' },
    created_at: TIME,
    governancePolicy: { type: 'null' },
  },
};
const envelope = (data: object) =>
  compile(
    exact({
      type: 'object',
      properties: { success: { const: true }, data: { type: 'object', properties: data }, deprecated: { const: false } },
    }),
  );
const ERROR = compile(
  exact({ type: 'object', properties: { success: { const: false }, error: { type: 'string' }, deprecated: { const: false } } }),
);
const errors = { 400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR, 409: ERROR };
const contract = (data: object, request?: object): Contract => ({
  ...(request ? { request: compile(request) } : {}),
  responses: { 200: envelope(data), ...errors },
});

const ONE_KEY = contract({ apiKey: API_KEY });
const CREATE_KEY = contract({ apiKey: API_KEY }, { type: 'object', required: ['name'], properties: { name: { type: 'string' } } });
const UPDATE_KEY = contract({ apiKey: API_KEY }, { type: 'object', required: ['valid'], properties: { valid: { type: 'boolean' } } });
const KEYS = contract({ apiKeys: { type: 'array', items: API_KEY } });
const KEY_DELETED = contract({ id: { type: 'integer' }, deleted: { const: true } });
const ONE_PROJECT = contract({ project: PROJECT });
const CREATE_PROJECT = contract(
  { project: PROJECT, apiKey: API_KEY },
  {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string' }, description: { type: 'string' }, email: { type: 'string' } },
  },
);
const PROJECTS = contract({ projects: { type: 'array', items: PROJECT } });
const PROJECT_DELETED = contract({ id: { type: 'string' }, deleted: { const: true } });

const MASK = /^\*{15}.{6}$/;
const SDK = { 'x-confident-sdk-version': 'confidentai-python/1.4.0' };

for (const engine of ENGINES) {
  describe(`confident dialect on ${engine.name}`, () => {
    const server = useDialectServer(engine);
    const call = (
      s: DialectServer,
      c: Contract,
      method: string,
      path: string,
      status: number,
      body?: unknown,
      key: string | null = s.org.adminKey,
      requestValid = true,
    ) =>
      s.exchange(
        c,
        { method, path: `/compat/confident/v1${path}`, headers: { ...SDK, ...(key !== null ? { CONFIDENT_API_KEY: key } : {}) }, body },
        status,
        requestValid,
      );

    it('answers the documented curl sample, replayed as printed with only the host changed, with a key that verifies VALID', async () => {
      const s = server();
      const project = await s.createProject();
      const answer = await replayCurl(specCurl('confident'), (word) =>
        word
          .replace('https://api.confident-ai.com/v1/projects/projectId/', `${s.url}/compat/confident/v1/projects/${project.id}/`)
          .replace('<ORGANIZATION-API-KEY>', s.org.adminKey),
      );
      expect(answer.status).toBe(200);
      expectValid(CREATE_KEY.responses[200]!, answer.body, 'the curl sample’s answer');
      const key = answer.body.data.apiKey;
      expect(key).toMatchObject({ name: 'Production agent key', valid: true, lastUsed: null });
      // The page's own shape: confident_proj_ and 32 lowercase hex (24 random, 8 checksum).
      expect(key.value).toMatch(/^confident_proj_[0-9a-f]{32}$/);
      expect(await s.verify(key.value)).toMatchObject({ valid: true, code: 'VALID', org_id: s.org.id, project_id: project.id });
      expect(await s.verify(key.value, await s.otherOrg())).toEqual({ valid: false, code: 'NOT_FOUND' });
    });

    it('walks a key’s life by its integer id: list masked, get, deactivate, reactivate, revoke', async () => {
      const s = server();
      const project = await s.createProject();
      const base = `/projects/${project.id}/api-keys`;
      const made = (await call(s, CREATE_KEY, 'POST', base, 200, { name: 'agent' })).body.data.apiKey;
      expect(Number.isInteger(made.id)).toBe(true);
      const masked = `${'*'.repeat(15)}${made.value.slice(-6)}`;

      const listed = await call(s, KEYS, 'GET', base, 200);
      expect(listed.body.data.apiKeys).toEqual([{ ...made, value: masked }]);
      expect(listed.text).not.toContain(made.value.slice(15, 40));
      const one = await call(s, ONE_KEY, 'GET', `${base}/${made.id}`, 200);
      expect(one.body.data.apiKey.value).toMatch(MASK);

      expect((await call(s, UPDATE_KEY, 'PUT', `${base}/${made.id}`, 200, { valid: false })).body.data.apiKey).toMatchObject({
        id: made.id,
        valid: false,
        value: masked,
      });
      expect((await s.verify(made.value)).code).toBe('DISABLED');
      expect((await call(s, UPDATE_KEY, 'PUT', `${base}/${made.id}`, 200, { valid: true })).body.data.apiKey.valid).toBe(true);
      expect((await s.verify(made.value)).code).toBe('VALID');

      expect((await call(s, KEY_DELETED, 'DELETE', `${base}/${made.id}`, 200)).body.data).toEqual({ id: made.id, deleted: true });
      expect((await s.verify(made.value)).code).toBe('REVOKED');
      await call(s, ONE_KEY, 'GET', `${base}/${made.id}`, 404);
      await call(s, KEY_DELETED, 'DELETE', `${base}/${made.id}`, 404);
      expect((await call(s, KEYS, 'GET', base, 200)).body.data.apiKeys).toEqual([]);
    });

    it('numbers keys per org: another org’s creations never show in my ids, and parallel creates never share one', async () => {
      const s = server();
      const other = await s.otherOrg();
      const mine = await s.createProject();
      const theirs = await s.createProject(other);
      const create = (p: { id: string }, key: string, name: string) =>
        call(s, CREATE_KEY, 'POST', `/projects/${p.id}/api-keys`, 200, { name }, key).then((a) => a.body.data.apiKey.id as number);

      const before = await create(mine, s.org.adminKey, 'before');
      for (let i = 0; i < 3; i++) await create(theirs, other.adminKey, `theirs ${i}`);
      expect(await create(mine, s.org.adminKey, 'after')).toBe(before + 1);

      const parallel = await Promise.all(Array.from({ length: 10 }, (_, i) => create(mine, s.org.adminKey, `parallel ${i}`)));
      expect([...parallel].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => before + 2 + i));
      const listed = (await call(s, KEYS, 'GET', `/projects/${mine.id}/api-keys`, 200)).body.data.apiKeys.map((k: any) => k.id);
      expect(new Set(listed).size).toBe(listed.length);
      expect(listed).toEqual(expect.arrayContaining(parallel));
    });

    it('lists a key rolled through /v1 under a number of its own beside the old one during its grace', async () => {
      const s = server();
      const project = await s.createProject();
      const base = `/projects/${project.id}/api-keys`;
      const made = (await call(s, CREATE_KEY, 'POST', base, 200, { name: 'rolled' })).body.data.apiKey;
      const keyId = (await s.verify(made.value)).key_id;
      const rolled = await s.native(s.org.adminKey, 'POST', `/keys/${keyId}/roll`, { grace_seconds: 60 }, 201);
      const listed = (await call(s, KEYS, 'GET', base, 200)).body.data.apiKeys;
      expect(listed.map((k: any) => k.id)).toEqual([made.id + 1, made.id]);
      expect((await call(s, ONE_KEY, 'GET', `${base}/${made.id + 1}`, 200)).body.data.apiKey.value.slice(-4)).toBe(rolled.key.slice(-4));
    });

    it('keeps serving keys minted in the old format; refuses a corrupted key of either format as MALFORMED', async () => {
      const s = server();
      const project = await s.createProject();
      const admin: CallContext = {
        principal: { kind: 'org', orgId: s.org.id, roles: ['admin'], actor: { type: 'system', id: 'test' }, keyId: null, user: null },
        requestId: null,
        ip: null,
      };
      // A key as the dialect minted it before 2026-12 (its number came from migration 0004).
      const { key, raw } = await createProjectKey(s.deps, admin, project.id, {
        name: 'legacy',
        format: LEGACY_CONFIDENT_PROJECT_KEY_FORMAT,
        origin: 'confident',
        numbered: true,
      });
      expect(raw).toMatch(/^confident_proj_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
      expect(await s.verify(raw)).toMatchObject({ valid: true, code: 'VALID', key_id: key.id });
      const base = `/projects/${project.id}/api-keys`;
      expect((await call(s, ONE_KEY, 'GET', `${base}/${key.orgNumber}`, 200)).body.data.apiKey).toMatchObject({
        name: 'legacy',
        value: `${'*'.repeat(15)}${raw.slice(-6)}`,
      });
      await call(s, UPDATE_KEY, 'PUT', `${base}/${key.orgNumber}`, 200, { valid: false });
      expect((await s.verify(raw)).code).toBe('DISABLED');

      const fresh = (await call(s, CREATE_KEY, 'POST', base, 200, { name: 'new' })).body.data.apiKey.value as string;
      const flip = (k: string, at: number) => k.slice(0, at) + (k[at] === '0' ? '1' : '0') + k.slice(at + 1);
      for (const good of [raw, fresh]) {
        // A changed character anywhere after the leader: the checksum refuses it before any lookup.
        for (const at of [15, 30, good.length - 1]) expect(await s.verify(flip(good, at))).toEqual({ valid: false, code: 'MALFORMED' });
      }
      // Well formed but never issued: only a lookup can tell, and it finds nothing.
      for (const unknown of [LEGACY_CONFIDENT_PROJECT_KEY_FORMAT.mint(), CONFIDENT_PROJECT_KEY_FORMAT.mint()]) {
        expect(await s.verify(unknown)).toEqual({ valid: false, code: 'NOT_FOUND' });
      }
    });

    it('manages projects: create answers the project and its Default Key, list, get, update, delete revokes its keys', async () => {
      const s = server();
      const name = `proj ${randomUUID().slice(0, 8)}`;
      const made = (await call(s, CREATE_PROJECT, 'POST', '/projects', 200, { name, description: 'agents', email: 'owner@example.com' }))
        .body.data;
      expect(made.project).toMatchObject({ name, description: 'agents', organizationId: s.org.id, governancePolicy: null });
      expect(made.apiKey).toMatchObject({ name: 'Default Key', valid: true });
      expect(await s.verify(made.apiKey.value)).toMatchObject({ valid: true, project_id: made.project.id });
      const second = (await call(s, CREATE_KEY, 'POST', `/projects/${made.project.id}/api-keys`, 200, { name: 'second' })).body.data.apiKey;

      const dup = await call(s, CREATE_PROJECT, 'POST', '/projects', 409, { name });
      expect(dup.body.error).toBe('a project with this name already exists');
      expect((await call(s, PROJECTS, 'GET', '/projects', 200)).body.data.projects.map((p: any) => p.id)).toContain(made.project.id);
      expect((await call(s, ONE_PROJECT, 'GET', `/projects/${made.project.id}`, 200)).body.data.project).toEqual(made.project);
      const renamed = (await call(s, ONE_PROJECT, 'PUT', `/projects/${made.project.id}`, 200, { name: `${name}!`, description: null })).body
        .data.project;
      expect(renamed).toMatchObject({ id: made.project.id, name: `${name}!`, description: null });

      expect((await call(s, PROJECT_DELETED, 'DELETE', `/projects/${made.project.id}`, 200)).body.data).toEqual({
        id: made.project.id,
        deleted: true,
      });
      for (const raw of [made.apiKey.value, second.value]) expect((await s.verify(raw)).code).toBe('REVOKED');
      await call(s, ONE_PROJECT, 'GET', `/projects/${made.project.id}`, 404);
      await call(s, KEYS, 'GET', `/projects/${made.project.id}/api-keys`, 404);
    });

    it('answers 401 for no or a wrong org key, 403 for a project key or a missing role', async () => {
      const s = server();
      const project = await s.createProject();
      const base = `/projects/${project.id}/api-keys`;
      for (const key of [null, 'confident_org_nope', await s.revokedKey()]) {
        expect((await call(s, CREATE_KEY, 'POST', base, 401, { name: 'x' }, key)).body).toMatchObject({
          success: false,
          deprecated: false,
        });
      }
      const projectKey = (await call(s, CREATE_KEY, 'POST', base, 200, { name: 'p' })).body.data.apiKey.value;
      expect((await call(s, KEYS, 'GET', base, 403, undefined, projectKey)).body.error).toMatch(/organization key/);
      expect((await call(s, CREATE_KEY, 'POST', base, 403, { name: 'x' }, await s.keyWith('keys:read'))).body.error).toBe(
        'this key lacks the role keys:write',
      );
      await call(s, CREATE_PROJECT, 'POST', '/projects', 403, { name: 'x' }, await s.keyWith('projects:write'));
    });

    it('answers 400 naming the field, and 404 for another org’s project or key exactly as for a missing one', async () => {
      const s = server();
      const project = await s.createProject();
      const base = `/projects/${project.id}/api-keys`;
      expect((await call(s, CREATE_KEY, 'POST', base, 400, {}, s.org.adminKey, false)).body.error).toBe('name is required');
      expect((await call(s, CREATE_KEY, 'POST', base, 400, { name: ' ' })).body.error).toBe('name must not be empty');
      expect((await call(s, UPDATE_KEY, 'PUT', `${base}/1`, 400, { valid: 'no' }, s.org.adminKey, false)).body.error).toMatch(/^valid /);
      expect((await call(s, ONE_KEY, 'GET', `${base}/abc`, 400)).body.error).toBe('apiKeyId must be integer');

      const other = await s.otherOrg();
      const theirs = await s.createProject(other);
      const theirKey = (await call(s, CREATE_KEY, 'POST', `/projects/${theirs.id}/api-keys`, 200, { name: 't' }, other.adminKey)).body.data
        .apiKey;
      const foreign = await call(s, KEYS, 'GET', `/projects/${theirs.id}/api-keys`, 404);
      expect(foreign.body).toEqual((await call(s, KEYS, 'GET', `/projects/${randomUUID()}/api-keys`, 404)).body);
      await call(s, ONE_PROJECT, 'GET', `/projects/${theirs.id}`, 404);
      await call(s, PROJECT_DELETED, 'DELETE', `/projects/${theirs.id}`, 404);
      // Their key's integer id, asked under my project: not found, and untouched.
      await call(s, ONE_KEY, 'GET', `${base}/${theirKey.id}`, 404);
      await call(s, UPDATE_KEY, 'PUT', `${base}/${theirKey.id}`, 404, { valid: false });
      expect((await s.verify(theirKey.value, other)).code).toBe('VALID');
    });
  });
}
