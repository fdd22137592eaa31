import { hasPassed } from './clock.js';
import type { KeyRecord, VerifyCode } from './types.js';

type KeyState = Pick<KeyRecord, 'revokedAt' | 'expiresAt' | 'enabled'>;

/**
 * Why a stored key cannot be used right now, or null when it can. One function, so
 * management auth and verification can never disagree about a key's state.
 * Order matters: a revoked key reports REVOKED even if it has also expired.
 */
export function unusableReason(key: KeyState, now: Date): Extract<VerifyCode, 'REVOKED' | 'EXPIRED' | 'DISABLED'> | null {
  if (hasPassed(key.revokedAt, now)) return 'REVOKED';
  if (hasPassed(key.expiresAt, now)) return 'EXPIRED';
  if (!key.enabled) return 'DISABLED';
  return null;
}

export const isRevoked = (key: KeyState, now: Date): boolean => hasPassed(key.revokedAt, now);
