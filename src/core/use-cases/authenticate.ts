import { KeywardError } from '../errors.js';
import { digestsEqual } from '../hash-secret.js';
import { isWellFormedKey } from '../key-formats.js';
import { unusableReason } from '../key-state.js';
import type { Deps, OrgPrincipal, Principal } from '../context.js';
import { hasRole, type OrgRole } from '../roles.js';

const unauthorized = (message = 'missing or invalid API key'): KeywardError => new KeywardError('UNAUTHORIZED', message);

/**
 * Turns a management credential into a principal. Every failure is the same 401 with
 * the same message whatever the reason (unknown, revoked, expired, disabled, a project
 * key), so a caller learns nothing about keys it does not hold.
 */
export async function authenticateKey(
  deps: Pick<Deps, 'store' | 'clock' | 'hash' | 'extraKeyFormats'>,
  raw: string | undefined,
): Promise<Principal> {
  if (!raw || !isWellFormedKey(raw, deps.extraKeyFormats)) throw unauthorized();
  const hash = deps.hash(raw);
  const key = await deps.store.findKeyByHash(hash);
  if (!key || !digestsEqual(key.hash, hash)) throw unauthorized();
  if (key.kind === 'project') throw unauthorized();
  if (unusableReason(key, deps.clock.now()) !== null) throw unauthorized();
  if (key.kind === 'org' && key.orgId === null) throw unauthorized();
  return {
    kind: key.kind,
    orgId: key.orgId,
    roles: key.roles,
    actor: { type: 'key', id: key.id },
    keyId: key.id,
    user: null,
  };
}

/** The caller must act inside an org: root keys manage orgs, not their contents. */
export function requireOrg(principal: Principal): OrgPrincipal {
  if (principal.kind !== 'org' || principal.orgId === null) {
    throw new KeywardError('FORBIDDEN', 'this endpoint needs an org key; the root key manages orgs only');
  }
  return principal as OrgPrincipal;
}

export function requireRole(principal: Principal, role: OrgRole): OrgPrincipal {
  const p = requireOrg(principal);
  if (!hasRole(p.roles, role)) throw new KeywardError('FORBIDDEN', `this key lacks the role ${role}`);
  return p;
}

export function requireRoot(principal: Principal): Principal {
  if (principal.kind !== 'root') throw new KeywardError('FORBIDDEN', 'only the root key manages orgs');
  return principal;
}
