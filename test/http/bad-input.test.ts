import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.js';
import { expectError } from './expect-error.js';
import { useHarness, type Harness, type Req } from './harness.js';

const long = 'x'.repeat(121);

/** Each case: a request built on live resources, and the field the 400 must name. */
type Case = readonly [string, (ids: { project: string; key: string }) => Req, string];

const CASES: readonly Case[] = [
  ['a missing name', () => ({ method: 'POST', url: '/v1/projects', body: { description: 'd' } }), 'name'],
  ['a numeric name', () => ({ method: 'POST', url: '/v1/projects', body: { name: 42 } }), 'name'],
  ['a 121-character project name', () => ({ method: 'POST', url: '/v1/projects', body: { name: long } }), 'name'],
  ['a blank project name', () => ({ method: 'POST', url: '/v1/projects', body: { name: '   ' } }), 'name'],
  ['a misspelled field', () => ({ method: 'POST', url: '/v1/projects', body: { name: 'p', descripton: 'd' } }), 'descripton'],
  ['a numeric description', (i) => ({ method: 'PATCH', url: `/v1/projects/${i.project}`, body: { description: 1 } }), 'description'],
  ['a 121-character key name', (i) => ({ method: 'POST', url: `/v1/projects/${i.project}/keys`, body: { name: long } }), 'name'],
  ['roles as a string', (i) => ({ method: 'POST', url: `/v1/projects/${i.project}/keys`, body: { name: 'k', roles: 'ingest' } }), 'roles'],
  ['a role with spaces', (i) => ({ method: 'POST', url: `/v1/projects/${i.project}/keys`, body: { name: 'k', roles: ['a b'] } }), 'roles'],
  [
    'metadata as an array',
    (i) => ({ method: 'POST', url: `/v1/projects/${i.project}/keys`, body: { name: 'k', metadata: [1] } }),
    'metadata',
  ],
  [
    'a rate limit of 0',
    (i) => ({ method: 'POST', url: `/v1/projects/${i.project}/keys`, body: { name: 'k', rate_limit: { limit: 0, window_ms: 1000 } } }),
    'rate_limit.limit',
  ],
  [
    'a window as a string',
    (i) => ({ method: 'POST', url: `/v1/projects/${i.project}/keys`, body: { name: 'k', rate_limit: { limit: 1, window_ms: '1000' } } }),
    'rate_limit.window_ms',
  ],
  [
    'a rate limit without window',
    (i) => ({ method: 'POST', url: `/v1/projects/${i.project}/keys`, body: { name: 'k', rate_limit: { limit: 1 } } }),
    'rate_limit.window_ms',
  ],
  [
    'expires_at that is no date',
    (i) => ({ method: 'POST', url: `/v1/projects/${i.project}/keys`, body: { name: 'k', expires_at: 'tomorrow' } }),
    'expires_at',
  ],
  [
    'expires_at in the past',
    (i) => ({ method: 'PATCH', url: `/v1/keys/${i.key}`, body: { expires_at: '2001-01-01T00:00:00Z' } }),
    'expires_at',
  ],
  ['enabled as a string', (i) => ({ method: 'PATCH', url: `/v1/keys/${i.key}`, body: { enabled: 'yes' } }), 'enabled'],
  ['a 121-character name in a PATCH', (i) => ({ method: 'PATCH', url: `/v1/keys/${i.key}`, body: { name: long } }), 'name'],
  ['a negative grace', (i) => ({ method: 'POST', url: `/v1/keys/${i.key}/roll`, body: { grace_seconds: -1 } }), 'grace_seconds'],
  ['a fractional grace', (i) => ({ method: 'POST', url: `/v1/keys/${i.key}/roll`, body: { grace_seconds: 1.5 } }), 'grace_seconds'],
  ['a body that is an array', () => ({ method: 'POST', url: '/v1/projects', body: [] }), 'body'],
  ['a non-UUID projectId', () => ({ method: 'GET', url: '/v1/projects/42' }), 'projectId'],
  ['a non-UUID keyId', () => ({ method: 'DELETE', url: '/v1/keys/abc' }), 'keyId'],
  ['a non-UUID keyId in usage', () => ({ method: 'GET', url: '/v1/keys/abc/usage' }), 'keyId'],
  ['limit 0', () => ({ method: 'GET', url: '/v1/projects?limit=0' }), 'limit'],
  ['limit 101', () => ({ method: 'GET', url: '/v1/projects?limit=101' }), 'limit'],
  ['limit abc', () => ({ method: 'GET', url: '/v1/projects?limit=abc' }), 'limit'],
  ['a forged cursor', () => ({ method: 'GET', url: '/v1/projects?cursor=not-ours' }), 'cursor'],
  ['include_revoked=maybe', (i) => ({ method: 'GET', url: `/v1/projects/${i.project}/keys?include_revoked=maybe` }), 'include_revoked'],
];

