import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/http/dialects/index.js';
import { ENGINES } from '../helpers/engines.js';
import { DialectServer } from './dialect-server.js';

/** The dialects as mounted: their own 404 shape under /compat/<name>, and their place in /openapi.json. */
const NAMES = Object.keys(DIALECTS);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('the dialects as mounted', () => {
  let s: DialectServer;
  beforeAll(async () => {
    s = await DialectServer.start(ENGINES[0]!);
  });
  afterAll(() => s.close());

  it('documents every compat route in /openapi.json, tagged with its dialect, with its security scheme', async () => {
    const doc = (await s.send({ method: 'GET', path: '/openapi.json' })).body;
    const tags = new Map<string, string>(doc.tags.map((t: any) => [t.name, t.description]));
    for (const name of NAMES) {
      expect(tags.get(`compat/${name}`)).toMatch(new RegExp(`/compat/${name}`));
      const paths = Object.keys(doc.paths).filter((p) => p.startsWith(`/compat/${name}/`));
      expect({ name, count: paths.length > 0 }).toEqual({ name, count: true });
      for (const path of paths) {
        for (const method of METHODS.filter((m) => doc.paths[path][m])) {
          const op = doc.paths[path][method];
          expect({ path, method, tags: op.tags }).toEqual({ path, method, tags: [`compat/${name}`] });
          for (const requirement of op.security)
            for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes[scheme]).toBeDefined();
          expect(op.responses['200'] ?? op.responses['201']).toBeDefined();
          expect(op.responses['401']).toBeDefined();
        }
      }
    }
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/compat/')).length).toBe(11);
    expect(doc.components.securitySchemes.confidentApiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'CONFIDENT_API_KEY' });
  });

  it('answers an unknown path under a dialect in that dialect’s own error shape, and /v1 in its own', async () => {
    const admin = s.org.adminKey;
    const get = (path: string, headers: Record<string, string>) => s.send({ method: 'GET', path, headers });
    expect((await get('/compat/langtrace/api/nope', { 'x-api-key': admin })).body).toEqual({
      message: 'No route GET /compat/langtrace/api/nope',
      error: { message: 'No route GET /compat/langtrace/api/nope' },
    });
    expect((await get('/compat/basic/nope', { authorization: `Bearer ${admin}` })).body).toEqual({
      error: 'Not Found',
      message: 'no route GET /compat/basic/nope',
    });
    expect((await get('/compat/confident/nope', { confident_api_key: admin })).body).toEqual({
      success: false,
      error: 'no route GET /compat/confident/nope',
      deprecated: false,
    });
    expect((await get('/compat/braintrust/nope', { authorization: `Bearer ${admin}` })).body).toEqual({
      message: 'no route GET /compat/braintrust/nope',
    });
    expect((await get('/compat/openlayer/nope', { authorization: `Bearer ${admin}` })).body).toEqual({
      error: 'no route GET /compat/openlayer/nope',
      message: 'no route GET /compat/openlayer/nope',
    });
    const native = await get('/v1/nope', { authorization: `Bearer ${admin}` });
    expect(native.body.error.code).toBe('NOT_FOUND');
  });
});
