import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { DIALECT_SECURITY_SCHEMES, DIALECT_TAGS } from './dialects/catalog.js';

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
          'routes (health, metrics, this document) take none. The /compat paths speak five platforms\' own APIs.',
      },
      // Relative: the server does not know the URL it is reached by (a proxy, several instances,
      // a port mapping), so the paths resolve against wherever this document was fetched from.
      // The paths carry their /v1 and /compat prefixes themselves.
      servers: [{ url: '/', description: 'The server that serves this document' }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A Keyward root or org key' },
          ...DIALECT_SECURITY_SCHEMES,
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
        ...DIALECT_TAGS,
      ],
    },
    transformObject: (documentObject) =>
      'openapiObject' in documentObject ? markOptionalBodies(documentObject.openapiObject) : documentObject.swaggerObject,
  });
  // The UI's assets ship inside @fastify/swagger-ui and are served from here: no CDN.
  await app.register(swaggerUi, { routePrefix: '/docs', theme: { title: 'Keyward API' } });
}
