import type { JWTPayload } from 'jose';
import type { Config } from '../config.js';
import { KeywardError } from '../core/errors.js';
import type { UserClaims, UserTokenVerifier } from '../core/user-principal.js';

/**
 * The JWT adapter: core's `UserTokenVerifier` port (core/user-principal.ts) over jose,
 * beside the other adapters (src/store, src/redis). Nothing here knows HTTP: the dialects
 * take the token from their header and call the verifier through `deps.userTokens`.
 *
 * User tokens (JWTs) with jose: HS256 under `KEYWARD_JWT_SECRET`, RS256/ES256 under the
 * keys published at `KEYWARD_JWKS_URL` (jose fetches that set once and caches it, and
 * refetches when a token names a key id it has not seen). The token's own `alg` picks
 * the key; an algorithm that is not configured is refused, so an attacker cannot make an
 * RS256 public key serve as an HS256 secret.
 *
 * Required: a valid signature, `sub`, `exp` (a token that never expires is refused), `iat`
 * no older than KEYWARD_JWT_MAX_AGE (24 h by default) with `exp - iat` no longer than it
 * either (a token signed to last a century is refused on its first use, not only after a
 * day), and `org_id` naming the Keyward org. Optional: `email`, `given_name`, `family_name`,
 * and `roles` (an array, or a space- or comma-separated string).
 */
const refused = (): KeywardError => new KeywardError('UNAUTHORIZED', 'invalid or expired user token');

/** Tolerated clock difference with the identity provider, in seconds. */
const CLOCK_TOLERANCE_S = 30;
const MAX_CLAIM_LENGTH = 320;
/** KEYWARD_JWT_MAX_AGE's default: a day. */
export const DEFAULT_JWT_MAX_AGE_S = 86_400;

export function userTokenVerifier(config: Partial<Pick<Config, 'jwtSecret' | 'jwksUrl' | 'jwtMaxAgeSeconds'>>): UserTokenVerifier | null {
  const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : null;
  const jwksUrl = config.jwksUrl ? new URL(config.jwksUrl) : null;
  if (!secret && !jwksUrl) return null;
  const maxAgeS = config.jwtMaxAgeSeconds ?? DEFAULT_JWT_MAX_AGE_S;
  // jose is loaded with the first token, and only where tokens are configured at all.
  let loaded: Promise<{ jose: typeof import('jose'); jwks: ReturnType<typeof import('jose').createRemoteJWKSet> | null }> | null = null;
  const load = () => (loaded ??= import('jose').then((jose) => ({ jose, jwks: jwksUrl ? jose.createRemoteJWKSet(jwksUrl) : null })));

  return {
    async verify(token: string, now: Date): Promise<UserClaims> {
      const { jose, jwks } = await load();
      const { decodeProtectedHeader, jwtVerify } = jose;
      let alg: string | undefined;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        throw refused();
      }
      // maxTokenAge: `iat` required, not older than the maximum (nor in the future), within the tolerance.
      const options = {
        algorithms: [alg ?? 'none'],
        currentDate: now,
        clockTolerance: CLOCK_TOLERANCE_S,
        maxTokenAge: maxAgeS,
        requiredClaims: ['sub', 'exp', 'iat'],
      };
      let payload: JWTPayload;
      try {
        if (alg === 'HS256' && secret) ({ payload } = await jwtVerify(token, secret, options));
        else if ((alg === 'RS256' || alg === 'ES256') && jwks) ({ payload } = await jwtVerify(token, jwks, options));
        else throw refused();
      } catch {
        // Expired, bad signature, unknown key id, key set unreachable: all the same 401.
        throw refused();
      }
      // A lifetime past the maximum is refused outright (jose checks the age, not the lifetime).
      if (payload.exp! - payload.iat! > maxAgeS) throw refused();
      return claimsOf(payload);
    },
  };
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_CLAIM_LENGTH ? value : null;

function claimsOf(payload: JWTPayload): UserClaims {
  const subject = text(payload.sub);
  const orgId = text(payload['org_id']);
  if (subject === null || orgId === null) throw refused();
  return {
    subject,
    orgId,
    email: text(payload['email']),
    givenName: text(payload['given_name']),
    familyName: text(payload['family_name']),
    roles: rolesOf(payload['roles']),
  };
}

function rolesOf(value: unknown): string[] | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((r) => r.length > 0);
  if (Array.isArray(value)) return value.filter((r): r is string => typeof r === 'string');
  return [];
}
