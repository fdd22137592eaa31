/**
 * The one error type of @keyward/client. `code` is the server's closed error code
 * (`VALIDATION`, `UNAUTHORIZED`, `NOT_FOUND`, …) or one of the client's own:
 * `UNAVAILABLE` (the server could not be reached, or a local verifier is too stale and the
 * remote fallback failed), `TIMEOUT`, `ABORTED`. `field` names the offending input.
 */
export class KeywardError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly field: string | undefined;
  readonly requestId: string | undefined;

  constructor(init: { code: string; message: string; status?: number; field?: string; requestId?: string; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'KeywardError';
    this.code = init.code;
    this.status = init.status;
    this.field = init.field;
    this.requestId = init.requestId;
  }
}
