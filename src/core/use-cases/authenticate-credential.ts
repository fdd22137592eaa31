import type { Deps, OrgPrincipal, Principal } from '../context.js';
import { KeywardError } from '../errors.js';
import { isWellFormedKey } from '../key-formats.js';
import { isOrgRole, uniqueRoles } from '../roles.js';
import { unusableReason } from '../key-state.js';
import { DEFAULT_USER_ROLES, type UserClaims } from '../user-principal.js';
import { authenticateKey } from './authenticate.js';

/**
 * One refusal per surface, whatever the reason (a bad key, a bad or expired token, a token
 * for an org that is gone): the text depends only on whether the surface takes user tokens,
 * so a caller cannot tell which check failed (test/security/credentials.test.ts).
 */
const unauthorized = (policy: CredentialPolicy = { userTokens: true }): KeywardError =>
  new KeywardError('UNAUTHORIZED', policy.userTokens ? 'missing or invalid API key or user token' : 'missing or invalid API key');

/** A JWT is three base64url segments; no key format Keyward mints contains a dot. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
export const looksLikeUserToken = (raw: string): boolean => JWT_SHAPE.test(raw);

/**
 * Whether authenticating `raw` costs no database read of a key nobody has heard of, so that
 * the abuse limits may check it even from an address that spent its budget of failures
 * (core/abuse-guard.ts): a user token (its signature is checked before anything is read, and
 * an invented one cannot pass it), a string that is no well-formed key (refused on its
 * checksum), or a key the verification cache holds (found, or known not to exist) or heard
 * written recently (minted, rolled, changed: a real key's hash, which an invented key never
 * has). An invented well-formed key is none of these: that is the one a blocked address is
 * refused without a lookup. The cost here is one hash and memory reads.
 */
export function checkableWithoutBlindLookup(deps: Pick<Deps, 'store' | 'hash' | 'extraKeyFormats'>, raw: string): boolean {
  if (looksLikeUserToken(raw) || !isWellFormedKey(raw, deps.extraKeyFormats)) return true;
  const hash = deps.hash(raw);
  return deps.store.peekKeyByHash?.(hash) !== undefined || deps.store.wasKeyWritten?.(hash) === true;
}

/**
 * A verified user token → a principal acting in the org the token names. The org must
 * exist (a token for a deleted or unknown org is refused like a bad signature). Roles
 * come from the token's `roles` claim, kept only where they are Keyward org roles, or
 * default to key management (`DEFAULT_USER_ROLES`).
 */
export async function authenticateUser(deps: Pick<Deps, 'store'>, claims: UserClaims): Promise<OrgPrincipal> {
  const org = await deps.store.findOrg(claims.orgId);
  if (!org) throw unauthorized();
  const roles = claims.roles === null ? [...DEFAULT_USER_ROLES] : uniqueRoles(claims.roles.filter(isOrgRole));
  return {
    kind: 'org',
    orgId: org.id,
    roles,
    actor: { type: 'user', id: claims.subject },
    keyId: null,
    user: { userId: claims.subject, email: claims.email, givenName: claims.givenName, familyName: claims.familyName },
  };
}

export interface CredentialPolicy {
  /** Accept a user token (JWT) as well as a key; needs `deps.userTokens`. */
  readonly userTokens?: boolean;
  /**
   * Answer a working project key with 403 instead of 401: for platforms that tell the
   * holder of a real key that it is the wrong kind (Confident wants an organization key).
   */
  readonly projectKeyForbidden?: boolean;
}

/**
 * A dialect's credential (a key, or a user token where the platform takes one) → a
 * principal. Keys go through `authenticateKey`, so every key rule (revoked, expired,
 * disabled, project keys open nothing) is the native API's.
 */
export async function authenticateCredential(
  deps: Pick<Deps, 'store' | 'clock' | 'hash' | 'extraKeyFormats' | 'userTokens'>,
  raw: string | undefined,
  policy: CredentialPolicy = {},
): Promise<Principal> {
  if (raw && looksLikeUserToken(raw)) {
    if (!policy.userTokens || !deps.userTokens) throw unauthorized(policy);
    try {
      return await authenticateUser(deps, await deps.userTokens.verify(raw, deps.clock.now()));
    } catch (err) {
      throw isRefusal(err) ? unauthorized(policy) : err;
    }
  }
  try {
    return await authenticateKey(deps, raw);
  } catch (err) {
    if (policy.projectKeyForbidden && raw && (await isWorkingProjectKey(deps, raw))) {
      throw new KeywardError('FORBIDDEN', 'a project key cannot manage projects or keys; use an organization key');
    }
    throw isRefusal(err) ? unauthorized(policy) : err;
  }
}

const isRefusal = (err: unknown): boolean => err instanceof KeywardError && err.code === 'UNAUTHORIZED';

async function isWorkingProjectKey(deps: Pick<Deps, 'store' | 'clock' | 'hash' | 'extraKeyFormats'>, raw: string): Promise<boolean> {
  // A string that is no key at all costs a checksum, not a query, as in authenticateKey.
  if (!isWellFormedKey(raw, deps.extraKeyFormats)) return false;
  const key = await deps.store.findKeyByHash(deps.hash(raw));
  return key !== null && key.kind === 'project' && unusableReason(key, deps.clock.now()) === null;
}
