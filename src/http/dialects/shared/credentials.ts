import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps, Principal } from '../../../core/context.js';
import { authenticateCredential, type CredentialPolicy } from '../../../core/use-cases/authenticate-credential.js';
import { authenticateGuarded } from '../../abuse/guarded-auth.js';
import { bearerToken } from '../../auth.js';

export interface CredentialOptions extends CredentialPolicy {
  /** Where the platform puts its credential; may throw a VALIDATION error for a malformed header. */
  read(request: FastifyRequest): string | undefined;
  /** What the platform's credential must also be (a Langtrace team key is an admin key). */
  require?(principal: Principal): void;
}

/**
 * Authenticates every request of a dialect's scope before its body is read (as /v1
 * does), through the core: the dialect only says where its credential travels. The abuse
 * limits apply as on /v1: a failed key or user token counts, and `require` (a 403) does not.
 */
export function authenticateRequests(app: FastifyInstance, deps: Deps, options: CredentialOptions): void {
  app.addHook('onRequest', async (request) => {
    const credential = options.read(request);
    const principal = await authenticateGuarded(deps, request, credential, () => authenticateCredential(deps, credential, options));
    options.require?.(principal);
    request.principal = principal;
  });
}

/** `Authorization: Bearer <key or token>`. */
export const fromBearer = (request: FastifyRequest): string | undefined => bearerToken(request.headers.authorization);

/** A header of the platform's own (`x-api-key`, `CONFIDENT_API_KEY`); Node hands it over lower-cased. */
export const fromHeader =
  (name: string) =>
  (request: FastifyRequest): string | undefined => {
    const value = request.headers[name.toLowerCase()];
    return typeof value === 'string' ? value.trim() : undefined;
  };
