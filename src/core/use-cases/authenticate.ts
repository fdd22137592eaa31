import { KeywardError } from '../errors.js';
import { digestsEqual } from '../hash-secret.js';
import { isWellFormedKey } from '../key-formats.js';
import { unusableReason } from '../key-state.js';
import type { Deps, OrgPrincipal, Principal } from '../context.js';
import type { KeyRecord } from '../types.js';
import { hasRole, type OrgRole } from '../roles.js';

const unauthorized = (message = 'missing or invalid API key'): KeywardError => new KeywardError('UNAUTHORIZED', message);

/**
 * Turns a management credential into a principal. Every failure is the same 401 with
 * the same message whatever the reason (unknown, revoked, expired, disabled, a project
 * key), so a caller learns nothing about keys it does not hold. Answers without a promise
 * when the store knows the key from memory (the verification cache): every verification
 * authenticates its caller first.
 */
export function authenticateKey(
  deps: Pick<Deps, 'store' | 'clock' | 'hash' | 'extraKeyFormats'>,
  raw: string | undefined,
): Principal | Promise<Principal> {
  if (!raw || !isWellFormedKey(raw, deps.extraKeyFormats)) throw unauthorized();
  const hash = deps.hash(raw);
  const known = deps.store.peekKeyByHash?.(hash);
  if (known !== undefined) return principalOfKey(deps, hash, known);
  return deps.store.findKeyByHash(hash).then((key) => principalOfKey(deps, hash, key));
}

/** A management caller recognised from memory: its principal, the key it used and that key's hash. */
export interface KnownCaller {
  readonly principal: Principal;
  readonly key: KeyRecord;
  readonly hash: string;
}

/**
 * The caller, when its key is known from memory and usable; null when it is not known
 * there or is refused. The verify lane's check, which leaves every other case (and every
 * refusal, with its abuse accounting) to the full request path.
 */
export function knownCaller(deps: Pick<Deps, 'store' | 'clock' | 'hash' | 'extraKeyFormats'>, raw: string): KnownCaller | null {
  if (!deps.store.peekKeyByHash || !isWellFormedKey(raw, deps.extraKeyFormats)) return null;
  const hash = deps.hash(raw);
  const key = deps.store.peekKeyByHash(hash);
  const principal = key ? usablePrincipal(deps, hash, key) : null;
  return principal ? { principal, key: key!, hash } : null;
}

function principalOfKey(deps: Pick<Deps, 'clock'>, hash: string, key: KeyRecord | null): Principal {
  const principal = key && usablePrincipal(deps, hash, key);
  if (!principal) throw unauthorized();
  return principal;
}

function usablePrincipal(deps: Pick<Deps, 'clock'>, hash: string, key: KeyRecord): Principal | null {
  if (!digestsEqual(key.hash, hash) || key.kind === 'project') return null;
  if (unusableReason(key, deps.clock.now()) !== null) return null;
  if (key.kind === 'org' && key.orgId === null) return null;
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
