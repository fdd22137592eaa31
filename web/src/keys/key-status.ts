import type { Key } from '../api/types.js';

export type KeyStatus = 'active' | 'disabled' | 'expired' | 'revoked';

/**
 * The same order the server checks (src/core/key-state.ts): revoked, then expired, then
 * disabled. A rolled key's revocation lies in the future during its grace period, and it
 * keeps working until then, so it is still active.
 */
export function keyStatus(key: Pick<Key, 'enabled' | 'expires_at' | 'revoked_at'>, now: number = Date.now()): KeyStatus {
  if (key.revoked_at !== null && new Date(key.revoked_at).getTime() <= now) return 'revoked';
  if (key.expires_at !== null && new Date(key.expires_at).getTime() <= now) return 'expired';
  if (!key.enabled) return 'disabled';
  return 'active';
}

/** A key in a roll's grace period: working now, revoked at `revoked_at`. */
export const isInGrace = (key: Pick<Key, 'revoked_at'>, now: number = Date.now()): boolean =>
  key.revoked_at !== null && new Date(key.revoked_at).getTime() > now;

export const STATUS_LABELS: Readonly<Record<KeyStatus, string>> = {
  active: 'Active',
  disabled: 'Disabled',
  expired: 'Expired',
  revoked: 'Revoked',
};
