import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

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

type LogMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type Bindings = Record<string, unknown>;
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
interface ParentLogger extends FastifyBaseLogger {
  readonly levels?: { readonly values: Readonly<Record<string, number>> };
}

/**
 * A request's logger that makes pino's child (binding the request id, which serializes
 * and redacts the bindings and, with a route log level, rebuilds every log method) only
 * when something is actually logged. On the verify route, which logs warnings and errors
 * only, that is almost never: the child cost more than the verification's cache lookup.
 * What is logged is the same as with Fastify's default child, request id included.
 */
class LazyRequestLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildOptions;
  readonly #threshold: number;
  readonly #values: Readonly<Record<string, number>>;
  #child: FastifyBaseLogger | null = null;

  constructor(parent: FastifyBaseLogger, values: Readonly<Record<string, number>>, bindings: Bindings, options: ChildOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
    this.#values = values;
    this.#threshold = values[options?.level ?? parent.level] ?? 0;
  }

  get level(): string {
    return this.#options?.level ?? this.#parent.level;
  }

  set level(level: string) {
    this.#real().level = level;
  }

  // Prototype methods, not arrow-function fields: nothing allocated per request but the object.
  fatal(...args: unknown[]): void {
    this.#log('fatal', args);
  }

  error(...args: unknown[]): void {
    this.#log('error', args);
  }

  warn(...args: unknown[]): void {
    this.#log('warn', args);
  }

  info(...args: unknown[]): void {
    this.#log('info', args);
  }

  debug(...args: unknown[]): void {
    this.#log('debug', args);
  }

  trace(...args: unknown[]): void {
    this.#log('trace', args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }

  #log(method: LogMethod, args: unknown[]): void {
    if ((this.#values[method] ?? Number.POSITIVE_INFINITY) < this.#threshold) return;
    (this.#real()[method] as (...a: unknown[]) => void)(...args);
  }

  #real(): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options));
  }
}

/** A route's `childLoggerFactory`: see LazyRequestLogger. Falls back to a plain child for a non-pino logger. */
export function lazyChildLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, options: ChildOptions): FastifyBaseLogger {
  const values = (logger as ParentLogger).levels?.values;
  if (!values) return logger.child(bindings, options);
  return new LazyRequestLogger(logger, values, bindings, options) as unknown as FastifyBaseLogger;
}
