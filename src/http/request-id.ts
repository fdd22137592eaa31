import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * A caller (or a proxy in front of us) may pass its own request id so that one id follows
 * the request through every system. We accept it only when it is short and plain, so it
 * is safe to echo back, store in the audit log and print in logs; otherwise we make one.
 */
const ACCEPTABLE_ID = /^[A-Za-z0-9._-]{1,128}$/;
/**
 * Every key format has a run of 40+ letters and digits (43 base62, or 64 hex); no request id
 * scheme does (UUIDs and trace ids are shorter or hyphenated). A key pasted here would be
 * echoed, stored in the audit log and logged, so such an id is replaced.
 */
const LOOKS_LIKE_A_KEY = /[A-Za-z0-9]{40}/;

export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) && !LOOKS_LIKE_A_KEY.test(incoming) ? incoming : randomUUID();
}

/** Every answer, error or not, carries the id the error body and the audit log show. */
export function echoRequestId(app: FastifyInstance): void {
  // A callback hook, not an async one: no promise per request on the hot path.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
}
