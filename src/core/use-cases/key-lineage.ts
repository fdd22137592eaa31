import { recordAudit } from '../audit-trail.js';
import type { CallContext, Deps, OrgPrincipal, Principal } from '../context.js';
import { KeywardError } from '../errors.js';
import { earliest, isLater } from '../key-limits.js';
import { isRevoked, unusableReason } from '../key-state.js';
import { hasRole } from '../roles.js';
import type { ApiKey, KeyOwner } from '../types.js';
import type { KeyPatch, Store } from '../store.js';
import { requireRole } from './authenticate.js';

/**
 * Personal keys (issue 17): an org key minted through a personal-key surface (Braintrust,
 * Openlayer) holds its maker's roles, and must never do more than, nor outlive, its maker,
 * over time and not only at mint. Write-time, exact, in the maker's own transaction:
 *
 * - at mint its expiry is capped at the maker's (and at the end of a rolled maker's grace);
 * - every change to a key (revoke, disable, a new expiry, fewer roles) is carried to the keys
 *   it made, and theirs, in the same transaction (`carryToDescendants`). Each descendant
 *   written is an ordinary key update, so the database's change signals and the local cache
 *   invalidation reach every instance exactly as for a direct revoke;
 * - a key made by another never gains roles, a later expiry or `enabled` its maker lacks
 *   (`makerBounds`), and rolling a maker hands its keys to the successor.
 *
 * Keys made by a user token have no key to follow: they live at most
 * USER_KEY_MAX_LIFETIME_MS, and an admin revokes everything a user made in one call
 * (`revokeKeysOfUser`). Project keys and org keys with chosen roles (admin-made) are the
 * org's, not personal: they survive the key that minted them.
 */
export const USER_KEY_MAX_LIFETIME_MS = 90 * 86_400_000;

/**
 * The roles of `roles` that `bound` grants too. `admin` implies every role: a key holding
 * `admin` under a maker without it keeps exactly the maker's roles.
 */
export function rolesWithin(roles: readonly string[], bound: readonly string[]): string[] {
  if (bound.includes('admin')) return [...roles];
  if (roles.includes('admin')) return [...bound];
  return roles.filter((r) => bound.includes(r));
}

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((r) => b.includes(r));

/** What the maker's current state imposes on a key it made: the fields to change, or null. */
export function boundByMaker(key: ApiKey, maker: ApiKey): Omit<KeyPatch, 'updatedAt'> | null {
  const patch: { revokedAt?: string; expiresAt?: string; enabled?: boolean; roles?: string[] } = {};
  if (maker.revokedAt !== null && isLater(key.revokedAt, maker.revokedAt)) patch.revokedAt = maker.revokedAt;
  if (maker.expiresAt !== null && isLater(key.expiresAt, maker.expiresAt)) patch.expiresAt = maker.expiresAt;
  if (!maker.enabled && key.enabled) patch.enabled = false;
  const roles = rolesWithin(key.roles, maker.roles);
  if (!sameRoles(roles, key.roles)) patch.roles = roles;
  return Object.keys(patch).length > 0 ? patch : null;
}

/**
 * Carries `key`'s current state (just written in `tx`) to every key it made, transitively:
 * each is bounded by its own maker's new state, with an audit event (`key.revoke` when it
 * is revoked, `key.update` otherwise) under the caller's name. Levels are read parents
 * first and locked (PostgreSQL), so a key minted meanwhile by a descendant is found or
 * sees its maker's change (see Store.listKeysMadeBy).
 */
export async function carryToDescendants(tx: Store, ctx: CallContext<Principal>, orgId: string, key: ApiKey, at: string): Promise<void> {
  if (key.kind !== 'org') return;
  const seen = new Set([key.id]);
  let level = new Map([[key.id, key]]);
  while (level.size > 0) {
    const next = new Map<string, ApiKey>();
    for (const child of await tx.listKeysMadeBy(orgId, [...level.keys()])) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      const patch = boundByMaker(child, level.get(child.makerId as string) as ApiKey);
      let current = child;
      if (patch) {
        current = (await tx.updateKey(orgId, child.id, { ...patch, updatedAt: at })) ?? child;
        const action = patch.revokedAt !== undefined ? 'key.revoke' : 'key.update';
        await recordAudit(tx, ctx, orgId, action, { type: 'key', id: child.id }, at);
      }
      next.set(child.id, current);
    }
    level = next;
  }
}

/** Hands the keys `from` made to `to` (a roll's successor), locked as `carryToDescendants` reads them. */
export async function handOverMadeKeys(tx: Store, orgId: string, from: string, to: string, at: string): Promise<void> {
  for (const child of await tx.listKeysMadeBy(orgId, [from])) {
    await tx.updateKey(orgId, child.id, { makerId: to, updatedAt: at });
  }
}

/** What a new personal key gets from whoever mints it: roles, expiry and maker. */
export interface PersonalKeyLimits {
  readonly roles: readonly string[];
  readonly expiresAt: string | null;
  readonly makerId: string | null;
}

/**
 * Inside the minting transaction: a key maker is re-read (and locked on PostgreSQL) so a
 * revoke or down-scope committed meanwhile counts; the new key takes its roles and expires
 * no later than it does. A user's key lives USER_KEY_MAX_LIFETIME_MS.
 */
export async function personalKeyLimits(tx: Store, p: OrgPrincipal, now: Date): Promise<PersonalKeyLimits> {
  if (p.keyId === null) {
    return { roles: p.roles, expiresAt: new Date(now.getTime() + USER_KEY_MAX_LIFETIME_MS).toISOString(), makerId: null };
  }
  const maker = await tx.findKey(p.orgId, p.keyId);
  if (!maker || unusableReason(maker, now) !== null) throw new KeywardError('UNAUTHORIZED', 'missing or invalid API key');
  if (!hasRole(maker.roles, 'keys:write')) throw new KeywardError('FORBIDDEN', 'this key lacks the role keys:write');
  return { roles: maker.roles, expiresAt: earliest(maker.expiresAt, maker.revokedAt), makerId: maker.id };
}

