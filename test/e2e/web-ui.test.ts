import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../src/deps.js';
import { buildApp } from '../../src/http/app.js';
import { installErrorHandling } from '../../src/http/errors.js';
import { DASHBOARD_PATHS, webUi } from '../../src/http/web-ui.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/core/store.js';

/** A stand-in for a build: what vite writes, in miniature. */
async function fakeBuild(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'keyward-web-'));
  await mkdir(join(root, 'assets'));
  await writeFile(
    join(root, 'index.html'),
    '<!doctype html><title>Keyward</title><script type="module" src="/assets/app-1a2b.js"></script>',
  );
  await writeFile(join(root, 'assets', 'app-1a2b.js'), 'console.log("dashboard")');
  return root;
}

/** The dashboard plugin next to the app's error handling and one API route, as in buildApp. */
async function appWith(root: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  installErrorHandling(app);
  app.get('/v1/ping', async () => ({ pong: true }));
  await app.register(webUi, { root });
  await app.ready();
  return app;
}

describe('the dashboard is served at /', () => {
  let root: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    root = await fakeBuild();
    app = await appWith(root);
  });
  afterAll(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('answers every dashboard page with index.html, never cached, under a strict CSP', async () => {
    const urls = [
      '/',
      '/sign-in',
      '/projects',
      '/projects/0b4ad3b2-6b0e-4c9b-9f0e-2d7c1f3a9e11',
      '/keys/x',
      '/org-keys',
      '/audit?action=key.revoke',
      '/orgs',
    ];
    for (const url of urls) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('/assets/app-1a2b.js');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await app.inject({ method: 'HEAD', url: '/projects' })).statusCode).toBe(200);
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toBe('console.log("dashboard")');
  });

  it('keeps the JSON 404 for API paths, unknown paths, missing assets and other methods', async () => {
    const cases: [string, string][] = [
      ['GET', '/v1/nope'],
      ['GET', '/v1'],
      ['GET', '/compat/langtrace/api/nope'],
      ['GET', '/docs/nope'],
      ['GET', '/openapi.json/x'],
      ['GET', '/healthz/x'],
      ['GET', '/metrics/x'],
      ['GET', '/favicon.ico'],
      ['GET', '/somewhere/else'],
      ['GET', '/assets/missing.js'],
      ['GET', '/assets/../index.html'],
      ['POST', '/'],
      ['DELETE', '/projects'],
    ];
    for (const [method, url] of cases) {
      const res = await app.inject({ method: method as 'GET', url });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.headers['content-type'], `${method} ${url}`).toMatch(/^application\/json/);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await app.inject({ method: 'GET', url: '/v1/ping' })).json()).toEqual({ pong: true });
  });

  it('the paths it serves are exactly the dashboard router’s pages', () => {
    expect(DASHBOARD_PATHS).toEqual(['/', '/sign-in', '/orgs', '/projects', '/projects/*', '/keys/*', '/org-keys', '/audit', '/webhooks']);
  });
});

describe('without a built dashboard', () => {
  it('still starts, serves the API, and explains how to build the dashboard at /', async () => {
    const root = await mkdtemp(join(tmpdir(), 'keyward-web-empty-'));
    const app = await appWith(join(root, 'not-built'));
    try {
      const res = await app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('has not been built');
      expect(res.body).toContain('npm run build');
      expect((await app.inject({ method: 'GET', url: '/projects/abc' })).statusCode).toBe(503);
      expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/v1/ping' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('when the build disappears while serving (a rebuild under way)', () => {
  it('answers the dashboard paths with the explanation, not a 500', async () => {
    const root = await fakeBuild();
    const app = await appWith(root);
    try {
      await rm(join(root, 'index.html'));
      const res = await app.inject({ method: 'GET', url: '/projects' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build');
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      );
    } finally {
      await app.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('in the real app', () => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openStore('sqlite::memory:', { migrate: true });
    app = await buildApp({ deps: buildDeps(store, { pepper: null }) });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('answers / with HTML (the dashboard, or how to build it) and keeps the API’s JSON 404s', async () => {
    const home = await app.inject({ method: 'GET', url: '/' });
    expect([200, 503]).toContain(home.statusCode);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const url of ['/v1/nope', '/compat/nope', '/docs/nope', '/healthz/nope', '/metrics/nope', '/openapi.json/nope']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('NOT_FOUND');
    }
    // The 401 of the API is untouched by the dashboard's routes.
    expect((await app.inject({ method: 'GET', url: '/v1/projects' })).statusCode).toBe(401);
  });

  it('keeps the dashboard’s pages out of the OpenAPI document', async () => {
    const paths = Object.keys((app.swagger() as { paths: Record<string, unknown> }).paths);
    expect(paths).toContain('/v1/projects');
    for (const page of ['/', '/sign-in', '/orgs', '/projects', '/projects/{*}', '/keys/{*}', '/org-keys', '/audit', '/assets/{*}']) {
      expect(paths, page).not.toContain(page);
    }
    expect(paths.filter((p) => p.startsWith('/assets') || p === '/' || p.includes('*'))).toEqual([]);
  });
});
