import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Store } from '../../src/core/store.js';
import { ENGINES } from '../helpers/engines.js';
import { useHarness } from './harness.js';

/** The contract table (DESIGN.md), with every status each route can answer. */
const CONTRACT: ReadonlyArray<readonly [string, string, readonly number[]]> = [
  ['post', '/v1/orgs', [201, 400, 401, 403, 413, 500]],
  ['get', '/v1/orgs', [200, 400, 401, 403, 500]],
  ['get', '/v1/orgs/{orgId}', [200, 400, 401, 403, 404, 500]],
  ['delete', '/v1/orgs/{orgId}', [204, 400, 401, 403, 404, 413, 500]],
  ['get', '/v1/whoami', [200, 401, 403, 500]],
  ['post', '/v1/projects', [201, 400, 401, 403, 409, 413, 500]],
  ['get', '/v1/projects', [200, 400, 401, 403, 500]],
  ['get', '/v1/projects/{projectId}', [200, 400, 401, 403, 404, 500]],
  ['patch', '/v1/projects/{projectId}', [200, 400, 401, 403, 404, 409, 413, 500]],
  ['delete', '/v1/projects/{projectId}', [204, 400, 401, 403, 404, 413, 500]],
  ['post', '/v1/projects/{projectId}/keys', [201, 400, 401, 403, 404, 409, 413, 500]],
  ['get', '/v1/projects/{projectId}/keys', [200, 400, 401, 403, 404, 500]],
  ['post', '/v1/org/keys', [201, 400, 401, 403, 413, 500]],
  ['get', '/v1/org/keys', [200, 400, 401, 403, 500]],
  ['post', '/v1/org/users/{userId}/keys/revoke', [200, 400, 401, 403, 500]],
  ['get', '/v1/keys/{keyId}', [200, 400, 401, 403, 404, 500]],
  ['patch', '/v1/keys/{keyId}', [200, 400, 401, 403, 404, 409, 413, 500]],
  ['post', '/v1/keys/{keyId}/roll', [201, 400, 401, 403, 404, 413, 500]],
  ['delete', '/v1/keys/{keyId}', [200, 400, 401, 403, 404, 413, 500]],
  ['post', '/v1/keys/verify', [200, 400, 401, 403, 413, 500]],
  ['post', '/v1/keys/verify/batch', [200, 400, 401, 403, 413, 500]],
  ['get', '/v1/keys/{keyId}/usage', [200, 400, 401, 403, 404, 500]],
  ['get', '/v1/projects/{projectId}/usage', [200, 400, 401, 403, 404, 500]],
  ['get', '/v1/audit', [200, 400, 401, 403, 500]],
  ['post', '/v1/webhooks', [201, 400, 401, 403, 413, 500]],
  ['get', '/v1/webhooks', [200, 400, 401, 403, 500]],
  ['get', '/v1/webhooks/{webhookId}', [200, 400, 401, 403, 404, 500]],
  ['patch', '/v1/webhooks/{webhookId}', [200, 400, 401, 403, 404, 413, 500]],
  ['delete', '/v1/webhooks/{webhookId}', [204, 400, 401, 403, 404, 413, 500]],
  ['post', '/v1/webhooks/{webhookId}/rotate-secret', [201, 400, 401, 403, 404, 413, 500]],
  ['get', '/v1/webhooks/{webhookId}/deliveries', [200, 400, 401, 403, 404, 500]],
  ['post', '/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver', [202, 400, 401, 403, 404, 413, 500]],
  ['get', '/v1/org', [200, 400, 401, 403, 500]],
  ['patch', '/v1/org', [200, 400, 401, 403, 413, 500]],
  ['post', '/v1/projects/{projectId}/keys/import', [200, 400, 401, 403, 404, 413, 500]],
  ['post', '/v1/keys/leaked', [200, 400, 401, 403, 413, 500]],
  ['post', '/v1/leaks/report', [200, 400, 401, 413, 429, 500]],
  ['get', '/healthz', [200, 503]],
  ['get', '/metrics', [200]],
  ['get', '/openapi.json', [200]],
  ['get', '/v1/keys/stream', [200, 400, 401, 403, 404, 500]],
  ['post', '/v1/keys/usage/report', [200, 400, 401, 403, 413, 500]],
];

