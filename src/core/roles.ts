import type { KeyKind } from './types.js';

/** The roles an org key can hold. `admin` implies every other one. */
export const ORG_ROLES = ['admin', 'projects:read', 'projects:write', 'keys:read', 'keys:write', 'keys:verify', 'audit:read'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const isOrgRole = (role: string): role is OrgRole => (ORG_ROLES as readonly string[]).includes(role);

/** Project-key roles are the platform's own words; only their shape is ours to check. */
export const ROLE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:*/-]{0,63}$/;
export const MAX_ROLES = 50;

export function hasRole(held: readonly string[], needed: OrgRole): boolean {
  return held.includes('admin') || held.includes(needed);
}

/**
 * May a caller holding `held` hand out (or touch a key holding) `granted`?
 * Org roles: only those it holds itself; an admin may grant all. This is what stops
 * a `keys:write` key from minting, rolling into or patching up to an `admin` key.
 * Project-key roles are free-form platform strings that open nothing in Keyward,
 * so any caller allowed to write keys may set them.
 */
export function canGrant(held: readonly string[], kind: KeyKind, granted: readonly string[]): boolean {
  if (kind === 'project') return true;
  if (held.includes('admin')) return true;
  return granted.every((r) => held.includes(r));
}

export const uniqueRoles = (roles: readonly string[]): string[] => [...new Set(roles)];
