import type { FastifyServerOptions } from 'fastify';

/**
 * Where a secret could reach a log line, and so is censored. Fastify's request serializer
 * logs no headers and no bodies, and nothing here logs a body; these paths are the second
 * line of defence should a hook, an error or a future serializer ever include them.
 * Header names are lower-case in Node.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["confident_api_key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["confident_api_key"]',
  'key',
  '*.key',
  'body.key',
  'req.body.key',
  'res.body.key',
  '*.admin_key.key',
] as const;

/** Fastify's `logger` option, with our redaction added whatever the caller passes. */
export function loggerOptions(logger: FastifyServerOptions['logger'] | undefined): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false;
  const base = logger === true ? {} : logger;
  return { ...base, redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' } };
}
