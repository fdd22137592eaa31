import { KeywardError, unavailable } from '../../core/errors.js';

/**
 * The one place that knows which driver errors mean "the database is not there right
 * now" (as opposed to a bug or a bad query): those become `UNAVAILABLE` (503 with
 * Retry-After) instead of a 500, and they are what lets the verification cache answer
 * from an expired entry (stale-if-error, see cache/key-cache.ts).
 *
 * PostgreSQL: SQLSTATE class 08 (connection exception), 57P01–57P03 (the server is
 * shutting down, crashed or starting), 53300 (too many connections), 57014 (the
 * statement_timeout cancelled the query); pg's own errors for a refused, dropped or
 * timed-out connection carry a socket code or only a message. SQLite: the file stayed
 * locked by another process for the whole busy_timeout.
 */
const SQLSTATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  // A unix-socket path that does not exist: the server is not running.
  'ENOENT',
]);
const SQLITE_CODES: ReadonlySet<string> = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_TIMEOUT']);
/** pg (and pg-pool) report these without a code. */
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed and is not queryable|Connection terminated due to connection timeout)/;

export function isUnavailableError(err: unknown): boolean {
  if (err instanceof KeywardError) return err.code === 'UNAVAILABLE';
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string') {
    if (e.code.startsWith('08') && e.code.length === 5) return true;
    if (SQLSTATES.has(e.code) || SOCKET_CODES.has(e.code) || SQLITE_CODES.has(e.code)) return true;
  }
  // A host name with several addresses (localhost): pg reports each refusal in an AggregateError.
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isUnavailableError)) return true;
  return typeof e.message === 'string' && PG_MESSAGES.test(e.message);
}

/** Rethrows a connection failure as `UNAVAILABLE` (the cause kept for the log); anything else unchanged. */
export function asUnavailable(err: unknown): unknown {
  if (err instanceof KeywardError || !isUnavailableError(err)) return err;
  const error = unavailable();
  (error as { cause?: unknown }).cause = err;
  return error;
}
