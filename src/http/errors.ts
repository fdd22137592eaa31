import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from '../core/abuse-guard.js';
import { KeywardError, type ErrorCode } from '../core/errors.js';
import { describeValidationError, type SchemaIssue } from './validation-message.js';

/** The one code → status table of the native API (DESIGN.md, "Errors"). */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Seconds a client should wait after a 503 UNAVAILABLE: a database restart or failover takes a few. */
const UNAVAILABLE_RETRY_AFTER_S = '2';

export interface PublicError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string | undefined;
  /** RATE_LIMITED: seconds until the client's window ends (the Retry-After header); 1 when unknown. */
  readonly retryAfterSeconds?: number | undefined;
}

const INTERNAL: PublicError = { code: 'INTERNAL', message: 'internal error; the request id locates it in the server log' };

/**
 * Fastify's own request errors (raised while reading the body, before any handler runs),
 * each turned into the contract's shape. A wrong content type is a 400 like any other
 * malformed body: clients of the contract only know the codes in the table.
 */
const FRAMEWORK_ERRORS: Readonly<Record<string, PublicError>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'VALIDATION', field: 'body', message: 'body: is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'VALIDATION', field: 'body', message: 'body: must not be empty' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'VALIDATION',
    field: 'body',
    message: 'body: Content-Type must be application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'VALIDATION',
    field: 'body',
    message: 'body: Content-Length does not match the body',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', field: 'body', message: 'body: must be at most 1 MiB' },
  // Raised by the router before any route or hook runs (Fastify's `frameworkErrors`); the
  // messages are ours because Fastify's echo the whole path back.
  FST_ERR_BAD_URL: { code: 'VALIDATION', field: 'path', message: 'path: holds a malformed percent-encoding' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'VALIDATION', field: 'path', message: 'path: a path parameter is too long' },
};

/** Maps anything thrown during a request onto a public error; unknown things are INTERNAL. */
export function toPublicError(err: unknown): PublicError {
  if (err instanceof KeywardError) {
    if (err.code === 'INTERNAL') return INTERNAL;
    const retry = err instanceof RateLimitedError ? { retryAfterSeconds: err.retryAfterSeconds } : {};
    return { code: err.code, message: err.message, field: err.field, ...retry };
  }
  const fe = err as Partial<FastifyError> | null;
  if (fe && Array.isArray(fe.validation)) {
    return { code: 'VALIDATION', ...describeValidationError(fe.validation as SchemaIssue[], fe.validationContext) };
  }
  const known = fe?.code ? FRAMEWORK_ERRORS[fe.code] : undefined;
  if (known) return known;
  // Other client errors from Fastify or a plugin (a NUL in a static file's path, …): their
  // messages are their own. A 400 that names no part of the request names the whole of it.
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = (Object.keys(STATUS_BY_CODE) as ErrorCode[]).find((c) => STATUS_BY_CODE[c] === status) ?? 'VALIDATION';
    const message = fe?.message ?? 'bad request';
    return code === 'VALIDATION' ? { code, field: 'request', message: `request: ${message}` } : { code, message };
  }
  return INTERNAL;
}

/** `Retry-After` for the errors a client should retry later (429, 503); undefined for the others. */
export function retryAfterOf(error: PublicError): string | undefined {
  if (error.code === 'RATE_LIMITED') return String(error.retryAfterSeconds ?? 1);
  if (error.code === 'UNAVAILABLE') return UNAVAILABLE_RETRY_AFTER_S;
  return undefined;
}

/** `Retry-After` for the errors a client should retry later (429, 503), on every surface. */
export function setRetryAfter(reply: FastifyReply, error: PublicError): void {
  const seconds = retryAfterOf(error);
  if (seconds !== undefined) reply.header('retry-after', seconds);
}

/** The native error body: `{error: {code, message, field?, request_id}}`. */
export function errorBody(error: PublicError, requestId: string) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.field !== undefined ? { field: error.field } : {}),
      request_id: requestId,
    },
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: PublicError): FastifyReply {
  if (error.code === 'UNAUTHORIZED') reply.header('www-authenticate', 'Bearer');
  setRetryAfter(reply, error);
  // The body is already the wire shape; bypass the route's serializer for it.
  return reply
    .code(STATUS_BY_CODE[error.code])
    .type('application/json; charset=utf-8')
    .serializer(JSON.stringify)
    .send(errorBody(error, request.id));
}

/** One error handler and one not-found handler for the whole app. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const error = toPublicError(err);
    if (error.code === 'INTERNAL') {
      // The details (and stack) go to the log only, next to the request id the client sees.
      request.log.error({ err }, 'request failed');
    } else {
      // Only the code: a field name or message can echo client input (even a pasted key).
      request.log.info({ code: error.code }, 'request refused');
    }
    return sendError(request, reply, error);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    return sendError(request, reply, { code: 'NOT_FOUND', message: `no route ${request.method} ${path.slice(0, 200)}` });
  });
}
