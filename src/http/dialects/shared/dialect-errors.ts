import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError, setRetryAfter, STATUS_BY_CODE, toPublicError, type PublicError } from '../../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Core field names → this route's wire names, for error texts (Basic calls a key's name `label`). */
    wireFields?: Readonly<Record<string, string>>;
  }
}

/** An error as a dialect sees it: the native code and status, the text naming the field in the platform's words. */
export interface DialectError extends PublicError {
  readonly status: number;
}

/** What a dialect answers for an error: its own body, and optionally another status or extra headers. */
export interface RenderedError {
  readonly body: unknown;
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export type ErrorRenderer = (error: DialectError) => RenderedError;

/**
 * One error handler and one not-found handler for a dialect's scope (Fastify encapsulation):
 * every failure is first the native public error (same codes, same logging, a 500 says
 * nothing), then drawn in the platform's shape. A field named in the text gets the
 * platform's name for it, and reads as prose: `name: is required` → `label is required`.
 */
export function installDialectErrors(app: FastifyInstance, render: ErrorRenderer): void {
  const scopes = RENDERERS_BY_SERVER.get(app.server) ?? [];
  scopes.push({ prefix: `${app.prefix}/`, render });
  RENDERERS_BY_SERVER.set(app.server, scopes);
  app.setErrorHandler((err, request, reply) => {
    const error = toPublicError(err);
    if (error.code === 'INTERNAL') request.log.error({ err }, 'request failed');
    else request.log.info({ code: error.code }, 'request refused');
    return sendDialectError(request, reply, error, render);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    return sendDialectError(request, reply, { code: 'NOT_FOUND', message: `no route ${request.method} ${path.slice(0, 200)}` }, render);
  });
}

/**
 * Each app's dialect scopes (path prefix → renderer), for errors raised before routing,
 * which Fastify hands to the root only. Keyed by the app's HTTP server: one per app.
 */
const RENDERERS_BY_SERVER = new WeakMap<object, { prefix: string; render: ErrorRenderer }[]>();

/**
 * Fastify's `frameworkErrors`: a malformed percent-encoding or an over-long path parameter is
 * refused by the router before any hook or handler runs. Without this, Fastify answers in its
 * own shape, echoing the path, without a request id. Answered here like any other 400: in the
 * shape of the dialect whose prefix the path is under, or the native one.
 */
export function answerFrameworkError(err: Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const error = toPublicError(err);
  request.log.info({ code: error.code }, 'request refused');
  reply.header('x-request-id', request.id);
  const path = request.url.split('?')[0] ?? '';
  const scope = RENDERERS_BY_SERVER.get(request.server.server)?.find((s) => path.startsWith(s.prefix));
  return scope ? sendDialectError(request, reply, error, scope.render) : sendError(request, reply, error);
}

function sendDialectError(request: FastifyRequest, reply: FastifyReply, error: PublicError, render: ErrorRenderer): FastifyReply {
  const status = STATUS_BY_CODE[error.code];
  const out = render({ ...inWireWords(error, request.routeOptions?.config?.wireFields), status });
  setRetryAfter(reply, error);
  if (out.headers) reply.headers(out.headers);
  // The body is already the wire shape; bypass the route's serializer for it.
  return reply
    .code(out.status ?? status)
    .type('application/json; charset=utf-8')
    .serializer(JSON.stringify)
    .send(out.body);
}

function inWireWords(error: PublicError, names: Readonly<Record<string, string>> | undefined): PublicError {
  if (error.field === undefined) return error;
  const field = names?.[error.field] ?? error.field;
  const lead = `${error.field}: `;
  const message = error.message.startsWith(lead) ? `${field} ${error.message.slice(lead.length)}` : error.message;
  return { ...error, field, message };
}
