import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { pageHeaders } from './security-headers.js';

/**
 * Where `vite build` puts the dashboard (web/vite.config.ts). Two levels up from this file is
 * the package root both from src/http (tests) and from dist/http (the built server).
 */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * The dashboard's own pages (web/src/app/routes.ts), answered with index.html so a reload or
 * a shared link opens the right page. An explicit list rather than a catch-all `/*`: a
 * catch-all would swallow GETs meant for /v1 and for each /compat dialect's own not-found
 * handler, and every unknown path must keep its JSON 404.
 */
export const DASHBOARD_PATHS = ['/', '/sign-in', '/orgs', '/projects', '/projects/*', '/keys/*', '/org-keys', '/audit', '/webhooks'];

/**
 * The page only talks to this origin and never needs inline script: a strict policy means an
 * injected string (a key name, say) can never become running code next to an admin key.
 */
const SECURITY_HEADERS = pageHeaders(
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'",
);

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Keyward: dashboard not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<h1>The Keyward dashboard has not been built</h1>
<p>This server found no built dashboard, so only the API is served (<a href="/docs">/docs</a>, <code>/v1</code>).</p>
<p>Build it with <code>npm run build</code> (which <code>npm ci</code> and <code>npm start</code> also run), then restart the server.</p>
</body></html>
`;

export interface WebUiOptions {
  /** The built dashboard (index.html and assets/); defaults to dist/web. */
  readonly root?: string;
}

/** The not-built page is static text with one inline style and nothing to load. */
const NOT_BUILT_HEADERS = pageHeaders("default-src 'none'; style-src 'unsafe-inline'");

const sendHtml = (
  reply: FastifyReply,
  status: number,
  html: string | Buffer,
  headers: Readonly<Record<string, string>> = SECURITY_HEADERS,
): FastifyReply =>
  reply
    .code(status)
    .headers(headers)
    // index.html names the hashed assets of the current build: always revalidate it.
    .header('cache-control', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(html);

/**
 * Serves the React dashboard at `/`. Assets are content-hashed by Vite, so they are cached
 * for a year; index.html is re-read on each request so a rebuild is picked up. Without a
 * build the server still starts and the dashboard paths explain how to build it.
 */
export const webUi: FastifyPluginAsync<WebUiOptions> = async (app, opts) => {
  const root = opts.root ?? DEFAULT_WEB_ROOT;
  const indexFile = join(root, 'index.html');

  if (!existsSync(indexFile)) {
    app.log.warn({ root }, 'dashboard not built: run `npm run build` to serve it at /');
    for (const url of DASHBOARD_PATHS) {
      app.get(url, { schema: { hide: true } }, (_req, reply) => sendHtml(reply, 503, NOT_BUILT_PAGE, NOT_BUILT_HEADERS));
    }
    return;
  }

  await app.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
    schemaHide: true,
    setHeaders: (res) => {
      res.setHeader('x-content-type-options', 'nosniff');
    },
  });

  for (const url of DASHBOARD_PATHS) {
    app.get(url, { schema: { hide: true } }, async (_req, reply) => {
      let html: Buffer;
      try {
        html = await readFile(indexFile);
      } catch {
        // Removed since start-up (a rebuild under way, say): explain rather than answer a 500.
        return sendHtml(reply, 503, NOT_BUILT_PAGE, NOT_BUILT_HEADERS);
      }
      return sendHtml(reply, 200, html);
    });
  }
};
