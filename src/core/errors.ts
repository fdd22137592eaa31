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
export const invalid = (field: string, message: string): KeywardError =>
  new KeywardError('VALIDATION', `${field}: ${message}`, field);
