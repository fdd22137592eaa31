import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LANGTRACE_KEY_FORMAT } from '../../src/core/dialect-key-formats.js';
import { ENGINES } from '../helpers/engines.js';
import { compile, exact, expectValid, type Contract } from './contract.js';
import { useDialectServer, type DialectServer } from './dialect-server.js';
import { replayCurl } from './replay-curl.js';
import { specCurl } from './specs.js';

/**
 * Langtrace (specs/langtrace.md) has no machine-readable schema; its shapes, encoded once from the
 * page's text: the 200 object has `apiKey` (string; the open-source server nests the same
 * under `data`), the error has a top-level `message` (the sample) and an `error` object
 * with `message` (the schema). Both error shapes come at once.
 */
const HEX64 = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const MINTED = compile(exact({ type: 'object', properties: { apiKey: HEX64, data: { type: 'object', properties: { apiKey: HEX64 } } } }));
const ERROR = compile(
  exact({
    type: 'object',
    properties: { message: { type: 'string' }, error: { type: 'object', properties: { message: { type: 'string' } } } },
  }),
);
const MINT: Contract = { responses: { 200: MINTED, 400: ERROR, 401: ERROR, 404: ERROR } };

/** The document's sample values, which the replay swaps for real ones. */
const SAMPLE_HOST = 'https://app.langtrace.ai';
const SAMPLE_PROJECT = 'cm0u2v1620001fmtvf2t8kd07';
const SAMPLE_KEY = '6bd254a6615f48ea0da16823520db8efa4caa4186f62385fbd0f03324c7edcb5';

const errorOf = (text: string) => ({ message: text, error: { message: text } });

for (const engine of ENGINES) {
  describe(`langtrace dialect on ${engine.name}`, () => {
    const server = useDialectServer(engine);
    const mint = (s: DialectServer, query: string, key: string | null, status: number, headers: Record<string, string> = {}) =>
      s.exchange(
        MINT,
        {
          method: 'POST',
          path: `/compat/langtrace/api/api-key${query}`,
          headers: { ...(key !== null ? { 'x-api-key': key } : {}), ...headers },
        },
        status,
      );

    it('answers the documented curl sample, replayed as printed with only the host changed, with a key that verifies VALID', async () => {
      const s = server();
      const project = await s.createProject();
      const answer = await replayCurl(specCurl('langtrace'), (word) =>
        word.replace(SAMPLE_HOST, `${s.url}/compat/langtrace`).replace(SAMPLE_PROJECT, project.id).replace(SAMPLE_KEY, s.org.adminKey),
      );
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expectValid(MINTED, answer.body, 'the curl sample’s answer');
      const raw = answer.body.apiKey as string;
      expect(answer.body.data.apiKey).toBe(raw);
      expect(LANGTRACE_KEY_FORMAT.isWellFormed(raw)).toBe(true);
      expect(await s.verify(raw)).toMatchObject({ valid: true, code: 'VALID', org_id: s.org.id, project_id: project.id });
      expect(await s.verify(raw, await s.otherOrg())).toEqual({ valid: false, code: 'NOT_FOUND' });
    });

    it('replaces: a second mint revokes the first in the same step; other keys of the project are untouched', async () => {
      const s = server();
      const project = await s.createProject();
      const native = await s.native(s.org.adminKey, 'POST', `/projects/${project.id}/keys`, { name: 'native' }, 201);
      const first = (await mint(s, `?project_id=${project.id}`, s.org.adminKey, 200)).body.apiKey;
      const second = (await mint(s, `?project_id=${project.id}`, s.org.adminKey, 200)).body.apiKey;
      expect(second).not.toBe(first);
      expect((await s.verify(first)).code).toBe('REVOKED');
      expect((await s.verify(second)).code).toBe('VALID');
      expect((await s.verify(native.key)).code).toBe('VALID');
      const keys = await s.native(s.org.adminKey, 'GET', `/projects/${project.id}/keys`, undefined, 200);
      expect(keys.data.map((k: any) => k.name).sort()).toEqual(['Langtrace project key', 'native']);
      const audit = await s.native(s.org.adminKey, 'GET', '/audit?limit=3', undefined, 200);
      expect(audit.data.map((e: any) => e.action)).toEqual(['key.create', 'key.revoke', 'key.create']);
    });

    it('mints a team key with team_id: an admin key in the same format, which replaces the last one and works as a team key', async () => {
      const s = server();
      const first = (await mint(s, `?team_id=${s.org.id}`, s.org.adminKey, 200)).body.apiKey;
      expect(await s.verify(first)).toMatchObject({ valid: true, project_id: null, roles: ['admin'] });
      const project = await s.createProject();
      // The team key is itself a team key (x-api-key), and project_id wins over team_id.
      const projectKey = (await mint(s, `?project_id=${project.id}&team_id=${s.org.id}`, first, 200)).body.apiKey;
      expect((await s.verify(projectKey)).project_id).toBe(project.id);
      const second = (await mint(s, `?team_id=${s.org.id}`, first, 200)).body.apiKey;
      expect((await s.verify(first)).code).toBe('REVOKED');
      expect((await s.verify(second)).code).toBe('VALID');
      await mint(s, `?project_id=${project.id}`, first, 401);
      // Another org's team is not found, like a missing one.
      const foreign = await mint(s, `?team_id=${(await s.otherOrg()).id}`, s.org.adminKey, 404);
      expect(foreign.body).toEqual((await mint(s, `?team_id=${randomUUID()}`, s.org.adminKey, 404)).body);
    });

    it('answers the documented 401 for no key, a wrong, revoked, non-admin or project key', async () => {
      const s = server();
      const project = await s.createProject();
      const projectKey = (await mint(s, `?project_id=${project.id}`, s.org.adminKey, 200)).body.apiKey;
      const query = `?project_id=${project.id}`;
      for (const key of [
        null,
        'f'.repeat(64),
        SAMPLE_KEY,
        await s.revokedKey(),
        await s.keyWith('keys:write', 'keys:read'),
        projectKey,
        s.rootKey,
      ]) {
        expect((await mint(s, query, key, 401)).body).toEqual(errorOf('Invalid api key unauthorized'));
      }
      expect((await s.verify(projectKey)).code).toBe('VALID');
    });

    it('answers 400 for an empty x-api-key and for neither project_id nor team_id; 404 for another org’s project as for a missing one', async () => {
      const s = server();
      expect((await mint(s, '?project_id=x', '', 400)).body).toEqual(errorOf('x-api-key is required'));
      expect((await mint(s, '', s.org.adminKey, 400)).body).toEqual(errorOf('Missing project_id or team_id'));
      expect((await mint(s, '?project_id=', s.org.adminKey, 400)).body).toEqual(errorOf('Missing project_id or team_id'));
      const theirs = await s.createProject(await s.otherOrg());
      const foreign = await mint(s, `?project_id=${theirs.id}`, s.org.adminKey, 404);
      expect(foreign.body).toEqual(errorOf('Project not found'));
      expect((await mint(s, `?project_id=${SAMPLE_PROJECT}`, s.org.adminKey, 404)).body).toEqual(foreign.body);
      const keys = await s.native((await s.otherOrg()).adminKey, 'GET', `/projects/${theirs.id}/keys`, undefined, 200);
      expect(keys.data).toEqual([]);
    });
  });
}
