import type { FastifyRequest } from 'fastify';
import type { Deps, Principal } from '../../core/context.js';
import { KeywardError } from '../../core/errors.js';
import { checkableWithoutBlindLookup } from '../../core/use-cases/authenticate-credential.js';

/**
 * Runs `authenticate` for a request under the abuse limits (core/abuse-guard.ts), when
 * `deps.abuse` is set: refused before any lookup when the client's budget of failed
 * authentications is spent, a failure counted, a success remembered, and every call but a
 * verification counted as a management call. `credential` is only fingerprinted.
 */
export async function authenticateGuarded(
  deps: Pick<Deps, 'abuse' | 'clock' | 'store' | 'hash' | 'extraKeyFormats'>,
  request: FastifyRequest,
  credential: string | undefined,
  authenticate: () => Principal | Promise<Principal>,
): Promise<Principal> {
  const guard = deps.abuse;
  if (!guard) return authenticate();
  const now = deps.clock.now();
  const attempt = guard.attempt(request.ip, credential);
  // A credential that worked recently is not held up by a promise (the verify hot path).
  // From an address that spent its budget, a credential is still checked when that reads no
  // unknown key (a user token, a key just minted or rolled): only others' failures spent it.
  if (!guard.trusts(attempt, now))
    await guard.admit(attempt, now, () => credential !== undefined && checkableWithoutBlindLookup(deps, credential));
  let principal: Principal;
  try {
    principal = await authenticate();
  } catch (err) {
    // Only a refused credential is a failed authentication (not a store outage, not a 403).
    if (err instanceof KeywardError && err.code === 'UNAUTHORIZED') {
      for (const spent of await guard.recordFailure(attempt, now)) {
        // Once per budget and window; the address is the operator's to act on, the credential is never logged.
        request.log.warn(
          { ip: request.ip, scope: spent.scope, limit: spent.limit, window_ms: spent.windowMs },
          'failed authentication budget spent; refusing with 429',
        );
      }
    }
    throw err;
  }
  guard.recordSuccess(attempt, now);
  if (!isVerification(request)) await guard.countManagementCall(request.ip, callerOf(principal), now);
  return principal;
}

/**
 * Verification routes (`POST /v1/keys/verify`, Basic's `POST …/key/verify`): the
 * platform's hot path, which the per-key limits of the verified key govern, not these.
 */
function isVerification(request: FastifyRequest): boolean {
  return request.method === 'POST' && (request.routeOptions.url ?? '').endsWith('/verify');
}

/** The credential a management budget belongs to: the key, or the JWT user within its org. */
function callerOf(p: Principal): string {
  return p.keyId !== null ? `key:${p.keyId}` : `${p.actor.type}:${p.orgId ?? '-'}:${p.actor.id}`;
}
