import type { OrgRole } from './roles.js';

/**
 * A person signed in to the platform, as a user token (JWT) describes them. Dialects
 * whose platform accepts a user's token as well as an API key (Basic, Braintrust) turn
 * it into a principal; keys that user mints are owned by them (`KeyOwner`).
 */
export interface UserClaims {
  /** The token's `sub`: a stable user id at the platform's identity provider. */
  readonly subject: string;
  readonly email: string | null;
  readonly givenName: string | null;
  readonly familyName: string | null;
  /** The Keyward org the token is for (claim `org_id`). */
  readonly orgId: string;
  /** The `roles` claim when the token has one; null when it has none. */
  readonly roles: readonly string[] | null;
}

/**
 * Checks a user token's signature and lifetime and reads its claims; throws
 * `KeywardError('UNAUTHORIZED')` for any token it does not accept. The implementation
 * (signatures, key sets) lives outside the core; `now` is the core's clock, so expiry
 * follows the same time as everything else.
 */
export interface UserTokenVerifier {
  verify(token: string, now: Date): Promise<UserClaims>;
}

/**
 * What a signed-in user may do when the token names no roles: manage keys (read
 * projects, read, mint, change, revoke and verify keys), not administer the org.
 * A token with a `roles` claim gets exactly the Keyward org roles it lists.
 */
export const DEFAULT_USER_ROLES: readonly OrgRole[] = ['projects:read', 'keys:read', 'keys:write', 'keys:verify'];
