import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpMetrics } from '../metrics.js';
import { described } from '../schemas/common.js';
import { DATA_HEADERS } from '../security-headers.js';
import type { RouteOptions } from './route-options.js';

/** A database that does not answer within this time counts as down: a probe must not hang. */
const PING_TIMEOUT_MS = 2000;

const Health = (status: 'ok' | 'unavailable', description: string) => described(Type.Object({ status: Type.Literal(status) }), description);

async function pingWithin(ping: () => Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([ping().then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Unauthenticated operational endpoints: liveness, metrics, the API description. Each says so
 * with `security: []` so a generated client sends no key here and a reader of the document
 * need not guess from a missing field.
 */
export const opsRoutes: FastifyPluginAsyncTypebox<RouteOptions & { metrics: HttpMetrics }> = async (app, { deps, metrics }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['ops'],
        security: [],
        operationId: 'ops.healthz',
        summary: 'Liveness, including whether the database answers',
        response: {
          200: Health('ok', 'Serving, database reachable'),
          503: Health('unavailable', 'The database does not answer'),
        },
      },
    },
    async (request, reply) => {
      if (await pingWithin(() => deps.store.ping(), PING_TIMEOUT_MS)) return reply.code(200).send({ status: 'ok' });
      request.log.warn('health check: database did not answer');
      return reply.code(503).send({ status: 'unavailable' });
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['ops'],
        security: [],
        operationId: 'ops.metrics',
        summary: 'Prometheus metrics: requests and latency by route and status, verifications by code',
        response: { 200: { description: 'Prometheus text exposition', content: { 'text/plain': { schema: Type.String() } } } },
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );

  app.get(
    '/openapi.json',
    {
      schema: {
        tags: ['ops'],
        security: [],
        operationId: 'ops.openapi',
        summary: 'This OpenAPI 3.1 document, generated from the route schemas',
        response: { 200: described(Type.Object({}, { additionalProperties: true }), 'The OpenAPI document') },
      },
    },
    // Data, not a page: nothing in it may run or be framed (security-headers.ts).
    async (_request, reply) => reply.headers(DATA_HEADERS).send(app.swagger()),
  );
};
