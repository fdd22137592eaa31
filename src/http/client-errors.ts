import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { errorBody, STATUS_BY_CODE, type PublicError } from './errors.js';

/**
 * Node's HTTP parser codes for a header it refuses: a NUL, another control character or a
 * byte HTTP does not allow in a header name or value, or a header line it cannot frame.
 */
const BAD_HEADER_CODES = new Set(['HPE_INVALID_HEADER_TOKEN', 'HPE_INVALID_HEADER_VALUE', 'HPE_LF_EXPECTED', 'HPE_CR_EXPECTED']);

/** Framed by hand: the request never became a Fastify request, so nothing else can answer it. */
function rawAnswer(status: number, headers: Record<string, string>, body: string): string {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`];
  for (const [name, value] of Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' })) {
    lines.push(`${name}: ${value}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Fastify's `clientErrorHandler`: what a connection gets when Node's HTTP parser refuses its
 * request before Fastify sees it (a NUL byte in a header, a malformed request line). Fastify's
 * own answer is `{"error":"Bad Request","message":"Client Error","statusCode":400}`, in no
 * shape of the contract; this answers the native error instead (a 400 `VALIDATION` naming
 * `request`, or `headers` for a bad header), with a fresh request id in the body and the
 * `x-request-id` header (the client's own id is not read from a request that did not parse),
 * then closes the connection. The log line has the id and Node's code only: the error holds
 * the raw bytes of the request, keys included. A request timeout (408) and headers over
 * Node's size limit (431) have no code of their own in the native table and keep Fastify's
 * answers; a connection the client already reset gets nothing.
 */
export function answerClientError(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let answer: string;
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'HPE_HEADER_OVERFLOW') {
    const [status, message] =
      err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Exceeded maximum allowed HTTP header size'] : [408, 'Client Timeout'];
    answer = rawAnswer(
      status,
      { 'content-type': 'application/json' },
      JSON.stringify({ error: STATUS_CODES[status], message, statusCode: status }),
    );
  } else {
    const requestId = randomUUID();
    const error: PublicError = BAD_HEADER_CODES.has(err.code ?? '')
      ? {
          code: 'VALIDATION',
          field: 'headers',
          message: 'headers: a header holds a character HTTP does not allow (such as NUL or a control character)',
        }
      : { code: 'VALIDATION', field: 'request', message: 'request: is not a well-formed HTTP/1.1 request' };
    this.log.info({ reqId: requestId, code: err.code }, 'malformed request refused');
    answer = rawAnswer(
      STATUS_BY_CODE[error.code],
      { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId, 'x-content-type-options': 'nosniff' },
      JSON.stringify(errorBody(error, requestId)),
    );
  }
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(answer, () => socket.destroy());
}