for (const engine of ENGINES) {
  describe(`${engine.name}: bad input is a 4xx naming the field, never a 500`, () => {
    const harness = useHarness(engine);
    const ids = async (h: Harness) => {
      const project = (await h.createProject())['id'] as string;
      return { project, key: (await h.mintProjectKey(project))['id'] as string };
    };

    it.each(CASES)('answers 400 for %s', async (_what, build, field) => {
      const h = harness();
      expectError(await h.send(h.org.adminKey, build(await ids(h))), 'VALIDATION', field);
    });

    const raw = (h: Harness, payload: string | Buffer, contentType = 'application/json') =>
      h.app.inject({
        method: 'POST',
        url: '/v1/projects',
        headers: { authorization: `Bearer ${h.org.adminKey}`, 'content-type': contentType },
        payload,
      });

    it('answers 400 naming body for malformed JSON, a non-JSON content type and prototype poisoning', async () => {
      const h = harness();
      expectError(await raw(h, '{"name": "p",'), 'VALIDATION', 'body');
      expectError(await raw(h, 'name=p', 'application/x-www-form-urlencoded'), 'VALIDATION', 'body');
      expectError(await raw(h, '{"name": "p"}', 'text/plain'), 'VALIDATION', 'body');
      expectError(await raw(h, '{"name": "p", "__proto__": {"admin": true}}'), 'VALIDATION', 'body');
    });

    it('answers 413 for a body over 1 MiB, and creates nothing', async () => {
      const h = harness();
      const before = await h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/projects?limit=100' }, 200);
      expectError(await raw(h, JSON.stringify({ name: 'big', description: 'x'.repeat(1024 * 1024) })), 'PAYLOAD_TOO_LARGE');
      expect(await h.expectStatus(h.org.adminKey, { method: 'GET', url: '/v1/projects?limit=100' }, 200)).toEqual(before);
    });

    it('answers 404 NOT_FOUND for unknown routes and methods', async () => {
      const h = harness();
      expectError(await h.send(h.org.adminKey, { method: 'GET', url: '/v1/nothing' }), 'NOT_FOUND');
      expectError(await h.send(null, { method: 'GET', url: '/v2/projects' }), 'NOT_FOUND');
      expectError(await h.send(h.org.adminKey, { method: 'PATCH', url: '/v1/whoami', body: {} }), 'NOT_FOUND');
    });

    it('never answers 5xx to arbitrary JSON bodies on any write route', async () => {
      const h = harness();
      const { project, key } = await ids(h);
      const routes: Req[] = [
        { method: 'POST', url: '/v1/projects' },
        { method: 'PATCH', url: `/v1/projects/${project}` },
        { method: 'POST', url: `/v1/projects/${project}/keys` },
        { method: 'POST', url: '/v1/org/keys' },
        { method: 'PATCH', url: `/v1/keys/${key}` },
        { method: 'POST', url: '/v1/keys/verify' },
      ];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue(), async (route, body) => {
          const res = await h.app.inject({
            method: route.method,
            url: route.url,
            headers: { authorization: `Bearer ${h.org.adminKey}`, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          expect(res.statusCode).toBeLessThan(500);
        }),
        { numRuns: 60 },
      );
    });
  });
}