for (const engine of ENGINES) {
  describe(`${engine.name}: operations`, () => {
    const harness = useHarness(engine);

    it('GET /healthz answers 200 ok while the database answers', async () => {
      const h = harness();
      const res = await h.send(null, { method: 'GET', url: '/healthz' });
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    });

    it('GET /healthz answers 503 unavailable when the database does not', async () => {
      const h = harness();
      const down = new Proxy(h.store, {
        get: (target, prop) => (prop === 'ping' ? () => Promise.reject(new Error('connection refused')) : Reflect.get(target, prop)),
      }) as Store;
      const app = await buildApp({ deps: { ...h.deps, store: down } });
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 503, body: { status: 'unavailable' } });
      await app.close();
    });

    it('GET /metrics counts requests by route pattern and status, and verifications by code', async () => {
      const h = harness();
      const p = await h.createProject();
      const k = await h.mintProjectKey(p['id']);
      await h.expectStatus(h.org.adminKey, { method: 'GET', url: `/v1/projects/${p['id']}` }, 200);
      await h.send(h.org.adminKey, { method: 'GET', url: '/v1/projects/not-a-uuid' });
      for (const key of [k['key'], k['key'], 'garbage']) {
        await h.expectStatus(h.org.adminKey, { method: 'POST', url: '/v1/keys/verify', body: { key } }, 200);
      }
      const res = await h.send(null, { method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const text = res.body;
      expect(text).toContain('keyward_http_requests_total{method="GET",route="/v1/projects/:projectId",status="200"} 1');
      expect(text).toContain('keyward_http_requests_total{method="GET",route="/v1/projects/:projectId",status="400"} 1');
      expect(text).toContain('keyward_http_request_duration_seconds_count{method="POST",route="/v1/keys/verify",status="200"} 3');
      expect(text).toContain('keyward_verifications_total{code="VALID"} 2');
      expect(text).toContain('keyward_verifications_total{code="MALFORMED"} 1');
      expect(text).not.toContain(p['id']); // raw URLs never become labels
    });

    it('keeps each app’s metrics apart', async () => {
      const h = harness();
      const app = await buildApp({ deps: h.deps });
      const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(text).not.toContain('route="/v1/projects"');
      await app.close();
    });

    it('GET /openapi.json is an OpenAPI 3.1 document listing every route with every status it can answer', async () => {
      const h = harness();
      const res = await h.send(null, { method: 'GET', url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = JSON.parse(res.body);
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
      // The /compat dialects' routes are checked by test/dialects/mounting.test.ts.
      const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
        .filter(([path]) => !path.startsWith('/compat/'))
        .flatMap(([path, ops]) =>
          Object.keys(ops)
            .filter((m) => m !== 'head')
            .map((m) => `${m} ${path}`),
        );
      expect(listed.sort()).toEqual(CONTRACT.map(([m, p]) => `${m} ${p}`).sort());
      for (const [method, path, statuses] of CONTRACT) {
        const op = doc.paths[path][method];
        expect({ op: `${method} ${path}`, statuses: Object.keys(op.responses).map(Number).sort() }).toEqual({
          op: `${method} ${path}`,
          statuses: [...statuses].sort(),
        });
        expect(op.tags?.length).toBeGreaterThan(0);
        // The leak report is signed by a secret scanner, not sent with a Keyward key.
        if (path === '/v1/leaks/report') expect(op.security).toEqual([{ secretScanningSignature: [] }]);
        else if (path.startsWith('/v1/')) expect(op.security).toEqual([{ bearerAuth: [] }]);
      }
      const created = doc.paths['/v1/projects/{projectId}/keys'].post.responses['201'].content['application/json'].schema;
      expect(created.properties).toHaveProperty('key');
      const listedKey = doc.paths['/v1/keys/{keyId}'].get.responses['200'].content['application/json'].schema;
      expect(listedKey.properties).not.toHaveProperty('key');
      // No answer carries a key's hash (the import call's request body takes a platform's digest as `hash`).
      const answers = Object.values(doc.paths as Record<string, Record<string, { responses?: unknown }>>).flatMap((ops) =>
        Object.values(ops).map((op) => op.responses),
      );
      expect(JSON.stringify(answers)).not.toContain('"hash"');
      expect(doc.paths['/v1/keys/{keyId}/roll'].post.requestBody.required).toBe(false);
      expect(doc.paths['/v1/projects'].post.requestBody.required).toBe(true);
      expect(res.body).not.toContain('x-optional-body');
    });

    it('GET /docs serves the API UI from this server, with no external assets', async () => {
      const h = harness();
      const page = await h.send(null, { method: 'GET', url: '/docs' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).not.toMatch(/(src|href)="https?:/);
      const bundle = await h.send(null, { method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
      expect(bundle.statusCode).toBe(200);
    });

    it('echoes a plain incoming x-request-id and replaces an unsafe one with a UUID', async () => {
      const h = harness();
      const send = (id: string) => h.app.inject({ method: 'GET', url: '/v1/whoami', headers: { 'x-request-id': id } });
      const kept = await send('req_42.a-b');
      expect(kept.headers['x-request-id']).toBe('req_42.a-b');
      expect(kept.json().error.request_id).toBe('req_42.a-b');
      for (const unsafe of ['has space', 'x'.repeat(129), '<script>', '']) {
        const res = await send(unsafe);
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        expect(res.json().error.request_id).toBe(res.headers['x-request-id']);
      }
    });
  });
}
