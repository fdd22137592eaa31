import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  INTERNAL: 500,
};

export interface PublicError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string | undefined;
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
};

/** Maps anything thrown during a request onto a public error; unknown things are INTERNAL. */
export function toPublicError(err: unknown): PublicError {
  if (err instanceof KeywardError) {
    return err.code === 'INTERNAL' ? INTERNAL : { code: err.code, message: err.message, field: err.field };
  }
  const fe = err as Partial<FastifyError> | null;
  if (fe && Array.isArray(fe.validation)) {
    return { code: 'VALIDATION', ...describeValidationError(fe.validation as SchemaIssue[], fe.validationContext) };
  }
  const known = fe?.code ? FRAMEWORK_ERRORS[fe.code] : undefined;
  if (known) return known;
  // Other client errors from Fastify (a bad URL encoding, …): their messages are Fastify's own.
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = (Object.keys(STATUS_BY_CODE) as ErrorCode[]).find((c) => STATUS_BY_CODE[c] === status);
    return { code: code ?? 'VALIDATION', message: fe?.message ?? 'bad request' };
  }
  return INTERNAL;
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: PublicError): FastifyReply {
  if (error.code === 'UNAUTHORIZED') reply.header('www-authenticate', 'Bearer');
  if (error.code === 'RATE_LIMITED') reply.header('retry-after', '1');
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.field !== undefined ? { field: error.field } : {}),
      request_id: request.id,
    },
  };
  // The body is already the wire shape; bypass the route's serializer for it.
  return reply.code(STATUS_BY_CODE[error.code]).type('application/json; charset=utf-8').serializer(JSON.stringify).send(body);
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
