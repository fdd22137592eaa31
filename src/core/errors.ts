/**
 * The one error type of Keyward. Codes are a closed list (the native contract's);
 * the HTTP layer maps each to a status in one table. `message` is public: never put
 * a secret or an internal detail in it.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class KeywardError extends Error {
  readonly code: ErrorCode;
  /** The request field at fault, dotted (`body.name`, `query.cursor`), when there is one. */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'KeywardError';
    this.code = code;
    this.field = field;
  }
}

export const notFound = (what: string): KeywardError => new KeywardError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string): KeywardError => new KeywardError('FORBIDDEN', message);
/**
 * The database could not be reached, or did not answer within KEYWARD_DB_TIMEOUT_MS: a
 * passing condition, answered 503 with Retry-After. Nothing was changed by the request
 * unless its transaction had already committed (a lost connection during COMMIT).
 */
export const unavailable = (): KeywardError => new KeywardError('UNAVAILABLE', 'the database is unavailable; retry shortly');
export const invalid = (field: string, message: string): KeywardError => new KeywardError('VALIDATION', `${field}: ${message}`, field);
