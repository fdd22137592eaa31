import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CallContext, Deps, Principal } from '../core/context.js';
import { KeywardError } from '../core/errors.js';
import { authenticateKey } from '../core/use-cases/authenticate.js';
import { authenticateGuarded } from './abuse/guarded-auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the /v1 auth hook; every /v1 handler runs after it. */
    principal: Principal | null;
  }
}

/** `Authorization: Bearer <key>` → the key, or undefined. The scheme is case-insensitive (RFC 9110). */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/**
 * Authenticates every request of the scope it is added to. It runs in `onRequest`, before
 * the body is read, so an unauthenticated caller cannot make the server parse 1 MiB of JSON
 * and learns nothing from validation errors. The abuse limits (failed attempts, management
 * calls per client) apply here too.
 */
export function requireBearerKey(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const credential = bearerToken(request.headers.authorization);
    request.principal = await authenticateGuarded(deps, request, credential, () => authenticateKey(deps, credential));
  });
}

export function principalOf(request: FastifyRequest): Principal {
  // Unreachable behind requireBearerKey; a 401 rather than a crash if a route is mis-mounted.
  if (!request.principal) throw new KeywardError('UNAUTHORIZED', 'missing or invalid API key');
  return request.principal;
}

/** What use cases that write record in the audit log: who, which request, from where. */
export function callContext(request: FastifyRequest): CallContext<Principal> {
  return { principal: principalOf(request), requestId: request.id, ip: request.ip };
}
