import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../src/deps.js';
import { buildApp } from '../../src/http/app.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/core/store.js';

/**
 * What a generated client needs from the document: a stable, unique method name per
 * operation, where to send requests, and which credential each call takes. The document is
 * built from the route schemas alone, so one engine is enough here.
 */

/** `<resource>.<verb>`, or `compat.<platform>.<resource>.<verb>` for a dialect's route. */
const OPERATION_ID = /^(compat\.[a-z]+\.)?[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/;

/** The routes anyone may call: a probe, a scraper and a client generator carry no key. */
const OPEN = ['get /healthz', 'get /metrics', 'get /openapi.json'];

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

interface Operation {
  readonly operationId?: string;
  readonly security?: ReadonlyArray<Record<string, readonly string[]>>;
}

interface Document {
  readonly info: { readonly title: string };
  readonly servers?: ReadonlyArray<{ readonly url: string }>;
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly securitySchemes: Record<string, unknown> };
}

describe('the OpenAPI document', () => {
  let store: Store;
  let app: FastifyInstance;
  let doc: Document;
  let operations: Array<{ readonly name: string; readonly method: string; readonly path: string; readonly op: Operation }>;

  beforeAll(async () => {
    store = await openStore('sqlite::memory:', { migrate: true });
    app = await buildApp({ deps: buildDeps(store, { pepper: null }) });
    doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => METHODS.has(method))
        .map(([method, op]) => ({ name: `${method} ${path}`, method, path, op })),
    );
  });

  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('names every operation with a unique operationId of the form resource.verb', () => {
    expect(operations.length).toBeGreaterThan(40);
    const badlyNamed = operations
      .filter(({ op }) => !OPERATION_ID.test(op.operationId ?? ''))
      .map(({ name, op }) => `${name}: ${op.operationId}`);
    expect(badlyNamed).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, op } of operations.filter(({ path }) => path.startsWith('/compat/'))) {
      expect(op.operationId).toMatch(new RegExp(`^compat\\.${path.split('/')[2]}\\.`));
    }
  });

  it('gives the main calls the operationIds the docs name', () => {
    const idOf = (method: string, path: string) => doc.paths[path]?.[method]?.operationId;
    expect(idOf('post', '/v1/projects/{projectId}/keys')).toBe('keys.create');
    expect(idOf('get', '/v1/projects/{projectId}/keys')).toBe('keys.list');
    expect(idOf('post', '/v1/keys/verify')).toBe('keys.verify');
    expect(idOf('delete', '/v1/keys/{keyId}')).toBe('keys.revoke');
    expect(idOf('get', '/v1/projects/{projectId}')).toBe('projects.get');
    expect(idOf('delete', '/v1/orgs/{orgId}')).toBe('orgs.delete');
    expect(idOf('get', '/v1/audit')).toBe('audit.list');
    expect(idOf('get', '/healthz')).toBe('ops.healthz');
  });

  it('marks the open routes with security: [] and every other route with a declared scheme, bearer on /v1', () => {
    expect(
      operations
        .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
        .map(({ name }) => name)
        .sort(),
    ).toEqual([...OPEN].sort());
    for (const { name, path, op } of operations.filter(({ name }) => !OPEN.includes(name))) {
      expect({ name, schemes: op.security?.length ?? 0 }).not.toEqual({ name, schemes: 0 });
      for (const requirement of op.security ?? []) {
        for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes, name).toHaveProperty(scheme);
      }
      // The leak report is signed by a secret scanner (issue 16), not sent with a Keyward key.
      if (path === '/v1/leaks/report') expect(op.security).toEqual([{ secretScanningSignature: [] }]);
      else if (path.startsWith('/v1/')) expect({ name, security: op.security }).toEqual({ name, security: [{ bearerAuth: [] }] });
    }
  });

  it('matches what the server enforces: open routes answer without a key, every other route answers 401', async () => {
    const someId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    for (const { name, method, path } of operations) {
      const url = path.replace(/\{[^}]+\}/g, someId);
      const payload = method === 'get' || method === 'delete' ? undefined : {};
      const res = await app.inject({ method: method.toUpperCase() as 'GET', url, payload });
      if (OPEN.includes(name)) expect({ name, status: res.statusCode }).toEqual({ name, status: 200 });
      else expect({ name, status: res.statusCode }).toEqual({ name, status: 401 });
    }
  });

  it('points clients at the serving origin and calls itself Keyward, in the document and on /docs', async () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.info.title).toBe('Keyward');
    const page = await app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<title>Keyward API<\/title>/);
  });
});