/** A personal key minted by a user token: an org key with an owner (no other org key has one). */
export const isUsersKey = (key: Pick<ApiKey, 'kind' | 'owner' | 'makerId'>): key is ApiKey & { owner: KeyOwner } =>
  key.kind === 'org' && key.makerId === null && key.owner !== null;

/** The latest expiry a key may have given who made it: its maker's, or a user key's lifetime; null: no bound. */
export function expiryBound(key: ApiKey, maker: ApiKey | null): string | null {
  if (maker) return earliest(maker.expiresAt, maker.revokedAt);
  if (isUsersKey(key)) return new Date(Date.parse(key.createdAt) + USER_KEY_MAX_LIFETIME_MS).toISOString();
  return null;
}

/**
 * Checks a change to a key made by another against its maker's current state: no role the
 * maker lacks, no expiry past the maker's (or a user key's lifetime), not enabled while the
 * maker cannot be used. 403 naming the field.
 */
export function checkMakerBounds(
  key: ApiKey,
  maker: ApiKey | null,
  change: { roles?: readonly string[] | undefined; expiresAt?: string | null | undefined; enabled?: boolean | undefined },
  now: Date,
): void {
  const refuse = (field: string, why: string) => new KeywardError('FORBIDDEN', `${field}: ${why}`, field);
  if (key.makerId !== null) {
    if (change.roles !== undefined && (!maker || !sameRoles(rolesWithin(change.roles, maker.roles), change.roles))) {
      throw refuse('roles', 'a key made by another key cannot hold a role its maker lacks');
    }
    if (change.enabled === true && (!maker || unusableReason(maker, now) !== null)) {
      throw refuse('enabled', 'a key made by another key cannot be enabled while its maker is not usable');
    }
  }
  const bound = key.makerId !== null && !maker ? now.toISOString() : expiryBound(key, maker);
  if (change.expiresAt !== undefined && bound !== null && isLater(change.expiresAt, bound)) {
    throw refuse(
      'expires_at',
      key.makerId !== null
        ? 'a key made by another key cannot outlive its maker'
        : `a key made by a user lives at most ${USER_KEY_MAX_LIFETIME_MS / 86_400_000} days`,
    );
  }
}

/** The ids of the keys above `key` in its chain of makers, nearest first. */
export async function makersOf(store: Pick<Store, 'findKey'>, orgId: string, key: Pick<ApiKey, 'id' | 'makerId'>): Promise<string[]> {
  const chain: string[] = [];
  let next = key.makerId;
  while (next !== null && !chain.includes(next) && next !== key.id) {
    chain.push(next);
    next = (await store.findKey(orgId, next))?.makerId ?? null;
  }
  return chain;
}

/**
 * May `p` loosen `key`'s limits? Only a principal strictly above it: never the key itself;
 * anyone who may change it, for a project key (which opens nothing in Keyward); an admin,
 * for an org key that does not hold `admin`; a key above it in its chain of makers; the
 * user who made it (within USER_KEY_MAX_LIFETIME_MS).
 */
export function mayLoosen(p: OrgPrincipal, key: ApiKey, makers: readonly string[]): boolean {
  if (p.keyId === key.id) return false;
  // A project key opens nothing in Keyward (its roles, `admin` included, are the platform's
  // strings): every org principal allowed to change it is above it, as the platform's
  // backend raising a customer's rate limit must be.
  if (key.kind === 'project') return true;
  if (p.roles.includes('admin') && !key.roles.includes('admin')) return true;
  if (p.keyId !== null) return makers.includes(p.keyId);
  return p.user !== null && isUsersKey(key) && key.owner.userId === p.user.userId;
}

/** Keys read per page while looking for a user's keys among the org keys. */
const USER_KEYS_PAGE = 500;

/**
 * Revokes, now, every live personal key the user `userId` made in the caller's org (its
 * rolled successors included: they keep the owner), and everything those keys made. Admin
 * only. For when a person leaves, or their token leaked: their identity provider stops new
 * tokens, this stops the keys. Answers how many of the user's own keys it revoked.
 */
export async function revokeKeysOfUser(deps: Pick<Deps, 'store' | 'clock'>, ctx: CallContext<Principal>, userId: string): Promise<number> {
  const p = requireRole(ctx.principal, 'admin');
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const filter = { orgId: p.orgId, projectId: null, includeRevoked: false, now: at };
    const mine: ApiKey[] = [];
    let page = await tx.listKeys(filter, { limit: USER_KEYS_PAGE, beforeSeq: null });
    while (page.length > 0) {
      mine.push(...page.filter((k) => isUsersKey(k) && k.owner.userId === userId));
      page =
        page.length < USER_KEYS_PAGE ? [] : await tx.listKeys(filter, { limit: USER_KEYS_PAGE, beforeSeq: page[page.length - 1]!.seq });
    }
    let revokedCount = 0;
    for (const key of mine) {
      // Held (PostgreSQL) before it is revoked, as revokeKey does.
      const held = await tx.findKey(p.orgId, key.id);
      if (!held || isRevoked(held, now)) continue;
      const revoked = await tx.updateKey(p.orgId, key.id, { revokedAt: at, updatedAt: at });
      if (!revoked) continue;
      revokedCount++;
      await recordAudit(tx, ctx, p.orgId, 'key.revoke', { type: 'key', id: key.id }, at);
      await carryToDescendants(tx, ctx, p.orgId, revoked, at);
    }
    return revokedCount;
  });
}
