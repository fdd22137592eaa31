import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { DIALECT_SECURITY_SCHEMES, DIALECT_TAGS } from './dialects/catalog.js';
import { pageHeaders } from './security-headers.js';

/**
 * A route schema flag (`[OPTIONAL_BODY]: true`) for a body that may be left out, e.g. a roll
 * with default grace. @fastify/swagger marks every body required; this corrects the document.
 */
export const OPTIONAL_BODY = 'x-optional-body';

type Operation = { requestBody?: { required?: boolean }; [OPTIONAL_BODY]?: boolean };

function markOptionalBodies<D extends Record<string, unknown>>(document: D): D {
  for (const operations of Object.values((document['paths'] ?? {}) as Record<string, Record<string, Operation>>)) {
    for (const op of Object.values(operations)) {
      if (!op[OPTIONAL_BODY]) continue;
      delete op[OPTIONAL_BODY];
      if (op.requestBody) op.requestBody.required = false;
    }
  }
  return document;
}

/**
 * The docs UI (@fastify/swagger-ui 6) runs on the dashboard's origin, beside the admin key the
 * dashboard keeps in sessionStorage, so it gets the dashboard's headers (security-headers.ts)
 * and a policy as strict as it allows. Its page loads three scripts, two stylesheets and two
 * icons from /docs/static, and no inline script: `'self'` covers them, with neither
 * 'unsafe-inline' nor 'unsafe-eval'. It draws SVG icons and the logo as `data:` images and
 * fetches only /docs/json (its validator badge, an image from validator.swagger.io, is off:
 * the plugin leaves `validatorUrl` null). One inline `<style>` remains: the one inside the
 * Swagger logo the standalone preset renders before the plugin swaps in its own image. It is
 * allowed by its hash, read from the installed preset at start-up (the plugin's own
 * csp.json lists none), so an upgrade that changes it keeps working, and test/e2e/docs-ui.test.ts
 * (Chromium, no CSP violation allowed) fails if a new inline style appears elsewhere.
 */
export function docsHeaders(styleHashes: readonly string[]): Readonly<Record<string, string>> {
  const styles = ["'self'", ...styleHashes].join(' ');
  return pageHeaders(
    `default-src 'self'; script-src 'self'; style-src ${styles}; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; form-action 'self'`,
  );
}

/** `<style>` text the preset renders with React: `createElement("style",null,"…")`. */
const REACT_STYLE_ELEMENT = /createElement\("style",null,("(?:[^"\\]|\\.)*")\)/g;

/** CSP hash sources of the inline styles in @fastify/swagger-ui's standalone preset. */
export async function swaggerUiStyleHashes(): Promise<string[]> {
  const preset = createRequire(import.meta.url).resolve('@fastify/swagger-ui/static/swagger-ui-standalone-preset.js');
  const text = await readFile(preset, 'utf8');
  const hashes = new Set<string>();
  for (const m of text.matchAll(REACT_STYLE_ELEMENT)) {
    const style = JSON.parse(m[1]!) as string;
    hashes.add(`'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

/**
 * The OpenAPI 3.1 document is generated from the route schemas (never written by hand),
 * so it cannot drift from what the server validates and serializes. Register before the
 * routes: @fastify/swagger collects them as they are added.
 */
export async function describeApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Keyward',
        version,
        description:
          'Organizations → projects → API keys. Management calls take `Authorization: Bearer <key>`; the operational ' +
          "routes (health, metrics, this document) take none. The /compat paths speak five platforms' own APIs.",
      },
      // Relative: the server does not know the URL it is reached by (a proxy, several instances,
      // a port mapping), so the paths resolve against wherever this document was fetched from.
      // The paths carry their /v1 and /compat prefixes themselves.
      servers: [{ url: '/', description: 'The server that serves this document' }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A Keyward root or org key' },
          ...DIALECT_SECURITY_SCHEMES,
          secretScanningSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'Github-Public-Key-Signature',
            description:
              'ECDSA P-256 SHA-256 signature (base64 DER) of the raw body, by the key named in Github-Public-Key-Identifier (KEYWARD_SECRET_SCANNING_KEYS)',
          },
        },
      },
      tags: [
        { name: 'orgs', description: 'Organizations (root key) and the calling key' },
        { name: 'projects', description: 'Projects of an org' },
        { name: 'keys', description: 'Minting, listing, changing, rolling and revoking keys' },
        { name: 'verify', description: "The platform's hot path" },
        { name: 'usage', description: 'Verification counts per day' },
        { name: 'audit', description: 'Who changed what, when, from where' },
        { name: 'ops', description: 'Health, metrics and this document' },
        { name: 'leaks', description: 'Leaked-key reports: signed secret-scanning reports and your own scanners' },
        ...DIALECT_TAGS,
      ],
    },
    transformObject: (documentObject) =>
      'openapiObject' in documentObject ? markOptionalBodies(documentObject.openapiObject) : documentObject.swaggerObject,
  });
  // The UI's assets ship inside @fastify/swagger-ui and are served from here: no CDN. Its
  // own scope, so that the docs' headers reach everything it serves and nothing else.
  const headers = docsHeaders(await swaggerUiStyleHashes());
  await app.register(async (docs) => {
    docs.addHook('onSend', (_request, reply, payload, done) => {
      reply.headers(headers);
      done(null, payload);
    });
    await docs.register(swaggerUi, { routePrefix: '/docs', theme: { title: 'Keyward API' } });
  });
}
